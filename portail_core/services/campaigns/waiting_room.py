"""The waiting room of a first-come campaign: tickets in order of arrival, a cursor of admission.

The queue is in the database, so it holds across workers and restarts. The cursor is
computed, never stored: ``rate`` families at the opening, then ``rate`` more each minute.
Checking a family's turn is one indexed statement (its ticket); taking a ticket increments
the campaign's counter in one ``UPDATE … RETURNING``, whose row lock lasts only that
transaction. A parent who closes the tab keeps the position for ``KEEP`` minutes.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, select, update
from sqlalchemy.exc import IntegrityError
from zope.sqlalchemy import mark_changed

from portail_core.models.campaigns import QUEUE, Campaign, WaitingTicket
from portail_core.services.campaigns import schedule

KEEP = timedelta(minutes=5)  # a tab closed keeps its position this long
TOUCH = timedelta(minutes=2)  # last_seen_at is written at most this often, until let in
REFRESH_SECONDS = 15  # the waiting page reloads itself this often

# A family's ticket: built once, run with bound parameters (the unique index answers it).
_TICKET = select(WaitingTicket.position, WaitingTicket.last_seen_at).where(
    WaitingTicket.campaign_id == bindparam("campaign_id"),
    WaitingTicket.family_id == bindparam("family_id"),
)


@dataclass(frozen=True)
class Turn:
    """Where a family stands in a waiting room at a moment."""

    campaign: Campaign
    position: int | None  # None before the opening (no ticket yet)
    admitted: bool
    ahead: int
    minutes: int

    @property
    def opened(self):
        return self.position is not None


def cursor(campaign, now: datetime) -> int:
    """How many positions are let in at ``now``: ``rate`` at opening, ``rate`` a minute after."""
    if now < campaign.opens_at:
        return 0
    elapsed = (now - campaign.opens_at).total_seconds()
    rate = campaign.rate_per_minute
    return rate + math.floor(elapsed * rate / 60)


def admitted_at(campaign, position: int) -> datetime:
    """When the cursor reaches ``position``."""
    rate = campaign.rate_per_minute
    seconds = max(0, position - rate) * 60 / rate
    return campaign.opens_at + timedelta(seconds=math.ceil(seconds))


def lapsed(campaign, position, last_seen_at, now):
    """A ticket lapses when its parent was gone for ``KEEP`` before its turn came."""
    return last_seen_at + KEEP < min(now, admitted_at(campaign, position))


class WaitingRoom:
    """The waiting rooms of one tenant's first-come campaigns."""

    def __init__(self, dbsession, tenant):
        self.dbsession = dbsession
        self.tenant = tenant

    def gate(self, period_id, now):
        """The first-come campaign that guards a period's booking pages now, or ``None``.

        Read from this process's schedule (no statement while it is fresh)."""
        return schedule.guarding(self.dbsession, self.tenant, period_id, now)

    def campaign(self, campaign_id, now):
        """A first-come campaign of the tenant: from the schedule while it is not closed,
        else (closed, or not yet in this process's copy) from the database."""
        opening = schedule.openings(self.dbsession, self.tenant, now).get(campaign_id)
        if opening is not None:
            return opening
        return self.dbsession.scalar(
            select(Campaign).where(
                Campaign.tenant_id == self.tenant.id,
                Campaign.id == campaign_id,
                Campaign.mode == QUEUE,
            )
        )

    def _ticket(self, campaign, family_id):
        return self.dbsession.execute(
            _TICKET, {"campaign_id": campaign.id, "family_id": family_id}
        ).first()

    def is_admitted(self, campaign, family_id, now):
        """The booking pages' check: one indexed statement, no lock."""
        if now < campaign.opens_at:
            return False
        row = self._ticket(campaign, family_id)
        if row is None:
            return False
        position, last_seen_at = row
        return position <= cursor(campaign, now) and not lapsed(
            campaign, position, last_seen_at, now
        )

    def turn(self, campaign, family_id, now):
        """The waiting page: the family's turn, taking (or renewing) its ticket if needed."""
        if now < campaign.opens_at or now >= campaign.closes_at:
            return Turn(campaign, None, False, 0, 0)
        row = self._ticket(campaign, family_id)
        if row is None:
            position = self._take(campaign, family_id, now)
        else:
            position, last_seen_at = row
            if lapsed(campaign, position, last_seen_at, now):
                position = self._renew(campaign, family_id, now)
            elif now - last_seen_at > TOUCH and now < admitted_at(campaign, position):
                # Once its turn has come a ticket can no longer lapse: no stamp to write.
                self._touch(campaign, family_id, now)
        let_in = cursor(campaign, now)
        ahead = max(0, position - let_in)
        minutes = math.ceil(ahead / campaign.rate_per_minute)
        return Turn(campaign, position, ahead == 0, ahead, minutes)

    def _next_position(self, campaign):
        mark_changed(self.dbsession)
        return self.dbsession.scalar(
            update(Campaign)
            .where(Campaign.id == campaign.id, Campaign.tenant_id == self.tenant.id)
            .values(tickets_issued=Campaign.tickets_issued + 1)
            .returning(Campaign.tickets_issued)
            .execution_options(synchronize_session=False)
        )

    def _take(self, campaign, family_id, now):
        position = self._next_position(campaign)
        try:
            with self.dbsession.begin_nested():
                self.dbsession.add(
                    WaitingTicket(
                        tenant_id=self.tenant.id,
                        campaign_id=campaign.id,
                        family_id=family_id,
                        position=position,
                        created_at=now,
                        last_seen_at=now,
                    )
                )
        except IntegrityError:  # the family's other tab took a ticket at the same moment
            position = self._ticket(campaign, family_id)[0]
        return position

    def _renew(self, campaign, family_id, now):
        position = self._next_position(campaign)
        self.dbsession.execute(
            update(WaitingTicket)
            .where(WaitingTicket.campaign_id == campaign.id, WaitingTicket.family_id == family_id)
            .values(position=position, created_at=now, last_seen_at=now)
        )
        return position

    def _touch(self, campaign, family_id, now):
        self.dbsession.execute(
            update(WaitingTicket)
            .where(WaitingTicket.campaign_id == campaign.id, WaitingTicket.family_id == family_id)
            .values(last_seen_at=now)
        )
        mark_changed(self.dbsession)

    def statistics(self, campaign, now):
        """For agents: tickets issued, let in so far, still waiting."""
        issued = campaign.tickets_issued
        let_in = min(issued, cursor(campaign, now))
        return {"issued": issued, "admitted": let_in, "waiting": issued - let_in}
