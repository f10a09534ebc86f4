"""The durable e-mail outbox, and the reminders' records (what was sent, who opted out).

Every e-mail is an ``outbox_message`` row written in the transaction of the change that
causes it; the worker (:mod:`portail_core.mail.delivery`) delivers it later.
"""

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portail_core.models.meta import Base
from portail_core.models.types import TenantOwned, UTCDateTime, utcnow

# OutboxMessage.state
QUEUED = "queued"  # waiting for its turn (first try, or the next try after a failure)
SENDING = "sending"  # claimed by a worker until ``lease_until``
SENT = "sent"  # the SMTP server (or the file/testing transport) accepted it
FAILED = "failed"  # refused for good, or too many tries: an agent must look
OUTBOX_STATES = (QUEUED, SENDING, SENT, FAILED)


class OutboxMessage(TenantOwned, Base):
    """One e-mail to one recipient, rendered when it was enqueued.

    ``message_id`` is its stable ``Message-ID`` header: every try sends the same one, so
    a copy sent twice (the worker killed right after the server accepted it) is
    recognisable. A worker claims a row by setting ``claim`` and ``lease_until``; a claim
    whose lease has run out is taken again by any worker.
    """

    __tablename__ = "outbox_message"
    __table_args__ = (
        Index("ix_outbox_message_due", "state", "next_attempt_at"),
        Index("ix_outbox_message_list", "tenant_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(60), default="")
    sender: Mapped[str] = mapped_column(String(300))
    recipient: Mapped[str] = mapped_column(String(254))
    reply_to: Mapped[str] = mapped_column(String(254), default="")
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(10), default=QUEUED)
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claim: Mapped[str | None] = mapped_column(String(40))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(String(500), default="")


class ReminderSent(TenantOwned, Base):
    """A reminder given to a family: ``kind``, what it was about, its reference date.

    The unique key makes ``portail-reminders`` idempotent: a second run the same day, or
    the next day within the same window, finds the row and sends nothing again.
    """

    __tablename__ = "reminder_sent"
    __table_args__ = (
        UniqueConstraint(
            "tenant_id", "family_id", "kind", "subject", "ref_date", name="uq_reminder_sent_key"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    #: what the reminder is about: ``enfant-12``, ``facture-40``, ``qf``, ``vaccin-7``.
    subject: Mapped[str] = mapped_column(String(60))
    #: the week's Monday, the invoice's due date, the document's expiry date.
    ref_date: Mapped[date]
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReminderOptOut(TenantOwned, Base):
    """A parent's login turned one kind of reminder off in « Mon compte »."""

    __tablename__ = "reminder_opt_out"
    __table_args__ = (UniqueConstraint("user_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    kind: Mapped[str] = mapped_column(String(30))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
