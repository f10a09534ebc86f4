"""Demonstration of shared custody: one child living in two households of a commune.

Commune plugins call :func:`shared_custody` from ``portail_demo_data`` once their periods
are open: the two households get their own logins, address and QF; the child is linked
to the second one with alternate weeks (the primary household has the current week) and
enrolled in the periods the demo opened, so each guardian sees the grid with the other
household's days. The primary household's second guardian has no parental authority.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from portail_core.calendar import now_paris
from portail_core.demo.family import FamilyDemo, guardian
from portail_core.models.bookings import Enrolment, Period
from portail_core.models.households import ALTERNATE, NO_AUTHORITY
from portail_core.services.bookings.enrolments import EnrolmentService
from portail_core.services.bookings.rules import monday_of
from portail_core.services.family.households import HouseholdService


@dataclass
class Household:
    """One household of the demo: its name, login, guardian, address and QF."""

    name: str
    email: str
    password: str
    first_name: str
    address: dict
    quotient_familial: str
    phone: str
    extra_guardians: list = field(default_factory=list)


def _family(demo, household, children=()):
    family = demo.family(
        household.name,
        household.email,
        household.password,
        household.first_name,
        household.name,
        children=children,
    )
    demo.dbsession.flush()
    values = guardian(
        "Madame" if household.first_name[-1] == "e" else "Monsieur",
        household.name,
        household.first_name,
        household.phone,
        email=household.email,
    )
    FamilyDemo(demo, household.name).file(
        household.address,
        [values, *household.extra_guardians],
        quotient_familial=Decimal(household.quotient_familial),
    )
    return family


def shared_custody(demo, primary, second, child_name, birth_date: date, birth_place):
    """Both households, the child linked with alternate weeks and enrolled; the child."""
    family = _family(demo, primary, [(child_name, birth_date, birth_place)])
    other = _family(demo, second)
    child = family.children[0]
    service = HouseholdService(demo.dbsession, demo.tenant)
    service.link(child, other.id, None)
    service.set_custody(
        child,
        {
            "schedule": ALTERNATE,
            "start_date": monday_of(now_paris().date()),
            "first_household": 1,
            "weekdays": "0000000",
            "allow_both": False,
        },
        {},
        None,
    )
    if primary.extra_guardians:
        restricted = family.guardian(2)
        service.set_restriction(restricted, NO_AUTHORITY, "Jugement du 12/03/2024", None)
    periods = demo.dbsession.scalars(
        select(Enrolment.period_id).where(Enrolment.tenant_id == demo.tenant.id).distinct()
    ).all()
    enrolments = EnrolmentService(demo.dbsession, demo.tenant)
    for period in _periods(demo, periods):
        enrolments.enrol(period, [child.id])
    demo.dbsession.flush()
    return child


def _periods(demo, ids):
    return demo.dbsession.scalars(
        select(Period).where(Period.tenant_id == demo.tenant.id, Period.id.in_(ids or [0]))
    ).all()
