"""Parents: "Mes Factures & Paiements", invoice detail, PDF, payment, attestation, isolation."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from portail_core.models.billing import Invoice, Payment
from portail_core.models.family import Family
from portail_core.testing.billing import family_with_child, published_invoice

BALARUC_PARENT = ("valentina.test@example.org", "Valentina-2019")
BATZ_PARENT = ("famille.aabelium@example.org", "Baptiste-2018")


def text_of(page):
    main = page.text[page.text.index("<main") : page.text.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)).replace("&amp;", "&")


def invoice_id(dbsession, tenant_id, number):
    return dbsession.scalar(
        select(Invoice.id).where(Invoice.tenant_id == tenant_id, Invoice.number == number)
    )


def pdf_text(response):
    assert response.content_type == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body))
    return "\n".join(page.extract_text() for page in reader.pages).replace("\xa0", " ")


def test_balaruc_totals_reproduce_the_guide(demo_data, balaruc):
    balaruc.login(*BALARUC_PARENT)
    text = text_of(balaruc.get("/mes-factures"))
    assert "Mes Factures & Paiements - REGIE PERISCOLAIRE/ALSH" in text
    assert "Total facturé : 861,73 € (4 factures)" in text.replace("\xa0", " ")
    assert "Total payé : 133,00 € (1 paiement)" in text.replace("\xa0", " ")
    assert "Total restant dû : 728,73 € (3 factures non soldées)" in text.replace("\xa0", " ")
    assert "Paiement n° 04083 (par PAYLINE)" in text
    assert "Facture n° 2006-00098" in text and "Facture n° 00001" in text
    assert "Afficher 5 éléments / page (de 1 à 5 sur 5 éléments)" in text
    assert "Facture en attente de validation du paiement" in text  # legend
    assert "Règlement validé" in text


def test_batz_invoice_00727_detail_as_in_the_tutorial(demo_data, batz, dbsession):
    batz.login(*BATZ_PARENT)
    listing = text_of(batz.get("/mes-factures")).replace("\xa0", " ")
    assert "Mes Factures & Paiements - REGIE PERISCOLAIRE/ALSH/ESPACE JEUNES" in listing
    assert "Paiement n° (par TIPI)" in listing
    number = invoice_id(dbsession, "batz", "00727")
    text = text_of(batz.get(f"/mes-factures/factures/{number}")).replace("\xa0", " ")
    for expected in (
        "Facture N° 00727",
        "Date de la facture 26/01/2018",
        "Montant 5,25 €",
        "Restant dû 0,00 €",
        "Facture Soldée",
        "Période de facturation du 04/09/2017 au 06/07/2018",
        "Référent AABELIUM BAPTISTE",
        "Etablissement ACCUEIL PERISCOLAIRE",
        "Accueil PERISCOLAIRE",
        "- ACCUEIL PERISCOLAIRE / PERISCOLAIRE / PERISCOLAIRE 2017-2018",
        "Périscolaire Matin Ecole Alain BOUTLE : 15/01 16/01 17/01 3 1,75 € 5,25 €",
        "Total 5,25 €",
        "Télécharger",
    ):
        assert expected in text, expected


def test_the_invoice_pdf_holds_its_lines_and_totals(demo_data, batz, dbsession):
    batz.login(*BATZ_PARENT)
    number = invoice_id(dbsession, "batz", "00727")
    response = batz.get(f"/mes-factures/factures/{number}/facture.pdf")
    assert "attachment" in response.headers["Content-Disposition"]
    assert "no-store" in response.headers["Cache-Control"]
    text = pdf_text(response)
    assert "Facture n° 00727" in text
    assert "MAIRIE DE BATZ SUR MER" in text and "34 Rue Jean XXIII" in text
    assert "Périscolaire Matin Ecole Alain BOUTLE : 15/01 16/01 17/01" in text
    assert "1,75 €" in text and "Total" in text and "5,25 €" in text
    assert "Restant dû" in text and "0,00 €" in text
    assert "26/01/2018" in text and "du 04/09/2017 au 06/07/2018" in text


def test_the_yearly_attestation_lists_what_was_paid(demo_data, batz):
    batz.login(*BATZ_PARENT)
    assert "Attestation 2018 (PDF)" in batz.get("/mes-factures").text
    text = pdf_text(batz.get("/mes-factures/attestation-2018.pdf"))
    assert "Attestation de paiement — année 2018" in text
    assert "AABELIUM" in text and "TIPI" in text and "00727" in text
    assert "Total payé en 2018" in text and "5,25 €" in text
    empty = pdf_text(batz.get("/mes-factures/attestation-2017.pdf"))
    assert "0,00 €" in empty
    batz.get("/mes-factures/attestation-1999.pdf", status=404)


def test_payment_detail_lists_the_invoices_it_settled(demo_data, balaruc, dbsession):
    balaruc.login(*BALARUC_PARENT)
    payment = dbsession.scalar(select(Payment).where(Payment.number == "04083"))
    text = text_of(balaruc.get(f"/mes-factures/paiements/{payment.id}")).replace("\xa0", " ")
    assert "n° 04083 (par PAYLINE)" in text and "18/01/2011" in text
    assert "Facture n° 00001 133,00 €" in text


def test_five_rows_per_page(demo_data, balaruc, dbsession, app):
    tenant = app.registry.tenants.get("balaruc")
    family = dbsession.scalar(select(Family).where(Family.name == "TEST"))
    for day in (date(2010, 1, 5), date(2010, 2, 5)):
        published_invoice(dbsession, tenant, family, "periscolaire", ["10.00"], day=day)
    dbsession.commit()
    balaruc.login(*BALARUC_PARENT)
    first = text_of(balaruc.get("/mes-factures"))
    assert "(de 1 à 5 sur 7 éléments)" in first
    assert "Facture n° 00001" not in first
    second = text_of(balaruc.get("/mes-factures", {"page-periscolaire": "2"}))
    assert "(de 6 à 7 sur 7 éléments)" in second
    assert "Facture n° 00001" in second
    assert "(de 6 à 7" in text_of(balaruc.get("/mes-factures", {"page-periscolaire": "99"}))


@pytest.fixture
def neighbour(demo_data, dbsession, app):
    """Another Balaruc family with an invoice and a payment; and Batz's invoice 00727."""
    tenant = app.registry.tenants.get("balaruc")
    family, _ = family_with_child(dbsession, "balaruc", "VOISIN")
    invoice = published_invoice(dbsession, tenant, family, "periscolaire", ["9.00"], "V-1")
    from portail_core.services.payments.recording import PaymentService

    payment = PaymentService(dbsession, tenant).record_counter_payment(
        family, "periscolaire", "especes", Decimal("9.00"), [invoice.id]
    )
    dbsession.flush()
    batz_invoice = invoice_id(dbsession, "batz", "00727")
    batz_payment = dbsession.scalar(select(Payment.id).where(Payment.tenant_id == "batz"))
    dbsession.commit()
    return {
        "invoice": invoice.id,
        "payment": payment.id,
        "batz_invoice": batz_invoice,
        "batz_payment": batz_payment,
    }


def test_another_familys_invoices_pdfs_and_payments_are_404(neighbour, balaruc):
    balaruc.login(*BALARUC_PARENT)
    balaruc.get(f"/mes-factures/factures/{neighbour['invoice']}", status=404)
    balaruc.get(f"/mes-factures/factures/{neighbour['invoice']}/facture.pdf", status=404)
    balaruc.get(f"/mes-factures/paiements/{neighbour['payment']}", status=404)
    assert "V-1" not in balaruc.get("/mes-factures").text


def test_another_communes_invoices_pdfs_and_payments_are_404(neighbour, balaruc):
    balaruc.login(*BALARUC_PARENT)
    balaruc.get(f"/mes-factures/factures/{neighbour['batz_invoice']}", status=404)
    balaruc.get(f"/mes-factures/factures/{neighbour['batz_invoice']}/facture.pdf", status=404)
    balaruc.get(f"/mes-factures/paiements/{neighbour['batz_payment']}", status=404)


def test_a_draft_is_not_shown_to_parents(demo_data, batz, dbsession, app):
    from portail_core.services.billing.invoices import BillingService, LineSpec

    tenant = app.registry.tenants.get("batz")
    family = dbsession.scalar(select(Family).where(Family.name == "AABELIUM"))
    draft = BillingService(dbsession, tenant).create_invoice(
        family, "periscolaire", date(2018, 2, 1), date(2018, 2, 28), [LineSpec("X", 1, Decimal(1))]
    )
    dbsession.commit()
    batz.login(*BATZ_PARENT)
    batz.get(f"/mes-factures/factures/{draft.id}", status=404)
    assert "Total facturé : 11,40" in text_of(batz.get("/mes-factures")).replace("\xa0", " ")


def test_visitors_and_agents_have_no_family_invoices(demo_data, balaruc):
    response = balaruc.get("/mes-factures")
    assert response.status_int in (302, 303, 403)
    balaruc.login("sej@balaruc.example.org", "Agent-Balaruc-2019")
    balaruc.get("/mes-factures", status=403)


def test_parents_cannot_reach_the_agents_billing_pages(demo_data, balaruc, dbsession):
    balaruc.login(*BALARUC_PARENT)
    number = invoice_id(dbsession, "balaruc", "00001")
    for url in (
        "/agents/factures",
        f"/agents/factures/{number}",
        f"/agents/factures/{number}/facture.pdf",
        "/agents/facturation",
        "/agents/paiements",
        "/agents/factures.csv",
    ):
        balaruc.get(url, status=403)


def test_the_statement_query_count_does_not_grow(demo_data, balaruc, dbsession, app, query_counter):
    from portail_core.services.payments.recording import PaymentService

    tenant = app.registry.tenants.get("balaruc")
    family = dbsession.scalar(select(Family).where(Family.name == "TEST"))
    balaruc.login(*BALARUC_PARENT)
    with query_counter as few:
        balaruc.get("/mes-factures")
    for _ in range(8):
        invoice = published_invoice(dbsession, tenant, family, "periscolaire", ["2.00", "3.00"])
        PaymentService(dbsession, tenant).record_counter_payment(
            family, "periscolaire", "cheque", Decimal("1.00"), [invoice.id]
        )
    dbsession.commit()
    with query_counter as many:
        balaruc.get("/mes-factures")
    assert many.count == few.count
