"""Dates, money and ages in the reader's language, for templates, e-mails and PDFs (Babel).

``Formats(language)`` formats for one language; the module-level functions format in
French, the portal's reference language. Templates get the request's as ``fmt``; a
message's mapping may hold dates, datetimes and amounts, which the portal's localizer
formats in the language it translates into (see ``format_value``).
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency

from portail_core.calendar import PARIS

BABEL_LOCALES = {"fr": "fr_FR", "en": "en_GB"}
LOCALE = BABEL_LOCALES["fr"]

_DATE_TIME = {"fr": "dd/MM/y 'à' HH:mm", "en": "dd/MM/y 'at' HH:mm"}  # i18n: ignore
_AGE_WORDS = {
    # (year, years, month, months, "and")
    "fr": ("an", "ans", "mois", "mois", "et"),
    "en": ("year", "years", "month", "months", "and"),
}


@dataclass(frozen=True)
class ShortDate:
    """A date to show as ``01/07/2015`` in a message's mapping (a bare date gets the
    planning's label, ``mer. 01 juil. 2015``)."""

    value: date


@dataclass(frozen=True)
class LongDate:
    """A date to show as ``6 décembre 2026`` / ``6 December 2026``."""

    value: date


class Formats:
    """The formatters of one language."""

    def __init__(self, language="fr"):
        self.language = language if language in BABEL_LOCALES else "fr"
        self.locale = BABEL_LOCALES[self.language]

    def day_label(self, value: date) -> str:
        """ "mer. 01 juil. 2015" / "Wed 01 Jul 2015", as in the planning of the seeds."""
        return _day_label(value, self.locale)

    def short_date(self, value: date) -> str:
        """ "01/07/2015"."""
        return format_date(value, "dd/MM/y", locale=self.locale)

    def long_date(self, value: date) -> str:
        """ "6 décembre 2026" / "6 December 2026"."""
        return format_date(value, "d MMMM y", locale=self.locale)

    def date_time(self, value) -> str:
        """ "22/05/2015 à 16:37" / "22/05/2015 at 16:37", in Europe/Paris time."""
        return format_datetime(value, _DATE_TIME[self.language], tzinfo=PARIS, locale=self.locale)

    def money(self, value) -> str:
        """ "237,27 €" / "€237.27" from a Decimal or from integer cents (an ``int``)."""
        if isinstance(value, int):
            value = Decimal(value) / 100
        if not isinstance(value, Decimal):
            raise TypeError("money is Decimal or integer cents, never float")
        return format_currency(value, "EUR", locale=self.locale)

    def age(self, birth_date: date, today: date) -> str:
        """ "7 ans et 1 mois" / "7 years and 1 month"."""
        months = (today.year - birth_date.year) * 12 + today.month - birth_date.month
        if today.day < birth_date.day:
            months -= 1
        years, months = divmod(max(months, 0), 12)
        year, years_word, month, months_word, and_ = _AGE_WORDS[self.language]
        month_part = f"{months} {month if months == 1 else months_word}"
        if not years:
            return month_part
        return f"{years} {year if years == 1 else years_word} {and_} {month_part}"

    def value(self, value):
        """A message mapping's value as text in this language."""
        if isinstance(value, ShortDate):
            return self.short_date(value.value)
        if isinstance(value, LongDate):
            return self.long_date(value.value)
        if isinstance(value, datetime):
            return self.date_time(value)
        if isinstance(value, date):
            return self.day_label(value)
        if isinstance(value, (Decimal,)):
            return self.money(value)
        return value


@lru_cache(maxsize=4096)
def _day_label(value, locale):
    # A planning shows each day many times a day: the labels are kept.
    return format_date(value, "EEE dd MMM y", locale=locale)


@lru_cache(maxsize=8)
def for_language(language):
    return Formats(language)


def for_request(request):
    return for_language(request.locale_name)


_FRENCH = for_language("fr")
day_label = _FRENCH.day_label
short_date = _FRENCH.short_date
long_date = _FRENCH.long_date
date_time = _FRENCH.date_time
money = _FRENCH.money
age = _FRENCH.age
