"""What agents print and export: occupancy per day and unit, the daily list, a CSV."""

import csv
import io
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from portail_core import formatting
from portail_core.i18n import _
from portail_core.models.bookings import (
    ACCEPTED,
    BOOKING,
    PENDING,
    WAITING,
    Presence,
    UnitDay,
)
from portail_core.models.family import Child, Family
from portail_core.models.households import ChildHousehold
from portail_core.services.bookings.states import PRESENCE


@dataclass
class Occupancy:
    booked: int
    capacity: int
    waiting: int
    pending: int

    @property
    def full(self):
        return self.booked >= self.capacity


class ReportService:
    def __init__(self, dbsession, tenant):
        self.dbsession = dbsession
        self.tenant = tenant

    def occupancy(self, period, days, units):
        """``{(unit_id, day): Occupancy}`` for the period's days (three queries)."""
        if not days or not units:
            return {}
        unit_ids = [unit.id for unit in units]
        first, last = min(days), max(days)
        slots = {
            (row.unit_id, row.day): (row.booked, row.capacity)
            for row in self.dbsession.execute(
                select(UnitDay.unit_id, UnitDay.day, UnitDay.booked, UnitDay.capacity).where(
                    UnitDay.tenant_id == self.tenant.id,
                    UnitDay.unit_id.in_(unit_ids),
                    UnitDay.day.between(first, last),
                )
            )
        }
        counts = {}
        for unit_id, day, state, count in self.dbsession.execute(
            select(Presence.unit_id, Presence.day, Presence.state, func.count(Presence.id))
            .where(
                Presence.tenant_id == self.tenant.id,
                Presence.kind == BOOKING,
                Presence.state.in_((WAITING, PENDING)),
                Presence.unit_id.in_(unit_ids),
                Presence.day.between(first, last),
            )
            .group_by(Presence.unit_id, Presence.day, Presence.state)
        ):
            counts[(unit_id, day, state)] = count
        table = {}
        for unit in units:
            for day in days:
                booked, capacity = slots.get((unit.id, day), (0, unit.capacity))
                table[(unit.id, day)] = Occupancy(
                    booked,
                    capacity,
                    counts.get((unit.id, day, WAITING), 0),
                    counts.get((unit.id, day, PENDING), 0),
                )
        return table

    def daily_list(self, unit, day):
        """The children expected at a unit on a day (accepted, then pending), by name.

        Children come with what the staff needs: allergies, PAI, diet, pick-up persons
        and the guardians' phones (the family file's columns).
        """
        return self.dbsession.scalars(
            select(Presence)
            .join(Child, Child.id == Presence.child_id)
            .where(
                Presence.tenant_id == self.tenant.id,
                Presence.kind == BOOKING,
                Presence.unit_id == unit.id,
                Presence.day == day,
                Presence.state.in_((ACCEPTED, PENDING)),
            )
            .options(
                joinedload(Presence.reservation),
                selectinload(Presence.child).selectinload(Child.pickup_persons),
                selectinload(Presence.child)
                .joinedload(Child.family)
                .selectinload(Family.guardians),
                # shared custody: the second household's guardians too (models.households)
                selectinload(Presence.child)
                .joinedload(Child.household)
                .joinedload(ChildHousehold.family)
                .selectinload(Family.guardians),
            )
            .order_by(Presence.state, Child.last_name, Child.first_name)
        ).all()

    def export_csv(self, period):
        """Every booking line of the period, as a CSV agents open in a spreadsheet."""
        lines = self.dbsession.scalars(
            select(Presence)
            .join(Child, Child.id == Presence.child_id)
            .where(
                Presence.tenant_id == self.tenant.id,
                Presence.period_id == period.id,
                Presence.kind == BOOKING,
            )
            .options(
                joinedload(Presence.reservation),
                joinedload(Presence.child).joinedload(Child.family),
            )
            .order_by(Presence.day, Presence.unit_id, Child.last_name, Child.first_name)
        ).all()
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(
            [
                _("N° réservation"),
                "Famille",
                "Enfant",
                "Date",
                "Accueil",
                _("État"),
                _("Créé le"),
                "Motif",
            ]
        )
        for line in lines:
            writer.writerow(
                [
                    line.reservation.label,
                    line.child.family.name,
                    line.child.full_name,
                    formatting.short_date(line.day),
                    line.unit.label,
                    PRESENCE[line.state].short,
                    formatting.date_time(line.created_at),
                    line.note,
                ]
            )
        return buffer.getvalue()
