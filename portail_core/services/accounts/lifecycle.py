"""Accounts: creation by agents, activation, login, reset, change of e-mail and password.

Links sent by e-mail carry a random token; only its SHA-256 is stored, it expires and can
be used once. No password is ever sent by e-mail.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update

from portail_core.i18n import _
from portail_core.models.accounts import AGENT, PARENT, AccountToken, User
from portail_core.models.types import utcnow
from portail_core.passwords import hash_password, needs_rehash, verify_password

ACTIVATION = "activation"
RESET = "reset"
EMAIL_CHANGE = "email"
TOKEN_LIFETIMES = {
    ACTIVATION: timedelta(days=7),
    RESET: timedelta(hours=2),
    EMAIL_CHANGE: timedelta(days=1),
}


class AccountError(Exception):
    """A refusal with a French message for the user."""


@dataclass
class IssuedToken:
    token: str
    record: AccountToken


def _digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


def new_stamp():
    return secrets.token_hex(16)


class AccountService:
    def __init__(self, dbsession, tenant_id):
        self.dbsession = dbsession
        self.tenant_id = tenant_id

    # -- look-ups -------------------------------------------------------------------
    def by_email(self, email):
        return self.dbsession.scalar(
            select(User).where(User.tenant_id == self.tenant_id, User.email == email.lower())
        )

    def by_id(self, user_id):
        return self.dbsession.scalar(
            select(User).where(User.tenant_id == self.tenant_id, User.id == user_id)
        )

    def email_taken(self, email):
        return self.by_email(email) is not None

    # -- creation -------------------------------------------------------------------
    def create_user(self, email, role, first_name="", last_name="", family=None):
        """Create an account without a password; its owner sets one through activation."""
        if self.email_taken(email):
            raise AccountError(_("Un compte utilise déjà cette adresse e-mail."))
        user = User(
            tenant_id=self.tenant_id,
            email=email.lower(),
            role=role,
            first_name=first_name,
            last_name=last_name,
            family=family,
            security_stamp=new_stamp(),
        )
        self.dbsession.add(user)
        self.dbsession.flush()
        return user

    def create_parent(self, email, family, first_name="", last_name=""):
        return self.create_user(email, PARENT, first_name, last_name, family)

    def create_agent(self, email, first_name, last_name, role=AGENT):
        return self.create_user(email, role, first_name, last_name)

    # -- tokens ---------------------------------------------------------------------
    def issue_token(self, user, purpose, new_email=None):
        """A fresh single-use link token; earlier unused ones of that purpose die."""
        now = utcnow()
        self.dbsession.execute(
            update(AccountToken)
            .where(
                AccountToken.tenant_id == self.tenant_id,
                AccountToken.user_id == user.id,
                AccountToken.purpose == purpose,
                AccountToken.used_at.is_(None),
            )
            .values(used_at=now)
        )
        token = secrets.token_urlsafe(32)
        record = AccountToken(
            tenant_id=self.tenant_id,
            user=user,
            purpose=purpose,
            token_hash=_digest(token),
            new_email=new_email,
            created_at=now,
            expires_at=now + TOKEN_LIFETIMES[purpose],
        )
        self.dbsession.add(record)
        self.dbsession.flush()
        return IssuedToken(token, record)

    def find_token(self, token, purpose):
        """The live token record for this link, or ``None`` if unknown, used or expired."""
        record = self.dbsession.scalar(
            select(AccountToken).where(
                AccountToken.tenant_id == self.tenant_id,
                AccountToken.token_hash == _digest(token),
                AccountToken.purpose == purpose,
            )
        )
        if record is None or record.used_at is not None or record.expires_at < utcnow():
            return None
        if not record.user.active:
            return None
        return record

    # -- passwords ------------------------------------------------------------------
    def set_password(self, user, password):
        user.password_hash = hash_password(password)
        user.security_stamp = new_stamp()
        if user.activated_at is None:
            user.activated_at = utcnow()

    def complete_with_token(self, record, password):
        """Activation or reset: set the password and spend the token."""
        self.set_password(record.user, password)
        record.used_at = utcnow()
        return record.user

    def authenticate(self, email, password):
        """The active user with these credentials, or ``None``."""
        user = self.by_email(email)
        hashed = user.password_hash if user is not None else None
        if not verify_password(hashed, password) or user is None or not user.active:
            return None
        if needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
        user.last_login_at = utcnow()
        return user

    def change_password(self, user, current, new):
        if not verify_password(user.password_hash, current):
            raise AccountError(_("Le mot de passe actuel est incorrect."))
        self.set_password(user, new)

    # -- e-mail change --------------------------------------------------------------
    def request_email_change(self, user, password, new_email):
        if not verify_password(user.password_hash, password):
            raise AccountError(_("Le mot de passe est incorrect."))
        if new_email == user.email:
            raise AccountError(_("C'est déjà votre adresse de connexion."))
        if self.email_taken(new_email):
            raise AccountError(_("Un compte utilise déjà cette adresse e-mail."))
        return self.issue_token(user, EMAIL_CHANGE, new_email=new_email)

    def confirm_email_change(self, record):
        if self.email_taken(record.new_email):
            raise AccountError(_("Un compte utilise déjà cette adresse e-mail."))
        user = record.user
        old_email = user.email
        user.email = record.new_email
        user.security_stamp = new_stamp()
        record.used_at = utcnow()
        return old_email
