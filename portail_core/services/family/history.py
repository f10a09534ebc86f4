"""The history of a family file: every change recorded as who, when, what, old → new.

Services call :meth:`FamilyHistory.apply` to change an object's attributes: it records
only the attributes whose value really changes, with the labels families read.
"""

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from portail_core.models.family_records import HistoryEntry
from portail_core.models.types import utcnow
from portail_core.paging import Pager

HISTORY_PER_PAGE = 20


def display(value):
    """A value as the history shows it: dates in French, yes/no, amounts with a comma."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    return str(value)


def actor_label(user):
    """Who acted, as recorded: "Sophie TEST (famille)" or "Service SEJ (agent)"."""
    if user is None:
        return "Système"
    return f"{user.display_name} ({'agent' if user.is_agent else 'famille'})"


class FamilyHistory:
    def __init__(self, dbsession, tenant):
        self.dbsession = dbsession
        self.tenant = tenant

    def record(self, family, subject, field, old, new, actor, child=None):
        """Add one entry (``old``/``new`` are values, displayed as families read them)."""
        entry = HistoryEntry(
            tenant_id=self.tenant.id,
            family_id=family.id,
            child_id=child.id if child is not None else None,
            actor_id=actor.id if actor is not None else None,
            actor_label=actor_label(actor),
            at=utcnow(),
            subject=subject,
            field=field,
            old_value=display(old),
            new_value=display(new),
        )
        self.dbsession.add(entry)
        return entry

    def apply(self, target, values, labels, *, family, subject, actor, child=None):
        """Set ``values`` on ``target``; record each attribute whose value changes.

        :param labels: attribute name -> the label the history shows ("Téléphone portable").
        :return: the number of attributes changed.
        """
        changed = 0
        for name, label in labels.items():
            if name not in values:
                continue
            old, new = getattr(target, name), values[name]
            if display(old) == display(new):
                continue
            setattr(target, name, new)
            self.record(family, subject, label, old, new, actor, child)
            changed += 1
        return changed

    def page(self, family_id, number, per_page=HISTORY_PER_PAGE):
        """One page of a family's history, newest first: ``(entries, pager)``."""
        where = (HistoryEntry.tenant_id == self.tenant.id, HistoryEntry.family_id == family_id)
        total = self.dbsession.scalar(select(func.count(HistoryEntry.id)).where(*where))
        pager = Pager(number, per_page, total)
        entries = self.dbsession.scalars(
            select(HistoryEntry)
            .where(*where)
            .order_by(HistoryEntry.at.desc(), HistoryEntry.id.desc())
            .offset(pager.offset)
            .limit(per_page)
        ).all()
        return entries, pager
