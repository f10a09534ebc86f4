"""Throttling of failed logins, per account and per address, never globally.

A global cap would turn away a whole town of parents at opening time; counting per
account stops password guessing on one login, and per address stops one machine from
trying many logins. Both windows slide: old failures stop counting by themselves.
"""

from datetime import timedelta

from sqlalchemy import delete, func, select

from portail_core.models.accounts import LoginFailure
from portail_core.models.types import utcnow

ACCOUNT = "account"
ADDRESS = "address"
WINDOW = timedelta(minutes=15)
LIMITS = {ACCOUNT: 5, ADDRESS: 30}


class LoginThrottle:
    def __init__(self, dbsession, tenant_id):
        self.dbsession = dbsession
        self.tenant_id = tenant_id

    def _count(self, scope, key, since):
        return self.dbsession.scalar(
            select(func.count(LoginFailure.id)).where(
                LoginFailure.tenant_id == self.tenant_id,
                LoginFailure.scope == scope,
                LoginFailure.key == key,
                LoginFailure.failed_at > since,
            )
        )

    def blocked(self, login, address):
        """True when this login or this address has failed too often lately."""
        since = utcnow() - WINDOW
        return (
            self._count(ACCOUNT, login, since) >= LIMITS[ACCOUNT]
            or self._count(ADDRESS, address, since) >= LIMITS[ADDRESS]
        )

    def record_failure(self, login, address):
        now = utcnow()
        self.dbsession.add_all(
            [
                LoginFailure(tenant_id=self.tenant_id, scope=ACCOUNT, key=login, failed_at=now),
                LoginFailure(tenant_id=self.tenant_id, scope=ADDRESS, key=address, failed_at=now),
            ]
        )

    def clear(self, login):
        """A successful login forgets that account's failures (not the address's)."""
        self.dbsession.execute(
            delete(LoginFailure).where(
                LoginFailure.tenant_id == self.tenant_id,
                LoginFailure.scope == ACCOUNT,
                LoginFailure.key == login,
            )
        )

    def purge_expired(self):
        self.dbsession.execute(
            delete(LoginFailure).where(LoginFailure.failed_at < utcnow() - WINDOW)
        )
