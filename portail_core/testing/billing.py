"""Arrange billing data in tests: presences to bill, published invoices, payments.

Presences are written as rows (establishment, unit, period, reservation, presence) so
billing tests do not depend on the booking screens.
"""

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from portail_core.models.bookings import (
    ACCEPTED,
    BOOKING,
    CANCELLATION,
    CANCELLED,
    Establishment,
    Period,
    Presence,
    Reservation,
    Unit,
)
from portail_core.models.family import Child, Family
from portail_core.services.billing import BillingService, LineSpec


def family_with_child(dbsession, tenant_id, name, first_name="ENFANT", **family_fields):
    family = Family(tenant_id=tenant_id, name=name, **family_fields)
    child = Child(
        tenant_id=tenant_id, last_name=name, first_name=first_name, birth_date=date(2012, 5, 1)
    )
    family.children.append(child)
    dbsession.add(family)
    dbsession.flush()
    return family, child


def unit_row(dbsession, tenant, establishment_code, unit_code):
    """The establishment and unit rows of a plugin unit (created on first use)."""
    plugin = next(e for e in tenant.hooks.establishments() if e.code == establishment_code)
    plugin_unit = next(u for u in plugin.units if u.code == unit_code)
    establishment = dbsession.scalar(
        select(Establishment).where(
            Establishment.tenant_id == tenant.id, Establishment.code == establishment_code
        )
    )
    if establishment is None:
        establishment = Establishment(
            tenant_id=tenant.id,
            code=plugin.code,
            name=plugin.name,
            regie=plugin.regie,
            kind=plugin.kind,
        )
        dbsession.add(establishment)
        dbsession.flush()
    unit = dbsession.scalar(
        select(Unit).where(Unit.establishment_id == establishment.id, Unit.code == unit_code)
    )
    if unit is None:
        tariff = plugin_unit.tariff if isinstance(plugin_unit.tariff, Decimal) else Decimal(0)
        unit = Unit(
            tenant_id=tenant.id,
            establishment_id=establishment.id,
            code=unit_code,
            label=plugin_unit.label,
            capacity=plugin_unit.capacity,
            tariff=tariff,
            from_plugin=True,
        )
        dbsession.add(unit)
        dbsession.flush()
    return establishment, unit


def period_row(dbsession, tenant_id, establishment, name, start, end):
    period = dbsession.scalar(
        select(Period).where(
            Period.tenant_id == tenant_id,
            Period.establishment_id == establishment.id,
            Period.name == name,
        )
    )
    if period is None:
        period = Period(
            tenant_id=tenant_id,
            establishment_id=establishment.id,
            name=name,
            start_date=start,
            end_date=end,
            last_booking_day=end,
        )
        dbsession.add(period)
        dbsession.flush()
    return period


def _next_reservation_number(dbsession, tenant_id):
    last = dbsession.scalar(
        select(func.max(Reservation.number)).where(Reservation.tenant_id == tenant_id)
    )
    return (last or 0) + 1


def book(dbsession, tenant, child, establishment_code, unit_code, days, **options):
    """Presence lines of ``child`` at a unit on ``days``; returns them.

    ``options``: ``state`` (default accepted), ``period`` name and bounds
    (``period_start``, ``period_end``), ``late_cancel`` (cancel them late: billable).
    """
    establishment, unit = unit_row(dbsession, tenant, establishment_code, unit_code)
    period = period_row(
        dbsession,
        tenant.id,
        establishment,
        options.get("period", "PERISCOLAIRE 2017-2018"),
        options.get("period_start", min(days)),
        options.get("period_end", max(days)),
    )
    reservation = Reservation(
        tenant_id=tenant.id,
        number=_next_reservation_number(dbsession, tenant.id),
        family_id=child.family_id,
        child_id=child.id,
        period_id=period.id,
        first_day=min(days),
        last_day=max(days),
    )
    dbsession.add(reservation)
    dbsession.flush()
    state = options.get("state", ACCEPTED)
    lines = []
    for day in days:
        line = Presence(
            tenant_id=tenant.id,
            reservation_id=reservation.id,
            child_id=child.id,
            period_id=period.id,
            unit_id=unit.id,
            day=day,
            kind=BOOKING,
            state=CANCELLED if options.get("late_cancel") is not None else state,
        )
        dbsession.add(line)
        lines.append(line)
    dbsession.flush()
    if options.get("late_cancel") is not None:
        for line in lines:
            dbsession.add(
                Presence(
                    tenant_id=tenant.id,
                    reservation_id=reservation.id,
                    child_id=child.id,
                    period_id=period.id,
                    unit_id=unit.id,
                    day=line.day,
                    kind=CANCELLATION,
                    state=CANCELLED,
                    cancels_id=line.id,
                    late=options["late_cancel"],
                )
            )
        dbsession.flush()
    return lines


def published_invoice(dbsession, tenant, family, regie_id, amounts, number=None, day=None):
    """A published invoice of one line per amount (quantity 1)."""
    service = BillingService(dbsession, tenant)
    lines = [
        LineSpec(f"Prestation {index}", 1, Decimal(amount)) for index, amount in enumerate(amounts)
    ]
    day = day or date(2018, 1, 26)
    invoice = service.create_invoice(family, regie_id, day.replace(day=1), day, lines)
    dbsession.flush()
    if number:
        service.import_published(invoice, number, day)
    else:
        service.publish(invoice, day)
    dbsession.flush()
    return invoice
