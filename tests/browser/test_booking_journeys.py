"""The seeds' booking and cancellation paths in Chromium (desktop and 390 px), on both
communes' demo data, each page checked by axe; and an agent processing a request."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

COMMUNES = {
    "balaruc": ("balaruc.localhost", "valentina.test@example.org", "Valentina-2019"),
    "batz": ("batz.localhost", "famille.aabelium@example.org", "Baptiste-2018"),
}
PATHS = {
    # commune: (child, period link, unit column, state after confirmation)
    "balaruc": ("TEST VALENTINA", "MERCREDIS / VACANCES", "MATIN", "En attente"),
    "batz": ("AABELIUM BAPTISTE", "RESTAURATION ENFANT", "RESTAURANT SCOLAIRE", "Acceptée"),
}


def log_in(page, live_server, commune):
    host, email, password = COMMUNES[commune]
    page.goto(live_server.url(host, "/connexion"))
    form = page.locator("#login")
    form.get_by_label("Identifiant").fill(email)
    form.get_by_label("Mot de passe").fill(password)
    form.get_by_role("button", name="Connexion").click()
    page.wait_for_url("**/mon-compte")
    return host


def open_planning(page, live_server, commune, assert_accessible):
    """ "+ Nouvelle réservation" → child → period → "Continuer": the planning."""
    child, period, _, _ = PATHS[commune]
    page.goto(live_server.url(COMMUNES[commune][0], "/mon-compte"))
    menu = page.get_by_role("navigation", name="Menu principal")
    menu.get_by_role("link", name="Les réservations").click()
    expect(page.get_by_role("heading", name="Les réservations")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="+ Nouvelle réservation").first.click()
    page.get_by_role("link", name=re.compile(child)).click()
    choice = page.get_by_role("heading", name="Choix de l'établissement et de la période")
    expect(choice).to_be_visible()
    page.get_by_role("link", name=period).click()
    expect(page.get_by_role("heading", name="Votre sélection")).to_be_visible()
    expect(page.get_by_text("Vous avez jusqu'au")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Continuer").click()
    expect(page.get_by_role("heading", name=re.compile(f"Planning - {child}"))).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(r"Semaine n°\d+"))).to_be_visible()


def column_cells(page, unit):
    """The enabled checkboxes of a unit's column in the shown week."""
    page.locator("table.bk-grid thead .bk-unit").first.wait_for()
    names = page.locator("table.bk-grid thead th").evaluate_all(
        "ths => ths.map(th => (th.querySelector('.bk-unit') || {}).textContent || '')"
    )
    index = next(i for i, name in enumerate(names) if name.strip() == unit)
    return page.locator(f"table.bk-grid tbody tr td:nth-child({index + 1}) input[name=cases]")


def next_week(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Semaine suivante →").click()


def next_week_with_free_cells(page, unit):
    for _ in range(6):
        cells = column_cells(page, unit)
        free = [cells.nth(i) for i in range(cells.count()) if not cells.nth(i).is_checked()]
        if free:
            return free
        next_week(page)
    raise AssertionError("no free cell in the next weeks")


@pytest.mark.parametrize("commune", sorted(COMMUNES))
def test_booking_then_cancelling(commune, demo_data, live_server, page, assert_accessible):
    _, _, unit, state = PATHS[commune]
    log_in(page, live_server, commune)
    open_planning(page, live_server, commune, assert_accessible)
    free = next_week_with_free_cells(page, unit)
    box = free[0]
    value = box.get_attribute("value")  # "<unit id>:<day>", to find the day again
    box.check()
    # planning.js marks the cell at once, without a round trip.
    cell = box.locator("xpath=..")
    assert cell.locator(".bk-cell-label").text_content() == "Nouvelle demande"
    assert page.locator("#bk-counter").text_content() == "1 modification(s) sur cette semaine"
    assert_accessible(page)
    page.get_by_role("button", name="Valider le planning").click()
    expect(page.get_by_role("heading", name="Récapitulatif de votre demande")).to_be_visible()
    expect(page.get_by_text("En attente de confirmation").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Confirmer la réservation").click()
    expect(page.get_by_role("heading", name="Demande de réservation enregistrée")).to_be_visible()
    expect(page.get_by_text(state).first).to_be_visible()
    assert_accessible(page)

    # Cancellation (Balaruc guide §5): the same path, unticking the day booked.
    open_planning(page, live_server, commune, assert_accessible)
    booked = page.locator(f"input[name=cases][value='{value}']")
    for _ in range(6):
        if booked.count():
            break
        next_week(page)
    assert booked.is_checked()
    booked.uncheck()
    assert booked.locator("xpath=..").locator(".bk-cell-label").text_content() == (
        "Demande d'annulation"
    )
    page.get_by_role("button", name="Valider le planning").click()
    expect(page.get_by_text("Demande d'annulation").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Confirmer la réservation").click()
    expect(page.get_by_role("heading", name="Demande de réservation enregistrée")).to_be_visible()
    expect(page.get_by_text("Annulée").first).to_be_visible()
    page.get_by_role("link", name="Voir mes réservations").click()
    expect(page.get_by_text("Afficher 5 éléments / page")).to_be_visible()
    assert_accessible(page)


def test_agent_processes_the_demo_requests(demo_data, live_server, page, assert_accessible):
    page.goto(live_server.url("balaruc.localhost", "/connexion"))
    form = page.locator("#login")
    form.get_by_label("Identifiant").fill("sej@balaruc.example.org")
    form.get_by_label("Mot de passe").fill("Agent-Balaruc-2019")
    form.get_by_role("button", name="Connexion").click()
    page.get_by_role("link", name="Demandes à traiter").click()
    expect(page.get_by_role("heading", name="Demandes à traiter")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Motif de la décision (envoyé aux familles)").fill("Bon séjour !")
    page.get_by_role("button", name=re.compile("Tout accepter")).first.click()
    expect(page.get_by_text(re.compile(r"présence\(s\) acceptée\(s\)"))).to_be_visible()
    page.get_by_role("link", name="Périodes et accueils").click()
    assert_accessible(page)
    for link, heading in (
        ("Occupation", "Occupation"),
        ("Inscriptions", "Inscriptions"),
        ("Fermetures", "Jours de fermeture"),
        ("Modifier", "Modifier la période"),
    ):
        page.get_by_role("link", name=re.compile(link)).first.click()
        expect(page.get_by_role("heading", name=re.compile(heading)).first).to_be_visible()
        assert_accessible(page)
        page.go_back()
    page.get_by_role("link", name=re.compile("Occupation")).first.click()
    page.locator("table.bk-occupancy tbody td a").first.click()
    expect(page.get_by_role("heading", name=re.compile("Liste du jour"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Réservations", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Voir")).first.click()
    expect(page.get_by_role("heading", name=re.compile("Réservation n°"))).to_be_visible()
    assert_accessible(page)
    page.goto(live_server.url("balaruc.localhost", "/agents/etablissements"))
    assert_accessible(page)


def test_siblings_see_each_others_days_in_the_grid(demo_data, live_server, page, assert_accessible):
    """VALENTINA's selection applied to ROMEO too: each cell shows ROMEO's line (his
    request of the demo waits for the agents), repainted at once as the boxes change."""
    log_in(page, live_server, "balaruc")
    page.goto(live_server.url("balaruc.localhost", "/reservations/nouvelle"))
    page.get_by_role("link", name=re.compile("TEST VALENTINA")).click()
    page.get_by_role("link", name="MERCREDIS / VACANCES").click()
    expect(page.get_by_role("heading", name="Votre sélection")).to_be_visible()
    page.get_by_label("TEST ROMEO").check()
    page.get_by_role("button", name="Continuer").click()
    expect(page.get_by_role("heading", name="Planning - TEST VALENTINA")).to_be_visible()
    expect(page.get_by_text("La même sélection sera appliquée à : TEST ROMEO")).to_be_visible()
    waiting = page.locator("td.bk-cell:not(.bk-disabled)", has_text="ROMEO : ? En attente")
    for _ in range(6):
        if waiting.count():
            break
        next_week(page)
    kept = waiting.first
    expect(kept).to_be_visible()
    assert_accessible(page)
    # Asking the day ROMEO already has: a new request for VALENTINA only.
    kept.locator("input[name=cases]").check()
    expect(kept.locator(".bk-cell-label")).to_have_text("Nouvelle demande")
    expect(kept.locator(".bk-sibling")).to_have_text("ROMEO : ? En attente de traitement")
    # A day neither has: a new request for both, undone and redone at once.
    column = kept.get_attribute("data-unit")
    value = (
        page.locator(
            f"td.bk-cell[data-unit='{column}']:not(.bk-disabled)",
            has_text="ROMEO : aucune demande",
        )
        .first.locator("input[name=cases]")
        .get_attribute("value")
    )
    free = page.locator(f"td.bk-cell:has(input[value='{value}'])")
    box = free.locator("input[name=cases]")
    box.check()
    expect(free.locator(".bk-sibling")).to_have_text("ROMEO : + Nouvelle demande")
    box.uncheck()
    expect(free.locator(".bk-sibling")).to_have_text("ROMEO : aucune demande")
    box.check()
    expect(page.locator("#bk-counter")).to_have_text("2 modification(s) sur cette semaine")
    assert_accessible(page)
    page.get_by_role("button", name="Valider le planning").click()
    expect(page.get_by_role("heading", name="Récapitulatif de votre demande")).to_be_visible()
    expect(page.get_by_text("Déjà demandés pour ROMEO")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Confirmer la réservation").click()
    expect(page.get_by_role("heading", name="Demande de réservation enregistrée")).to_be_visible()
    assert_accessible(page)
