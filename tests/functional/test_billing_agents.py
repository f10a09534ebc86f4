"""Agents: invoice search, detail, credit, cancel, Trésor public, runs, counter payments, CSV."""

import re
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from portail_core.models.billing import (
    CANCELLED,
    PAYMENT_REFUSED,
    PUBLISHED,
    Credit,
    Invoice,
    InvoiceRun,
    Payment,
)
from portail_core.models.family import Family
from portail_core.services.billing.ledger import balance_of
from portail_core.testing.billing import book, family_with_child

BALARUC_AGENT = ("sej@balaruc.example.org", "Agent-Balaruc-2019")
BATZ_AGENT = ("sej@batz.example.org", "Agent-Batz-2018")


def text_of(page):
    main = page.text[page.text.index("<main") : page.text.index("</main>")]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))
    return text.replace("&amp;", "&").replace("\xa0", " ")


def invoice_by_number(dbsession, tenant_id, number):
    dbsession.expire_all()
    return dbsession.scalar(
        select(Invoice).where(Invoice.tenant_id == tenant_id, Invoice.number == number)
    )


@pytest.fixture
def agent(demo_data, balaruc):
    balaruc.login(*BALARUC_AGENT)
    return balaruc


def test_invoice_list_search_and_filters(agent):
    text = text_of(agent.get("/agents/factures"))
    assert "4 factures" in text and "2006-00098" in text and "TEST" in text
    assert "1 facture" in text_of(agent.get("/agents/factures", {"q": "00096"}))
    assert "4 factures" in text_of(agent.get("/agents/factures", {"q": "test"}))
    assert "0 facture" in text_of(agent.get("/agents/factures", {"q": "inconnu"}))
    assert "4 factures" in text_of(agent.get("/agents/factures", {"etat": "published"}))
    assert "0 facture" in text_of(agent.get("/agents/factures", {"regie": "restauration"}))


def test_invoices_csv_export(agent):
    response = agent.get("/agents/factures.csv", {"q": "00098"})
    assert response.content_type == "text/csv"
    lines = response.text.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Régie;N° facture;Date")
    assert len(lines) == 2
    assert "2006-00098;30/11/2009" in lines[1] and ";249,96;" in lines[1]
    assert "Facture non soldée" in lines[1]


def test_payments_list_and_csv(agent):
    assert "n° 04083 (par PAYLINE)" in text_of(agent.get("/agents/paiements"))
    lines = agent.get("/agents/paiements.csv").text.lstrip("\ufeff").splitlines()
    assert len(lines) == 2 and "04083" in lines[1] and "133,00" in lines[1]


def test_invoice_detail_and_pdf(agent, dbsession):
    invoice = invoice_by_number(dbsession, "balaruc", "2006-00096")
    text = text_of(agent.get(f"/agents/factures/{invoice.id}"))
    assert "Facture n° 2006-00096" in text and "237,27 €" in text
    assert "JOURNEE REPAS (QF 2) 20 9,87 € 197,40 €" in text
    pdf = agent.get(f"/agents/factures/{invoice.id}/facture.pdf")
    assert pdf.content_type == "application/pdf" and pdf.body.startswith(b"%PDF")


def test_a_credit_lowers_what_is_due(agent, dbsession):
    invoice = invoice_by_number(dbsession, "balaruc", "2006-00096")
    form = agent.get(f"/agents/factures/{invoice.id}/avoir").forms["credit"]
    form["amount"] = "37,27"
    form["reason"] = "Deux journées non dues"
    response = form.submit("submit", status=303).follow()
    assert "L'avoir est enregistré." in response.text
    invoice = invoice_by_number(dbsession, "balaruc", "2006-00096")
    assert balance_of(invoice).due == Decimal("200.00")


@pytest.mark.parametrize(
    ("amount", "message"),
    [("abc", "Montant invalide"), ("0", "Le montant doit être positif."),
     ("500", "L'avoir dépasse ce qui reste dû")],
)  # fmt: skip
def test_a_wrong_credit_is_refused_beside_its_field(agent, dbsession, amount, message):
    invoice = invoice_by_number(dbsession, "balaruc", "2006-00096")
    form = agent.get(f"/agents/factures/{invoice.id}/avoir").forms["credit"]
    form["amount"] = amount
    form["reason"] = "Motif"
    page = form.submit("submit", status=200)
    assert message in page.text
    assert page.forms["credit"]["amount"].value.startswith(amount)
    assert dbsession.scalar(select(func.count(Credit.id))) == 0


def test_cancel_an_invoice_with_a_credit(agent, dbsession):
    invoice = invoice_by_number(dbsession, "balaruc", "2006-00097")
    form = agent.get(f"/agents/factures/{invoice.id}/annulation").forms["cancel"]
    assert "Indiquez le motif" in form.submit("submit", status=200).text
    form["reason"] = "Facture émise en double"
    form.submit("submit", status=303)
    invoice = invoice_by_number(dbsession, "balaruc", "2006-00097")
    assert invoice.status == CANCELLED
    assert [c.amount for c in invoice.credits] == [Decimal("241.50")]
    paid = invoice_by_number(dbsession, "balaruc", "00001")
    form = agent.get(f"/agents/factures/{paid.id}/annulation").forms["cancel"]
    form["reason"] = "Essai"
    assert "a reçu un paiement" in form.submit("submit", status=200).text


def test_hand_an_invoice_to_the_tresor_public(agent, dbsession):
    invoice = invoice_by_number(dbsession, "balaruc", "2006-00098")
    agent.post(
        f"/agents/factures/{invoice.id}/tresor-public",
        {"csrf_token": agent.csrf_token()},
        status=303,
    )
    invoice = invoice_by_number(dbsession, "balaruc", "2006-00098")
    assert invoice.collected_by_tresor_at is not None
    assert balance_of(invoice).state_label == "Paiement de cette facture géré par le Trésor Public"
    response = agent.post(
        f"/agents/factures/{invoice.id}/tresor-public", {"csrf_token": agent.csrf_token()}
    ).follow()
    assert "déjà gérée par le Trésor public" in response.text


def test_record_a_counter_payment_over_two_invoices(agent, dbsession):
    family = dbsession.scalar(select(Family).where(Family.name == "TEST"))
    text = text_of(agent.get(f"/agents/familles/{family.id}/factures"))
    assert "Solde dû : 728,73 €" in text
    page = agent.get(f"/agents/familles/{family.id}/factures/paiement/periscolaire")
    form = page.forms["counter-payment"]
    form["method"] = "cheque"
    form["amount"] = "300,00"
    form["number"] = "1234567"
    form["payer"] = "Sophie TEST"
    form.submit("submit", status=303)
    payment = dbsession.scalar(select(Payment).where(Payment.number == "1234567"))
    assert payment.amount == Decimal("300.00") and payment.state == "validated"
    parts = sorted((a.invoice.number, a.amount) for a in payment.allocations)
    assert parts == [("2006-00096", Decimal("237.27")), ("2006-00097", Decimal("62.73"))]
    text = text_of(agent.get(f"/agents/familles/{family.id}/factures"))
    assert "Solde dû : 428,73 €" in text


def test_a_counter_payment_above_what_is_due_is_refused(agent, dbsession):
    family = dbsession.scalar(select(Family).where(Family.name == "TEST"))
    before = dbsession.scalar(select(func.count(Payment.id)))
    form = agent.get(f"/agents/familles/{family.id}/factures/paiement/periscolaire").forms[
        "counter-payment"
    ]
    form["method"] = "especes"
    form["amount"] = "1000"
    page = form.submit("submit", status=200)
    assert "Le montant dépasse le reste dû des factures choisies." in page.text
    assert dbsession.scalar(select(func.count(Payment.id))) == before
    form = page.forms["counter-payment"]
    form["amount"] = "12,5"
    form["method"] = "cesu"
    form["paid_on"] = "pas une date"
    page = form.submit("submit", status=200)
    assert "Date invalide" in page.text


def test_cancel_a_counter_payment(agent, dbsession, app):
    from portail_core.services.payments.recording import PaymentService

    tenant = app.registry.tenants.get("balaruc")
    family = dbsession.scalar(select(Family).where(Family.name == "TEST"))
    invoice = invoice_by_number(dbsession, "balaruc", "2006-00098")
    payment = PaymentService(dbsession, tenant).record_counter_payment(
        family, "periscolaire", "especes", Decimal("10"), [invoice.id]
    )
    dbsession.commit()
    agent.post(
        f"/agents/paiements/{payment.id}/annulation", {"csrf_token": agent.csrf_token()}, status=303
    )
    dbsession.expire_all()
    assert dbsession.get(Payment, payment.id).state == PAYMENT_REFUSED
    online = dbsession.scalar(select(Payment).where(Payment.number == "04083"))
    response = agent.post(
        f"/agents/paiements/{online.id}/annulation", {"csrf_token": agent.csrf_token()}
    ).follow()
    assert "validé ou refusé par la banque" in response.text


def test_an_invoice_run_from_the_agents_page(demo_data, batz, dbsession, app):
    tenant = app.registry.tenants.get("batz")
    _, child = family_with_child(dbsession, "batz", "MARTIN", "LOU")
    book(dbsession, tenant, child, "periscolaire", "soir", [date(2018, 3, 5), date(2018, 3, 6)])
    dbsession.commit()
    batz.login(*BATZ_AGENT)
    form = batz.get("/agents/facturation").forms["invoice-run"]
    form["regie"] = "periscolaire"
    form["period_start"] = "2018-03-01"
    form["period_end"] = "2018-02-01"
    assert "La fin de la période précède son début." in form.submit("submit", status=200).text
    form["period_end"] = "2018-03-31"
    run_page = form.submit("submit", status=303).follow()
    text = text_of(run_page)
    assert "Facturation du 01/03/2018 au 31/03/2018" in text
    assert "MARTIN" in text and "Périscolaire Soir : 05/03 06/03 — 2 × 2,20 €" in text
    run = dbsession.scalar(select(InvoiceRun).where(InvoiceRun.published_at.is_(None)))
    again = batz.get("/agents/facturation").forms["invoice-run"]
    again["period_start"], again["period_end"] = "2018-03-01", "2018-03-31"
    assert "est en brouillon" in again.submit("submit", status=200).text
    batz.post(
        f"/agents/facturation/{run.id}/publication", {"csrf_token": batz.csrf_token()}, status=303
    )
    invoice = dbsession.scalar(select(Invoice).where(Invoice.run_id == run.id))
    dbsession.refresh(invoice)
    assert invoice.status == PUBLISHED and invoice.number == "00728"
    again = batz.get("/agents/facturation").forms["invoice-run"]
    again["period_start"], again["period_end"] = "2018-03-01", "2018-03-31"
    assert "Aucune présence à facturer" in again.submit("submit", status=200).text


def test_discard_a_draft_run(demo_data, batz, dbsession, app):
    tenant = app.registry.tenants.get("batz")
    _, child = family_with_child(dbsession, "batz", "MARTIN", "LOU")
    book(dbsession, tenant, child, "periscolaire", "matin", [date(2018, 3, 5)])
    dbsession.commit()
    batz.login(*BATZ_AGENT)
    form = batz.get("/agents/facturation").forms["invoice-run"]
    form["period_start"], form["period_end"] = "2018-03-01", "2018-03-31"
    form.submit("submit", status=303)
    run = dbsession.scalar(select(InvoiceRun).where(InvoiceRun.published_at.is_(None)))
    batz.post(
        f"/agents/facturation/{run.id}/suppression", {"csrf_token": batz.csrf_token()}, status=303
    )
    dbsession.expunge_all()
    assert dbsession.scalar(select(func.count(InvoiceRun.id))) == 1  # the demo's, published
    assert dbsession.scalar(select(func.count(Invoice.id)).where(Invoice.run_id == run.id)) == 0


def test_agents_of_another_commune_get_404(demo_data, batz, dbsession):
    invoice = invoice_by_number(dbsession, "balaruc", "00001")
    payment = dbsession.scalar(select(Payment).where(Payment.tenant_id == "balaruc"))
    family = dbsession.scalar(select(Family).where(Family.name == "TEST"))
    batz.login(*BATZ_AGENT)
    for url in (
        f"/agents/factures/{invoice.id}",
        f"/agents/factures/{invoice.id}/facture.pdf",
        f"/agents/factures/{invoice.id}/avoir",
        f"/agents/paiements/{payment.id}",
        f"/agents/familles/{family.id}/factures",
        f"/agents/familles/{family.id}/factures/paiement/periscolaire",
    ):
        batz.get(url, status=404)
    batz.post(
        f"/agents/factures/{invoice.id}/tresor-public",
        {"csrf_token": batz.csrf_token()},
        status=404,
    )
    assert "00001" not in batz.get("/agents/factures").text


def test_the_invoice_list_query_count_does_not_grow(
    demo_data, agent, dbsession, app, query_counter
):
    from portail_core.testing.billing import published_invoice

    tenant = app.registry.tenants.get("balaruc")
    family = dbsession.scalar(select(Family).where(Family.name == "TEST"))
    with query_counter as few:
        agent.get("/agents/factures")
    for _ in range(6):
        published_invoice(dbsession, tenant, family, "periscolaire", ["1.00"])
    dbsession.commit()
    with query_counter as many:
        agent.get("/agents/factures")
    assert many.count == few.count
    with query_counter as parent_few:
        agent.get(f"/agents/familles/{family.id}/factures")
    for _ in range(6):
        published_invoice(dbsession, tenant, family, "periscolaire", ["1.00"])
    dbsession.commit()
    with query_counter as parent_many:
        agent.get(f"/agents/familles/{family.id}/factures")
    assert parent_many.count == parent_few.count


def test_the_family_file_links_to_its_balance(agent, dbsession):
    family = dbsession.scalar(select(Family).where(Family.name == "TEST"))
    page = agent.get(f"/agents/familles/{family.id}")
    target = page.click("Factures et paiements")
    assert "Factures et paiements — famille TEST" in target.text
