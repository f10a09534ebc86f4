"""Invoice numbers: one gapless sequence per tenant and régie, formatted per régie.

The format comes from the tenant file (``[regies.<id>] invoice_number_format``):
``{seq:05d}`` gives "00727", ``2006-{seq:05d}`` gives "2006-00098", and ``{year}`` makes
the sequence start again each year ("2018-00001").
"""

import string
from datetime import date

from sqlalchemy import select, update

from portail_core.models.billing import InvoiceCounter

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


class InvoiceNumbering:
    """Gives the next number of a régie. Call inside the transaction that publishes.

    The counter row is incremented with a single ``UPDATE … SET last_value = last_value
    + 1``: concurrent publications serialise on that row and never share a number.
    """

    def __init__(self, dbsession, tenant):
        self.dbsession = dbsession
        self.tenant = tenant

    def _counter(self, regie_id, scope):
        where = (
            InvoiceCounter.tenant_id == self.tenant.id,
            InvoiceCounter.regie == regie_id,
            InvoiceCounter.scope == scope,
        )
        counter = self.dbsession.scalar(select(InvoiceCounter).where(*where))
        if counter is None:
            counter = InvoiceCounter(
                tenant_id=self.tenant.id, regie=regie_id, scope=scope, last_value=0
            )
            self.dbsession.add(counter)
            self.dbsession.flush()
        return where

    def next_number(self, regie_id, day):
        number_format = self.tenant.regies[regie_id].invoice_number_format
        scope = scope_of(number_format, day)
        where = self._counter(regie_id, scope)
        self.dbsession.execute(
            update(InvoiceCounter)
            .where(*where)
            .values(last_value=InvoiceCounter.last_value + 1)
            .execution_options(synchronize_session=False)
        )
        value = self.dbsession.scalar(select(InvoiceCounter.last_value).where(*where))
        return format_number(number_format, value, day)

    def ensure_at_least(self, regie_id, day, last_value):
        """Move a régie's counter forward (numbers taken over from a former system)."""
        number_format = self.tenant.regies[regie_id].invoice_number_format
        where = self._counter(regie_id, scope_of(number_format, day))
        self.dbsession.execute(
            update(InvoiceCounter)
            .where(*where, InvoiceCounter.last_value < last_value)
            .values(last_value=last_value)
            .execution_options(synchronize_session=False)
        )
