"""Billing services on the real database: runs, numbering, credits, payments, statements."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from portail_core.models.billing import (
    CANCELLED,
    DRAFT,
    PAYMENT_REFUSED,
    PAYMENT_VALIDATED,
    PUBLISHED,
    BilledPresence,
    Invoice,
)
from portail_core.services.billing.invoice_numbers import InvoiceNumbering
from portail_core.services.billing.invoice_runs import InvoiceRunService
from portail_core.services.billing.invoices import BillingError, BillingService, LineSpec
from portail_core.services.billing.ledger import (
    STATE_AWAITING,
    STATE_PAID,
    STATE_TRESOR,
    balance_of,
)
from portail_core.services.billing.statements import StatementService
from portail_core.services.payments.recording import PaymentService
from portail_core.testing.billing import book, family_with_child, published_invoice

D = Decimal
JAN = [date(2018, 1, 15), date(2018, 1, 16), date(2018, 1, 17)]
YEAR = (date(2017, 9, 4), date(2018, 7, 6))


@pytest.fixture
def batz_tenant(other_tenant):
    return other_tenant


def test_a_run_bills_accepted_days_grouped_as_in_the_seed(dbsession, batz_tenant):
    family, child = family_with_child(dbsession, "batz", "AABELIUM", "BAPTISTE")
    book(dbsession, batz_tenant, child, "periscolaire", "matin", JAN)
    book(
        dbsession, batz_tenant, child, "periscolaire", "soir", [date(2018, 1, 18)], state="refused"
    )
    InvoiceNumbering(dbsession, batz_tenant).ensure_at_least("periscolaire", date(2018, 1, 26), 726)
    runs = InvoiceRunService(dbsession, batz_tenant)
    run = runs.run("periscolaire", *YEAR)
    invoices = runs.run_invoices(run)
    assert len(invoices) == 1
    invoice = invoices[0]
    assert invoice.status == DRAFT and invoice.number is None
    assert invoice.total == D("5.25")
    assert invoice.referent == "AABELIUM BAPTISTE"
    assert invoice.establishment_label == "ACCUEIL PERISCOLAIRE"
    assert invoice.accueil_label == "PERISCOLAIRE"
    [line] = invoice.lines
    assert line.designation == "Périscolaire Matin Ecole Alain BOUTLE : 15/01 16/01 17/01"
    assert (line.quantity, line.unit_price, line.amount) == (3, D("1.75"), D("5.25"))
    assert line.section == "ACCUEIL PERISCOLAIRE / PERISCOLAIRE / PERISCOLAIRE 2017-2018"

    assert runs.publish(run, date(2018, 1, 26)) == 1
    dbsession.refresh(invoice)
    assert (invoice.number, invoice.issued_on, invoice.status) == (
        "00727",
        date(2018, 1, 26),
        PUBLISHED,
    )


def test_running_twice_never_bills_twice(dbsession, batz_tenant):
    _, child = family_with_child(dbsession, "batz", "AABELIUM", "BAPTISTE")
    book(dbsession, batz_tenant, child, "periscolaire", "matin", JAN)
    runs = InvoiceRunService(dbsession, batz_tenant)
    with pytest.raises(BillingError):
        runs.run("periscolaire", *YEAR) and runs.run("periscolaire", *YEAR)  # draft still open
    run = runs.open_run("periscolaire")
    runs.publish(run)
    assert runs.run("periscolaire", *YEAR) is None
    book(dbsession, batz_tenant, child, "periscolaire", "soir", [date(2018, 1, 19)])
    second = runs.run("periscolaire", *YEAR)
    [invoice] = runs.run_invoices(second)
    assert invoice.total == D("2.20")
    assert dbsession.scalar(select(func.count(BilledPresence.id))) == 4


def test_late_cancellations_are_billed_and_free_ones_are_not(dbsession, batz_tenant):
    _, child = family_with_child(dbsession, "batz", "AABELIUM", "BAPTISTE")
    book(dbsession, batz_tenant, child, "periscolaire", "matin", JAN[:1], late_cancel=True)
    book(dbsession, batz_tenant, child, "periscolaire", "matin", JAN[1:], late_cancel=False)
    runs = InvoiceRunService(dbsession, batz_tenant)
    [invoice] = runs.run_invoices(runs.run("periscolaire", *YEAR))
    [line] = invoice.lines
    assert line.designation.endswith("(annulation tardive) : 15/01")
    assert invoice.total == D("1.75")


def test_one_invoice_per_family_with_a_section_per_child(dbsession, batz_tenant):
    family, first = family_with_child(dbsession, "batz", "MARTIN", "ALICE")
    _, other = family_with_child(dbsession, "batz", "DURAND", "LEO")
    from portail_core.models.family import Child

    second = Child(tenant_id="batz", last_name="MARTIN", first_name="BOB", family_id=family.id)
    dbsession.add(second)
    dbsession.flush()
    for child in (first, second, other):
        book(dbsession, batz_tenant, child, "periscolaire", "matin", JAN)
    book(dbsession, batz_tenant, first, "restaurant", "repas", JAN)
    runs = InvoiceRunService(dbsession, batz_tenant)
    invoices = runs.run_invoices(runs.run("periscolaire", *YEAR))
    assert [i.family.name for i in invoices] == ["DURAND", "MARTIN"]
    martin = invoices[1]
    assert martin.referent == "MARTIN ALICE, MARTIN BOB"
    assert martin.total == D("5.25") * 2 + D("3.25") * 3
    assert sum(line.amount for line in martin.lines) == martin.total
    assert any(line.section.endswith("— BOB") for line in martin.lines)


def test_a_discarded_run_releases_its_presences(dbsession, batz_tenant):
    _, child = family_with_child(dbsession, "batz", "AABELIUM", "BAPTISTE")
    book(dbsession, batz_tenant, child, "periscolaire", "matin", JAN)
    runs = InvoiceRunService(dbsession, batz_tenant)
    runs.discard(runs.run("periscolaire", *YEAR))
    dbsession.flush()
    assert dbsession.scalar(select(func.count(Invoice.id))) == 0
    assert runs.run("periscolaire", *YEAR) is not None


def test_quotient_familial_brackets_from_the_tenant_file_price_the_run(dbsession, tenant):
    family, child = family_with_child(
        dbsession, "balaruc", "TEST", "VALENTINA", quotient_familial=D("450")
    )
    days = [date(2019, 4, 23), date(2019, 4, 24)]
    book(dbsession, tenant, child, "ale_maternel", "journee_repas", days, period="PRINTEMPS")
    runs = InvoiceRunService(dbsession, tenant)
    [invoice] = runs.run_invoices(runs.run("periscolaire", date(2019, 4, 1), date(2019, 4, 30)))
    [line] = invoice.lines
    assert line.unit_price == D("9.50")  # balaruc.toml: QF up to 600


def test_numbers_follow_each_regies_format(dbsession, tenant):
    family, _ = family_with_child(dbsession, "balaruc", "TEST")
    first = published_invoice(dbsession, tenant, family, "periscolaire", ["1.00"])
    second = published_invoice(dbsession, tenant, family, "periscolaire", ["1.00"])
    other = published_invoice(dbsession, tenant, family, "restauration", ["1.00"])
    assert (first.number, second.number) == ("2006-00001", "2006-00002")
    assert other.number == "2018-00001"


def test_counter_payment_settles_oldest_invoices_first(dbsession, tenant):
    family, _ = family_with_child(dbsession, "balaruc", "TEST")
    old = published_invoice(dbsession, tenant, family, "periscolaire", ["10.00"], "A1")
    new = published_invoice(dbsession, tenant, family, "periscolaire", ["20.00"], "A2")
    payments = PaymentService(dbsession, tenant)
    payment = payments.record_counter_payment(
        family, "periscolaire", "cheque", D("15.00"), [new.id, old.id], number="1234567"
    )
    dbsession.flush()
    assert payment.state == PAYMENT_VALIDATED
    assert {a.invoice.number: a.amount for a in payment.allocations} == {
        "A1": D("10.00"),
        "A2": D("5.00"),
    }
    dbsession.expire_all()
    assert balance_of(old).state == STATE_PAID
    assert balance_of(new).due == D("15.00")
    with pytest.raises(BillingError, match="dépasse"):
        payments.record_counter_payment(family, "periscolaire", "especes", D("16"), [new.id])
    with pytest.raises(BillingError, match="n.est pas à régler"):
        payments.record_counter_payment(family, "periscolaire", "especes", D("1"), [old.id])
    payments.cancel_counter_payment(payment)
    dbsession.flush()
    dbsession.expire_all()
    assert payment.state == PAYMENT_REFUSED
    assert balance_of(old).due == D("10.00")


def test_online_payment_holds_the_invoices_until_the_bank_answers(dbsession, tenant):
    family, _ = family_with_child(dbsession, "balaruc", "TEST")
    invoice = published_invoice(dbsession, tenant, family, "periscolaire", ["237.27"], "2006-96")
    payments = PaymentService(dbsession, tenant)
    payment = payments.start_online(family, "periscolaire", "payment_systempay", [invoice.id])
    assert payment.amount == D("237.27") and len(payment.reference) == 24
    dbsession.expire_all()
    assert balance_of(invoice).state == STATE_AWAITING
    with pytest.raises(BillingError, match="attend déjà"):
        payments.start_online(family, "periscolaire", "payment_systempay", [invoice.id])
    assert payments.validate(payment, "T-1", {"vads_trans_status": "AUTHORISED"}) is True
    assert payments.validate(payment, "T-1") is False  # a second notification changes nothing
    dbsession.flush()
    dbsession.expire_all()
    assert balance_of(invoice).state == STATE_PAID
    assert '"vads_trans_status": "AUTHORISED"' in payment.raw_data


def test_a_refused_online_payment_frees_the_invoice(dbsession, tenant):
    family, _ = family_with_child(dbsession, "balaruc", "TEST")
    invoice = published_invoice(dbsession, tenant, family, "periscolaire", ["5.25"])
    payments = PaymentService(dbsession, tenant)
    payment = payments.start_online(family, "periscolaire", "payment_tipi", [invoice.id])
    assert payments.refuse(payment, raw="resultrans=R") is True
    assert payments.refuse(payment) is False
    dbsession.flush()
    dbsession.expire_all()
    assert balance_of(invoice).payable_online
    with pytest.raises(BillingError):
        payments.validate(payment)


def test_credit_and_cancel(dbsession, tenant):
    family, _ = family_with_child(dbsession, "balaruc", "TEST")
    billing = BillingService(dbsession, tenant)
    invoice = published_invoice(dbsession, tenant, family, "periscolaire", ["10.00", "5.00"])
    billing.credit(invoice, D("5.00"), "Journée non due")
    dbsession.flush()
    assert balance_of(invoice).due == D("10.00")
    with pytest.raises(BillingError, match="dépasse"):
        billing.credit(invoice, D("10.01"), "Trop")
    with pytest.raises(BillingError, match="publiée ne se modifie"):
        billing.add_lines(invoice, [LineSpec("Ajout", 1, D("1"))])
    billing.cancel(invoice, "Erreur de facturation")
    dbsession.flush()
    dbsession.expire_all()
    assert invoice.status == CANCELLED
    assert sum(c.amount for c in invoice.credits) == D("15.00")
    assert balance_of(invoice).due == 0
    paid = published_invoice(dbsession, tenant, family, "periscolaire", ["3.00"])
    PaymentService(dbsession, tenant).record_counter_payment(
        family, "periscolaire", "especes", D("1.00"), [paid.id]
    )
    dbsession.flush()
    dbsession.expire_all()
    with pytest.raises(BillingError, match="reçu un paiement"):
        billing.cancel(paid, "")


def test_cancelling_an_invoice_lets_a_new_run_bill_its_presences(dbsession, batz_tenant):
    _, child = family_with_child(dbsession, "batz", "AABELIUM", "BAPTISTE")
    book(dbsession, batz_tenant, child, "periscolaire", "matin", JAN)
    runs = InvoiceRunService(dbsession, batz_tenant)
    run = runs.run("periscolaire", *YEAR)
    runs.publish(run)
    [invoice] = runs.run_invoices(run)
    BillingService(dbsession, batz_tenant).cancel(invoice, "Tarif erroné")
    dbsession.flush()
    assert runs.run("periscolaire", *YEAR) is not None


def test_tresor_only_after_the_due_date(dbsession, tenant):
    family, _ = family_with_child(dbsession, "balaruc", "TEST")
    billing = BillingService(dbsession, tenant)
    invoice = published_invoice(dbsession, tenant, family, "periscolaire", ["8.00"])
    with pytest.raises(BillingError, match="échéance"):
        billing.mark_collected_by_tresor(invoice, today=invoice.due_on)
    billing.mark_collected_by_tresor(invoice, today=invoice.due_on + timedelta(days=1))
    dbsession.flush()
    assert balance_of(invoice).state == STATE_TRESOR
    assert not balance_of(invoice).payable_online
    with pytest.raises(BillingError, match="Trésor"):
        PaymentService(dbsession, tenant).record_counter_payment(
            family, "periscolaire", "especes", D("1"), [invoice.id]
        )


def test_statement_totals(dbsession, tenant):
    family, _ = family_with_child(dbsession, "balaruc", "TEST")
    for number, amount in (("00001", "133.00"), ("2006-00096", "237.27"), ("2006-00098", "249.96")):
        published_invoice(dbsession, tenant, family, "periscolaire", [amount], number)
    first = dbsession.scalar(select(Invoice).where(Invoice.number == "00001"))
    PaymentService(dbsession, tenant).record_counter_payment(
        family, "periscolaire", "especes", D("133.00"), [first.id]
    )
    dbsession.flush()
    dbsession.expire_all()
    statements = StatementService(dbsession, tenant).statements(family.id)
    peri = statements[0]
    assert (peri.billed, peri.invoice_count) == (D("620.23"), 3)
    assert (peri.paid, peri.payment_count) == (D("133.00"), 1)
    assert (peri.due, peri.unsettled_count) == (D("487.23"), 2)
    assert peri.billed == peri.paid + peri.due
    assert [row.kind for row in peri.rows].count("payment") == 1
