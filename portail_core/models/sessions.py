"""Server-side session data: the signed cookie carries only the key of a row here."""

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portail_core.models.meta import Base
from portail_core.models.types import UTCDateTime


class WebSession(Base):
    """One state of a browser session. Rows are keyed by the SHA-256 of their content, so an
    unchanged session writes nothing new; stale rows are purged as they expire.

    Not tenant-owned: the cookie is scoped to one host, and who the user is (and in which
    tenant) is checked on every request by :mod:`portail_core.security`.
    """

    __tablename__ = "web_session"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
