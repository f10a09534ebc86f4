"""Logins (parents, agents, administrators, operators), one-time tokens, two-step login,
the hits counted by the rate limits."""

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portail_core.models.meta import Base
from portail_core.models.types import TenantOwned, UTCDateTime, utcnow

PARENT = "parent"
AGENT = "agent"
ADMIN = "admin"
OPERATOR = "operator"
ROLES = (PARENT, AGENT, ADMIN, OPERATOR)

# Operators run the whole deployment: their accounts live under this reserved tenant id,
# which no tenant file may take (tenant ids start with a letter).
OPERATOR_TENANT = "_operateur"


class User(TenantOwned, Base):
    """A login. The same e-mail may own separate accounts in two communes."""

    __tablename__ = "user_account"
    __table_args__ = (UniqueConstraint("tenant_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    first_name: Mapped[str] = mapped_column(String(100), default="")
    last_name: Mapped[str] = mapped_column(String(100), default="")
    family_id: Mapped[int | None] = mapped_column(ForeignKey("family.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    # Rotated when the password or the e-mail changes: sessions holding the old one end.
    security_stamp: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    activated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Two-step login (TOTP): a secret without ``totp_enabled_at`` is an enrolment under way.
    # The secret is a credential: it is never logged nor shown once enrolment is done.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The last 30-second step whose code was accepted: a code serves once.
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    # The interface language chosen with the header's switch ("fr", "en"); None until the
    # person chooses: pages then follow the browser, e-mails the portal's default (French).
    language: Mapped[str | None] = mapped_column(String(10))

    family = relationship("Family", back_populates="users")

    def __repr__(self):  # never the secret nor the hash
        return f"<User {self.id} {self.tenant_id} {self.role}>"

    @property
    def two_step_enabled(self):
        return self.totp_enabled_at is not None

    @property
    def display_name(self):
        return f"{self.first_name} {self.last_name}".strip() or self.email

    @property
    def is_agent(self):
        return self.role in (AGENT, ADMIN)


class AccountToken(TenantOwned, Base):
    """A single-use, expiring link: activation, password reset, change of e-mail.

    Only the SHA-256 of the token is stored, so a database leak gives no usable link.
    """

    __tablename__ = "account_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    new_email: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user = relationship("User")


class RecoveryCode(TenantOwned, Base):
    """A recovery code of two-step login: only its SHA-256 is kept, it serves once."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class RateLimitHit(TenantOwned, Base):
    """One attempt counted by a rate limit (a failed login, a reset asked, a message sent…),
    per account or per address; kept in the database so that every worker sees it."""

    __tablename__ = "rate_limit_hit"
    __table_args__ = (
        Index("ix_rate_limit_hit_lookup", "tenant_id", "action", "scope", "key", "hit_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    action: Mapped[str] = mapped_column(String(20))
    scope: Mapped[str] = mapped_column(String(10))
    key: Mapped[str] = mapped_column(String(254))
    hit_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
