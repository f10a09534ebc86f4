"""Both communes' main journey in English, in Chromium (desktop and 390 px), each page
checked by axe: the header's switch, logging in, booking a day, the invoices; and a first
visit from an English-speaking browser. Every label is looked up in the English catalog,
and no French message id may be left on a page."""

import re

import pytest
from playwright.sync_api import expect

from portail_core.i18n import _, localizer_for
from portail_core.testing.translations import THEIRS, translated_ids

pytestmark = pytest.mark.browser

COMMUNES = {
    "balaruc": ("balaruc.localhost", "valentina.test@example.org", "Valentina-2019"),
    "batz": ("batz.localhost", "famille.aabelium@example.org", "Baptiste-2018"),
}
PATHS = {
    # commune: (child, period link, unit column)
    "balaruc": ("TEST VALENTINA", "MERCREDIS / VACANCES", "MATIN"),
    "batz": ("AABELIUM BAPTISTE", "RESTAURATION ENFANT", "RESTAURANT SCOLAIRE"),
}


@pytest.fixture
def en(app):
    localizer = localizer_for(app.registry, "en")

    def translate(message_id, **mapping):
        return localizer.translate(_(message_id, mapping=mapping or None))

    return translate


PORTAL_TEXT = """(theirs) => {
  const body = document.body.cloneNode(true);
  body.querySelectorAll(theirs + ', script, style').forEach((element) => element.remove());
  document.documentElement.appendChild(body);  // innerText needs a rendered element
  const text = body.innerText;
  body.remove();
  return text;
}"""


@pytest.fixture
def french_left(app):
    """The French message ids (of a few words at least) still shown on an English page,
    in what the portal itself writes (not the town hall's texts)."""
    ids = translated_ids(app.registry, "en", min_words=3)
    assert len(ids) > 800  # the whole catalog, not one domain's

    def found(page):
        text = " ".join(page.evaluate(PORTAL_TEXT, THEIRS).split())
        return [message_id for message_id in ids if " ".join(message_id.split()) in text]

    return found


def check_english(page, assert_accessible, french_left):
    assert page.locator("html").get_attribute("lang") == "en"
    assert french_left(page) == []
    assert_accessible(page)


@pytest.mark.parametrize("commune", sorted(COMMUNES))
def test_english_journey(commune, demo_data, live_server, page, assert_accessible, en, french_left):
    host, email, password = COMMUNES[commune]
    child, period, unit = PATHS[commune]
    page.goto(live_server.url(host))
    assert page.locator("html").get_attribute("lang") == "fr"
    page.get_by_role("button", name="English").first.click()
    expect(page.get_by_role("link", name=en("Aller au contenu"))).to_be_attached()
    check_english(page, assert_accessible, french_left)

    form = page.locator(".login-block form")
    form.get_by_label(en("Identifiant"), exact=True).fill(email)
    form.get_by_label(en("Mot de passe"), exact=True).fill(password)
    form.get_by_role("button", name=en("Connexion")).click()
    page.wait_for_url("**/mon-compte")
    expect(page.get_by_role("heading", name=en("Informations du compte"))).to_be_visible()
    check_english(page, assert_accessible, french_left)

    menu = page.get_by_role("navigation", name=en("Menu principal"))
    menu.get_by_role("link", name=en("Les réservations")).click()
    expect(page.get_by_role("heading", name=en("Les réservations"))).to_be_visible()
    check_english(page, assert_accessible, french_left)
    page.get_by_role("link", name=en("+ Nouvelle réservation")).first.click()
    page.get_by_role("link", name=re.compile(child)).click()
    page.get_by_role("link", name=period).click()
    check_english(page, assert_accessible, french_left)
    page.get_by_role("button", name=en("Continuer")).click()
    page.locator("table.bk-grid thead .bk-unit").first.wait_for()
    check_english(page, assert_accessible, french_left)

    names = page.locator("table.bk-grid thead th").evaluate_all(
        "ths => ths.map(th => (th.querySelector('.bk-unit') || {}).textContent || '')"
    )
    column = next(i for i, name in enumerate(names) if name.strip() == unit) + 1
    for _week in range(6):
        cells = page.locator(f"table.bk-grid tbody tr td:nth-child({column}) input[name=cases]")
        free = [cells.nth(i) for i in range(cells.count()) if not cells.nth(i).is_checked()]
        if free:
            break
        with page.expect_navigation():
            page.get_by_role("button", name=en("Semaine suivante →")).click()
    free[0].check()
    page.get_by_role("button", name=en("Valider le planning")).click()
    expect(page.get_by_role("heading", name=en("Récapitulatif de votre demande"))).to_be_visible()
    check_english(page, assert_accessible, french_left)
    page.get_by_role("button", name=en("Confirmer la réservation")).click()
    heading = en("Demande de réservation enregistrée")
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    check_english(page, assert_accessible, french_left)

    page.goto(live_server.url(host, "/mes-factures"))
    check_english(page, assert_accessible, french_left)
    amounts = page.locator("main").inner_text()
    assert "€" in amounts and not re.search(r"\d,\d\d\s?€", amounts)


def test_first_visit_from_an_english_browser(browser, demo_data, live_server, en):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.goto(live_server.url("batz.localhost"))
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.get_by_role("button", name="Français")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="Français").click()
    assert page.locator("html").get_attribute("lang") == "fr"
    context.close()
