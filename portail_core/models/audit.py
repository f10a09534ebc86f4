"""The audit trail: one row per change, by whom, when, from which page."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portail_core.models.meta import Base
from portail_core.models.types import TenantOwned, UTCDateTime, utcnow


class AuditEntry(TenantOwned, Base):
    """One change to a family file, a child sheet, a document, a booking, an invoice or a
    payment: who, when, from which page (route name or command), what, old → new.

    ``actor_label`` is a snapshot of who acted ("Sophie TEST (famille)") so that the trail
    reads the same after an account is renamed or closed; ``actor_role`` is ``parent``,
    ``agent``, ``operator`` or ``system``. ``family_id`` is empty for changes that concern
    no family.
    """

    __tablename__ = "audit_entry"
    __table_args__ = (
        Index("ix_audit_entry_family", "tenant_id", "family_id", "at"),
        Index("ix_audit_entry_actor", "actor_role", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int | None] = mapped_column(ForeignKey("family.id"))
    child_id: Mapped[int | None] = mapped_column(ForeignKey("child.id"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    actor_label: Mapped[str] = mapped_column(String(200), default="")
    actor_role: Mapped[str] = mapped_column(String(20), default="system")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    page: Mapped[str] = mapped_column(String(100), default="")
    action: Mapped[str] = mapped_column(String(20), default="update")
    target_type: Mapped[str] = mapped_column(String(40), default="")
    target_id: Mapped[int | None]
    subject: Mapped[str] = mapped_column(String(200))
    field: Mapped[str] = mapped_column(String(150))
    old_value: Mapped[str] = mapped_column(Text, default="")
    new_value: Mapped[str] = mapped_column(Text, default="")
