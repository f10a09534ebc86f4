"""How long a login lasts: 30 minutes idle, 12 hours in all (settings), ended by a logout.

The cookie's state (stored server-side, see :mod:`portail_core.sessions`) names a
``login_session`` row; the query that loads the user on every page behind a login joins
that row, so a logout or an expiry holds in every process without a cache to invalidate.
The activity stamp is refreshed only when it is older than ``TOUCH_EVERY``: a parent
browsing for ten minutes costs ten small updates, not one per page.
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import bindparam, select, update

from portail_core.i18n import _
from portail_core.models.accounts import User
from portail_core.models.sessions import LoginSession
from portail_core.models.types import utcnow

TOUCH_EVERY = timedelta(seconds=60)
IDLE, ABSOLUTE, LOGOUT = "idle", "absolute", "logout"

# Shown on the login page after the server ended a session.
END_MESSAGES = {
    IDLE: _(
        "Votre session a pris fin après ${idle} minutes sans activité : "
        "reconnectez-vous pour continuer."
    ),
    ABSOLUTE: _(
        "Votre session a pris fin : par sécurité, une connexion dure au plus "
        "${hours} heures. Reconnectez-vous pour continuer."
    ),
}

USER_OF_LOGIN = (
    select(User, LoginSession.created_at, LoginSession.last_seen_at)
    .join(LoginSession, LoginSession.user_id == User.id)
    .where(
        User.id == bindparam("user_id"),
        User.tenant_id == bindparam("tenant_id"),
        LoginSession.id == bindparam("sid"),
        LoginSession.tenant_id == bindparam("tenant_id"),
        LoginSession.ended_at.is_(None),
    )
)


@dataclass(frozen=True)
class Lifetimes:
    idle: timedelta
    absolute: timedelta

    @classmethod
    def from_settings(cls, settings):
        return cls(
            idle=timedelta(seconds=int(settings.get("portail.session_idle_timeout", 1800))),
            absolute=timedelta(seconds=int(settings.get("portail.session_max_age", 43200))),
        )

    def message(self, reason):
        template = END_MESSAGES.get(reason)
        if template is None:
            return None
        idle = int(self.idle.total_seconds() // 60)
        hours = int(self.absolute.total_seconds() // 3600)
        return _(template, mapping={"idle": idle, "hours": hours})


class LoginSessions:
    """Start, check and end the logins of one tenant."""

    def __init__(self, dbsession, tenant_id, lifetimes):
        self.dbsession = dbsession
        self.tenant_id = tenant_id
        self.lifetimes = lifetimes

    def start(self, user):
        now = utcnow()
        sid = secrets.token_urlsafe(32)
        self.dbsession.add(
            LoginSession(
                id=sid, tenant_id=self.tenant_id, user_id=user.id, created_at=now, last_seen_at=now
            )
        )
        self.dbsession.flush()
        return sid

    def check(self, user_id, sid):
        """``(user, None)`` for a live login, ``(None, reason)`` for an ended one."""
        row = self.dbsession.execute(
            USER_OF_LOGIN, {"user_id": user_id, "tenant_id": self.tenant_id, "sid": sid}
        ).first()
        if row is None:
            return None, None
        user, created_at, last_seen_at = row
        now = utcnow()
        reason = None
        if now - created_at > self.lifetimes.absolute:
            reason = ABSOLUTE
        elif now - last_seen_at > self.lifetimes.idle:
            reason = IDLE
        if reason is not None:
            self.end(sid, reason)
            return None, reason
        if now - last_seen_at > TOUCH_EVERY:
            self._update(sid, last_seen_at=now)
        return user, None

    def end(self, sid, reason=LOGOUT):
        self._update(sid, ended_at=utcnow(), end_reason=reason)

    def end_all(self, user_id, reason):
        self.dbsession.execute(
            update(LoginSession)
            .where(
                LoginSession.user_id == user_id,
                LoginSession.tenant_id == self.tenant_id,
                LoginSession.ended_at.is_(None),
            )
            .values(ended_at=utcnow(), end_reason=reason)
        )

    def _update(self, sid, **values):
        self.dbsession.execute(
            update(LoginSession)
            .where(LoginSession.id == sid, LoginSession.tenant_id == self.tenant_id)
            .values(**values)
        )
