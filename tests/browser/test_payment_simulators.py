"""The three gateway simulators in Chromium (desktop and 390 px), checked by axe: the
portal sends the browser to the gateway (an auto-submitted form for Systempay, a redirect
for PayFiP and Payline), the payer chooses, the gateway notifies the portal over HTTP, and
the browser comes back. The core's payment pages drive the same path with real invoices."""

import pytest
from playwright.sync_api import expect

from portail_core.payments.types import GatewayResult, Outcome

pytestmark = pytest.mark.browser

BALARUC_PAYMENTS = """
[regies.periscolaire.payment_settings]
mode = "TEST"
site_id = "12345678"
key_test = { env = "BALARUC_SYSTEMPAY_KEY_TEST", default = "TestKey0123456789" }
payment_url = "/_simulateur/systempay/vads-payment/"
simulator_enabled = true

[regies.restauration.payment_settings]
mode = "HOMOLOGATION"
merchant_id = "12345678901234"
access_key = { env = "BALARUC_PAYLINE_ACCESS_KEY", default = "abCdeFgHiJKLmNoPqrst" }
contract_number = "1234567"
service_url = "/_simulateur/payline/V4/services/WebPaymentAPI"
simulator_enabled = true
"""
BATZ_PAYMENTS = """
[regies.periscolaire.payment_settings]
mode = "T"
numcli = "123456"
gateway_url = "/_simulateur/tipi/tpa/"
simulator_enabled = true
"""


def balaruc(text):
    text = text.replace(
        'plugins = ["commune_balaruc"',
        'plugins = ["commune_balaruc", "payment_systempay", "payment_payline"',
    )
    text = text.replace('ALSH"\n', 'ALSH"\npayment = "systempay"\n', 1)
    text = text.replace('RESTAURATION SCOLAIRE"\n', 'RESTAURATION SCOLAIRE"\npayment = "payline"\n')
    return text + BALARUC_PAYMENTS


def batz(text):
    text = text.replace('plugins = ["commune_batz"', 'plugins = ["commune_batz", "payment_tipi"')
    text = text.replace('ESPACE JEUNES"\n', 'ESPACE JEUNES"\npayment = "tipi"\n', 1)
    return text + BATZ_PAYMENTS


@pytest.fixture
def portal(payment_portal):
    return payment_portal({"balaruc.toml": balaruc, "batz.toml": batz})


@pytest.mark.parametrize(
    "tenant, regie, heading, pay",
    [
        ("balaruc", "periscolaire", "Paiement par carte", "Payer"),
        ("balaruc", "restauration", "Paiement sécurisé", "Payer"),
        ("batz", "periscolaire", "Paiement de votre facture", "Payer par carte"),
    ],
    ids=["systempay", "payline", "payfip"],
)
def test_pay_in_the_simulator(portal, page, assert_accessible, tenant, regie, heading, pay):
    page.goto(portal.url(tenant, f"/_test-paiement/depart/{regie}?montant=4250"))
    page.get_by_role("heading", name=heading).wait_for()
    expect(page.get_by_text("42,50").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=pay, exact=True).click()
    page.wait_for_url("**/_test-paiement/retour/**")
    [(tenant_id, regie_id, result)] = portal.recorder.notifications
    assert (tenant_id, regie_id) == (tenant, regie)
    assert isinstance(result, GatewayResult) and result.outcome is Outcome.PAID
    assert result.amount_cents == 4250


@pytest.mark.parametrize(
    "tenant, regie, button, outcome",
    [
        ("balaruc", "periscolaire", "Refuser (banque)", Outcome.REFUSED),
        ("balaruc", "restauration", "Annuler", Outcome.CANCELLED),
        ("batz", "periscolaire", "Annuler", Outcome.CANCELLED),
    ],
    ids=["systempay-refused", "payline-cancelled", "payfip-cancelled"],
)
def test_refuse_or_cancel_in_the_simulator(portal, page, tenant, regie, button, outcome):
    page.goto(portal.url(tenant, f"/_test-paiement/depart/{regie}?montant=1990"))
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_url("**/_test-paiement/retour/**")
    [(_, _, result)] = portal.recorder.notifications
    assert result.outcome is outcome


def test_without_javascript_the_parent_clicks_through(portal, browser):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    page = context.new_page()
    page.goto(portal.url("balaruc", "/_test-paiement/depart/periscolaire"))
    expect(page.get_by_role("heading", name="Accéder au paiement")).to_be_visible()
    page.get_by_role("button", name="Accéder au paiement").click()
    page.get_by_role("heading", name="Paiement par carte").wait_for()
    context.close()
