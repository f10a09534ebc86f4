"""A parent completes the family file in Chromium, at desktop width and at 390 px: the
address copied by the arrow button, the child's medical sheet, a pick-up person and a
document (refused once for a missing name, the file kept); axe finds nothing serious."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

HOST = "batz.localhost"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def log_in(page, live_server):
    page.goto(live_server.url(HOST, "/connexion"))
    form = page.locator("#login")
    form.get_by_label("Identifiant").fill("famille.aabelium@example.org")
    form.get_by_label("Mot de passe").fill("Baptiste-2018")
    form.get_by_role("button", name="Connexion").click()
    page.wait_for_url("**/mon-compte")


def test_family_file_journey(demo_data, live_server, page, assert_accessible):
    log_in(page, live_server)
    expect(page.get_by_role("heading", name="La famille")).to_be_visible()
    assert_accessible(page)

    # The family file: the arrow copies the family's address, in the page (JavaScript).
    page.get_by_role("link", name="Modifier les informations de la famille").first.click()
    expect(
        page.get_by_role("heading", name="Modifier les informations de la famille")
    ).to_be_visible()
    assert_accessible(page)
    page.locator("#address-address_line1").fill("8 rue du Four")
    url = page.url
    page.locator("#guardian-1").get_by_role(
        "button", name="Recopier l'adresse de la famille"
    ).click()
    expect(page.locator("#guardian_1-address_line1")).to_have_value("8 rue du Four")
    assert page.url == url
    # The Enter key saves (it does not press the first « Recopier » button).
    page.locator("#guardian_1-city").press("Enter")
    expect(page.get_by_text("Les informations de la famille sont enregistrées.")).to_be_visible()
    expect(page.locator("#address-address_line1")).to_have_value("8 rue du Four")
    expect(page.get_by_role("button", name="Enregistrer", exact=True)).to_have_count(1)

    # The child sheet: medical data, a vaccine, an authorisation.
    page.goto(live_server.url(HOST, "/mon-compte"))
    page.get_by_role("link", name="Voir / Modifier la fiche enfant").first.click()
    expect(page.get_by_role("heading", name=re.compile("AABELIUM BAPTISTE"))).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Allergie alimentaire", exact=True).check()
    page.get_by_label("Précisions (allergie alimentaire)").fill("Kiwi")
    page.locator("#vaccines-v0-done").check()
    page.get_by_label("Date de la dernière vaccination BCG").fill("2011-03-15")
    page.locator("#authorisations-a1-oui").check()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("La fiche de AABELIUM BAPTISTE est enregistrée.")).to_be_visible()
    expect(page.locator("#vaccines-v0-last_date")).to_have_value("2011-03-15")
    expect(page.locator("#authorisations-a1-oui")).to_be_checked()

    # A person allowed to pick the child up.
    page.get_by_role("link", name="+ Ajouter une personne").click()
    assert_accessible(page)
    page.get_by_label(re.compile(r"^Nom")).fill("LEROUX")
    page.get_by_label("Prénom").fill("Anne")
    page.get_by_label("Lien avec l'enfant").fill("Tante")
    page.get_by_label("Téléphone").fill("06 10 20 30 40")
    page.get_by_role("button", name="Enregistrer").click()
    expect(
        page.locator("#personnes").get_by_role("cell", name="LEROUX", exact=True)
    ).to_be_visible()
    assert_accessible(page)

    # A document: refused once for its missing name, the chosen file is kept.
    page.goto(live_server.url(HOST, "/famille/documents"))
    page.get_by_role("link", name="+ Ajouter un document").click()
    assert_accessible(page)
    page.locator("#file").set_input_files(
        files=[{"name": "justificatif.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_label("L'enfant AABELIUM BAPTISTE").check()
    page.get_by_label("Type de document").select_option("Justificatif de domicile")
    page.get_by_role("button", name="Envoyer le document").click()
    expect(page.get_by_text("Ce champ est obligatoire.")).to_be_visible()
    expect(page.get_by_text("Fichier conservé")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Nom du document").fill("Facture EDF")
    page.get_by_role("button", name="Envoyer le document").click()
    expect(page.get_by_text("Votre document est envoyé")).to_be_visible()
    row = page.get_by_role("row", name=re.compile("Facture EDF"))
    expect(row).to_contain_text("AABELIUM BAPTISTE")
    expect(row).to_contain_text("Reçu")
    assert_accessible(page)

    page.goto(live_server.url(HOST, "/famille/historique"))
    expect(page.get_by_role("cell", name="Document « Facture EDF »")).to_be_visible()
    assert_accessible(page)


def test_agent_finds_a_family_and_checks_a_document(
    demo_data, live_server, page, assert_accessible
):
    page.goto(live_server.url(HOST, "/connexion"))
    form = page.locator("#login")
    form.get_by_label("Identifiant").fill("sej@batz.example.org")
    form.get_by_label("Mot de passe").fill("Agent-Batz-2018")
    form.get_by_role("button", name="Connexion").click()
    page.wait_for_url("**/agents/")
    page.get_by_role("link", name="Familles", exact=True).click()
    page.get_by_label("Rechercher une famille").fill("baptiste")
    page.get_by_role("button", name="Rechercher").click()
    assert_accessible(page)
    page.get_by_role("link", name="AABELIUM").click()
    expect(page.get_by_role("heading", name="Famille AABELIUM")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Modifier le dossier famille").click()
    page.get_by_label("Quotient familial", exact=True).fill("900,00")
    page.get_by_role("button", name="Enregistrer").last.click()
    expect(page.get_by_text("Les informations de la famille sont enregistrées.")).to_be_visible()
    page.get_by_role("link", name="Pièces justificatives").first.click()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Vérifier")).first.click()
    assert_accessible(page)
    page.get_by_role("button", name="Refuser le document").click()
    expect(page.get_by_text("Indiquez le motif du refus")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Motif du refus (lu par la famille)").fill("Document illisible.")
    page.get_by_role("button", name="Refuser le document").click()
    expect(page.get_by_text("la famille verra le motif")).to_be_visible()
