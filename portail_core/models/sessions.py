"""Server-side session data: the signed cookie carries only the key of a row here."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portail_core.models.meta import Base
from portail_core.models.types import TenantOwned, UTCDateTime


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


class LoginSession(TenantOwned, Base):
    """One login, from the password to the logout: what the server knows of it.

    The cookie's state names it (``auth.sid``); every page behind a login reads it in the
    same query as the user, so a logout or an expiry holds in every process at once.
    ``last_seen_at`` moves at most once a minute (see :mod:`portail_core.login_sessions`).
    """

    __tablename__ = "login_session"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    end_reason: Mapped[str | None] = mapped_column(String(12))
