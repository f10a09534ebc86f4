"""What an invoice owes, derived from its total, credits and payment allocations.

Pure functions over loaded rows, so the rule lives in one place: what is paid (validated
payments), what waits for a bank (pending payments), what is still due, which state the
parents see, and how much more a new payment or credit may take.
"""

from dataclasses import dataclass
from decimal import Decimal

from portail_core.i18n import _
from portail_core.models.billing import (
    CANCELLED,
    DRAFT,
    PAYMENT_PENDING,
    PAYMENT_REFUSED,
    PAYMENT_VALIDATED,
)

ZERO = Decimal("0.00")

# Invoice states as parents see them (keys) and the seeds' legend (labels).
STATE_DRAFT = "draft"
STATE_CANCELLED = "cancelled"
STATE_UNPAID = "unpaid"
STATE_AWAITING = "awaiting"
STATE_PAID = "paid"
STATE_TRESOR = "tresor"

INVOICE_STATES = {
    STATE_AWAITING: _("Facture en attente de validation du paiement"),
    STATE_PAID: _("Facture Soldée"),
    STATE_UNPAID: _("Facture non soldée"),
    STATE_TRESOR: _("Paiement de cette facture géré par le Trésor Public"),
    STATE_CANCELLED: _("Facture annulée"),
    STATE_DRAFT: _("Facture en préparation"),
}
PAYMENT_STATES = {
    PAYMENT_PENDING: _("Règlement en attente de validation"),
    PAYMENT_VALIDATED: _("Règlement validé"),
    PAYMENT_REFUSED: _("Règlement refusé ou annulé"),
}
#: the legends shown under "Mes Factures & Paiements", in the seeds' order.
INVOICE_LEGEND = (STATE_AWAITING, STATE_PAID, STATE_UNPAID, STATE_TRESOR)
PAYMENT_LEGEND = (PAYMENT_PENDING, PAYMENT_VALIDATED, PAYMENT_REFUSED)


@dataclass(frozen=True)
class Balance:
    """The money of one invoice. ``paid + pending + credited <= total`` always holds."""

    total: Decimal
    credited: Decimal
    paid: Decimal
    pending: Decimal
    status: str
    collected_by_tresor: bool

    @property
    def billed(self) -> Decimal:
        """What the family was finally billed: the total less the credits."""
        return self.total - self.credited

    @property
    def due(self) -> Decimal:
        """Restant dû: what no validated payment nor credit has settled yet."""
        if self.status in (DRAFT, CANCELLED):
            return ZERO
        return self.billed - self.paid

    @property
    def available(self) -> Decimal:
        """What a new payment or credit may still take (pending payments hold their part)."""
        return self.due - self.pending if self.status not in (DRAFT, CANCELLED) else ZERO

    @property
    def state(self) -> str:
        if self.status == DRAFT:
            return STATE_DRAFT
        if self.status == CANCELLED:
            return STATE_CANCELLED
        if self.due == ZERO:
            return STATE_PAID
        if self.collected_by_tresor:
            return STATE_TRESOR
        if self.pending > ZERO:
            return STATE_AWAITING
        return STATE_UNPAID

    @property
    def state_label(self) -> str:
        return INVOICE_STATES[self.state]

    @property
    def payable_online(self) -> bool:
        return self.state == STATE_UNPAID and self.available > ZERO


def balance_of(invoice) -> Balance:
    """The balance of an invoice whose ``credits`` and ``allocations.payment`` are loaded."""
    paid = pending = ZERO
    for allocation in invoice.allocations:
        state = allocation.payment.state
        if state == PAYMENT_VALIDATED:
            paid += allocation.amount
        elif state == PAYMENT_PENDING:
            pending += allocation.amount
    credited = sum((credit.amount for credit in invoice.credits), ZERO)
    return Balance(
        total=invoice.total,
        credited=credited,
        paid=paid,
        pending=pending,
        status=invoice.status,
        collected_by_tresor=invoice.collected_by_tresor_at is not None,
    )
