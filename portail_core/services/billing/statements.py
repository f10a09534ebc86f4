"""A family's account with each régie: "Mes Factures & Paiements", balances, attestations.

Everything is computed from the family's published invoices, credits and payments,
loaded in a fixed number of queries whatever their number.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portail_core.calendar import PARIS
from portail_core.i18n import _
from portail_core.models.billing import (
    CANCELLED,
    DRAFT,
    PAYMENT_VALIDATED,
    Invoice,
    Payment,
    PaymentAllocation,
)
from portail_core.services.billing.invoices import invoice_loads
from portail_core.services.billing.ledger import PAYMENT_STATES, ZERO, balance_of


@dataclass
class StatementRow:
    """One row of the table: an invoice, a credit or a payment."""

    day: date
    kind: str
    label: str
    invoice_amount: Decimal | None
    payment_amount: Decimal | None
    state: str
    state_label: str
    target: object
    order: int = 0


@dataclass
class Statement:
    """A family's totals and rows for one régie."""

    regie: object
    billed: Decimal = ZERO
    invoice_count: int = 0
    paid: Decimal = ZERO
    payment_count: int = 0
    due: Decimal = ZERO
    unsettled_count: int = 0
    rows: list[StatementRow] = field(default_factory=list)
    payable: list = field(default_factory=list)


def _credit_day(credit):
    return credit.created_at.astimezone(PARIS).date()


class StatementService:
    def __init__(self, dbsession, tenant):
        self.dbsession = dbsession
        self.tenant = tenant

    def _invoices(self, family_id):
        return self.dbsession.scalars(
            select(Invoice)
            .where(
                Invoice.tenant_id == self.tenant.id,
                Invoice.family_id == family_id,
                Invoice.status != DRAFT,
            )
            .options(*invoice_loads())
        ).all()

    def _payments(self, family_id):
        return self.dbsession.scalars(
            select(Payment)
            .where(Payment.tenant_id == self.tenant.id, Payment.family_id == family_id)
            .options(selectinload(Payment.allocations).selectinload(PaymentAllocation.invoice))
        ).all()

    def statements(self, family_id, include_empty=True):
        """One :class:`Statement` per régie of the tenant, in the tenant file's order."""
        by_regie = {regie_id: Statement(regie) for regie_id, regie in self.tenant.regies.items()}
        for invoice in self._invoices(family_id):
            if invoice.regie in by_regie:
                self._add_invoice(by_regie[invoice.regie], invoice)
        for payment in self._payments(family_id):
            if payment.regie in by_regie:
                self._add_payment(by_regie[payment.regie], payment)
        result = []
        for statement in by_regie.values():
            statement.rows.sort(key=lambda row: (row.day, row.order), reverse=True)
            statement.payable.sort(key=lambda invoice: (invoice.issued_on, invoice.id))
            if include_empty or statement.rows:
                result.append(statement)
        return result

    def _add_invoice(self, statement, invoice):
        balance = balance_of(invoice)
        statement.rows.append(
            StatementRow(
                invoice.issued_on,
                "invoice",
                _("Facture n° ${number}", mapping={"number": invoice.number}),
                invoice.total,
                None,
                balance.state,
                balance.state_label,
                invoice,
                order=invoice.id * 3,
            )
        )
        for credit in invoice.credits:
            statement.rows.append(
                StatementRow(
                    _credit_day(credit),
                    "credit",
                    _("Avoir sur la facture n° ${number}", mapping={"number": invoice.number}),
                    -credit.amount,
                    None,
                    "credit",
                    credit.reason or _("Avoir"),
                    invoice,
                    order=invoice.id * 3 + 1,
                )
            )
        if invoice.status == CANCELLED:
            return
        statement.billed += balance.billed
        statement.invoice_count += 1
        statement.due += balance.due
        if balance.due > ZERO:
            statement.unsettled_count += 1
        if balance.payable_online:
            statement.payable.append(invoice)

    def _add_payment(self, statement, payment):
        mapping = {"number": payment.number, "method": payment.method_label}
        if payment.number:
            label = _("Paiement n° ${number} (par ${method})", mapping=mapping)
        else:
            label = _("Paiement n° (par ${method})", mapping=mapping)
        statement.rows.append(
            StatementRow(
                payment.paid_on,
                "payment",
                label,
                None,
                payment.amount,
                payment.state,
                PAYMENT_STATES[payment.state],
                payment,
                order=payment.id * 3 + 2,
            )
        )
        if payment.state == PAYMENT_VALIDATED:
            statement.paid += payment.amount
            statement.payment_count += 1

    def paid_in_year(self, family_id, year):
        """Validated payments dated in ``year``, oldest first, and their total."""
        payments = [
            payment
            for payment in self._payments(family_id)
            if payment.state == PAYMENT_VALIDATED and payment.paid_on.year == year
        ]
        payments.sort(key=lambda payment: (payment.paid_on, payment.id))
        return payments, sum((payment.amount for payment in payments), ZERO)
