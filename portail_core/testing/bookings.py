"""Arranging bookings in tests: periods, enrolments, families and a fixed clock.

Plain functions on a session (commit what you arrange), for the core's tests and for
commune plugins that test their policies end to end.
"""

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from portail_core.calendar import PARIS
from portail_core.demo.builder import DemoBuilder
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


def book(dbsession, tenant, family, period, children, unit, days, now, cancel=False):
    """Confirm a request (or a cancellation) through the service, as the portal does."""
    from portail_core.services.bookings.booking import BookingService
    from portail_core.services.bookings.context import load_context
    from portail_core.services.bookings.draft import Draft

    ids = [child.id for child in children]
    context = load_context(dbsession, tenant, family.id, period.id, ids, now)
    draft = Draft.new(period, ids)
    for day in days:
        draft.want(unit.id, day, not cancel, live=cancel)
    return BookingService(dbsession, tenant).confirm(context, draft, family.id, None, now)


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


# -- driving the parents' pages with WebTest ------------------------------------------


def cell(unit, day):
    """The planning checkbox value of a unit on a day."""
    return f"{unit.id}:{day.isoformat()}"


def open_planning(client, child, period, siblings=(), status=303):
    """ "Choix de l'établissement et de la période" then "Continuer": the planning page."""
    page = client.get(f"/reservations/nouvelle/{child.id}", params={"periode": period.id})
    form = page.forms["choose"]
    for sibling in siblings:
        for box in form.fields.get("enfants", ()):
            if box._value == str(sibling.id):
                box.checked = True
    response = form.submit(status=status)
    return response.follow() if status == 303 else response


def planning_week(client, child, period, monday):
    return client.get(f"/reservations/planning/{period.id}/{child.id}?semaine={monday.isoformat()}")


def set_cells(page, ticked=(), unticked=()):
    """Tick and untick cells of the planning form shown; returns the form."""
    form = page.forms["planning"]
    for box in form.fields.get("cases", ()):
        if box._value in ticked:
            box.checked = True
        if box._value in unticked:
            box.checked = False
    return form


def validate_and_confirm(page, ticked=(), unticked=()):
    """Tick, "Valider le planning", "Confirmer la réservation": the saved page."""
    recap = set_cells(page, ticked, unticked).submit("valider").follow()
    return recap.forms["recap"].submit("confirmer").follow()
