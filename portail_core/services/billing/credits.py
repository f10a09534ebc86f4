"""Credit lines: days already invoiced that an absence or a closed day gives back.

A booking line ended by an accepted absence (not a "jour de carence") or by a closed day
carries a presence credit (:mod:`portail_core.models.absences`). When such a line was
billed on a published invoice, the régie's next invoice run gives it back: a line with a
negative amount (the price it was billed at) on the family's new invoice. Credits never
take an invoice below zero: what does not fit waits for the family's next invoice. Each
billed part gives its credit line (``billed_presence.credit_line_id``), so it is given back
once, to the household it was billed to (a split day: each household its part).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import bindparam, select, update
from zope.sqlalchemy import mark_changed

from portail_core.models.absences import CAUSE_CLOSURE, PresenceCredit
from portail_core.models.billing import PUBLISHED, BilledPresence, Invoice, InvoiceLine
from portail_core.models.bookings import Presence
from portail_core.models.bookings import Unit as UnitRow
from portail_core.models.family import Child

SECTION = "AVOIRS (jours déjà facturés)"  # i18n: ignore (an invoice line, stored)


@dataclass
class CreditLine:
    """Days of one child at one unit and price, given back for one cause."""

    designation: str
    unit_price: Decimal  # negative
    child: str
    days: list = field(default_factory=list)
    presence_ids: list = field(default_factory=list)
    billed_ids: list = field(default_factory=list)  # the billed parts it gives back
    section: str = SECTION


def pending_credits(dbsession, tenant, regie_id):
    """Credits owed by the régie on published invoices, not given back yet (one query)."""
    return dbsession.execute(
        select(
            BilledPresence.id.label("billed_id"),
            PresenceCredit.presence_id,
            PresenceCredit.cause,
            PresenceCredit.reason,
            Presence.day,
            Presence.child_id,
            Child.first_name,
            UnitRow.id.label("unit_id"),
            UnitRow.label.label("unit_label"),
            Invoice.family_id,
            InvoiceLine.unit_price,
        )
        .join(Presence, Presence.id == PresenceCredit.presence_id)
        .join(Child, Child.id == Presence.child_id)
        .join(UnitRow, UnitRow.id == Presence.unit_id)
        .join(BilledPresence, BilledPresence.presence_id == PresenceCredit.presence_id)
        .join(InvoiceLine, InvoiceLine.id == BilledPresence.invoice_line_id)
        .join(Invoice, Invoice.id == InvoiceLine.invoice_id)
        .where(
            PresenceCredit.tenant_id == tenant.id,
            PresenceCredit.credited.is_(True),
            BilledPresence.credit_line_id.is_(None),
            Invoice.tenant_id == tenant.id,
            Invoice.regie == regie_id,
            Invoice.status == PUBLISHED,
            InvoiceLine.unit_price > 0,
        )
        .order_by(Invoice.family_id, Presence.day, Presence.id)
    ).all()


def _designation(row):
    if row.cause == CAUSE_CLOSURE:
        return f"Avoir fermeture ({row.reason}) — {row.unit_label}"  # i18n: ignore (stored)
    return f"Avoir absence justifiée — {row.unit_label}"  # i18n: ignore (stored)


def credit_lines(rows, positive_total):
    """Group one family's credit rows into lines, keeping the invoice at zero or above."""
    lines = {}
    room = positive_total
    for row in rows:
        if row.unit_price > room:
            continue  # waits for a later invoice
        room -= row.unit_price
        key = (
            row.child_id,
            row.cause,
            row.reason if row.cause == CAUSE_CLOSURE else "",
            row.unit_id,
            row.unit_price,
        )
        line = lines.get(key)
        if line is None:
            line = lines[key] = CreditLine(_designation(row), -row.unit_price, row.first_name)
        line.days.append(row.day)
        line.presence_ids.append(row.presence_id)
        line.billed_ids.append(row.billed_id)
    return list(lines.values())


def mark_credited(dbsession, pairs):
    """Remember which invoice line gave back each billed part: ``[(line id, billed ids)]``."""
    rows = [{"billed": billed_id, "line": line_id} for line_id, ids in pairs for billed_id in ids]
    if not rows:
        return
    table = BilledPresence.__table__
    dbsession.connection().execute(
        update(table)
        .where(table.c.id == bindparam("billed"))
        .values(credit_line_id=bindparam("line")),
        rows,
    )
    mark_changed(dbsession)


def forget_credits(dbsession, line_ids_query):
    """Credits given by lines about to disappear (a draft discarded, an invoice cancelled)
    are owed again."""
    dbsession.execute(
        update(BilledPresence)
        .where(BilledPresence.credit_line_id.in_(line_ids_query))
        .values(credit_line_id=None)
        .execution_options(synchronize_session=False)
    )
    mark_changed(dbsession)
