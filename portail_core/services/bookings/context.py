"""Loading what a booking step works on: the period, the children, their lines, the places.

Every loader is scoped on the tenant, children on the family, and each is one query
whatever the number of days or children, so the planning, the recap and the
confirmation keep a constant number of queries. These run on every step of every parent,
so their statements are built once, with bound parameters: SQLAlchemy then neither builds
nor re-keys them per request (its compiled cache still applies).
"""

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from sqlalchemy import (
    Integer,
    String,
    bindparam,
    cast,
    exists,
    literal,
    null,
    or_,
    select,
    tuple_,
    union_all,
)
from sqlalchemy.orm import joinedload

from portail_core.formatting import ShortDate
from portail_core.i18n import _
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
from portail_core.models.households import ChildHousehold
from portail_core.services.bookings.errors import BookingError, NotFound
from portail_core.services.bookings.rules import PeriodRules, policy_for


@dataclass
class BookingContext:
    """A period and the enrolled children of one family a selection applies to."""

    period: Period
    children: list  # the référent first, then the siblings, in the order asked
    rules: PeriodRules
    family_id: int | None = None  # the household booking (shared custody decides days)

    def custody_allows(self, child, day):
        """Whether this household may book ``child`` on ``day`` (its custody schedule)."""
        link = child.household
        if link is None or self.family_id is None:
            return True
        return link.may_book(self.family_id, day, child.family_id)

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


PERIOD = (
    select(Period)
    .where(Period.tenant_id == bindparam("tenant_id"), Period.id == bindparam("period_id"))
    .options(
        joinedload(Period.offers).joinedload(PeriodUnit.unit),
        joinedload(Period.closed_days),
    )
)

ENROLLED_CHILDREN = (
    select(Child)
    .join(Enrolment, Enrolment.child_id == Child.id)
    .where(
        Child.tenant_id == bindparam("tenant_id"),
        # the family's children, and those it shares with another household
        or_(
            Child.family_id == bindparam("family_id"),
            exists().where(
                ChildHousehold.child_id == Child.id,
                ChildHousehold.family_id == bindparam("family_id"),
                ChildHousehold.tenant_id == bindparam("tenant_id"),
            ),
        ),
        Child.id.in_(bindparam("child_ids", expanding=True)),
        Child.archived.is_(False),
        Enrolment.period_id == bindparam("period_id"),
    )
)


# Rows, not objects, are read below: the statements use the tables' columns and run on
# the session's connection, without the ORM's work around an entity query.
_presence = Presence.__table__.c
_unit_day = UnitDay.__table__.c


def _line_conditions():
    """The booking lines of some children on a period's units and days."""
    return (
        _presence.tenant_id == bindparam("tenant_id"),
        _presence.kind == BOOKING,
        _presence.child_id.in_(bindparam("child_ids", expanding=True)),
        _presence.day.between(bindparam("first"), bindparam("last")),
        _presence.unit_id.in_(bindparam("unit_ids", expanding=True)),
    )


def _lines_statement(live_only, cells):
    query = select(
        _presence.id, _presence.child_id, _presence.unit_id, _presence.day, _presence.state
    ).where(*_line_conditions())
    if live_only:
        query = query.where(_presence.state.in_(LIVE_STATES))
    if cells:
        query = query.where(
            tuple_(_presence.unit_id, _presence.day).in_(bindparam("cells", expanding=True))
        )
    return query.order_by(_presence.id)


CHILD_LINES = {
    (live_only, cells): _lines_statement(live_only, cells)
    for live_only in (False, True)
    for cells in (False, True)
}


def _place_conditions(units, first, last):
    """The ``unit_day`` rows of some units between two days (the parameters' names)."""
    return (
        _unit_day.tenant_id == bindparam("tenant_id"),
        _unit_day.unit_id.in_(bindparam(units, expanding=True)),
        _unit_day.day.between(bindparam(first), bindparam(last)),
    )


PLACES = select(_unit_day.unit_id, _unit_day.day, _unit_day.capacity, _unit_day.booked).where(
    *_place_conditions("unit_ids", "first", "last")
)

# The planning page needs both, for a week: one round trip rather than two. The lines
# (tagged "line") come first, oldest first, then the places (tagged "place").
LINES_AND_PLACES = union_all(
    select(
        literal("line").label("tag"),
        _presence.id,
        _presence.child_id,
        _presence.unit_id,
        _presence.day,
        _presence.state,
        cast(null(), Integer).label("capacity"),
        cast(null(), Integer).label("booked"),
    ).where(*_line_conditions()),
    select(
        literal("place").label("tag"),
        cast(null(), Integer).label("id"),
        cast(null(), Integer).label("child_id"),
        _unit_day.unit_id,
        _unit_day.day,
        cast(null(), String).label("state"),
        _unit_day.capacity,
        _unit_day.booked,
    ).where(*_place_conditions("place_unit_ids", "week_first", "week_last")),
).order_by("tag", "id")


def load_period(dbsession, tenant, period_id):
    """The period with its units and closed days, in one query."""
    period = (
        dbsession.execute(PERIOD, {"tenant_id": tenant.id, "period_id": period_id})
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
        ENROLLED_CHILDREN,
        {
            "tenant_id": tenant.id,
            "family_id": family_id,
            "child_ids": list(child_ids),
            "period_id": period_id,
        },
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
            _(
                "Cette période n'est plus ouverte aux réservations "
                "(il fallait valider avant le ${day}).",
                mapping={"day": ShortDate(period.last_booking_day)},
            )
        )
    return BookingContext(period, children, rules, family_id)


def _line_parameters(tenant, child_ids, period):
    return {
        "tenant_id": tenant.id,
        "child_ids": list(child_ids),
        "first": period.start_date,
        "last": period.end_date,
        "unit_ids": [offer.unit_id for offer in period.offers],
    }


def child_lines(dbsession, tenant, child_ids, period, live_only=False, cells=None):
    """The booking lines of the children on the period's units and days.

    :param cells: restrict to these (unit_id, day) pairs.
    Rows (``id``, ``child_id``, ``unit_id``, ``day``, ``state``) rather than objects: they
    are only read. They come oldest first, so a later line of a cell overrides an earlier
    one in a dict.
    """
    if cells is not None and not cells:
        return []
    parameters = _line_parameters(tenant, child_ids, period)
    if cells is not None:
        parameters["cells"] = sorted(cells)
    statement = CHILD_LINES[(bool(live_only), cells is not None)]
    return dbsession.connection().execute(statement, parameters).all()


def places(dbsession, tenant, units, first: date, last: date):
    """``{(unit_id, day): places left}`` for the units between two days.

    A cell without a ``unit_day`` row yet has the unit's whole capacity.
    """
    parameters = {
        "tenant_id": tenant.id,
        "unit_ids": [unit.id for unit in units],
        "first": first,
        "last": last,
    }
    return _places_left(dbsession.connection().execute(PLACES, parameters), units)


def lines_and_places(dbsession, tenant, child_ids, period, units, first: date, last: date):
    """:func:`child_lines` of the children and :func:`places` between two days, read in
    one statement: ``(lines, PlacesLeft)``."""
    parameters = {
        **_line_parameters(tenant, child_ids, period),
        "place_unit_ids": [unit.id for unit in units],
        "week_first": first,
        "week_last": last,
    }
    rows = dbsession.connection().execute(LINES_AND_PLACES, parameters).all()
    lines = [row for row in rows if row.tag == "line"]
    return lines, _places_left((row for row in rows if row.tag == "place"), units)


def _places_left(rows, units):
    left = {(row.unit_id, row.day): max(row.capacity - row.booked, 0) for row in rows}
    return PlacesLeft(left, {unit.id: unit.capacity for unit in units})


class PlacesLeft:
    """Places left per cell, defaulting to the unit's capacity."""

    def __init__(self, left, capacities):
        self._left = left
        self._capacities = capacities

    def __call__(self, unit_id, day):
        return self._left.get((unit_id, day), self._capacities.get(unit_id, 0))
