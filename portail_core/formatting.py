"""French formatting of dates, money and ages for templates and e-mails (Babel)."""

from datetime import date
from decimal import Decimal
from functools import lru_cache

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency

from portail_core.calendar import PARIS

LOCALE = "fr_FR"


@lru_cache(maxsize=4096)
def day_label(value: date) -> str:
    """ "mer. 01 juil. 2015", as in the planning of the seeds (a planning shows each day
    many times a day: the labels are kept)."""
    return format_date(value, "EEE dd MMM y", locale=LOCALE)


def short_date(value: date) -> str:
    """ "01/07/2015"."""
    return format_date(value, "dd/MM/y", locale=LOCALE)


def date_time(value) -> str:
    """ "22/05/2015 à 16:37", in Europe/Paris time."""
    return format_datetime(value, "dd/MM/y 'à' HH:mm", tzinfo=PARIS, locale=LOCALE)


def money(value) -> str:
    """ "237,27 €" from a Decimal or from integer cents (an ``int``)."""
    if isinstance(value, int):
        value = Decimal(value) / 100
    if not isinstance(value, Decimal):
        raise TypeError("money is Decimal or integer cents, never float")
    return format_currency(value, "EUR", locale=LOCALE)


def age(birth_date: date, today: date) -> str:
    """ "7 ans et 1 mois"."""
    months = (today.year - birth_date.year) * 12 + today.month - birth_date.month
    if today.day < birth_date.day:
        months -= 1
    years, months = divmod(max(months, 0), 12)
    parts = []
    if years:
        parts.append(f"{years} an{'s' if years > 1 else ''}")
    parts.append(f"{months} mois")
    return " et ".join(parts) if years else parts[0]
