"""A family's private iCalendar feed of its accepted presences, revocable at any time.

The address carries a random token; only its SHA-256 is stored, so the address is shown
once, when made. Making a new one or revoking it ends the old one.
"""

import hashlib
import secrets
from datetime import timedelta

from icalendar import Calendar, Event
from sqlalchemy import and_, delete, or_, select
from sqlalchemy.orm import joinedload

from portail_core.models.bookings import (
    ACCEPTED,
    BOOKING,
    CalendarFeed,
    Period,
    Presence,
    Reservation,
)
from portail_core.models.family import Child
from portail_core.models.types import utcnow

PAST_DAYS = 62  # a feed shows the last two months and everything ahead
MAX_EVENTS = 3000


def _digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeedService:
    def __init__(self, dbsession, tenant):
        self.dbsession = dbsession
        self.tenant = tenant

    def current(self, family_id):
        return self.dbsession.scalar(
            select(CalendarFeed).where(
                CalendarFeed.tenant_id == self.tenant.id, CalendarFeed.family_id == family_id
            )
        )

    def issue(self, family_id):
        """A new private token for the family (the previous one stops working)."""
        token = secrets.token_urlsafe(32)
        feed = self.current(family_id)
        if feed is None:
            feed = CalendarFeed(tenant_id=self.tenant.id, family_id=family_id)
            self.dbsession.add(feed)
        feed.token_hash = _digest(token)
        feed.created_at = utcnow()
        self.dbsession.flush()
        return token

    def revoke(self, family_id):
        self.dbsession.execute(
            delete(CalendarFeed).where(
                CalendarFeed.tenant_id == self.tenant.id, CalendarFeed.family_id == family_id
            )
        )

    def family_for(self, token):
        feed = self.dbsession.scalar(
            select(CalendarFeed).where(
                CalendarFeed.tenant_id == self.tenant.id,
                CalendarFeed.token_hash == _digest(token or ""),
            )
        )
        return None if feed is None else feed.family_id

    def ics(self, family_id, today, host, town):
        """The family's accepted presences from two months ago on, as iCalendar bytes."""
        lines = self.dbsession.scalars(
            select(Presence)
            .join(Child, Child.id == Presence.child_id)
            .join(Reservation, Reservation.id == Presence.reservation_id)
            .where(
                Presence.tenant_id == self.tenant.id,
                # a child in two households (shared custody): the days this one booked
                or_(
                    and_(Child.family_id == family_id, ~Child.household.has()),
                    Reservation.family_id == family_id,
                ),
                Presence.kind == BOOKING,
                Presence.state == ACCEPTED,
                Presence.day >= today - timedelta(days=PAST_DAYS),
            )
            .options(joinedload(Presence.child), joinedload(Presence.unit))
            .order_by(Presence.day, Presence.unit_id)
            .limit(MAX_EVENTS)
        ).all()
        periods = {
            period.id: period
            for period in self.dbsession.scalars(
                select(Period).where(
                    Period.tenant_id == self.tenant.id,
                    Period.id.in_({line.period_id for line in lines}),
                )
            )
        }
        calendar = Calendar()
        calendar.add("prodid", "-//Portail Familles//Réservations//FR")  # i18n: ignore
        calendar.add("version", "2.0")
        calendar.add(
            "x-wr-calname", f"Réservations — {town}"
        )  # i18n: ignore (a feed has no reader's language)
        stamp = utcnow()
        for line in lines:
            event = Event()
            event.add("uid", f"presence-{line.id}@{host}")
            event.add("dtstamp", stamp)
            event.add("dtstart", line.day)
            event.add("dtend", line.day + timedelta(days=1))
            event.add("summary", f"{line.child.first_name} — {line.unit.label}")
            event.add("description", periods[line.period_id].title)
            calendar.add_component(event)
        return calendar.to_ical()
