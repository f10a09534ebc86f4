"""Loading what a booking step works on: the period, the children, their lines, the places.

Every loader is scoped on the tenant, children on the family, and each is one query
whatever the number of days or children, so the planning, the recap and the
confirmation keep a constant number of queries.
"""

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from sqlalchemy import select, tuple_
from sqlalchemy.orm import joinedload

from portail_core.models.bookings import (
    BOOKING,
    LIVE_STATES,
    Enrolment,
    Period,
    PeriodUnit,
    Presence,
    UnitDay,
)
from portail_core.models.family import Child
from portail_core.services.bookings.errors import BookingError, NotFound
from portail_core.services.bookings.rules import PeriodRules, policy_for


@dataclass
class BookingContext:
    """A period and the enrolled children of one family a selection applies to."""

    period: Period
    children: list  # the référent first, then the siblings, in the order asked
    rules: PeriodRules

    @property
    def referent(self):
        return self.children[0]

    @cached_property
    def units(self):
        """The active units offered, in order (computed once: the grid asks often)."""
        return [unit for unit in self.period.units if unit.active]

    @cached_property
    def unit_ids(self):
        return {unit.id for unit in self.units}


def load_period(dbsession, tenant, period_id):
    """The period with its units and closed days, in one query."""
    period = (
        dbsession.execute(
            select(Period)
            .where(Period.tenant_id == tenant.id, Period.id == period_id)
            .options(
                joinedload(Period.offers).joinedload(PeriodUnit.unit),
                joinedload(Period.closed_days),
            )
        )
        .unique()
        .scalar_one_or_none()
    )
    if period is None:
        raise NotFound()
    return period


def enrolled_children(dbsession, tenant, family_id, period_id, child_ids):
    """The family's current children among ``child_ids`` enrolled in the period, in the
    order of ``child_ids`` (one query)."""
    rows = dbsession.scalars(
        select(Child)
        .join(Enrolment, Enrolment.child_id == Child.id)
        .where(
            Child.tenant_id == tenant.id,
            Child.family_id == family_id,
            Child.id.in_(child_ids),
            Child.archived.is_(False),
            Enrolment.period_id == period_id,
        )
    ).all()
    by_id = {child.id: child for child in rows}
    return [by_id[child_id] for child_id in child_ids if child_id in by_id]


def load_context(dbsession, tenant, family_id, period_id, child_ids, now):
    """The booking context, or :class:`NotFound` when the family may not book it.

    The référent must be the family's child and enrolled in the period, else 404;
    siblings that are not (any longer) enrolled are left out.
    """
    child_ids = list(dict.fromkeys(child_ids))
    children = enrolled_children(dbsession, tenant, family_id, period_id, child_ids)
    if not children or children[0].id != child_ids[0]:
        raise NotFound()
    period = load_period(dbsession, tenant, period_id)
    rules = PeriodRules(period, policy_for(tenant, period), now)
    if not rules.open_for_booking:
        raise BookingError(
            "Cette période n'est plus ouverte aux réservations "
            f"(il fallait valider avant le {period.last_booking_day:%d/%m/%Y})."
        )
    return BookingContext(period, children, rules)


def child_lines(dbsession, tenant, child_ids, period, live_only=False, cells=None):
    """The booking lines of the children on the period's units and days.

    :param cells: restrict to these (unit_id, day) pairs.
    Rows (``id``, ``child_id``, ``unit_id``, ``day``, ``state``) rather than objects: they
    are only read. They come oldest first, so a later line of a cell overrides an earlier
    one in a dict.
    """
    query = select(
        Presence.id, Presence.child_id, Presence.unit_id, Presence.day, Presence.state
    ).where(
        Presence.tenant_id == tenant.id,
        Presence.kind == BOOKING,
        Presence.child_id.in_(child_ids),
        Presence.day.between(period.start_date, period.end_date),
        Presence.unit_id.in_([offer.unit_id for offer in period.offers]),
    )
    if live_only:
        query = query.where(Presence.state.in_(LIVE_STATES))
    if cells is not None:
        if not cells:
            return []
        query = query.where(tuple_(Presence.unit_id, Presence.day).in_(sorted(cells)))
    return dbsession.execute(query.order_by(Presence.id)).all()


def places(dbsession, tenant, units, first: date, last: date):
    """``{(unit_id, day): places left}`` for the units between two days.

    A cell without a ``unit_day`` row yet has the unit's whole capacity.
    """
    rows = dbsession.execute(
        select(UnitDay.unit_id, UnitDay.day, UnitDay.capacity, UnitDay.booked).where(
            UnitDay.tenant_id == tenant.id,
            UnitDay.unit_id.in_([unit.id for unit in units]),
            UnitDay.day.between(first, last),
        )
    ).all()
    left = {(row.unit_id, row.day): max(row.capacity - row.booked, 0) for row in rows}
    return PlacesLeft(left, {unit.id: unit.capacity for unit in units})


class PlacesLeft:
    """Places left per cell, defaulting to the unit's capacity."""

    def __init__(self, left, capacities):
        self._left = left
        self._capacities = capacities

    def __call__(self, unit_id, day):
        return self._left.get((unit_id, day), self._capacities.get(unit_id, 0))
