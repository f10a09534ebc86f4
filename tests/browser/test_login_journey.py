"""A parent opens each commune's home, logs in and logs out, in Chromium, checked by axe."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

JOURNEYS = [
    ("balaruc.localhost", "valentina.test@example.org", "Valentina-2019", "2 bis rue des Rosiers"),
    ("batz.localhost", "famille.aabelium@example.org", "Baptiste-2018", "34 Rue Jean XXIII"),
]


@pytest.mark.parametrize(("host", "email", "password", "address"), JOURNEYS)
def test_home_login_logout(
    demo_data, live_server, page, assert_accessible, host, email, password, address
):
    page.goto(live_server.url(host))
    assert address in page.content()
    expect(page.get_by_text("Visiteur")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Identifiant", exact=True).fill(email)
    page.get_by_label("Mot de passe", exact=True).fill(password)
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_url("**/mon-compte")
    expect(page.get_by_role("heading", name="Informations du compte")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Déconnexion").click()
    page.wait_for_url(live_server.url(host))
    expect(page.get_by_text("Vous êtes déconnecté")).to_be_visible()
    expect(page.get_by_text("Visiteur")).to_be_visible()


def test_wrong_password_message_is_accessible(demo_data, live_server, page, assert_accessible):
    page.goto(live_server.url("balaruc.localhost", "/connexion"))
    form = page.locator("#login")
    form.get_by_label("Identifiant").fill("valentina.test@example.org")
    form.get_by_label("Mot de passe").fill("mauvais")
    form.get_by_role("button", name="Connexion").click()
    expect(page.get_by_text("Identifiant ou mot de passe incorrect.")).to_be_visible()
    assert form.get_by_label("Identifiant").input_value() == "valentina.test@example.org"
    assert_accessible(page)
