"""Reconciliation: pending online payments checked with their gateway where it can be
asked (PayFiP, Payline), and expired when no result came in time (Systempay has no status
query: an attempt without notification is expired after its lifetime).

Run by ``portail-payments-check`` (see ``docs/payments.md``) and by an agent's "Interroger
la banque"; the parent's browser return asks the gateway too, for that one payment.
"""

from datetime import timedelta

from sqlalchemy import select

from portail_core.models.billing import ONLINE, PAYMENT_PENDING, Payment
from portail_core.models.types import utcnow
from portail_core.payments import NoOnlinePayment
from portail_core.services.payments.results import PaymentResults

#: a régie that no longer has a gateway: how long its pending payments are kept.
ORPHAN_LIFETIME = timedelta(hours=2)


class Reconciliation:
    def __init__(self, dbsession, tenant, backends):
        self.dbsession = dbsession
        self.tenant = tenant
        self.backends = backends
        self.results = PaymentResults(dbsession, tenant)

    def pending_ids(self):
        """Ids of the tenant's pending online payments, oldest first."""
        return self.dbsession.scalars(
            select(Payment.id)
            .where(
                Payment.tenant_id == self.tenant.id,
                Payment.method == ONLINE,
                Payment.state == PAYMENT_PENDING,
            )
            .order_by(Payment.id)
        ).all()

    def check(self, payment_id, now=None):
        """Check one pending payment; returns the :class:`Verdict`, or ``None`` when there
        was nothing to do yet."""
        payment = self.dbsession.scalar(
            select(Payment).where(Payment.tenant_id == self.tenant.id, Payment.id == payment_id)
        )
        if payment is None or payment.state != PAYMENT_PENDING:
            return None
        age = (now or utcnow()) - payment.created_at
        try:
            backend = self.backends(payment.regie)
        except NoOnlinePayment:
            if age > ORPHAN_LIFETIME:
                return self.results.expire(
                    payment, "the régie has no payment backend any more"
                )  # i18n: ignore
            return None
        if backend.id != payment.backend:
            if age > ORPHAN_LIFETIME:
                return self.results.expire(
                    payment, f"the régie now uses {backend.id}"
                )  # i18n: ignore
            return None
        if backend.supports_status_query and payment.gateway_key:
            verdict = self.results.query(payment, backend)
            if payment.state == PAYMENT_PENDING and age > backend.attempt_lifetime:
                # The gateway still has no final result (fraud check, manual validation):
                # money may come, so nothing is expired; an agent looks instead.
                payment.needs_attention = True
            return verdict
        if age > backend.attempt_lifetime:
            lifetime = int(backend.attempt_lifetime.total_seconds() // 60)
            return self.results.expire(payment, f"no result after {lifetime} minutes")
        return None
