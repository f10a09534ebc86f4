"""Demonstration bookings: commune plugins open periods around the day the demo is loaded.

Everything goes through the bookings services (synchronisation, periods, enrolments,
confirmation), so the demo rows are exactly what real use would have made.
"""

from datetime import date, timedelta

from sqlalchemy import select

from portail_core.calendar import now_paris
from portail_core.models.bookings import Establishment
from portail_core.models.family import Family
from portail_core.services.bookings.booking import BookingService
from portail_core.services.bookings.catalog import CatalogService
from portail_core.services.bookings.context import load_context
from portail_core.services.bookings.draft import Draft
from portail_core.services.bookings.enrolments import EnrolmentService
from portail_core.services.bookings.rules import monday_of

SEASONS = {12: "Hiver", 1: "Hiver", 2: "Hiver", 3: "Printemps", 4: "Printemps", 5: "Printemps"}
SEASONS.update({6: "Été", 7: "Été", 8: "Été", 9: "Automne", 10: "Automne", 11: "Automne"})


def season(day: date) -> str:
    """ "Automne 2026": the season and year of a day, for periods' names."""
    return f"{SEASONS[day.month]} {day.year}"


def school_year(day: date) -> tuple[date, date]:
    """The school year holding ``day``: from 1 September to the first Friday of July."""
    start_year = day.year if day.month >= 8 else day.year - 1
    end = date(start_year + 1, 7, 1)
    while end.weekday() != 4:
        end += timedelta(days=1)
    return date(start_year, 9, 1), end


class BookingDemo:
    """Opens a commune's demo periods, enrols its demo children, books a few days."""

    def __init__(self, demo):
        self.dbsession = demo.dbsession
        self.tenant = demo.tenant
        self.now = now_paris()
        self.today = self.now.date()
        self.catalog = CatalogService(self.dbsession, self.tenant)
        self.catalog.sync()

    def establishment(self, code):
        return self.dbsession.scalar(
            select(Establishment).where(
                Establishment.tenant_id == self.tenant.id, Establishment.code == code
            )
        )

    def period(self, code, name, start, end, weekdays, units=None, closed=(), **overrides):
        """A period of establishment ``code``; ``closed`` is ``(first, last, reason)`` ranges."""
        establishment = self.establishment(code)
        offered = [unit.id for unit in establishment.units if units is None or unit.code in units]
        period = self.catalog.save_period(
            None,
            establishment,
            {
                "name": name,
                "start_date": start,
                "end_date": end,
                "last_booking_day": end,
                "weekdays": set(weekdays),
                "units": offered,
                "auto_accept": overrides.get("auto_accept"),
                "when_full": overrides.get("when_full"),
            },
        )
        for first, last, reason in closed:
            self.catalog.close_days(period, first, last, reason)
        return period

    def this_monday(self):
        return monday_of(self.today)

    def children(self, family_name):
        family = self.dbsession.scalar(
            select(Family).where(Family.tenant_id == self.tenant.id, Family.name == family_name)
        )
        return family, {child.first_name: child for child in family.children}

    def enrol(self, period, children):
        EnrolmentService(self.dbsession, self.tenant).enrol(period, [c.id for c in children])

    def book(self, period, family, child, unit_code, count):
        """Confirm a request for the first ``count`` bookable days of a unit."""
        context = load_context(
            self.dbsession, self.tenant, family.id, period.id, [child.id], self.now
        )
        unit = next(unit for unit in context.units if unit.code == unit_code)
        draft = Draft.new(period, [child.id])
        days = [day for day in context.rules.days() if context.rules.status(day).bookable]
        for day in days[:count]:
            draft.want(unit.id, day, True, live=False)
        service = BookingService(self.dbsession, self.tenant)
        return service.confirm(context, draft, family.id, None, self.now).reservations
