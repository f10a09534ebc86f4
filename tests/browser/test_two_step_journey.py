"""An agent turns two-step login on in Chromium, then logs in with a code; axe checks each
page (the QR code is an image allowed by the strict CSP)."""

import re
import time

import pyotp
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_agent_enrols_then_logs_in_with_a_code(demo_data, live_server, page, assert_accessible):
    def password_step():
        page.goto(live_server.url("balaruc.localhost", "/connexion"))
        form = page.locator("#login")
        form.get_by_label("Identifiant").fill("sej@balaruc.example.org")
        form.get_by_label("Mot de passe").fill("Agent-Balaruc-2019")
        form.get_by_role("button", name="Connexion").click()

    password_step()
    page.wait_for_url("**/agents/")
    page.get_by_role("link", name="Sécurité du compte").click()
    qr = page.get_by_role("img", name="Code QR à scanner avec l'application d'authentification")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.naturalWidth") > 0  # the data: image was allowed and drawn
    assert_accessible(page)
    secret = page.locator("code.secret").inner_text().replace(" ", "")
    page.get_by_label("Code affiché par l'application").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Activer la validation en deux étapes").click()
    expect(page.get_by_role("heading", name="Vos codes de secours")).to_be_visible()
    assert len(re.findall(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", page.content())) == 10
    assert_accessible(page)

    page.get_by_role("button", name="Déconnexion").click()
    password_step()
    page.wait_for_url("**/connexion/code")
    assert_accessible(page)
    page.get_by_label("Code de vérification").fill(pyotp.TOTP(secret).at(time.time() + 30))
    page.get_by_role("button", name="Valider").click()
    page.wait_for_url("**/agents/")
