"""Capacity, enforced in the database: the ``unit_day`` rows are the locks of each cell.

Rule: a booking line changes state only while its (unit, day) row is locked (an upsert
or ``SELECT … FOR UPDATE``, always in (unit, day) order so that two requests never wait
on each other in a circle). Under that lock ``booked`` is exact, so a place is given
only while ``booked < capacity``; ``booked`` is then written as an increment, and the
CHECK ``booked <= capacity`` backs it up. On SQLite the locking statement is a write,
which takes the database's single write lock before anything is read.

Every step is one statement whatever the number of cells, so the query count of a
confirmation does not grow with its days or its children.
"""

from dataclasses import dataclass

from sqlalchemy import case, select, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite
from zope.sqlalchemy import mark_changed

from portail_core.i18n import _
from portail_core.models.bookings import (
    ACCEPTED,
    BOOKING,
    PENDING,
    WAITING,
    Period,
    Presence,
    Unit,
    UnitDay,
)
from portail_core.services.bookings.audit import record_decided

INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}
PROMOTED = _("Place libérée, sortie de la liste d'attente")


def insert_ignoring_duplicates(dbsession, model, rows, keys):
    """``INSERT … ON CONFLICT (keys) DO NOTHING`` for PostgreSQL and SQLite."""
    dialect = dbsession.get_bind().dialect.name
    statement = INSERTS[dialect](model).values(rows).on_conflict_do_nothing(index_elements=keys)
    dbsession.execute(statement)
    mark_changed(dbsession)


@dataclass
class Slot:
    """A locked ``unit_day`` row: its places, as they change in this transaction."""

    id: int
    unit_id: int
    day: object
    capacity: int
    booked: int
    original: int

    @property
    def free(self):
        return self.capacity - self.booked


@dataclass(frozen=True)
class Promotion:
    """A waiting line that got a place: for the e-mail to its family."""

    line_id: int
    reservation_id: int
    child_id: int
    unit_id: int
    day: object
    state: str


class CapacityLedger:
    """Locks the cells a change touches, counts places, promotes waiting lines, writes."""

    def __init__(self, dbsession, tenant):
        self.dbsession = dbsession
        self.tenant = tenant
        self.slots = {}
        self.freed = set()  # cells that gained places here: their waiting lists may move

    def lock(self, cells, capacities=None):
        """Lock the ``unit_day`` rows of ``cells`` ((unit_id, day) pairs), creating them.

        One ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` creates the missing rows, locks
        every row (PostgreSQL locks a row it upserts until the end of the transaction) and
        reads its current places, in (unit, day) order, the order every path locks in.

        :param capacities: ``{unit_id: capacity}`` for new rows; read when not given.
        """
        cells = sorted(set(cells))
        if not cells:
            return self.slots
        if capacities is None:
            capacities = dict(
                self.dbsession.execute(
                    select(Unit.id, Unit.capacity).where(
                        Unit.tenant_id == self.tenant.id,
                        Unit.id.in_({unit_id for unit_id, _ in cells}),
                    )
                ).all()
            )
        rows = [
            {
                "tenant_id": self.tenant.id,
                "unit_id": unit_id,
                "day": day,
                "capacity": capacities[unit_id],
                "booked": 0,
            }
            for unit_id, day in cells
            if unit_id in capacities
        ]
        if not rows:
            return self.slots
        table = UnitDay.__table__
        dialect = self.dbsession.get_bind().dialect.name
        statement = INSERTS[dialect](table).values(rows)
        statement = statement.on_conflict_do_update(
            index_elements=["unit_id", "day"], set_={"booked": table.c.booked}
        ).returning(table.c.id, table.c.unit_id, table.c.day, table.c.capacity, table.c.booked)
        for row in self.dbsession.connection().execute(statement).all():
            self.slots[(row.unit_id, row.day)] = Slot(
                row.id, row.unit_id, row.day, row.capacity, row.booked, row.booked
            )
        mark_changed(self.dbsession)
        return self.slots

    def lock_unit(self, unit_id, first_day):
        """Lock every existing ``unit_day`` row of a unit from ``first_day`` on."""
        rows = self.dbsession.execute(
            select(UnitDay.id, UnitDay.unit_id, UnitDay.day, UnitDay.capacity, UnitDay.booked)
            .where(
                UnitDay.tenant_id == self.tenant.id,
                UnitDay.unit_id == unit_id,
                UnitDay.day >= first_day,
            )
            .order_by(UnitDay.day)
            .with_for_update()
        ).all()
        for row in rows:
            self.slots[(row.unit_id, row.day)] = Slot(
                row.id, row.unit_id, row.day, row.capacity, row.booked, row.booked
            )

    def set_capacity(self, unit_id, first_day, capacity):
        """Give the unit's locked days a new capacity, never below their places taken.

        Returns the days that keep more places than ``capacity`` (already booked).
        """
        self.dbsession.execute(
            update(UnitDay)
            .where(
                UnitDay.tenant_id == self.tenant.id,
                UnitDay.unit_id == unit_id,
                UnitDay.day >= first_day,
            )
            .values(capacity=case((UnitDay.booked > capacity, UnitDay.booked), else_=capacity))
            .execution_options(synchronize_session=False)
        )
        mark_changed(self.dbsession)
        above = []
        for cell, slot in self.slots.items():
            if capacity > slot.capacity:
                self.freed.add(cell)
            slot.capacity = max(capacity, slot.booked)
            if slot.booked > capacity:
                above.append(slot.day)
        return sorted(above)

    def take(self, cell) -> bool:
        """Take a place in a locked cell if one is free."""
        slot = self.slots[cell]
        if slot.booked >= slot.capacity:
            return False
        slot.booked += 1
        return True

    def release(self, cell):
        slot = self.slots[cell]
        slot.booked = max(slot.booked - 1, 0)
        self.freed.add(cell)

    def promote(self, policy_of_period, now):
        """Give the places freed in the locked cells to their first waiting lines.

        :param policy_of_period: ``period -> BookingPolicy``; a promoted line is accepted
            or held for an agent as its period's policy says.
        """
        open_cells = [cell for cell in sorted(self.freed) if self.slots[cell].free > 0]
        if not open_cells:
            return []
        waiting = self.dbsession.scalars(
            select(Presence)
            .where(
                Presence.tenant_id == self.tenant.id,
                Presence.kind == BOOKING,
                Presence.state == WAITING,
                tuple_(Presence.unit_id, Presence.day).in_(open_cells),
            )
            .order_by(Presence.waiting_since, Presence.id)
            .execution_options(populate_existing=True)
        ).all()
        if not waiting:
            return []
        periods = {
            period.id: period
            for period in self.dbsession.scalars(
                select(Period).where(
                    Period.tenant_id == self.tenant.id,
                    Period.id.in_({line.period_id for line in waiting}),
                )
            )
        }
        promoted = []
        for line in waiting:
            if self.take((line.unit_id, line.day)):
                policy = policy_of_period(periods[line.period_id])
                state = ACCEPTED if policy.auto_accept else PENDING
                promoted.append(
                    Promotion(
                        line.id, line.reservation_id, line.child_id, line.unit_id, line.day, state
                    )
                )
        for state in (ACCEPTED, PENDING):
            ids = [item.line_id for item in promoted if item.state == state]
            set_line_states(self.dbsession, ids, state=state, waiting_since=None, decided_at=now)
        record_decided(self.dbsession, self.tenant, promoted, PROMOTED, None)
        return promoted

    def write(self):
        """Store the changes of ``booked`` in one statement, as increments.

        Increments rather than values: were a lock ever missed, two writers would add up
        and the CHECK ``booked <= capacity`` would refuse the second, not lose an update.
        """
        deltas = {
            slot.id: slot.booked - slot.original
            for slot in self.slots.values()
            if slot.booked != slot.original
        }
        if not deltas:
            return
        table = UnitDay.__table__
        self.dbsession.connection().execute(
            update(table)
            .where(table.c.id.in_(deltas))
            .values(booked=table.c.booked + case(deltas, value=table.c.id))
        )
        mark_changed(self.dbsession)
        for slot in self.slots.values():
            slot.original = slot.booked


def set_line_states(dbsession, line_ids, **values):
    """One ``UPDATE`` giving the same values to every line of ``line_ids``."""
    if not line_ids:
        return
    dbsession.execute(
        update(Presence)
        .where(Presence.id.in_(line_ids))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    mark_changed(dbsession)
