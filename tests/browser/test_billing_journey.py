"""Billing in Chromium (desktop and 390 px), checked by axe: a parent reads her invoices,
opens one and downloads it; an agent records a counter payment."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def log_in(page, live_server, host, email, password):
    page.goto(live_server.url(host, "/connexion"))
    form = page.locator("#login")
    form.get_by_label("Identifiant").fill(email)
    form.get_by_label("Mot de passe").fill(password)
    form.get_by_role("button", name="Connexion").click()
    page.wait_for_load_state()


def test_parent_reads_and_downloads_an_invoice(demo_data, live_server, page, assert_accessible):
    log_in(page, live_server, "batz.localhost", "famille.aabelium@example.org", "Baptiste-2018")
    menu = page.get_by_role("navigation", name="Menu principal")
    menu.get_by_role("link", name="Mes Factures & Paiements").click()
    heading = "Mes Factures & Paiements - REGIE PERISCOLAIRE/ALSH/ESPACE JEUNES"
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.get_by_text("Total payé : 5,25")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Facture n° 00727").click()
    expect(page.get_by_role("heading", name="Détail de la facture")).to_be_visible()
    expect(
        page.get_by_text("Périscolaire Matin Ecole Alain BOUTLE : 15/01 16/01 17/01")
    ).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger").click()
    assert download.value.suggested_filename == "facture-00727.pdf"


def test_agent_records_a_counter_payment(demo_data, live_server, page, assert_accessible):
    log_in(page, live_server, "balaruc.localhost", "sej@balaruc.example.org", "Agent-Balaruc-2019")
    page.get_by_role("link", name="Factures", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name="TEST").first.click()
    page.get_by_role("link", name="Enregistrer un paiement au guichet").first.click()
    form = page.locator("#counter-payment")
    form.get_by_label("Chèque", exact=True).check()
    form.get_by_label("Montant reçu (€)").fill("237,27")
    assert_accessible(page)
    form.get_by_role("button", name="Enregistrer le paiement").click()
    expect(page.get_by_text("Paiement de 237,27 € enregistré.")).to_be_visible()
    expect(page.get_by_text("Solde dû : 491,46")).to_be_visible()
