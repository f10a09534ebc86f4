"""Establishments, units, periods and closed days, as agents manage them.

Establishments and units are copied from the commune plugins by :meth:`sync` (at demo
load and when an agent asks, never at start-up): new ones are created, the plugin's names
kept in step, and what agents edit (capacity, labels, tariffs of their own units) is left.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portail_core.i18n import _
from portail_core.models.bookings import (
    LIVE_STATES,
    ClosedDay,
    Establishment,
    Period,
    PeriodUnit,
    Presence,
    Unit,
)
from portail_core.services.bookings.capacity import CapacityLedger
from portail_core.services.bookings.errors import BookingError, NotFound
from portail_core.services.bookings.numbering import ReservationNumbering
from portail_core.services.bookings.rules import policy_for
from portail_core.services.bookings.tariffs import as_tariff


@dataclass
class SyncReport:
    establishments: int = 0
    units: int = 0

    @property
    def message(self):
        if not (self.establishments or self.units):
            return _("Les établissements sont à jour : rien de nouveau dans la configuration.")
        return _(
            "Synchronisation faite : ${establishments} établissement(s) et ${units} accueil(s) "
            "ajoutés.",
            mapping={"establishments": self.establishments, "units": self.units},
        )


def flat_price(tariff) -> Decimal:
    """The price shown for a plugin's tariff: its top bracket (families without a QF)."""
    return as_tariff(tariff).price(None)


class CatalogService:
    def __init__(self, dbsession, tenant):
        self.dbsession = dbsession
        self.tenant = tenant

    # -- establishments and units ----------------------------------------------------
    def sync(self) -> SyncReport:
        """Create the establishments and units the commune's plugins declare."""
        report = SyncReport()
        existing = {row.code: row for row in self.establishments(include_inactive=True)}
        for position, declared in enumerate(self.tenant.hooks.establishments()):
            row = existing.get(declared.code)
            if row is None:
                row = Establishment(tenant_id=self.tenant.id, code=declared.code, units=[])
                self.dbsession.add(row)
                report.establishments += 1
            row.name, row.regie, row.kind = declared.name, declared.regie, declared.kind
            row.position, row.active = position, True
            units = {unit.code: unit for unit in row.units}
            for unit_position, unit in enumerate(declared.units):
                if unit.code not in units:
                    row.units.append(self._unit_from(unit, unit_position))
                    report.units += 1
        self.dbsession.flush()
        ReservationNumbering(self.dbsession, self.tenant).ensure_counter()
        return report

    def _unit_from(self, declared, position):
        return Unit(
            tenant_id=self.tenant.id,
            code=declared.code,
            label=declared.label,
            capacity=declared.capacity,
            tariff=flat_price(declared.tariff),
            position=position,
            from_plugin=True,
        )

    def establishments(self, include_inactive=False):
        query = (
            select(Establishment)
            .where(Establishment.tenant_id == self.tenant.id)
            .options(selectinload(Establishment.units))
        )
        if not include_inactive:
            query = query.where(Establishment.active.is_(True))
        return self.dbsession.scalars(query.order_by(Establishment.position)).all()

    def establishment(self, establishment_id):
        row = self.dbsession.scalar(
            select(Establishment).where(
                Establishment.tenant_id == self.tenant.id, Establishment.id == establishment_id
            )
        )
        if row is None:
            raise NotFound()
        return row

    def unit(self, unit_id):
        row = self.dbsession.scalar(
            select(Unit).where(Unit.tenant_id == self.tenant.id, Unit.id == unit_id)
        )
        if row is None:
            raise NotFound()
        return row

    def create_unit(self, establishment, label, capacity, tariff):
        code = f"u{len(establishment.units) + 1}"
        codes = {unit.code for unit in establishment.units}
        while code in codes:
            code += "x"
        unit = Unit(
            tenant_id=self.tenant.id,
            code=code,
            label=label,
            capacity=capacity,
            tariff=tariff,
            position=len(establishment.units),
        )
        establishment.units.append(unit)
        self.dbsession.flush()
        return unit

    def update_unit(self, unit, label, capacity, tariff, active, agent, now):
        """Change a unit; a new capacity applies from today, and frees waiting lines.

        Returns ``(promotions, days kept above the new capacity)``.
        """
        unit.label = label
        unit.active = active
        if not unit.from_plugin:
            unit.tariff = tariff
        if capacity == unit.capacity:
            return [], []
        unit.capacity = capacity
        self.dbsession.flush()
        ledger = CapacityLedger(self.dbsession, self.tenant)
        ledger.lock_unit(unit.id, now.date())
        above = ledger.set_capacity(unit.id, now.date(), capacity)
        promotions = ledger.promote(lambda period: policy_for(self.tenant, period), now)
        ledger.write()
        return promotions, above

    # -- periods -----------------------------------------------------------------------
    def periods(self, include_archived=False):
        query = select(Period).where(Period.tenant_id == self.tenant.id)
        if not include_archived:
            query = query.where(Period.archived.is_(False))
        return self.dbsession.scalars(
            query.order_by(Period.establishment_id, Period.start_date.desc())
        ).all()

    def period(self, period_id):
        row = self.dbsession.scalar(
            select(Period).where(Period.tenant_id == self.tenant.id, Period.id == period_id)
        )
        if row is None:
            raise NotFound()
        return row

    def save_period(self, period, establishment, values):
        """Create (``period=None``) or change a period from validated form values."""
        unit_ids = set(values["units"])
        allowed = {unit.id for unit in establishment.units}
        if not unit_ids <= allowed:
            raise BookingError(_("Choisissez des accueils de cet établissement."))
        if period is None:
            period = Period(tenant_id=self.tenant.id, establishment=establishment, offers=[])
            self.dbsession.add(period)
        else:
            self._check_live_lines_kept(period, values, unit_ids)
        period.name = values["name"]
        period.start_date = values["start_date"]
        period.end_date = values["end_date"]
        period.last_booking_day = values["last_booking_day"]
        period.weekdays = "".join("1" if day in values["weekdays"] else "0" for day in range(7))
        period.auto_accept = values.get("auto_accept")
        period.when_full = values.get("when_full") or None
        period.archived = values.get("archived", False)
        kept = [offer for offer in period.offers if offer.unit_id in unit_ids]
        added = unit_ids - {offer.unit_id for offer in kept}
        period.offers = kept + [
            PeriodUnit(tenant_id=self.tenant.id, unit_id=unit_id) for unit_id in sorted(added)
        ]
        self.dbsession.flush()
        return period

    def _check_live_lines_kept(self, period, values, unit_ids):
        outside = self.dbsession.scalar(
            select(func.count(Presence.id)).where(
                Presence.tenant_id == self.tenant.id,
                Presence.period_id == period.id,
                Presence.state.in_(LIVE_STATES),
                (Presence.day < values["start_date"])
                | (Presence.day > values["end_date"])
                | Presence.unit_id.not_in(unit_ids),
            )
        )
        if outside:
            raise BookingError(
                _(
                    "${count} présence(s) en cours seraient hors de la période ou de ses "
                    "accueils : annulez-les d'abord, ou gardez ces dates et ces accueils.",
                    mapping={"count": outside},
                )
            )

    # -- closed days ---------------------------------------------------------------------
    def close_days(self, period, first, last, reason):
        """Close the period's opening days from ``first`` to ``last``; returns them."""
        if last < first:
            first, last = last, first
        existing = {closed.day for closed in period.closed_days if closed.unit_id is None}
        days = []
        day = max(first, period.start_date)
        while day <= min(last, period.end_date):
            if day.weekday() in period.open_weekdays and day not in existing:
                days.append(day)
            day += timedelta(days=1)
        for day in days:
            period.closed_days.append(ClosedDay(tenant_id=self.tenant.id, day=day, reason=reason))
        self.dbsession.flush()
        return days

    def live_line_ids_on(self, period, days):
        """The live lines of the period on these days (closing them cancels them)."""
        if not days:
            return []
        return self.dbsession.scalars(
            select(Presence.id).where(
                Presence.tenant_id == self.tenant.id,
                Presence.period_id == period.id,
                Presence.day.in_(days),
                Presence.state.in_(LIVE_STATES),
            )
        ).all()

    def reopen_day(self, period, closed_id):
        closed = next((row for row in period.closed_days if row.id == closed_id), None)
        if closed is None:
            raise NotFound()
        period.closed_days.remove(closed)
        self.dbsession.delete(closed)
        self.dbsession.flush()
        return closed.day
