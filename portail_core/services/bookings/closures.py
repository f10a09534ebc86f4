"""« Fermer une journée »: an agent closes a unit, or a whole establishment, for a date.

Every booking of that day (pending or accepted) is cancelled without charge, with the
reason; the waiting list is left as it is (nobody is promoted into a closed day); each
cancelled line gets a presence credit, so that the next invoice run gives back a day
already invoiced; the day is added to the closed days of every period concerned (of the
unit only, or of the whole period) so that it cannot be booked again. The preview and the
closure are each a fixed number of statements, whatever the number of families.
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portail_core import formatting
from portail_core.i18n import _
from portail_core.models.absences import CAUSE_CLOSURE, PresenceCredit
from portail_core.models.bookings import (
    BOOKING,
    CANCELLED,
    PLACE_STATES,
    ClosedDay,
    Establishment,
    Period,
    PeriodUnit,
    Presence,
    Reservation,
    Unit,
)
from portail_core.models.types import utcnow
from portail_core.services.bookings.capacity import (
    CapacityLedger,
    insert_ignoring_duplicates,
    set_line_states,
)
from portail_core.services.bookings.errors import BookingError


@dataclass(frozen=True)
class ClosureTarget:
    """What is closed: an establishment, or one of its units (``unit`` set)."""

    establishment: Establishment
    unit: Unit | None
    day: date

    @property
    def label(self):
        name = self.establishment.name
        return f"{name} — {self.unit.label}" if self.unit is not None else f"{name} (tout)"

    @property
    def unit_ids(self):
        if self.unit is not None:
            return [self.unit.id]
        return [unit.id for unit in self.establishment.units]


@dataclass
class ClosureImpact:
    """Who a closure touches: the lines to cancel, and how many families and children."""

    target: ClosureTarget
    line_ids: list = field(default_factory=list)
    families: set = field(default_factory=set)
    children: set = field(default_factory=set)
    periods: set = field(default_factory=set)

    @property
    def bookings(self):
        return len(self.line_ids)


class DayClosureService:
    def __init__(self, dbsession, tenant):
        self.dbsession = dbsession
        self.tenant = tenant

    def establishments(self):
        """The active establishments with their units, to choose what to close."""
        return (
            self.dbsession.scalars(
                select(Establishment)
                .where(Establishment.tenant_id == self.tenant.id, Establishment.active.is_(True))
                .options(selectinload(Establishment.units))
                .order_by(Establishment.position, Establishment.id)
            )
            .unique()
            .all()
        )

    def target(self, choice, day):
        """``"<establishment id>"`` or ``"<establishment id>:<unit id>"`` of this tenant."""
        establishment_id, _colon, unit_id = (choice or "").partition(":")
        try:
            establishment_id = int(establishment_id)
            unit_id = int(unit_id) if unit_id else None
        except ValueError:
            raise BookingError(_("Choisissez l'accueil ou l'établissement à fermer.")) from None
        establishment = self.dbsession.scalar(
            select(Establishment).where(
                Establishment.tenant_id == self.tenant.id, Establishment.id == establishment_id
            )
        )
        if establishment is None:
            raise BookingError(_("Choisissez l'accueil ou l'établissement à fermer."))
        unit = None
        if unit_id is not None:
            unit = next((u for u in establishment.units if u.id == unit_id), None)
            if unit is None:
                raise BookingError(_("Choisissez l'accueil ou l'établissement à fermer."))
        return ClosureTarget(establishment, unit, day)

    def impact(self, target):
        """The bookings of the day the closure cancels, and who they belong to (1 query)."""
        rows = self.dbsession.execute(
            select(Presence.id, Presence.child_id, Presence.period_id, Reservation.family_id)
            .join(Reservation, Reservation.id == Presence.reservation_id)
            .where(
                Presence.tenant_id == self.tenant.id,
                Presence.kind == BOOKING,
                Presence.day == target.day,
                Presence.unit_id.in_(target.unit_ids),
                Presence.state.in_(PLACE_STATES),
            )
            .order_by(Presence.id)
        ).all()
        impact = ClosureImpact(target)
        for row in rows:
            impact.line_ids.append(row.id)
            impact.families.add(row.family_id)
            impact.children.add(row.child_id)
        return impact

    def close(self, target, reason, agent, now):
        """Close the day; returns the :class:`ClosureImpact` of what was cancelled."""
        reason = (reason or "").strip()
        if not reason:
            raise BookingError(_("Indiquez le motif de la fermeture : les familles le liront."))
        ledger = CapacityLedger(self.dbsession, self.tenant)
        ledger.lock({(unit_id, target.day) for unit_id in target.unit_ids})
        impact = self.impact(target)  # read under the locks
        lines = self.dbsession.execute(
            select(Presence.id, Presence.unit_id).where(Presence.id.in_(impact.line_ids))
        ).all()
        for line in lines:
            ledger.release((line.unit_id, target.day))
        note = f"Fermeture du {formatting.day_label(target.day)} : {reason}"[:500]  # i18n: ignore
        set_line_states(
            self.dbsession,
            impact.line_ids,
            state=CANCELLED,
            note=note,
            decided_at=now,
            decided_by_id=agent.id if agent is not None else None,
        )
        ledger.write()  # no promotion: the day is closed to the waiting list too
        self._credit(impact.line_ids, reason)
        self._close_periods(target, reason)
        return impact

    def _credit(self, line_ids, reason):
        if not line_ids:
            return
        rows = [
            {
                "tenant_id": self.tenant.id,
                "presence_id": line_id,
                "cause": CAUSE_CLOSURE,
                "absence_id": None,
                "reason": reason[:200],
                "credited": True,
                "created_at": utcnow(),
            }
            for line_id in line_ids
        ]
        insert_ignoring_duplicates(self.dbsession, PresenceCredit, rows, ["presence_id"])

    def _close_periods(self, target, reason):
        """Add the day to the closed days of the periods offering the units that day."""
        period_ids = self.dbsession.scalars(
            select(Period.id)
            .join(PeriodUnit, PeriodUnit.period_id == Period.id)
            .where(
                Period.tenant_id == self.tenant.id,
                Period.establishment_id == target.establishment.id,
                Period.start_date <= target.day,
                Period.end_date >= target.day,
                PeriodUnit.unit_id.in_(target.unit_ids),
            )
            .distinct()
        ).all()
        unit_id = target.unit.id if target.unit is not None else None
        existing = set(
            self.dbsession.scalars(
                select(ClosedDay.period_id).where(
                    ClosedDay.tenant_id == self.tenant.id,
                    ClosedDay.period_id.in_(period_ids),
                    ClosedDay.day == target.day,
                    (ClosedDay.unit_id.is_(None))
                    if unit_id is None
                    else (ClosedDay.unit_id == unit_id) | ClosedDay.unit_id.is_(None),
                )
            )
        )
        for period_id in period_ids:
            if period_id not in existing:
                self.dbsession.add(
                    ClosedDay(
                        tenant_id=self.tenant.id,
                        period_id=period_id,
                        day=target.day,
                        unit_id=unit_id,
                        reason=reason[:150],
                    )
                )
        self.dbsession.flush()
