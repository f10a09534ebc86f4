"""Invoice runs: a régie's accepted presences of a period become one draft per family.

Late cancellations (the bookings area marks them ``late``) are billed too. Lines group a
child's days at one unit and price: "Périscolaire Matin … : 15/01 16/01 17/01", 3 × 1,75 €.
A presence is billed at most once (``billed_presence.presence_id`` is unique), so running
again bills only what was not billed yet. Rows are written with bulk inserts so that a
run over thousands of families stays a handful of statements per chunk.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import and_, delete, exists, func, insert, select, update
from sqlalchemy.orm import aliased, selectinload
from zope.sqlalchemy import mark_changed

from portail_core.calendar import now_paris
from portail_core.i18n import _
from portail_core.models.absences import PresenceCredit
from portail_core.models.billing import (
    DRAFT,
    PUBLISHED,
    BilledPresence,
    Invoice,
    InvoiceLine,
    InvoiceRun,
)
from portail_core.models.bookings import (
    ACCEPTED,
    BOOKING,
    CANCELLATION,
    CANCELLED,
    JUSTIFIED,
    Presence,
    Reservation,
)
from portail_core.models.bookings import Establishment as EstablishmentRow
from portail_core.models.bookings import Period as PeriodRow
from portail_core.models.bookings import Unit as UnitRow
from portail_core.models.family import Child, Family
from portail_core.models.households import ChildHousehold, HouseholdShare
from portail_core.models.types import utcnow
from portail_core.services.audit.trail import AuditTrail, display
from portail_core.services.billing.credits import (
    credit_lines,
    forget_credits,
    mark_credited,
    pending_credits,
)
from portail_core.services.billing.invoice_numbers import InvoiceNumbering
from portail_core.services.billing.invoices import (
    CENT,
    DUE_DAYS,
    BillingError,
    BillingService,
    invoice_loads,
)
from portail_core.services.billing.ledger import ZERO
from portail_core.services.billing.payers import Payers, PriceBook

CHUNK = 500  # families written per batch of inserts
# What a billed day that is not a plain accepted one says on its line.
SUFFIXES = {CANCELLED: " (annulation tardive)", JUSTIFIED: " (jour de carence)"}  # i18n: ignore


@dataclass
class _Line:
    section: str
    designation: str
    unit_price: Decimal
    child: str = ""
    days: list = field(default_factory=list)
    presence_ids: list = field(default_factory=list)
    part: int = 0  # a shared-custody split's part (models.billing.BilledPresence)


@dataclass
class _Draft:
    family_id: int
    children: dict = field(default_factory=dict)
    establishments: dict = field(default_factory=dict)
    accueils: dict = field(default_factory=dict)
    lines: dict = field(default_factory=dict)
    credits: list = field(default_factory=list)  # CreditLine, negative amounts


class InvoiceRunService:
    def __init__(self, dbsession, tenant):
        self.dbsession = dbsession
        self.tenant = tenant

    # --- reading ----------------------------------------------------------------------

    def runs(self, limit=50):
        return self.dbsession.scalars(
            select(InvoiceRun)
            .where(InvoiceRun.tenant_id == self.tenant.id)
            .order_by(InvoiceRun.id.desc())
            .limit(limit)
        ).all()

    def get_run(self, run_id):
        return self.dbsession.scalar(
            select(InvoiceRun).where(
                InvoiceRun.tenant_id == self.tenant.id, InvoiceRun.id == run_id
            )
        )

    def run_invoices(self, run):
        return self.dbsession.scalars(
            select(Invoice)
            .join(Family, Family.id == Invoice.family_id)
            .where(Invoice.tenant_id == self.tenant.id, Invoice.run_id == run.id)
            .options(*invoice_loads(), selectinload(Invoice.family), selectinload(Invoice.lines))
            .order_by(Family.name, Invoice.id)
        ).all()

    def run_totals(self, run):
        """``(invoice count, total)`` of a run, in one query."""
        count, total = self.dbsession.execute(
            select(func.count(Invoice.id), func.coalesce(func.sum(Invoice.total), 0)).where(
                Invoice.tenant_id == self.tenant.id, Invoice.run_id == run.id
            )
        ).one()
        return count, Decimal(total).quantize(CENT)

    def open_run(self, regie_id):
        return self.dbsession.scalar(
            select(InvoiceRun).where(
                InvoiceRun.tenant_id == self.tenant.id,
                InvoiceRun.regie == regie_id,
                InvoiceRun.published_at.is_(None),
            )
        )

    def billable_rows(self, regie_id, start, end):
        """Presences of a régie and period not billed yet: accepted, cancelled late, or
        justified by an absence on a day the commune does not give back (carence)."""
        cancellation = aliased(Presence)
        late_cancelled = exists().where(
            cancellation.cancels_id == Presence.id,
            cancellation.kind == CANCELLATION,
            cancellation.late.is_(True),
        )
        not_given_back = exists().where(
            PresenceCredit.presence_id == Presence.id, PresenceCredit.credited.is_(False)
        )
        second = aliased(Family)
        query = (
            select(
                Presence.id.label("presence_id"),
                Presence.day,
                Presence.state,
                Child.id.label("child_id"),
                Child.first_name,
                Child.last_name,
                Family.id.label("family_id"),
                Family.quotient_familial,
                Family.quotient_familial_valid_until,
                Family.postal_code,
                UnitRow.id.label("unit_id"),
                UnitRow.code.label("unit_code"),
                UnitRow.label.label("unit_label"),
                UnitRow.tariff.label("unit_tariff"),
                UnitRow.from_plugin,
                EstablishmentRow.code.label("establishment_code"),
                EstablishmentRow.name.label("establishment_name"),
                EstablishmentRow.kind.label("establishment_kind"),
                PeriodRow.name.label("period_name"),
                # shared custody: the second household, its schedule and the unit's split
                Reservation.family_id.label("booker_id"),
                ChildHousehold.id.label("link_id"),
                ChildHousehold.schedule,
                ChildHousehold.start_date,
                ChildHousehold.first_household,
                ChildHousehold.weekdays,
                second.id.label("second_family_id"),
                second.quotient_familial.label("second_quotient_familial"),
                second.quotient_familial_valid_until.label("second_quotient_familial_valid_until"),
                second.postal_code.label("second_postal_code"),
                HouseholdShare.second_percent,
            )
            .join(Child, Child.id == Presence.child_id)
            .join(Family, Family.id == Child.family_id)
            .join(Reservation, Reservation.id == Presence.reservation_id)
            .outerjoin(ChildHousehold, ChildHousehold.child_id == Child.id)
            .outerjoin(second, second.id == ChildHousehold.family_id)
            .outerjoin(
                HouseholdShare,
                and_(
                    HouseholdShare.link_id == ChildHousehold.id,
                    HouseholdShare.unit_id == Presence.unit_id,
                ),
            )
            .join(UnitRow, UnitRow.id == Presence.unit_id)
            .join(EstablishmentRow, EstablishmentRow.id == UnitRow.establishment_id)
            .join(PeriodRow, PeriodRow.id == Presence.period_id)
            .outerjoin(BilledPresence, BilledPresence.presence_id == Presence.id)
            .where(
                Presence.tenant_id == self.tenant.id,
                Presence.kind == BOOKING,
                Presence.day >= start,
                Presence.day <= end,
                EstablishmentRow.regie == regie_id,
                BilledPresence.id.is_(None),
                (Presence.state == ACCEPTED)
                | and_(Presence.state == CANCELLED, late_cancelled)
                | and_(Presence.state == JUSTIFIED, not_given_back),
            )
            .order_by(Family.id, Child.id, Presence.day)
        )
        return self.dbsession.execute(query).all()

    # --- writing ----------------------------------------------------------------------

    def run(self, regie_id, start, end, agent=None, progress=None):
        """Draft the invoices of a régie for ``start``–``end``; returns the run (or None).

        :param progress: optional ``callable(done, total)`` told after each chunk.
        Returns ``None`` when nothing is left to bill.
        """
        BillingService(self.dbsession, self.tenant).regie(regie_id)
        if end < start:
            raise BillingError(_("La fin de la période précède son début."))
        if self.open_run(regie_id) is not None:
            raise BillingError(
                _(
                    "Une facturation de cette régie est en brouillon : publiez-la ou "
                    "supprimez-la avant d'en lancer une autre."
                )
            )
        drafts = self._group(self.billable_rows(regie_id, start, end))
        self._add_credits(regie_id, drafts)
        if not drafts:
            return None
        run = InvoiceRun(
            tenant_id=self.tenant.id,
            regie=regie_id,
            period_start=start,
            period_end=end,
            created_by_id=agent.id if agent else None,
        )
        self.dbsession.add(run)
        self.dbsession.flush()
        for index in range(0, len(drafts), CHUNK):
            self._write(run, drafts[index : index + CHUNK])
            if progress:
                progress(min(index + CHUNK, len(drafts)), len(drafts))
        return run

    def _group(self, rows):
        prices = PriceBook(self.tenant)
        payers = Payers()
        drafts = {}
        for source in rows:
            # A child in two households: the day goes to one of them, or is split.
            for payer in payers.parts(source):
                self._add(drafts, prices, payer)
        return sorted(drafts.values(), key=lambda draft: draft.family_id)

    def _add(self, drafts, prices, payer):
        row = payer.row
        draft = drafts.get(payer.family_id)
        if draft is None:
            draft = drafts[payer.family_id] = _Draft(payer.family_id)
        draft.children[row.child_id] = f"{row.last_name} {row.first_name}"
        draft.establishments[row.establishment_name] = None
        draft.accueils[(row.establishment_kind or "").upper()] = None
        price = payer.amount(prices.price(row))
        suffix = SUFFIXES.get(row.state, "") + payer.suffix
        key = (
            row.child_id,
            row.establishment_code,
            row.period_name,
            row.unit_id,
            price,
            suffix,
        )
        line = draft.lines.get(key)
        if line is None:
            section = (
                f"{row.establishment_name} / {(row.establishment_kind or '').upper()} "
                f"/ {row.period_name}"
            )
            label = prices.label(row) + suffix
            line = draft.lines[key] = _Line(section, label, price, row.first_name)
            line.part = payer.part
        line.days.append(row.day)
        line.presence_ids.append(row.presence_id)

    def _add_credits(self, regie_id, drafts):
        """Give back, on each family's new invoice, the days owed on earlier ones."""
        by_family = {}
        for row in pending_credits(self.dbsession, self.tenant, regie_id):
            by_family.setdefault(row.family_id, []).append(row)
        for draft in drafts:
            rows = by_family.get(draft.family_id)
            if rows:
                total = sum(
                    (line.unit_price * len(line.days) for line in draft.lines.values()), ZERO
                )
                draft.credits = credit_lines(rows, total)

    def _write(self, run, drafts):
        invoice_rows = []
        for draft in drafts:
            lines = [*draft.lines.values(), *draft.credits]
            total = sum((line.unit_price * len(line.days) for line in lines), ZERO)
            invoice_rows.append(
                {
                    "tenant_id": self.tenant.id,
                    "regie": run.regie,
                    "family_id": draft.family_id,
                    "run_id": run.id,
                    "period_start": run.period_start,
                    "period_end": run.period_end,
                    "referent": ", ".join(draft.children.values())[:200],
                    "referent_child_id": next(iter(draft.children)),
                    "establishment_label": ", ".join(draft.establishments)[:200],
                    "accueil_label": ", ".join(a for a in draft.accueils if a)[:200],
                    "status": DRAFT,
                    "total": total.quantize(CENT),
                    "created_at": utcnow(),
                }
            )
        # Core inserts on the tables: the ORM's bulk path costs more than the rows here.
        invoices, lines_table = Invoice.__table__, InvoiceLine.__table__
        invoice_ids = self.dbsession.scalars(
            insert(invoices).returning(invoices.c.id, sort_by_parameter_order=True), invoice_rows
        ).all()
        line_rows, presences = [], []
        for invoice_id, draft in zip(invoice_ids, drafts, strict=True):
            several = len(draft.children) > 1
            for position, line in enumerate([*draft.lines.values(), *draft.credits], start=1):
                days = " ".join(f"{day:%d/%m}" for day in sorted(line.days))
                section = f"{line.section} — {line.child}" if several else line.section
                line_rows.append(
                    {
                        "tenant_id": self.tenant.id,
                        "invoice_id": invoice_id,
                        "position": position,
                        "section": section[:300],
                        "designation": f"{line.designation} : {days}"[:500],
                        "quantity": len(line.days),
                        "unit_price": line.unit_price,
                        "amount": (line.unit_price * len(line.days)).quantize(CENT),
                    }
                )
                part = getattr(line, "part", 0)  # credit lines have none
                is_credit = line in draft.credits
                # a credit line remembers the billed parts it gives back
                ids = line.billed_ids if is_credit else line.presence_ids
                presences.append((is_credit, ids, part))
        line_ids = self.dbsession.scalars(
            insert(lines_table).returning(lines_table.c.id, sort_by_parameter_order=True),
            line_rows,
        ).all()
        billed, credited = [], []
        for line_id, (is_credit, ids, part) in zip(line_ids, presences, strict=True):
            if is_credit:
                credited.append((line_id, ids))
                continue
            billed.extend(
                {
                    "tenant_id": self.tenant.id,
                    "presence_id": presence_id,
                    "invoice_line_id": line_id,
                    "part": part,
                }
                for presence_id in ids
            )
        copy_rows(self.dbsession, BilledPresence.__table__, billed)
        mark_credited(self.dbsession, credited)
        mark_changed(self.dbsession)

    def publish(self, run, day=None):
        """Number and date every draft of the run, in the order of the families' names."""
        if run.published_at is not None:
            raise BillingError(_("Cette facturation est déjà publiée."))
        day = day or now_paris().date()
        drafts = self.dbsession.execute(
            select(Invoice.id, Invoice.family_id, Invoice.total)
            .join(Family, Family.id == Invoice.family_id)
            .where(
                Invoice.tenant_id == self.tenant.id,
                Invoice.run_id == run.id,
                Invoice.status == DRAFT,
            )
            .order_by(Family.name, Invoice.id)
        ).all()
        ids = [row.id for row in drafts]
        numbers = InvoiceNumbering(self.dbsession, self.tenant).reserve(run.regie, day, len(ids))
        now = utcnow()
        due = day + timedelta(days=DUE_DAYS)
        if ids:
            self.dbsession.execute(
                update(Invoice),
                [
                    {
                        "id": invoice_id,
                        "number": number,
                        "status": PUBLISHED,
                        "issued_on": day,
                        "due_on": due,
                        "published_at": now,
                    }
                    for invoice_id, number in zip(ids, numbers, strict=True)
                ],
            )
        run.published_at = now
        self._record_published(drafts, numbers)
        return len(ids)

    def _record_published(self, drafts, numbers):
        # The bulk UPDATE bypasses the session's tracking of invoices: record here.
        trail = AuditTrail(self.dbsession, self.tenant)
        trail.record_rows(
            [
                trail.values(
                    family_id=row.family_id,
                    subject=f"Facture {number}",
                    field="Facture émise",  # i18n: ignore (audit trail)
                    new=f"{display(row.total)} €",
                    action="create",
                    target_type="invoice",
                    target_id=row.id,
                )
                for row, number in zip(drafts, numbers, strict=True)
            ]
        )

    def discard(self, run):
        """Delete a run still in draft: its presences may be billed by another run."""
        if run.published_at is not None:
            raise BillingError(
                _("Une facturation publiée ne se supprime pas : annulez ses factures.")
            )
        invoice_ids = select(Invoice.id).where(Invoice.run_id == run.id)
        line_ids = select(InvoiceLine.id).where(InvoiceLine.invoice_id.in_(invoice_ids))
        forget_credits(self.dbsession, line_ids)
        for statement in (
            delete(BilledPresence).where(BilledPresence.invoice_line_id.in_(line_ids)),
            delete(InvoiceLine).where(InvoiceLine.invoice_id.in_(invoice_ids)),
            delete(Invoice).where(Invoice.run_id == run.id),
        ):
            self.dbsession.execute(statement.execution_options(synchronize_session=False))
        self.dbsession.delete(run)


def copy_rows(dbsession, table, rows):
    """Insert many rows: PostgreSQL's COPY (ten times an executemany), else executemany."""
    if not rows:
        return
    connection = dbsession.connection()
    if connection.dialect.name != "postgresql":
        dbsession.execute(insert(table), rows)
        return
    columns = list(rows[0])
    statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
    with connection.connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row([row[column] for column in columns])


def month_bounds(day: date):
    """First and last day of ``day``'s month."""
    start = day.replace(day=1)
    following = (start + timedelta(days=32)).replace(day=1)
    return start, following - timedelta(days=1)
