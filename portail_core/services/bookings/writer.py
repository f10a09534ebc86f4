"""Writing a confirmation's new rows: one reservation per child, numbered, and its lines.

Rows go in with two multi-row ``INSERT`` statements (reservations with ``RETURNING``, then
lines), so a request of 200 days for four children costs what one day for one child costs.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import insert
from zope.sqlalchemy import mark_changed

from portail_core.models.bookings import (
    ACCEPTED,
    BOOKING,
    CANCELLATION,
    CANCELLED,
    REFUSED,
    WAITING,
    Presence,
    Reservation,
)
from portail_core.services.bookings.audit import record_written
from portail_core.services.bookings.numbering import ReservationNumbering

# Built once: every confirmation runs them (rows go in as parameter lists).
INSERT_RESERVATIONS = insert(Reservation.__table__).returning(
    Reservation.__table__.c.id, Reservation.__table__.c.child_id
)
INSERT_LINES = insert(Presence.__table__)


class LineWriter:
    """Collects the new lines per child, then numbers and inserts their reservations."""

    def __init__(self, dbsession, tenant, period, user, now):
        self.dbsession = dbsession
        self.tenant = tenant
        self.period = period
        self.user = user
        self.now = now
        self.lines = {}
        self.cancelled_ids = []

    def _add(self, child, **values):
        line = {
            "tenant_id": self.tenant.id,
            "child_id": child.id,
            "period_id": self.period.id,
            "kind": BOOKING,
            "cancels_id": None,
            "late": False,
            "note": "",
            "waiting_since": None,
            "created_at": self.now,
            "decided_at": None,
            "decided_by_id": None,
            **values,
        }
        self.lines.setdefault(child.id, []).append(line)

    def book(self, child, unit_id, day, state, note=""):
        self._add(
            child,
            unit_id=unit_id,
            day=day,
            state=state,
            note=note,
            waiting_since=self.now if state == WAITING else None,
            decided_at=self.now if state in (ACCEPTED, REFUSED) else None,
        )

    def cancel(self, child, line, late):
        self.cancelled_ids.append(line.id)
        self._add(
            child,
            unit_id=line.unit_id,
            day=line.day,
            kind=CANCELLATION,
            state=CANCELLED,
            cancels_id=line.id,
            late=late,
            decided_at=self.now,
        )

    def write(self, family_id, children, units):
        """Insert the reservations and their lines; return what was saved.

        The numbering lock is taken here, last, and the result is built from memory
        rather than read back, so the locks are held for two inserts only.

        :param children: ``{child id: Child}``; :param units: ``{unit id: Unit}``.
        """
        if not self.lines:
            return []
        numbers = ReservationNumbering(self.dbsession, self.tenant).allocate(len(self.lines))
        rows = []
        for number, (child_id, lines) in zip(numbers, self.lines.items(), strict=True):
            rows.append(
                {
                    "tenant_id": self.tenant.id,
                    "number": number,
                    "family_id": family_id,
                    "child_id": child_id,
                    "period_id": self.period.id,
                    "created_at": self.now,
                    "created_by_id": self.user.id if self.user is not None else None,
                    "first_day": min(line["day"] for line in lines),
                    "last_day": max(line["day"] for line in lines),
                }
            )
        connection = self.dbsession.connection()
        made = connection.execute(INSERT_RESERVATIONS, rows).all()
        ids = {child_id: reservation_id for reservation_id, child_id in made}
        lines = [
            {**line, "reservation_id": ids[child_id]}
            for child_id, child_lines in self.lines.items()
            for line in child_lines
        ]
        connection.execute(INSERT_LINES, lines)
        mark_changed(self.dbsession)
        written = [{**row, "id": ids[row["child_id"]]} for row in rows]
        record_written(
            self.dbsession, self.tenant, self.period, family_id, written, self.lines, self.user
        )
        return [
            SavedReservation(
                id=ids[row["child_id"]],
                number=row["number"],
                child=children[row["child_id"]],
                period=self.period,
                created_at=self.now,
                first_day=row["first_day"],
                last_day=row["last_day"],
                lines=sorted(
                    (
                        SavedLine(units[line["unit_id"]], **_saved(line))
                        for line in self.lines[row["child_id"]]
                    ),
                    key=lambda line: (line.day, line.unit.position, line.unit.id),
                ),
            )
            for row in rows
        ]


def _saved(line):
    return {key: line[key] for key in ("day", "kind", "state", "note", "late")}


@dataclass(frozen=True)
class SavedLine:
    """A line just written, as the confirmation page and e-mail show it."""

    unit: object
    day: date
    kind: str
    state: str
    note: str
    late: bool


@dataclass(frozen=True)
class SavedReservation:
    """A reservation just written (no read-back): what the view and e-mail need."""

    id: int
    number: int
    child: object
    period: object
    created_at: datetime
    first_day: date
    last_day: date
    lines: list

    @property
    def label(self):
        return f"{self.number:05d}"
