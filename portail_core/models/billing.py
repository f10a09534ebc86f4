"""Billing rows: invoice counters, invoice runs, invoices and lines, credits, payments.

Money columns are ``Numeric(10, 2)`` read as ``Decimal``. An invoice stores its status
(draft, published, cancelled) and its total; whether it is paid, awaiting a payment's
validation or left to the Trésor public is derived from its credits and allocations
(:mod:`portail_core.services.billing.ledger`), never stored, so it cannot drift out of step.
"""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portail_core.i18n import _
from portail_core.models.meta import Base
from portail_core.models.types import TenantOwned, UTCDateTime, utcnow

Money = Numeric(10, 2, asdecimal=True)

# Invoice.status
DRAFT = "draft"
PUBLISHED = "published"
CANCELLED = "cancelled"

# Payment.state
PAYMENT_PENDING = "pending"
PAYMENT_VALIDATED = "validated"
PAYMENT_REFUSED = "refused"

# Payment.method: "online" (a gateway, named by Payment.backend) or a counter method.
ONLINE = "online"
COUNTER_METHODS = {
    "especes": _("Espèces"),
    "cheque": _("Chèque"),
    "cesu": "CESU",
    "cheques_vacances": _("Chèques vacances"),
}


class InvoiceCounter(TenantOwned, Base):
    """The last invoice number given by a régie (per year when its format has ``{year}``)."""

    __tablename__ = "invoice_counter"
    __table_args__ = (UniqueConstraint("tenant_id", "regie", "scope"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    regie: Mapped[str] = mapped_column(String(40))
    scope: Mapped[str] = mapped_column(String(10), default="")
    last_value: Mapped[int] = mapped_column(Integer, default=0)


class InvoiceRun(TenantOwned, Base):
    """One invoicing of a régie for a billing period: its invoices are drafts until published."""

    __tablename__ = "invoice_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    regie: Mapped[str] = mapped_column(String(40))
    period_start: Mapped[date]
    period_end: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    invoices = relationship("Invoice", back_populates="run", order_by="Invoice.id")


class Invoice(TenantOwned, Base):
    """A family's invoice for a régie and a billing period."""

    __tablename__ = "invoice"
    __table_args__ = (
        UniqueConstraint("tenant_id", "regie", "number"),
        Index("ix_invoice_family", "tenant_id", "family_id", "regie"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    regie: Mapped[str] = mapped_column(String(40))
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id"))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("invoice_run.id"), index=True)
    number: Mapped[str | None] = mapped_column(String(30))
    issued_on: Mapped[date | None]
    due_on: Mapped[date | None]
    period_start: Mapped[date]
    period_end: Mapped[date]
    referent: Mapped[str] = mapped_column(String(200), default="")
    referent_child_id: Mapped[int | None] = mapped_column(ForeignKey("child.id"))
    establishment_label: Mapped[str] = mapped_column(String(200), default="")
    accueil_label: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(12), default=DRAFT)
    total: Mapped[Decimal] = mapped_column(Money, default=Decimal("0.00"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    collected_by_tresor_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    family = relationship("Family")
    run = relationship("InvoiceRun", back_populates="invoices")
    lines = relationship(
        "InvoiceLine",
        back_populates="invoice",
        order_by="InvoiceLine.position",
        cascade="all, delete-orphan",
    )
    credits = relationship("Credit", back_populates="invoice", order_by="Credit.id")
    allocations = relationship("PaymentAllocation", back_populates="invoice")


class InvoiceLine(TenantOwned, Base):
    """One line: "Périscolaire Matin … : 15/01 16/01 17/01 | 3 | 1,75 € | 5,25 €"."""

    __tablename__ = "invoice_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(
        ForeignKey("invoice.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    #: the heading the line is shown under ("ACCUEIL PERISCOLAIRE / PERISCOLAIRE / …").
    section: Mapped[str] = mapped_column(String(300), default="")
    designation: Mapped[str] = mapped_column(String(500))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[Decimal] = mapped_column(Money)
    amount: Mapped[Decimal] = mapped_column(Money)

    invoice = relationship("Invoice", back_populates="lines")
    billed_presences = relationship(
        "BilledPresence",
        back_populates="line",
        cascade="all, delete-orphan",
        foreign_keys="BilledPresence.invoice_line_id",
    )


class BilledPresence(TenantOwned, Base):
    """A presence billed on an invoice line; unique, so no run can bill it twice.

    ``presence_id`` is the bookings area's booking line (accepted, or cancelled late).
    Cancelling the invoice deletes these rows so that a later run may bill the
    presences again, corrected. ``part`` is 0 for a whole presence; a day split between
    two households (shared custody) is billed as parts 1 and 2, one on each invoice.
    ``credit_line_id``: the line of a later invoice that gave this part back (an absence
    or a closed day), so that each household gets its own part back, once.
    """

    __tablename__ = "billed_presence"
    __table_args__ = (UniqueConstraint("presence_id", "part"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    presence_id: Mapped[int] = mapped_column(ForeignKey("presence.id"))
    part: Mapped[int] = mapped_column(default=0, server_default="0")
    invoice_line_id: Mapped[int] = mapped_column(
        ForeignKey("invoice_line.id", ondelete="CASCADE"), index=True
    )
    credit_line_id: Mapped[int | None] = mapped_column(
        ForeignKey("invoice_line.id", ondelete="SET NULL"), index=True
    )

    line = relationship(
        "InvoiceLine", back_populates="billed_presences", foreign_keys=[invoice_line_id]
    )


class Credit(TenantOwned, Base):
    """A credit note (avoir) lowering what is due on a published invoice."""

    __tablename__ = "invoice_credit"

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money)
    reason: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    invoice = relationship("Invoice", back_populates="credits")


class Payment(TenantOwned, Base):
    """A payment of a family to a régie: online through a gateway, or at the counter.

    Gateway payments fill ``backend`` (the payment backend id), ``reference`` (the
    portal's unique reference of the attempt, sent to the gateway),
    ``gateway_transaction_id`` (the bank's, unique per backend) and ``raw_data`` (the
    gateway's notification, as received, kept for audit). ``state`` moves from pending
    to validated or refused; only validated payments settle invoices.

    The online-payment area (:mod:`portail_core.services.payments.online`) also keeps the
    attempt as the gateway knows it: ``attempt_number`` (sequential per tenant: short
    gateway ids derive from it), ``gateway_key`` (how a notification finds its payment,
    unique per backend), ``mode``, ``gateway_references`` (JSON), the last normalised
    ``gateway_outcome`` and ``needs_attention`` when an agent must look (fraud flag,
    gateway error, money received for invoices already settled).
    """

    __tablename__ = "payment"
    __table_args__ = (
        UniqueConstraint("reference"),
        UniqueConstraint("backend", "gateway_transaction_id"),
        # Named: the convention names a unique constraint after its first column only.
        UniqueConstraint("backend", "gateway_key", name="uq_payment_backend_gateway_key"),
        UniqueConstraint("tenant_id", "attempt_number", name="uq_payment_tenant_attempt"),
        Index("ix_payment_family", "tenant_id", "family_id", "regie"),
        Index("ix_payment_open", "tenant_id", "method", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    regie: Mapped[str] = mapped_column(String(40))
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id"))
    method: Mapped[str] = mapped_column(String(20))
    backend: Mapped[str | None] = mapped_column(String(40))
    amount: Mapped[Decimal] = mapped_column(Money)
    state: Mapped[str] = mapped_column(String(12), default=PAYMENT_PENDING)
    #: the number shown to parents ("Paiement n° 04083"): receipt, cheque or bank number.
    number: Mapped[str] = mapped_column(String(40), default="")
    paid_on: Mapped[date]
    reference: Mapped[str | None] = mapped_column(String(64))
    gateway_transaction_id: Mapped[str | None] = mapped_column(String(128))
    raw_data: Mapped[str | None] = mapped_column(Text)
    payer: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    validated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # -- online payments: the attempt at the gateway ---------------------------------------
    attempt_number: Mapped[int | None] = mapped_column(Integer)
    gateway_key: Mapped[str | None] = mapped_column(String(128))
    mode: Mapped[str | None] = mapped_column(String(20))
    gateway_references: Mapped[str | None] = mapped_column(Text)
    gateway_outcome: Mapped[str | None] = mapped_column(String(12))
    authorisation: Mapped[str | None] = mapped_column(String(64))
    payer_email: Mapped[str | None] = mapped_column(String(254))
    notify_url: Mapped[str | None] = mapped_column(String(500))
    needs_attention: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    family = relationship("Family")
    allocations = relationship(
        "PaymentAllocation", back_populates="payment", cascade="all, delete-orphan"
    )

    @property
    def method_label(self):
        if self.method == ONLINE:
            return (self.backend or "online").removeprefix("payment_").upper()
        return COUNTER_METHODS.get(self.method, self.method)


class PaymentAllocation(TenantOwned, Base):
    """The part of a payment that settles one invoice (one payment may settle several)."""

    __tablename__ = "payment_allocation"
    __table_args__ = (UniqueConstraint("payment_id", "invoice_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payment.id", ondelete="CASCADE"))
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money)

    payment = relationship("Payment", back_populates="allocations")
    invoice = relationship("Invoice", back_populates="allocations")
