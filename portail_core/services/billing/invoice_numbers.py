"""The invoice counters: one gapless sequence per tenant and régie (and year if shown)."""

from sqlalchemy import select, update

from portail_core.models.billing import InvoiceCounter
from portail_core.services.billing.numbering import format_number, scope_of


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
        return self.reserve(regie_id, day, 1)[0]

    def reserve(self, regie_id, day, count):
        """``count`` consecutive numbers at once (a run publishing thousands of invoices)."""
        if count <= 0:
            return []
        number_format = self.tenant.regies[regie_id].invoice_number_format
        where = self._counter(regie_id, scope_of(number_format, day))
        self.dbsession.execute(
            update(InvoiceCounter)
            .where(*where)
            .values(last_value=InvoiceCounter.last_value + count)
            .execution_options(synchronize_session=False)
        )
        last = self.dbsession.scalar(select(InvoiceCounter.last_value).where(*where))
        return [format_number(number_format, seq, day) for seq in range(last - count + 1, last + 1)]

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
