"""Retention: families gone for longer than the commune's period are anonymised.

A family is gone ``families_years`` (tenant setting ``[settings.core.retention]``, default 3)
after its last invoice, or after its last activity when it has none, and has no booked day
since. Anonymising deletes its documents (rows and files), health data, pick-up persons,
guardians and trail; it keeps invoices and payments (accounting law), with names replaced,
and closes its logins. Anonymised families are marked, so a second run finds nothing to do.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy import String, cast, delete, func, literal, select, update
from zope.sqlalchemy import mark_changed

from portail_core.i18n import _
from portail_core.models.accounts import AccountToken, User
from portail_core.models.audit import AuditEntry
from portail_core.models.billing import Invoice, Payment
from portail_core.models.bookings import Reservation
from portail_core.models.family import (
    Child,
    ChildAuthorisation,
    ChildVaccination,
    Family,
    Guardian,
    PickupPerson,
)
from portail_core.models.family_records import Document
from portail_core.models.types import utcnow
from portail_core.services.audit.trail import AuditTrail

DEFAULT_FAMILIES_YEARS = 3
ANONYMOUS = "ANONYME"
CHILD_SHEET_RESET = {
    "first_name": "",
    "birth_date": None,
    "birth_place": "",
    "school_level": "",
    "allergy_food": False,
    "allergy_food_details": "",
    "allergy_medication": False,
    "allergy_medication_details": "",
    "allergy_other": False,
    "allergy_other_details": "",
    "diet": "",
    "pai": False,
    "doctor_name": "",
    "doctor_phone": "",
    "recommendations": "",
}


def _text(value):
    return literal(value, String)


def retention_years(tenant):
    """The commune's retention period of a family file, in years."""
    settings = tenant.plugin_settings("core").get("retention") or {}
    return settings.get("families_years", DEFAULT_FAMILIES_YEARS)


def years_before(day, years):
    """The same day ``years`` earlier (29 February becomes 28)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


@dataclass
class RetentionReport:
    tenant_id: str
    cutoff: date
    families: list = field(default_factory=list)
    children: int = 0
    documents: int = 0
    invoices: int = 0
    payments: int = 0
    file_keys: list = field(default_factory=list)


class RetentionService:
    """Finds and anonymises the tenant's families gone for longer than its period."""

    def __init__(self, dbsession, tenant):
        self.dbsession = dbsession
        self.tenant = tenant

    def _scoped(self, model):
        return model.tenant_id == self.tenant.id

    def due(self, today):
        """``(cutoff, family ids)``: the families whose file must be anonymised today."""
        cutoff = years_before(today, retention_years(self.tenant))
        limit = datetime.combine(cutoff, time(), tzinfo=utcnow().tzinfo)
        last_invoice = (
            select(func.max(func.coalesce(Invoice.issued_on, Invoice.period_end)))
            .where(self._scoped(Invoice), Invoice.family_id == Family.id)
            .scalar_subquery()
        )
        recent = [
            select(User.id).where(
                self._scoped(User), User.family_id == Family.id, User.last_login_at >= limit
            ),
            select(Reservation.id).where(
                self._scoped(Reservation),
                Reservation.family_id == Family.id,
                (Reservation.created_at >= limit) | (Reservation.last_day >= cutoff),
            ),
            select(AuditEntry.id).where(
                self._scoped(AuditEntry),
                AuditEntry.family_id == Family.id,
                AuditEntry.at >= limit,
            ),
        ]
        query = select(Family.id).where(
            self._scoped(Family),
            Family.anonymised_at.is_(None),
            Family.created_at < limit,
            last_invoice.is_(None) | (last_invoice < cutoff),
            *(~subquery.exists() for subquery in recent),
        )
        return cutoff, list(self.dbsession.scalars(query.order_by(Family.id)))

    def run(self, today, apply=False):
        """Find the families due; anonymise them when ``apply``. Returns a report."""
        cutoff, ids = self.due(today)
        report = RetentionReport(self.tenant.id, cutoff, ids)
        if not ids:
            return report
        report.children = self._count(Child, Child.family_id.in_(ids))
        report.documents = self._count(Document, Document.family_id.in_(ids))
        report.invoices = self._count(Invoice, Invoice.family_id.in_(ids))
        report.payments = self._count(Payment, Payment.family_id.in_(ids))
        if apply:
            report.file_keys = self._anonymise(ids)
        return report

    def _count(self, model, *where):
        return self.dbsession.scalar(
            select(func.count()).select_from(model).where(self._scoped(model), *where)
        )

    def _anonymise(self, ids):
        now = utcnow()
        children = select(Child.id).where(self._scoped(Child), Child.family_id.in_(ids))
        keys = self._delete_documents(ids)
        for model in (ChildVaccination, ChildAuthorisation, PickupPerson):
            self._execute(delete(model).where(self._scoped(model), model.child_id.in_(children)))
        self._execute(delete(Guardian).where(self._scoped(Guardian), Guardian.family_id.in_(ids)))
        self._execute(
            delete(AuditEntry).where(self._scoped(AuditEntry), AuditEntry.family_id.in_(ids))
        )
        users = select(User.id).where(self._scoped(User), User.family_id.in_(ids))
        self._execute(delete(AccountToken).where(AccountToken.user_id.in_(users)))
        self._execute(
            update(User)
            .where(self._scoped(User), User.family_id.in_(ids))
            .values(
                email=_text("anonyme-") + cast(User.id, String) + "@anonyme.invalid",
                password_hash=None,
                first_name="",
                last_name="",
                active=False,
                security_stamp=_text("anonyme-") + cast(User.id, String),
            )
        )
        self._execute(
            update(Child)
            .where(self._scoped(Child), Child.family_id.in_(ids))
            .values(last_name=ANONYMOUS, **CHILD_SHEET_RESET)
        )
        self._execute(
            update(Invoice)
            .where(self._scoped(Invoice), Invoice.family_id.in_(ids))
            .values(referent=ANONYMOUS)
        )
        self._execute(
            update(Payment)
            .where(self._scoped(Payment), Payment.family_id.in_(ids))
            .values(payer=ANONYMOUS, payer_email=None, raw_data=None)
        )
        self._execute(
            update(Family)
            .where(self._scoped(Family), Family.id.in_(ids))
            .values(
                name=_text(f"{ANONYMOUS}-") + cast(Family.id, String),
                address_line1="",
                address_line2="",
                postal_code="",
                city="",
                quotient_familial=None,
                quotient_familial_valid_until=None,
                anonymised_at=now,
            )
        )
        trail = AuditTrail(self.dbsession, self.tenant)
        trail.record_rows(
            [
                trail.values(
                    family_id=family_id,
                    subject=_("Famille"),  # the history keeps the French text
                    field=_("Dossier anonymisé (durée de conservation écoulée)"),
                    action="anonymise",
                    target_type="family",
                    target_id=family_id,
                )
                for family_id in ids
            ]
        )
        return keys

    def _delete_documents(self, ids):
        keys = self.dbsession.scalars(
            select(Document.storage_key).where(self._scoped(Document), Document.family_id.in_(ids))
        ).all()
        self._execute(delete(Document).where(self._scoped(Document), Document.family_id.in_(ids)))
        # The caller deletes the files once the transaction is committed: a failed run
        # leaves every file its rows still name.
        return keys

    def _execute(self, statement):
        self.dbsession.execute(statement.execution_options(synchronize_session=False))
        mark_changed(self.dbsession)
