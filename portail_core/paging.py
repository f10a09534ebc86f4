"""Paging of lists: "Afficher 5 éléments / page (de 1 à 5 sur 7 éléments)", as in the seeds."""

from dataclasses import dataclass

from portail_core.i18n import _


def page_number(value):
    """The page asked in a query string (``?page=2``); anything odd means page 1."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return max(number, 1)


@dataclass(frozen=True)
class Pager:
    """One page of a list of ``total`` items, ``per_page`` at a time (pages count from 1)."""

    number: int
    per_page: int
    total: int

    def __post_init__(self):
        # A page past the end shows the last page rather than an empty list.
        object.__setattr__(self, "number", max(1, min(self.number, self.pages)))

    @property
    def pages(self):
        return max(1, -(-self.total // self.per_page))

    @property
    def offset(self):
        return (self.number - 1) * self.per_page

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def has_next(self):
        return self.number < self.pages

    @property
    def summary(self):
        if self.total == 0:
            return _("0 élément")
        last = min(self.offset + self.per_page, self.total)
        mapping = {"first": self.offset + 1, "last": last, "total": self.total}
        if self.total == 1:
            return _("de ${first} à ${last} sur ${total} élément", mapping=mapping)
        return _("de ${first} à ${last} sur ${total} éléments", mapping=mapping)
