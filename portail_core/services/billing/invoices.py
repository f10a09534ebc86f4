"""Invoices: create drafts, publish them with their régie's number, credit, cancel, search.

A published invoice is never edited: corrections are credits (avoirs). Every query is
scoped to the tenant, and to the family when a parent asks.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import selectinload

from portail_core.calendar import now_paris
from portail_core.models.billing import (
    CANCELLED,
    DRAFT,
    PUBLISHED,
    BilledPresence,
    Credit,
    Invoice,
    InvoiceLine,
    PaymentAllocation,
)
from portail_core.models.family import Family
from portail_core.models.types import utcnow
from portail_core.services.billing.credits import forget_credits
from portail_core.services.billing.invoice_numbers import InvoiceNumbering
from portail_core.services.billing.ledger import ZERO, balance_of

CENT = Decimal("0.01")
#: days between an invoice's date and its due date (after which the Trésor may collect it).
DUE_DAYS = 30


class BillingError(Exception):
    """A refused billing action, meant for the agent or parent. The message may be a
    ``TranslationString`` (translate ``exc.args[0]``); ``str(exc)`` is its French text."""

    def __str__(self):
        message = self.args[0] if self.args else ""
        return message.interpolate() if hasattr(message, "interpolate") else str(message)


@dataclass
class LineSpec:
    """A line to put on a new invoice; ``presence_ids`` are the presences it bills."""

    designation: str
    quantity: int
    unit_price: Decimal
    section: str = ""
    presence_ids: tuple[int, ...] = field(default_factory=tuple)

    @property
    def amount(self) -> Decimal:
        return (self.unit_price * self.quantity).quantize(CENT)


def invoice_loads():
    """Eager loads a balance needs: constant query count whatever the number of rows."""
    return (
        selectinload(Invoice.credits),
        selectinload(Invoice.allocations).selectinload(PaymentAllocation.payment),
    )


class BillingService:
    def __init__(self, dbsession, tenant):
        self.dbsession = dbsession
        self.tenant = tenant

    # --- reading ----------------------------------------------------------------------

    def regie(self, regie_id):
        regie = self.tenant.regies.get(regie_id)
        if regie is None:
            raise BillingError("Régie inconnue.")
        return regie

    def get_invoice(self, invoice_id, family_id=None, with_lines=False):
        """The invoice of this tenant (and of this family, if given), or ``None``."""
        query = select(Invoice).where(Invoice.tenant_id == self.tenant.id, Invoice.id == invoice_id)
        if family_id is not None:
            query = query.where(Invoice.family_id == family_id, Invoice.status != DRAFT)
        options = invoice_loads() + ((selectinload(Invoice.lines),) if with_lines else ())
        return self.dbsession.scalar(query.options(*options))

    def family(self, family_id):
        return self.dbsession.scalar(
            select(Family).where(Family.tenant_id == self.tenant.id, Family.id == family_id)
        )

    def search(self, text="", regie_id=None, status=None, family_id=None, offset=0, limit=20):
        """Invoices matching a number or family name; returns ``(rows, total count)``."""
        query = (
            select(Invoice)
            .join(Family, Family.id == Invoice.family_id)
            .where(Invoice.tenant_id == self.tenant.id)
        )
        if text:
            pattern = f"%{text.strip().lower()}%"
            query = query.where(
                or_(func.lower(Invoice.number).like(pattern), func.lower(Family.name).like(pattern))
            )
        if regie_id:
            query = query.where(Invoice.regie == regie_id)
        if status:
            query = query.where(Invoice.status == status)
        if family_id:
            query = query.where(Invoice.family_id == family_id)
        count = self.dbsession.scalar(select(func.count()).select_from(query.subquery()))
        rows = self.dbsession.scalars(
            query.options(*invoice_loads(), selectinload(Invoice.family))
            .order_by(Invoice.issued_on.desc().nulls_first(), Invoice.id.desc())
            .offset(offset)
            .limit(limit)
        ).all()
        return rows, count

    # --- writing ----------------------------------------------------------------------

    def create_invoice(self, family, regie_id, period_start, period_end, lines, **labels):
        """A draft invoice of ``lines`` (:class:`LineSpec`) for a family and a régie.

        ``labels`` may give ``referent``, ``referent_child_id``, ``establishment_label``,
        ``accueil_label`` and ``run``.
        """
        self.regie(regie_id)
        if family.tenant_id != self.tenant.id:
            raise BillingError("Famille inconnue.")
        if period_end < period_start:
            raise BillingError("La fin de la période précède son début.")
        invoice = Invoice(
            tenant_id=self.tenant.id,
            regie=regie_id,
            family_id=family.id,
            period_start=period_start,
            period_end=period_end,
            status=DRAFT,
            total=ZERO,
            **labels,
        )
        self.dbsession.add(invoice)
        self.add_lines(invoice, lines)
        return invoice

    def add_lines(self, invoice, lines):
        if invoice.status != DRAFT:
            raise BillingError("Une facture publiée ne se modifie pas : faites un avoir.")
        position = len(invoice.lines)
        for spec in lines:
            if spec.quantity <= 0 or spec.unit_price < 0:
                raise BillingError("Quantité et tarif doivent être positifs.")
            position += 1
            line = InvoiceLine(
                tenant_id=self.tenant.id,
                position=position,
                section=spec.section,
                designation=spec.designation,
                quantity=spec.quantity,
                unit_price=spec.unit_price.quantize(CENT),
                amount=spec.amount,
            )
            invoice.lines.append(line)
            for presence_id in spec.presence_ids:
                self.dbsession.add(
                    BilledPresence(tenant_id=self.tenant.id, presence_id=presence_id, line=line)
                )
        invoice.total = sum((line.amount for line in invoice.lines), ZERO)
        return invoice

    def publish(self, invoice, day=None):
        """Number and date a draft: from now on parents see it and may pay it."""
        if invoice.status != DRAFT:
            raise BillingError("Cette facture est déjà publiée.")
        if not invoice.lines:
            raise BillingError("Une facture sans ligne ne peut pas être publiée.")
        day = day or now_paris().date()
        invoice.number = InvoiceNumbering(self.dbsession, self.tenant).next_number(
            invoice.regie, day
        )
        self._mark_published(invoice, day)
        return invoice

    def import_published(self, invoice, number, issued_on):
        """Publish a draft under a number given by a former system (demo, take-over)."""
        invoice.number = number
        self._mark_published(invoice, issued_on)
        return invoice

    def _mark_published(self, invoice, day):
        invoice.issued_on = day
        invoice.due_on = day + timedelta(days=DUE_DAYS)
        invoice.status = PUBLISHED
        invoice.published_at = utcnow()

    def credit(self, invoice, amount, reason, agent=None):
        """A credit note (avoir) of ``amount`` on a published invoice."""
        balance = balance_of(invoice)
        if invoice.status != PUBLISHED:
            raise BillingError("Seule une facture publiée peut recevoir un avoir.")
        if amount <= ZERO:
            raise BillingError("Le montant de l'avoir doit être positif.")
        if amount > balance.available:
            raise BillingError(
                "L'avoir dépasse ce qui reste dû sur la facture "
                "(hors paiements en attente de validation)."
            )
        credit = Credit(
            tenant_id=self.tenant.id,
            amount=amount.quantize(CENT),
            reason=reason,
            created_by_id=agent.id if agent else None,
        )
        invoice.credits.append(credit)
        return credit

    def cancel(self, invoice, reason, agent=None):
        """Cancel an invoice: a draft disappears; a published one gets a full credit.

        Its presences are released, so that a later run can bill them again, corrected.
        """
        if invoice.status == CANCELLED:
            raise BillingError("Cette facture est déjà annulée.")
        if invoice.status == DRAFT:
            self.dbsession.delete(invoice)
            return None
        balance = balance_of(invoice)
        if balance.paid > ZERO or balance.pending > ZERO:
            raise BillingError(
                "Cette facture a reçu un paiement : elle ne peut pas être annulée, "
                "faites un avoir du reste dû."
            )
        credit = None
        if balance.billed > ZERO:
            credit = self.credit(invoice, balance.billed, reason or "Annulation", agent)
        invoice.status = CANCELLED
        invoice.cancelled_at = utcnow()
        self.release_presences([invoice.id])
        return credit

    def release_presences(self, invoice_ids):
        lines = select(InvoiceLine.id).where(InvoiceLine.invoice_id.in_(invoice_ids))
        forget_credits(self.dbsession, lines)  # what these lines gave back is owed again
        self.dbsession.execute(
            delete(BilledPresence)
            .where(BilledPresence.invoice_line_id.in_(lines))
            .execution_options(synchronize_session=False)
        )

    def mark_collected_by_tresor(self, invoice, today=None):
        """Hand an unpaid invoice to the Trésor public (no longer payable online)."""
        balance = balance_of(invoice)
        today = today or now_paris().date()
        if invoice.status != PUBLISHED or balance.due <= ZERO:
            raise BillingError("Seule une facture publiée non soldée peut être transmise.")
        if invoice.collected_by_tresor_at is not None:
            raise BillingError("Cette facture est déjà gérée par le Trésor public.")
        if invoice.due_on and today <= invoice.due_on:
            raise BillingError(
                f"L'échéance de cette facture court jusqu'au {invoice.due_on:%d/%m/%Y} : "
                "elle ne peut être transmise au Trésor public qu'après."
            )
        invoice.collected_by_tresor_at = utcnow()


def default_period(today: date):
    """The previous calendar month, the usual billing period."""
    first_of_month = today.replace(day=1)
    end = first_of_month - timedelta(days=1)
    return end.replace(day=1), end
