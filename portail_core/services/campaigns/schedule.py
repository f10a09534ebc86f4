"""Each process's copy of its tenants' first-come campaigns: the waiting rooms' gate for free.

The booking pages ask on every hit "is a first-come campaign guarding this period?". The
answer depends only on times known in advance (opening, closing), so each process keeps,
per tenant, the schedule of its queue campaigns not yet closed — one statement at most
every ``TTL_SECONDS`` — and compares times in Python. A campaign an agent creates or edits
is seen at once by the process that saved it (its copy is dropped after the commit) and by
every other worker within ``TTL_SECONDS``.
"""

import threading
import time
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from portail_core.models.campaigns import QUEUE, Campaign, CampaignPeriod

TTL_SECONDS = 20.0  # how long another worker may miss an agent's change
FORGET = "campaign_schedules_to_forget"  # Session.info key: tenants to drop after commit


@dataclass(frozen=True)
class Opening:
    """What the gate and the waiting page need of a first-come campaign (no counters)."""

    id: int
    title: str
    opens_at: datetime
    closes_at: datetime
    rate_per_minute: int
    period_ids: frozenset


_SCHEDULE = select(
    Campaign.id,
    Campaign.title,
    Campaign.opens_at,
    Campaign.closes_at,
    Campaign.rate_per_minute,
    CampaignPeriod.period_id,
).join(CampaignPeriod, CampaignPeriod.campaign_id == Campaign.id)

_cache = {}  # tenant id -> (monotonic time read, {campaign id: Opening})
_lock = threading.Lock()
clock = time.monotonic  # tests move it to pass the TTL


def _read(dbsession, tenant_id, now):
    """One statement: the tenant's queue campaigns not yet closed, with their periods."""
    rows = dbsession.execute(
        _SCHEDULE.where(
            Campaign.tenant_id == tenant_id,
            Campaign.mode == QUEUE,
            Campaign.finished_at.is_(None),
            Campaign.closes_at > now,
        )
    )
    fields, periods = {}, {}
    for campaign_id, title, opens_at, closes_at, rate, period_id in rows:
        fields[campaign_id] = (title, opens_at, closes_at, rate)
        periods.setdefault(campaign_id, set()).add(period_id)
    return {cid: Opening(cid, *values, frozenset(periods[cid])) for cid, values in fields.items()}


def openings(dbsession, tenant, now):
    """The tenant's first-come campaigns not closed when last read, at most TTL old."""
    entry = _cache.get(tenant.id)
    moment = clock()
    if entry is not None and moment - entry[0] < TTL_SECONDS:
        return entry[1]
    schedule = _read(dbsession, tenant.id, now)
    with _lock:
        _cache[tenant.id] = (moment, schedule)
    return schedule


def guarding(dbsession, tenant, period_id, now):
    """The first-come campaign guarding ``period_id`` at ``now`` (until it closes), or None."""
    guards = [
        opening
        for opening in openings(dbsession, tenant, now).values()
        if period_id in opening.period_ids and opening.closes_at > now
    ]
    return min(guards, key=lambda opening: opening.opens_at, default=None)


def forget(tenant_id=None):
    """Drop this process's copy for a tenant (every tenant with ``None``)."""
    with _lock:
        if tenant_id is None:
            _cache.clear()
        else:
            _cache.pop(tenant_id, None)


def changed(dbsession, tenant_id):
    """A campaign of the tenant changed in this session: drop the copy now and after commit
    (a request of this process reading in between would otherwise keep the old one)."""
    forget(tenant_id)
    dbsession.info.setdefault(FORGET, set()).add(tenant_id)


@event.listens_for(Session, "after_commit")
def _forget_after_commit(session):
    for tenant_id in session.info.pop(FORGET, ()):
        forget(tenant_id)
