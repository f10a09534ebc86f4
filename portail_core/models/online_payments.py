"""Online-payment rows besides the payment itself: the per-tenant attempt counter and the
audit trail of every message received from a gateway (notifications, browser returns,
status queries), kept redacted, whatever was done with it.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portail_core.models.meta import Base
from portail_core.models.types import TenantOwned, UTCDateTime, utcnow

# PaymentNotification.channel
NOTIFICATION = "notification"  # server-to-server, from the gateway
BROWSER_RETURN = "return"  # the parent's browser coming back
STATUS_QUERY = "status_query"  # our own question to the gateway (return, reconciliation)
EXPIRY = "expiry"  # reconciliation gave up on an attempt without result


class PaymentCounter(TenantOwned, Base):
    """The last attempt number given in a tenant (``Payment.attempt_number``)."""

    __tablename__ = "payment_counter"
    __table_args__ = (UniqueConstraint("tenant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    last_value: Mapped[int] = mapped_column(Integer, default=0)


class PaymentNotification(TenantOwned, Base):
    """One message about an online payment, as received (redacted), and its verdict.

    ``verdict`` is what the core did (a :class:`portail_core.payments.types.ResponseKind`
    value: processed, duplicate, unknown_attempt, invalid, temporary_failure); ``reason``
    the rejection's reason when refused; ``outcome`` the normalised result it carried.
    A forged or unknown message has no ``payment_id`` but is kept all the same.
    """

    __tablename__ = "payment_notification"
    __table_args__ = (
        Index("ix_payment_notification_payment", "tenant_id", "payment_id"),
        Index("ix_payment_notification_received", "tenant_id", "received_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payment.id", ondelete="SET NULL"))
    regie: Mapped[str] = mapped_column(String(40))
    backend: Mapped[str] = mapped_column(String(40))
    channel: Mapped[str] = mapped_column(String(20))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    http_method: Mapped[str] = mapped_column(String(8), default="")
    remote_addr: Mapped[str] = mapped_column(String(64), default="")
    gateway_key: Mapped[str] = mapped_column(String(128), default="")
    verdict: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(30), default="")
    outcome: Mapped[str] = mapped_column(String(12), default="")
    detail: Mapped[str] = mapped_column(String(500), default="")
    raw: Mapped[str] = mapped_column(Text, default="")

    payment = relationship("Payment")
