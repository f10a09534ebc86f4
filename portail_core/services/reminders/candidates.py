"""What each kind of reminder is about today: one or two queries per kind, whatever the
number of families. Each item names its family, its subject and reference date (the
reminder's unique key) and the line the e-mail shows."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import selectinload

from portail_core import formatting
from portail_core.i18n import _
from portail_core.models.billing import (
    PAYMENT_PENDING,
    PAYMENT_VALIDATED,
    PUBLISHED,
    Credit,
    Invoice,
    Payment,
    PaymentAllocation,
)
from portail_core.models.bookings import BOOKING, LIVE_STATES, Enrolment, Period, Presence
from portail_core.models.family import Child, ChildVaccination, Family


@dataclass(frozen=True)
class Item:
    family_id: int
    subject: str
    ref_date: date
    text: str


def next_week(today):
    """Monday and Sunday of the week after ``today``'s."""
    monday = today + timedelta(days=7 - today.weekday())
    return monday, monday + timedelta(days=6)


def _open_days(period, monday, sunday):
    closed = {closed.day for closed in period.closed_days}
    days = (monday + timedelta(days=n) for n in range(7))
    return [
        day
        for day in days
        if period.start_date <= day <= period.end_date
        and day.weekday() in period.open_weekdays
        and day not in closed
    ]


def due_periods(dbsession, tenant, today, now, days_before):
    """``{period: deadline}`` of the periods open next week whose booking deadline (for
    the week's first open day) is at most ``days_before`` days away and not passed."""
    monday, sunday = next_week(today)
    periods = dbsession.scalars(
        select(Period)
        .where(
            Period.tenant_id == tenant.id,
            Period.archived.is_(False),
            Period.start_date <= sunday,
            Period.end_date >= monday,
            Period.last_booking_day >= today,
        )
        .options(selectinload(Period.closed_days))
    ).all()
    due = {}
    for period in periods:
        days = _open_days(period, monday, sunday)
        if not days:
            continue
        deadline = tenant.hooks.booking_policy(establishment=period.establishment)
        deadline = deadline.booking_deadline(days[0])
        if now <= deadline and today >= deadline.date() - timedelta(days=days_before):
            due[period] = deadline
    return due


def nothing_booked(dbsession, tenant, today, now, days_before):
    """The enrolled children with no live booking line at all next week."""
    monday, sunday = next_week(today)
    due = due_periods(dbsession, tenant, today, now, days_before)
    if not due:
        return []
    booked = exists().where(
        Presence.tenant_id == tenant.id,
        Presence.child_id == Enrolment.child_id,
        Presence.kind == BOOKING,
        Presence.state.in_(LIVE_STATES),
        Presence.day.between(monday, sunday),
    )
    rows = dbsession.execute(
        select(Enrolment.period_id, Child.id, Child.family_id, Child.first_name, Child.last_name)
        .join(Child, Child.id == Enrolment.child_id)
        .where(
            Enrolment.tenant_id == tenant.id,
            Enrolment.period_id.in_([period.id for period in due]),
            Child.archived.is_(False),
            ~booked,
        )
        .order_by(Child.family_id, Child.id)
    ).all()
    by_id = {period.id: period for period in due}
    items = {}
    for period_id, child_id, family_id, first_name, last_name in rows:
        period = by_id[period_id]
        deadline = due[period]
        key = (family_id, child_id)
        if key in items and items[key][0] <= deadline:
            continue
        text = _(
            "${child} — ${period} : à réserver avant le ${day} à ${time}",
            mapping={
                "child": f"{last_name} {first_name}",
                "period": period.title,
                "day": deadline.date(),
                "time": f"{deadline:%H:%M}",
            },
        )
        items[key] = (deadline, Item(family_id, f"enfant-{child_id}", monday, text))
    return [item for _, item in items.values()]


def invoices_due(dbsession, tenant, today, days_before):
    """Published invoices falling due within ``days_before`` days with money still to pay
    (neither settled, nor held by a pending payment, nor left to the Trésor public)."""
    credited = (
        select(func.coalesce(func.sum(Credit.amount), 0))
        .where(Credit.invoice_id == Invoice.id)
        .scalar_subquery()
    )
    allocated = (
        select(func.coalesce(func.sum(PaymentAllocation.amount), 0))
        .join(Payment, Payment.id == PaymentAllocation.payment_id)
        .where(
            PaymentAllocation.invoice_id == Invoice.id,
            Payment.state.in_((PAYMENT_VALIDATED, PAYMENT_PENDING)),
        )
        .scalar_subquery()
    )
    left = (Invoice.total - credited - allocated).label("left")
    rows = dbsession.execute(
        select(Invoice.id, Invoice.family_id, Invoice.number, Invoice.regie, Invoice.due_on, left)
        .where(
            Invoice.tenant_id == tenant.id,
            Invoice.status == PUBLISHED,
            Invoice.collected_by_tresor_at.is_(None),
            Invoice.due_on.between(today, today + timedelta(days=days_before)),
            left > 0,
        )
        .order_by(Invoice.family_id, Invoice.due_on, Invoice.id)
    ).all()
    items = []
    for invoice_id, family_id, number, regie_id, due_on, amount in rows:
        regie = tenant.regies.get(regie_id)
        text = _(
            "Facture n° ${number} (${regie}) : ${amount} restant dû, échéance le ${day}",
            mapping={
                "number": number,
                "regie": regie.label if regie else regie_id,
                "amount": _decimal(amount),
                "day": due_on,
            },
        )
        items.append(Item(family_id, f"facture-{invoice_id}", due_on, text))
    return items


def years_before(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def documents_expiring(dbsession, tenant, today, days_before, vaccines):
    """The quotient familial's validity ending, and the vaccinations (of the vaccines the
    commune gave a validity) whose last injection stops being valid, within the window."""
    until = today + timedelta(days=days_before)
    items = [
        Item(family_id, "qf", valid_until, _qf_text(valid_until))
        for family_id, valid_until in dbsession.execute(
            select(Family.id, Family.quotient_familial_valid_until)
            .where(
                Family.tenant_id == tenant.id,
                Family.quotient_familial_valid_until.between(today, until),
            )
            .order_by(Family.id)
        )
    ]
    if vaccines:
        items.extend(_vaccinations(dbsession, tenant, today, until, vaccines))
    return items


def _qf_text(valid_until):
    return _(
        "Quotient familial : valable jusqu'au ${day}. "
        "Transmettez votre nouvelle attestation (CAF ou avis d'imposition).",
        mapping={"day": valid_until},
    )


def _decimal(amount):
    """An amount as a Decimal (integer cents otherwise): the localizer formats it."""
    return Decimal(amount) / 100 if isinstance(amount, int) else Decimal(amount)


def _vaccinations(dbsession, tenant, today, until, vaccines):
    windows = [
        and_(
            ChildVaccination.vaccine == vaccine,
            ChildVaccination.last_date.between(years_before(today, y), years_before(until, y)),
        )
        for vaccine, y in vaccines.items()
    ]
    rows = dbsession.execute(
        select(
            ChildVaccination.id,
            ChildVaccination.vaccine,
            ChildVaccination.last_date,
            Child.family_id,
            Child.first_name,
            Child.last_name,
        )
        .join(Child, Child.id == ChildVaccination.child_id)
        .where(
            ChildVaccination.tenant_id == tenant.id,
            ChildVaccination.done.is_(True),
            Child.archived.is_(False),
            or_(*windows),
        )
        .order_by(Child.family_id, Child.id, ChildVaccination.vaccine)
    ).all()
    items = []
    for vaccination_id, vaccine, last_date, family_id, first_name, last_name in rows:
        expires = years_before(last_date, -vaccines[vaccine])
        text = _(
            "${child} — ${vaccine} : dernière injection le ${last}, à renouveler avant le ${day}",
            mapping={
                "child": f"{last_name} {first_name}",
                "vaccine": vaccine,
                "last": formatting.ShortDate(last_date),
                "day": expires,
            },
        )
        items.append(Item(family_id, f"vaccin-{vaccination_id}", expires, text))
    return items
