"""Rate limits, per account and per address, never globally, counted in the database.

A global cap would turn away a whole town of parents at opening time; counting per
account stops guessing on one login, and per address stops one machine from trying many.
Each limit is named ``<action>_per_account`` or ``<action>_per_address``; the ini sets
them (``settings.rate_limits_from_settings``). The hits live in the database, so a limit
holds across the server's workers; windows slide: old hits stop counting by themselves.
"""

import math
import random

from sqlalchemy import delete, select

from portail_core.models.accounts import RateLimitHit
from portail_core.models.types import utcnow

ACCOUNT = "account"
ADDRESS = "address"
PURGE_PROBABILITY = 0.01


class RateLimiter:
    """Counts hits of named actions for one tenant and says how long a caller must wait."""

    def __init__(self, dbsession, tenant_id, limits):
        self.dbsession = dbsession
        self.tenant_id = tenant_id
        self.limits = limits

    def _scopes(self, account, address):
        return [(s, k) for s, k in ((ACCOUNT, account), (ADDRESS, address)) if k]

    def retry_after(self, action, account=None, address=None, now=None):
        """Seconds to wait before ``action`` is allowed again for this account or address
        (0: allowed now)."""
        now = now or utcnow()
        wait = 0
        for scope, key in self._scopes(account, address):
            limit = self.limits[f"{action}_per_{scope}"]
            # The limit-th most recent hit in the window: when it leaves the window, the
            # caller is back under the limit. One indexed look-up, whatever the history.
            oldest_counted = self.dbsession.scalar(
                select(RateLimitHit.hit_at)
                .where(
                    RateLimitHit.tenant_id == self.tenant_id,
                    RateLimitHit.action == action,
                    RateLimitHit.scope == scope,
                    RateLimitHit.key == key[:254],
                    RateLimitHit.hit_at > now - limit.window,
                )
                .order_by(RateLimitHit.hit_at.desc())
                .offset(limit.count - 1)
                .limit(1)
            )
            if oldest_counted is not None:
                seconds = (oldest_counted + limit.window - now).total_seconds()
                wait = max(wait, math.ceil(seconds), 1)
        return wait

    def hit(self, action, account=None, address=None):
        """Count one attempt of ``action`` for this account and this address."""
        now = utcnow()
        self.dbsession.add_all(
            RateLimitHit(tenant_id=self.tenant_id, action=action, scope=s, key=k[:254], hit_at=now)
            for s, k in self._scopes(account, address)
        )
        if random.random() < PURGE_PROBABILITY:  # noqa: S311 - housekeeping, not security
            self.purge_expired()

    def clear(self, action, account):
        """A success forgets that account's hits of ``action`` (not the address's)."""
        self.dbsession.execute(
            delete(RateLimitHit).where(
                RateLimitHit.tenant_id == self.tenant_id,
                RateLimitHit.action == action,
                RateLimitHit.scope == ACCOUNT,
                RateLimitHit.key == account[:254],
            )
        )

    def purge_expired(self):
        """Forget the tenant's hits older than the longest window."""
        longest = max(limit.window for limit in self.limits.values())
        self.dbsession.execute(
            delete(RateLimitHit).where(
                RateLimitHit.tenant_id == self.tenant_id, RateLimitHit.hit_at < utcnow() - longest
            )
        )
