"""Records around the family file: the supporting documents families send."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portail_core.i18n import _
from portail_core.models.meta import Base
from portail_core.models.types import TenantOwned, UTCDateTime, utcnow

RECEIVED = "recu"
VALIDATED = "valide"
REFUSED = "refuse"
DOCUMENT_STATUSES = {RECEIVED: _("Reçu"), VALIDATED: _("Validé"), REFUSED: _("Refusé")}


class Document(TenantOwned, Base):
    """A supporting document a family sent, about the family or one child.

    The file itself is in the file store (``storage_key``); ``mime_type`` was recognised
    from its content. Agents validate or refuse it (with a reason the family reads).
    """

    __tablename__ = "family_document"
    __table_args__ = (Index("ix_family_document_queue", "tenant_id", "status", "uploaded_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id"), index=True)
    child_id: Mapped[int | None] = mapped_column(ForeignKey("child.id"), index=True)
    name: Mapped[str] = mapped_column(String(150))
    doc_type: Mapped[str] = mapped_column(String(150), default="")
    filename: Mapped[str] = mapped_column(String(255))
    mime_type: Mapped[str] = mapped_column(String(50))
    size: Mapped[int]
    storage_key: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(10), default=RECEIVED)
    refusal_reason: Mapped[str] = mapped_column(String(500), default="")
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    family = relationship("Family")
    child = relationship("Child")

    @property
    def status_label(self):
        return DOCUMENT_STATUSES[self.status]

    @property
    def concerns(self):
        """What the document is about, as the family reads it ("Dossier" column)."""
        return self.child.full_name if self.child is not None else _("Dossier famille")
