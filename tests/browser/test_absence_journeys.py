"""Absences and a day's closure in Chromium (desktop and 390 px), on both communes' demo
data: a parent declares an absence with a certificate, an agent accepts it, then closes a
day; axe finds nothing serious on any page."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
COMMUNES = {
    "balaruc": (
        "balaruc.localhost",
        ("valentina.test@example.org", "Valentina-2019"),
        ("sej@balaruc.example.org", "Agent-Balaruc-2019"),
        "TEST VALENTINA",
    ),
    "batz": (
        "batz.localhost",
        ("famille.aabelium@example.org", "Baptiste-2018"),
        ("sej@batz.example.org", "Agent-Batz-2018"),
        "AABELIUM BAPTISTE",
    ),
}


def log_in(page, live_server, host, email, password, landing):
    page.goto(live_server.url(host, "/connexion"))
    form = page.locator("#login")
    form.get_by_label("Identifiant").fill(email)
    form.get_by_label("Mot de passe").fill(password)
    form.get_by_role("button", name="Connexion").click()
    page.wait_for_url(landing)


@pytest.mark.parametrize("commune", sorted(COMMUNES))
def test_absence_then_closure(commune, demo_data, live_server, page, assert_accessible, tmp_path):
    host, parent, agent, child = COMMUNES[commune]
    today = date.today().isoformat()
    certificate = tmp_path / "certificat.pdf"
    certificate.write_bytes(PDF)

    log_in(page, live_server, host, *parent, "**/mon-compte")
    page.goto(live_server.url(host, "/reservations"))
    page.get_by_role("link", name="Déclarer une absence").click()
    expect(page.get_by_role("heading", name="Déclarer une absence")).to_be_visible()
    assert_accessible(page)
    # Sent without a file: the message is beside the field, the date is kept.
    page.get_by_label(child).check()
    page.get_by_label("Premier jour d'absence").fill(today)
    page.get_by_role("button", name="Déclarer l'absence").click()
    expect(page.get_by_text("Choisissez le fichier à envoyer.")).to_be_visible()
    expect(page.get_by_label("Premier jour d'absence")).to_have_value(today)
    assert_accessible(page)
    page.get_by_label("Certificat médical").set_input_files(str(certificate))
    page.get_by_role("button", name="Déclarer l'absence").click()
    expect(page.get_by_text("Votre déclaration d'absence est envoyée")).to_be_visible()
    expect(page.get_by_role("heading", name="Absences déclarées")).to_be_visible()
    expect(page.get_by_text("En attente").last).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Déconnexion").first.click()

    log_in(page, live_server, host, *agent, "**/agents/")
    page.get_by_role("link", name="Absences", exact=True).click()
    expect(page.get_by_role("heading", name="Absences déclarées")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile(f"Accepter l'absence de {child}")).click()
    expect(page.get_by_text(re.compile(f"Absence de {child} acceptée"))).to_be_visible()

    page.get_by_role("link", name="Fermer une journée").click()
    assert_accessible(page)
    page.get_by_label("Accueil ou établissement").select_option(index=1)
    page.get_by_label("Date de fermeture").fill(today)
    page.get_by_label("Motif (lu par les familles)").fill("Grève")
    page.get_by_role("button", name="Vérifier les réservations concernées").click()
    expect(page.get_by_role("heading", name="Vérifiez avant de fermer")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Confirmer la fermeture").click()
    expect(
        page.get_by_text(re.compile(r"réservation\(s\) annulée\(s\) sans frais"))
    ).to_be_visible()
    assert_accessible(page)
