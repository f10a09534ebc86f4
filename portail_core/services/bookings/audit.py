"""The audit trail of bookings: one entry per reservation written, and per reservation an
agent decides on. Lines go in and change state through bulk statements, so the trail's
rows are written in one statement too."""

from collections import Counter

from sqlalchemy import select

from portail_core.i18n import _
from portail_core.models.bookings import CANCELLATION, Reservation
from portail_core.services.audit.trail import AuditTrail
from portail_core.services.bookings.states import PRESENCE


def summary(states):
    """ "3 jour(s) : 2 acceptée, 1 liste d'attente" from the lines' states."""
    counts = Counter(states)
    parts = ", ".join(f"{count} {PRESENCE[state].short}" for state, count in sorted(counts.items()))
    return f"{sum(counts.values())} jour(s) : {parts}"


def record_written(dbsession, tenant, period, family_id, rows, lines, actor):
    """Entries for the reservations just inserted (``rows``: their values, with ``id``)."""
    trail = AuditTrail(dbsession, tenant)
    entries = []
    for row in rows:
        child_lines = lines[row["child_id"]]
        cancelling = all(line["kind"] == CANCELLATION for line in child_lines)
        entries.append(
            trail.values(
                family_id=family_id,
                child_id=row["child_id"],
                subject=f"Réservation N° {row['number']:05d}",  # i18n: ignore (stored)
                field=_("Demande d'annulation") if cancelling else _("Demande de réservation"),
                new=f"{period.name} — {summary(line['state'] for line in child_lines)}",
                actor=actor,
                action="create",
                target_type="reservation",
                target_id=row["id"],
            )
        )
    trail.record_rows(entries)


def record_decided(dbsession, tenant, lines, action_label, actor):
    """Entries for the lines an agent accepted, refused or cancelled, per reservation."""
    by_reservation = {}
    for line in lines:
        by_reservation.setdefault(line.reservation_id, []).append(line)
    if not by_reservation:
        return
    reservations = dbsession.execute(
        select(Reservation.id, Reservation.number, Reservation.family_id, Reservation.child_id)
        .where(Reservation.tenant_id == tenant.id, Reservation.id.in_(by_reservation))
        .order_by(Reservation.id)
    ).all()
    trail = AuditTrail(dbsession, tenant)
    trail.record_rows(
        [
            trail.values(
                family_id=family_id,
                child_id=child_id,
                subject=f"Réservation N° {number:05d}",  # i18n: ignore (stored)
                field=_("Traitement de la demande"),
                new=f"{action_label} : {_days(by_reservation[reservation_id])}",
                actor=actor,
                target_type="reservation",
                target_id=reservation_id,
            )
            for reservation_id, number, family_id, child_id in reservations
        ]
    )


def _days(lines):
    days = sorted({line.day for line in lines})
    shown = ", ".join(day.strftime("%d/%m/%Y") for day in days[:10])
    more = f" et {len(days) - 10} autre(s) jour(s)"  # i18n: ignore (stored in the trail)
    return shown + (more if len(days) > 10 else "")
