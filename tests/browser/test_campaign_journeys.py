"""Campaigns in Chromium (desktop and 390 px), on both communes' demo data, each page checked
by axe: a parent through the waiting room and through a lottery's request, an agent's draw."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

COMMUNES = {
    "balaruc": ("balaruc.localhost", "valentina.test@example.org", "Valentina-2019"),
    "batz": ("batz.localhost", "famille.aabelium@example.org", "Baptiste-2018"),
}
AGENTS = {
    "balaruc": ("sej@balaruc.example.org", "Agent-Balaruc-2019"),
    "batz": ("sej@batz.example.org", "Agent-Batz-2018"),
}


def log_in(page, live_server, commune, who):
    host = COMMUNES[commune][0]
    page.goto(live_server.url(host, "/connexion"))
    form = page.locator("#login")
    form.get_by_label("Identifiant").fill(who[0])
    form.get_by_label("Mot de passe").fill(who[1])
    form.get_by_role("button", name="Connexion").click()
    page.wait_for_load_state()
    return host


@pytest.mark.parametrize("commune", sorted(COMMUNES))
def test_waiting_room_then_lottery_request(
    commune, demo_data, live_server, page, assert_accessible
):
    log_in(page, live_server, commune, COMMUNES[commune][1:])
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Inscriptions"
    ).click()
    expect(page.get_by_role("heading", name="Inscriptions", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Entrer dans la salle d'attente").first.click()
    expect(page.get_by_role("heading", name=re.compile("Salle d'attente"))).to_be_visible()
    expect(page.get_by_text("C'est votre tour")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Continuer vers la réservation").click()
    expect(page.get_by_role("heading", name=re.compile("réservation", re.I)).first).to_be_visible()

    page.goto(live_server.url(COMMUNES[commune][0], "/inscriptions"))
    page.get_by_role("link", name="Faire ma demande").first.click()
    expect(page.get_by_text("L'heure à laquelle vous l'envoyez ne compte pas")).to_be_visible()
    assert_accessible(page)
    form = page.locator("#voeux")
    form.locator("input[name^=enfant-]").first.check()
    page.get_by_role("button", name="Envoyer ma demande").click()
    expect(page.locator(".field-error").first).to_be_visible()  # no unit nor day ticked
    assert_accessible(page)
    form.locator("input[name^=unites-]").first.check()
    form.locator("input[name^=jours-]").first.check()
    page.get_by_role("button", name="Envoyer ma demande").click()
    expect(page.get_by_text("Votre demande est enregistrée")).to_be_visible()
    expect(page.get_by_text("Demande enregistrée, en attente du tirage au sort")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("commune", sorted(COMMUNES))
def test_agent_draws_adjusts_and_publishes(
    commune, demo_data, live_server, page, assert_accessible
):
    log_in(page, live_server, commune, AGENTS[commune])
    page.goto(live_server.url(COMMUNES[commune][0], "/agents/"))
    page.get_by_role("navigation", name="Menu des agents").get_by_role(
        "link", name="Campagnes d'inscription"
    ).click()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("demandes closes", re.I)).first.click()
    page.get_by_role("button", name="Effectuer le tirage au sort").click()
    expect(page.get_by_text("rejoué et vérifié")).to_be_visible()
    assert_accessible(page)
    table = page.locator("table.bk-list")
    table.locator("input[name=rang]").last.fill("1")
    table.locator("input[name=motif]").last.fill("Situation signalée par l'assistante sociale")
    table.get_by_role("button", name=re.compile("Ajuster")).last.click()
    expect(page.get_by_text(re.compile(r"passe du rang \d+ au rang 1"))).to_be_visible()
    page.get_by_role("button", name="Publier et proposer les places").click()
    expect(page.get_by_text(re.compile(r"place\(s\) proposée\(s\)"))).to_be_visible()
    assert_accessible(page)
