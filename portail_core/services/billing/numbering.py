"""Invoice numbers: one gapless sequence per tenant and régie, formatted per régie.

The format comes from the tenant file (``[regies.<id>] invoice_number_format``):
``{seq:05d}`` gives "00727", ``2006-{seq:05d}`` gives "2006-00098", and ``{year}`` makes
the sequence start again each year ("2018-00001"). The counters themselves are
:class:`portail_core.services.billing.invoice_numbers.InvoiceNumbering`.
"""

import string
from datetime import date

FIELDS = {"seq", "year"}


def check_number_format(value):
    """Raise ``ValueError`` (in French) unless ``value`` is a usable number format."""
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(value) if name is not None]
    except ValueError:
        raise ValueError("format invalide (accolades mal fermées)") from None
    if "seq" not in fields:
        raise ValueError("le format doit contenir {seq}, par exemple « {seq:05d} »")
    unknown = set(fields) - FIELDS
    if unknown:
        raise ValueError(f"champ inconnu {sorted(unknown)} : seuls {{seq}} et {{year}} existent")
    try:
        format_number(value, 1, date(2000, 1, 1))
    except (ValueError, TypeError):
        raise ValueError("format invalide pour un numéro (exemple : « {seq:05d} »)") from None


def format_number(number_format, seq, day):
    return number_format.format(seq=seq, year=day.year)


def scope_of(number_format, day):
    """The sequence a number belongs to: one per year if the format shows the year."""
    return str(day.year) if "{year" in number_format else ""
