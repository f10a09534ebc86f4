"""Absences with a certificate, and what they (or a day's closure) owe the invoices.

A family declares an **absence** of a child over a range of days, with a medical
certificate (a :class:`~portail_core.models.family_records.Document`); an agent accepts
or refuses it. Accepting turns the child's booked days into "absence justifiée"
(``presence.state = "justified"``). Each booking line an accepted absence or a closed day
touches gets a **presence credit**: ``credited`` says whether the commune gives the day
back (a "jour de carence" is not). Each billed part of the line remembers the credit line
that gave it back (``billed_presence.credit_line_id``): a day split between two
households is given back to each on its own invoice. A line has at most one presence
credit.
"""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portail_core.i18n import _
from portail_core.models.meta import Base
from portail_core.models.types import TenantOwned, UTCDateTime, utcnow

# Absence.state
ABSENCE_PENDING = "pending"
ABSENCE_ACCEPTED = "accepted"
ABSENCE_REFUSED = "refused"
ABSENCE_STATES = {
    ABSENCE_PENDING: _("En attente"),
    ABSENCE_ACCEPTED: _("Acceptée"),
    ABSENCE_REFUSED: _("Refusée"),
}

# PresenceCredit.cause
CAUSE_ABSENCE = "absence"
CAUSE_CLOSURE = "closure"


class Absence(TenantOwned, Base):
    """A child's absence from ``first_day`` to ``last_day``, with its certificate."""

    __tablename__ = "absence"
    __table_args__ = (
        CheckConstraint("last_day >= first_day", name="days_in_order"),
        Index("ix_absence_family", "tenant_id", "family_id", "created_at"),
        Index("ix_absence_queue", "tenant_id", "state", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id"))
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    first_day: Mapped[date]
    last_day: Mapped[date]
    document_id: Mapped[int] = mapped_column(ForeignKey("family_document.id"))
    state: Mapped[str] = mapped_column(String(12), default=ABSENCE_PENDING)
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    child = relationship("Child", lazy="joined")
    family = relationship("Family")
    document = relationship("Document", lazy="joined")

    @property
    def state_label(self):
        return ABSENCE_STATES[self.state]


class PresenceCredit(TenantOwned, Base):
    """What a booking line ended by an absence or a closure owes its invoice, if billed."""

    __tablename__ = "presence_credit"
    __table_args__ = (
        UniqueConstraint("presence_id"),
        Index("ix_presence_credit_open", "tenant_id", "credited"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    presence_id: Mapped[int] = mapped_column(ForeignKey("presence.id"))
    cause: Mapped[str] = mapped_column(String(12))
    absence_id: Mapped[int | None] = mapped_column(ForeignKey("absence.id"), index=True)
    reason: Mapped[str] = mapped_column(String(200), default="")
    credited: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    absence = relationship("Absence")
