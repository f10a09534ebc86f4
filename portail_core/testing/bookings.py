"""Arranging bookings in tests: periods, enrolments, families and a fixed clock.

Plain functions on a session (commit what you arrange), for the core's tests and for
commune plugins that test their policies end to end.
"""

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from portail_core.calendar import PARIS
from portail_core.demo import DemoBuilder
from portail_core.models.bookings import Establishment
from portail_core.services.bookings import clock
from portail_core.services.bookings.catalog import CatalogService
from portail_core.services.bookings.enrolments import EnrolmentService


def paris(year, month, day, hour=9, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=PARIS)


def freeze(monkeypatch, moment):
    """Make the bookings' clock answer ``moment`` (an aware datetime)."""
    monkeypatch.setattr(clock, "now", lambda: moment)


def establishment(dbsession, tenant, code):
    """The tenant's establishment ``code``, synchronised from its plugins if needed."""
    query = select(Establishment).where(
        Establishment.tenant_id == tenant.id, Establishment.code == code
    )
    row = dbsession.scalar(query)
    if row is None:
        CatalogService(dbsession, tenant).sync()
        row = dbsession.scalar(query)
    return row


def make_period(
    dbsession,
    tenant,
    code,
    start,
    days=14,
    name=None,
    weekdays=(0, 1, 2, 3, 4),
    units=None,
    capacity=None,
    last_booking_day=None,
    **overrides,
):
    """A period of ``days`` days from ``start`` in establishment ``code``.

    :param units: unit codes offered (default: all); ``capacity`` sets theirs.
    """
    row = establishment(dbsession, tenant, code)
    offered = [unit for unit in row.units if units is None or unit.code in units]
    if capacity is not None:
        for unit in offered:
            unit.capacity = capacity
    end = start + timedelta(days=days - 1)
    values = {
        "name": name or f"PÉRIODE DE TEST {start:%d/%m}",
        "start_date": start,
        "end_date": end,
        "last_booking_day": last_booking_day or end,
        "weekdays": set(weekdays),
        "units": [unit.id for unit in offered],
        "auto_accept": overrides.get("auto_accept"),
        "when_full": overrides.get("when_full"),
    }
    return CatalogService(dbsession, tenant).save_period(None, row, values)


def enrol(dbsession, tenant, period, children):
    EnrolmentService(dbsession, tenant).enrol(period, [child.id for child in children])


def make_family(dbsession, tenant, name, email, password, first_names, birth=date(2015, 3, 1)):
    """A family with an activated parent login and children (first names given)."""
    builder = DemoBuilder(dbsession, tenant)
    children = [(first, birth, "") for first in first_names]
    family = builder.family(name, email, password, "Parent", name, children=children)
    dbsession.flush()
    return family


def noon(day):
    return datetime.combine(day, time(12, 0), tzinfo=PARIS)
