"""Shared custody in Chromium (desktop and 390 px), on both communes' demo data: the
guardian of each household signs in with their own account, sees the shared child, the
grid with « Votre garde » and « Garde de l'autre foyer », books one of their own days,
and reads only their household's invoices; axe finds nothing serious on each page."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# commune: host, child, period link, (main household login), (second household login)
COMMUNES = {
    "balaruc": (
        "balaruc.localhost",
        "LEROY NINA",
        "MERCREDIS / VACANCES",
        ("camille.leroy@example.org", "Leroy-Garde-2026"),
        ("julien.garnier@example.org", "Garnier-Garde-2026"),
    ),
    "batz": (
        "batz.localhost",
        "KERGUEN ELOUAN",
        "RESTAURATION ENFANT",
        ("anne.kerguen@example.org", "Kerguen-Garde-2026"),
        ("yann.lebihan@example.org", "Lebihan-Garde-2026"),
    ),
}


def log_in(page, live_server, host, login):
    page.goto(live_server.url(host, "/connexion"))
    form = page.locator("#login")
    form.get_by_label("Identifiant").fill(login[0])
    form.get_by_label("Mot de passe").fill(login[1])
    form.get_by_role("button", name="Connexion").click()
    page.wait_for_url("**/mon-compte")


def log_out(page):
    page.get_by_role("button", name="Déconnexion").first.click()
    page.wait_for_url("**/")


def open_planning(page, live_server, host, child, period, assert_accessible):
    page.goto(live_server.url(host, "/reservations"))
    page.get_by_role("link", name="+ Nouvelle réservation").first.click()
    page.get_by_role("link", name=re.compile(child)).click()
    page.get_by_role("link", name=period).click()
    page.get_by_role("button", name="Continuer").click()
    expect(page.get_by_role("heading", name=re.compile(f"Planning - {child}"))).to_be_visible()
    expect(page.get_by_text("vit dans deux foyers")).to_be_visible()
    assert_accessible(page)


def own_week(page):
    """Move week by week until a week with the household's own bookable days shows."""
    for _ in range(4):
        rows = page.locator("table.bk-grid tbody tr")
        rows.first.wait_for()
        own = page.locator("table.bk-grid tbody tr").filter(has_text="Votre garde")
        if own.locator("input[name=cases]:not(:checked)").count():
            return own
        with page.expect_navigation():
            page.get_by_role("button", name="Semaine suivante →").click()
    raise AssertionError("no week of one's own custody")


@pytest.mark.parametrize("commune", sorted(COMMUNES))
def test_each_household_books_its_own_days(
    commune, demo_data, live_server, page, assert_accessible
):
    host, child, period, main, second = COMMUNES[commune]
    seen_other = False
    for login in (second, main):
        log_in(page, live_server, host, login)
        expect(page.get_by_text(child).first).to_be_visible()
        assert_accessible(page)
        # the shared sheet
        page.get_by_role("link", name=re.compile("Modifier la fiche enfant")).first.click()
        expect(page.get_by_text("partagée par les deux foyers")).to_be_visible()
        assert_accessible(page)
        open_planning(page, live_server, host, child, period, assert_accessible)
        for _ in range(3):
            other_rows = page.locator("table.bk-grid tbody tr").filter(
                has_text="Garde de l'autre foyer"
            )
            if other_rows.count():
                expect(other_rows.first.locator("input[name=cases]")).to_have_count(0)
                seen_other = True
                break
            with page.expect_navigation():
                page.get_by_role("button", name="Semaine suivante →").click()
        rows = own_week(page)
        rows.locator("input[name=cases]:not(:checked)").first.check()
        page.get_by_role("button", name="Valider le planning").click()
        assert_accessible(page)
        page.get_by_role("button", name="Confirmer la réservation").click()
        saved = page.get_by_role("heading", name="Demande de réservation enregistrée")
        expect(saved).to_be_visible()
        # invoices: only the household's own
        page.goto(live_server.url(host, "/mes-factures"))
        assert_accessible(page)
        log_out(page)
    assert seen_other


def test_an_agent_reads_the_custody_and_the_restriction(
    demo_data, live_server, page, assert_accessible
):
    host = "balaruc.localhost"
    log_in_agent = ("sej@balaruc.example.org", "Agent-Balaruc-2019")
    page.goto(live_server.url(host, "/connexion"))
    form = page.locator("#login")
    form.get_by_label("Identifiant").fill(log_in_agent[0])
    form.get_by_label("Mot de passe").fill(log_in_agent[1])
    form.get_by_role("button", name="Connexion").click()
    page.wait_for_load_state()
    page.goto(live_server.url(host, "/agents/familles?q=LEROY"))
    page.get_by_role("link", name=re.compile("LEROY")).first.click()
    expect(page.locator(".household-restricted")).to_have_text("Sans autorité parentale")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Garde partagée")).first.click()
    expect(
        page.get_by_role("heading", name=re.compile("Garde partagée de LEROY NINA"))
    ).to_be_visible()
    expect(page.get_by_text("GARNIER").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("La garde partagée est enregistrée.")).to_be_visible()
