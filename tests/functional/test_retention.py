"""``portail-retention``: families gone for longer than the commune's period are anonymised
(dry-run by default, idempotent), invoices and payments kept with names replaced."""

import io
from datetime import date, timedelta
from decimal import Decimal

import transaction
import zope.sqlalchemy
from sqlalchemy import func, select, update

from portail_core.models.audit import AuditEntry
from portail_core.models.billing import Invoice, Payment
from portail_core.models.family import Child, Family, Guardian
from portail_core.models.family_records import Document
from portail_core.models.types import utcnow
from portail_core.scripts.retention import run
from portail_core.services.family.documents import DocumentService
from portail_core.services.payments.recording import PaymentService
from portail_core.testing.billing import published_invoice
from portail_core.testing.family import FAMILY_CREDENTIAL

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
TODAY = date(2026, 12, 1)


class Request:
    """What the script needs of ``bootstrap``'s request: a session and its transaction."""

    def __init__(self, app):
        self.dbsession = app.registry["dbsession_factory"]()
        self.tm = transaction.TransactionManager(explicit=True)
        zope.sqlalchemy.register(self.dbsession, transaction_manager=self.tm)


def old_family(app, dbsession, family_factory, name, invoiced_on):
    family = family_factory("balaruc", name, children=1)
    tenant = app.registry.tenants.get("balaruc")
    family.created_at = utcnow() - timedelta(days=3650)
    child = family.children[0]
    child.allergy_food, child.allergy_food_details = True, "Arachide"
    upload = {"filename": "pai.pdf", "mime_type": "application/pdf", "data": PDF}
    document = DocumentService(dbsession, tenant, app.registry.file_store).create(
        family, child, {"name": "PAI", "doc_type": ""}, upload, None
    )
    invoice = published_invoice(
        dbsession, tenant, family, "periscolaire", ["9.00"], day=invoiced_on
    )
    PaymentService(dbsession, tenant).record_counter_payment(
        family, "periscolaire", "cheque", Decimal("9.00"), [invoice.id], payer=f"M. {name}"
    )
    dbsession.execute(
        update(AuditEntry)
        .where(AuditEntry.family_id == family.id)
        .values(at=utcnow() - timedelta(days=3650))
    )
    dbsession.commit()
    return family, document.storage_key


def test_dry_run_then_apply_then_nothing_more(app, dbsession, family_factory, balaruc):
    gone, key = old_family(app, dbsession, family_factory, "PARTIE", date(2022, 6, 30))
    recent, _ = old_family(app, dbsession, family_factory, "RESTEE", date(2025, 6, 30))
    store = app.registry.file_store
    out = io.StringIO()
    reports = run(app.registry, Request(app), tenant_id="balaruc", today=TODAY, out=out)
    assert reports[0].families == [gone.id]
    assert "1 famille(s) à anonymiser" in out.getvalue() and "Simulation" in out.getvalue()
    dbsession.expire_all()
    assert dbsession.get(Family, gone.id).name == "PARTIE"

    out = io.StringIO()
    run(app.registry, Request(app), apply=True, tenant_id="balaruc", today=TODAY, out=out)
    assert "1 famille(s) anonymisée(s)" in out.getvalue()
    dbsession.expire_all()
    family = dbsession.get(Family, gone.id)
    assert family.name == f"ANONYME-{gone.id}" and family.anonymised_at is not None
    child = dbsession.scalar(select(Child).where(Child.family_id == gone.id))
    assert (child.last_name, child.allergy_food, child.allergy_food_details) == (
        "ANONYME",
        False,
        "",
    )
    assert not dbsession.scalar(
        select(func.count(Document.id)).where(Document.family_id == gone.id)
    )
    assert not dbsession.scalar(
        select(func.count(Guardian.id)).where(Guardian.family_id == gone.id)
    )
    assert not (store.root / key).exists()
    invoice = dbsession.scalar(select(Invoice).where(Invoice.family_id == gone.id))
    assert invoice.total == Decimal("9.00") and invoice.referent == "ANONYME"
    payment = dbsession.scalar(select(Payment).where(Payment.family_id == gone.id))
    assert payment.amount == Decimal("9.00") and payment.payer == "ANONYME"
    assert dbsession.get(Family, recent.id).name == "RESTEE"
    balaruc.login("partie@example.org", FAMILY_CREDENTIAL, status=200)  # cannot log in
    balaruc.login("restee@example.org", FAMILY_CREDENTIAL)

    out = io.StringIO()
    again = run(app.registry, Request(app), apply=True, tenant_id="balaruc", today=TODAY, out=out)
    assert again[0].families == [] and "0 famille(s)" in out.getvalue()


def test_the_cnil_page_gives_the_communes_periods(demo_data, balaruc):
    page = balaruc.get("/mentions-legales")
    assert "3 ans" in page.text and "365 jours" in page.text
