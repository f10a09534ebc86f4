"""Payments: counter payments recorded by agents, and the life of a gateway payment.

One payment may settle several invoices through its allocations. No allocation ever
takes more than an invoice's ``available`` amount, so paid + pending + credited never
exceeds an invoice's total. The online-payment area drives gateway payments through
:meth:`PaymentService.start_online`, :meth:`validate` and :meth:`refuse`.
"""

import json
import secrets
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portail_core.calendar import now_paris
from portail_core.i18n import _
from portail_core.models.billing import (
    COUNTER_METHODS,
    ONLINE,
    PAYMENT_PENDING,
    PAYMENT_REFUSED,
    PAYMENT_VALIDATED,
    PUBLISHED,
    Invoice,
    Payment,
    PaymentAllocation,
)
from portail_core.models.types import utcnow
from portail_core.services.billing.invoices import CENT, BillingError, invoice_loads
from portail_core.services.billing.ledger import ZERO, balance_of


def new_reference():
    """A unique, unguessable reference for a payment attempt (sent to the gateway)."""
    return secrets.token_hex(12)


class PaymentService:
    def __init__(self, dbsession, tenant):
        self.dbsession = dbsession
        self.tenant = tenant

    def get_payment(self, payment_id, family_id=None):
        query = select(Payment).where(Payment.tenant_id == self.tenant.id, Payment.id == payment_id)
        if family_id is not None:
            query = query.where(Payment.family_id == family_id)
        return self.dbsession.scalar(
            query.options(selectinload(Payment.allocations).selectinload(PaymentAllocation.invoice))
        )

    def by_reference(self, reference):
        return self.dbsession.scalar(
            select(Payment).where(
                Payment.tenant_id == self.tenant.id, Payment.reference == reference
            )
        )

    def _published(self, family_id, regie_id, invoice_ids=None):
        query = select(Invoice).where(
            Invoice.tenant_id == self.tenant.id,
            Invoice.family_id == family_id,
            Invoice.regie == regie_id,
            Invoice.status == PUBLISHED,
        )
        if invoice_ids is not None:
            query = query.where(Invoice.id.in_(invoice_ids))
        return self.dbsession.scalars(
            query.options(*invoice_loads()).order_by(Invoice.issued_on, Invoice.id)
        ).all()

    def payable_invoices(self, family_id, regie_id):
        """The family's published invoices of a régie that can still take money."""
        invoices = self._published(family_id, regie_id)
        return [invoice for invoice in invoices if balance_of(invoice).available > ZERO]

    def _chosen(self, family, regie_id, invoice_ids, online):
        if regie_id not in self.tenant.regies:
            raise BillingError(_("Régie inconnue."))
        if not invoice_ids:
            raise BillingError(_("Choisissez au moins une facture."))
        invoices = self._published(family.id, regie_id, set(invoice_ids))
        if len(invoices) != len(set(invoice_ids)):
            raise BillingError(_("Une des factures choisies n'est pas à régler."))
        for invoice in invoices:
            balance = balance_of(invoice)
            number = {"number": invoice.number}
            if invoice.collected_by_tresor_at is not None:
                raise BillingError(
                    _(
                        "La facture n° ${number} est gérée par le Trésor public : "
                        "son paiement se fait auprès de lui.",
                        mapping=number,
                    )
                )
            if online and balance.pending > ZERO:
                raise BillingError(
                    _("La facture n° ${number} attend déjà un paiement.", mapping=number)
                )
            if balance.available <= ZERO:
                raise BillingError(_("La facture n° ${number} n'est pas à régler.", mapping=number))
        return invoices

    def _allocate(self, payment, invoices, amount):
        """Spread ``amount`` over ``invoices``, oldest first, each up to what it may take."""
        remaining = amount
        for invoice in invoices:
            if remaining <= ZERO:
                break
            part = min(remaining, balance_of(invoice).available)
            payment.allocations.append(
                PaymentAllocation(tenant_id=self.tenant.id, invoice=invoice, amount=part)
            )
            remaining -= part
        if remaining > ZERO:
            raise BillingError(_("Le montant dépasse le reste dû des factures choisies."))

    def record_counter_payment(self, family, regie_id, method, amount, invoice_ids, **details):
        """A payment received at the counter (validated at once), spread over invoices.

        ``details`` may give ``paid_on`` (a date), ``number`` (receipt or cheque number),
        ``payer``, ``note`` and ``agent`` (the user recording it).
        """
        agent = details.get("agent")
        if method not in COUNTER_METHODS:
            raise BillingError(_("Mode de règlement inconnu."))
        amount = Decimal(amount).quantize(CENT)
        if amount <= ZERO:
            raise BillingError(_("Le montant doit être positif."))
        invoices = self._chosen(family, regie_id, invoice_ids, online=False)
        # Refuse before anything joins the session: a refused payment leaves no trace.
        if amount > sum((balance_of(invoice).available for invoice in invoices), ZERO):
            raise BillingError(_("Le montant dépasse le reste dû des factures choisies."))
        payment = Payment(
            tenant_id=self.tenant.id,
            regie=regie_id,
            family_id=family.id,
            method=method,
            amount=amount,
            state=PAYMENT_VALIDATED,
            number=details.get("number", ""),
            paid_on=details.get("paid_on") or now_paris().date(),
            payer=details.get("payer", ""),
            note=details.get("note", ""),
            validated_at=utcnow(),
            recorded_by_id=agent.id if agent else None,
        )
        self.dbsession.add(payment)
        self._allocate(payment, invoices, amount)
        return payment

    def cancel_counter_payment(self, payment):
        """Undo a counter payment recorded by mistake: its invoices are due again."""
        if payment.method == ONLINE:
            raise BillingError(_("Un paiement en ligne est validé ou refusé par la banque."))
        if payment.state == PAYMENT_REFUSED:
            raise BillingError(_("Ce paiement est déjà annulé."))
        payment.state = PAYMENT_REFUSED
        payment.cancelled_at = utcnow()
        return payment

    def start_online(self, family, regie_id, backend_id, invoice_ids, reference=None):
        """A pending gateway payment of everything still due on the chosen invoices.

        The allocations hold each invoice's part while the bank decides, so no second
        payment can take it meanwhile. Returns the :class:`Payment` (flushed, with its
        unique ``reference`` to send to the gateway).
        """
        invoices = self._chosen(family, regie_id, invoice_ids, online=True)
        amount = sum((balance_of(invoice).available for invoice in invoices), ZERO)
        payment = Payment(
            tenant_id=self.tenant.id,
            regie=regie_id,
            family_id=family.id,
            method=ONLINE,
            backend=backend_id,
            amount=amount,
            state=PAYMENT_PENDING,
            paid_on=now_paris().date(),
            reference=reference or new_reference(),
        )
        self.dbsession.add(payment)
        self._allocate(payment, invoices, amount)
        self.dbsession.flush()
        return payment

    def validate(self, payment, transaction_id=None, raw=None, number=None):
        """The bank accepted: the payment settles its invoices. Idempotent."""
        if payment.state == PAYMENT_VALIDATED:
            return False
        if payment.state == PAYMENT_REFUSED:
            raise BillingError(_("Ce paiement a été refusé ou annulé."))
        self._record_gateway(payment, transaction_id, raw, number)
        payment.state = PAYMENT_VALIDATED
        payment.validated_at = utcnow()
        return True

    def refuse(self, payment, transaction_id=None, raw=None):
        """The bank refused or the parent cancelled: the invoices are payable again."""
        if payment.state != PAYMENT_PENDING:
            return False
        self._record_gateway(payment, transaction_id, raw, None)
        payment.state = PAYMENT_REFUSED
        payment.cancelled_at = utcnow()
        return True

    def _record_gateway(self, payment, transaction_id, raw, number):
        if transaction_id:
            payment.gateway_transaction_id = transaction_id
        if number:
            payment.number = number
        if raw is not None:
            payment.raw_data = raw if isinstance(raw, str) else json.dumps(raw, sort_keys=True)
