"""Taking over a commune's history: past presences, invoices and payments.

A commune arriving from another system keeps its invoice numbers and past payments; the
demonstration data use the same functions. Past presences are written as accepted lines
(days long gone hold no place any more).
"""

from decimal import Decimal

from sqlalchemy import select

from portail_core.models.billing import ONLINE, PAYMENT_VALIDATED, Payment, PaymentAllocation
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
from portail_core.models.types import utcnow
from portail_core.services.billing.invoices import BillingService
from portail_core.services.billing.ledger import balance_of
from portail_core.services.bookings.numbering import ReservationNumbering


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


def past_presences(dbsession, tenant, child, establishment_code, unit_code, days, **options):
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
        number=ReservationNumbering(dbsession, tenant).allocate()[0],
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


def historical_invoice(dbsession, tenant, family, regie_id, number, issued_on, lines, **labels):
    """A published invoice under a former system's number; ``lines`` are LineSpecs."""
    service = BillingService(dbsession, tenant)
    period_start = labels.pop("period_start", issued_on.replace(day=1))
    period_end = labels.pop("period_end", issued_on)
    invoice = service.create_invoice(family, regie_id, period_start, period_end, lines, **labels)
    dbsession.flush()
    return service.import_published(invoice, number, issued_on)


def historical_payment(dbsession, tenant, family, regie_id, invoices, paid_on, **details):
    """A validated payment of a former system settling ``invoices`` in full.

    ``details``: ``backend`` (an online payment's gateway) or ``method`` (counter),
    ``number``, ``amount`` (default: what the invoices still owe).
    """
    parts = [(invoice, balance_of(invoice).available) for invoice in invoices]
    backend = details.get("backend")
    payment = Payment(
        tenant_id=tenant.id,
        regie=regie_id,
        family_id=family.id,
        method=ONLINE if backend else details.get("method", "especes"),
        backend=backend,
        amount=details.get("amount", sum((part for _, part in parts), Decimal("0.00"))),
        state=PAYMENT_VALIDATED,
        number=details.get("number", ""),
        paid_on=paid_on,
        validated_at=utcnow(),
    )
    dbsession.add(payment)
    for invoice, part in parts:
        payment.allocations.append(
            PaymentAllocation(tenant_id=tenant.id, invoice=invoice, amount=part)
        )
    dbsession.flush()
    return payment
