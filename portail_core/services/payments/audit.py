"""What agents read about online payments: the payments with their gateway data, and the
messages received from the gateways (every one, accepted or not)."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portail_core.models.billing import (
    ONLINE,
    PAYMENT_PENDING,
    PAYMENT_REFUSED,
    PAYMENT_VALIDATED,
    Payment,
    PaymentAllocation,
)
from portail_core.models.online_payments import PaymentNotification

STATES = (PAYMENT_PENDING, PAYMENT_VALIDATED, PAYMENT_REFUSED)
ACCEPTED_VERDICTS = ("processed", "duplicate")


class PaymentAudit:
    def __init__(self, dbsession, tenant):
        self.dbsession = dbsession
        self.tenant = tenant

    def online_payments(self, state=None, attention=False, limit=200):
        """The most recent online payments, with family and invoices (constant queries)."""
        query = (
            select(Payment)
            .where(Payment.tenant_id == self.tenant.id, Payment.method == ONLINE)
            .options(
                selectinload(Payment.family),
                selectinload(Payment.allocations).selectinload(PaymentAllocation.invoice),
            )
            .order_by(Payment.created_at.desc(), Payment.id.desc())
            .limit(limit)
        )
        if state in STATES:
            query = query.where(Payment.state == state)
        if attention:
            query = query.where(Payment.needs_attention.is_(True))
        return self.dbsession.scalars(query).all()

    def messages(self, rejected_only=False, limit=200):
        """The most recent messages received from the gateways."""
        query = (
            select(PaymentNotification)
            .where(PaymentNotification.tenant_id == self.tenant.id)
            .order_by(PaymentNotification.received_at.desc(), PaymentNotification.id.desc())
            .limit(limit)
        )
        if rejected_only:
            query = query.where(PaymentNotification.verdict.not_in(ACCEPTED_VERDICTS))
        return self.dbsession.scalars(query).all()

    def messages_of(self, payment_id):
        """Every message kept about one payment, oldest first."""
        return self.dbsession.scalars(
            select(PaymentNotification)
            .where(
                PaymentNotification.tenant_id == self.tenant.id,
                PaymentNotification.payment_id == payment_id,
            )
            .order_by(PaymentNotification.received_at, PaymentNotification.id)
        ).all()
