"""Online payment in Chromium (desktop and 390 px), checked by axe, on both communes: the
parent ticks two invoices, pays in the simulator (Systempay for Balaruc, PayFiP for Batz),
comes back and finds the payment validated and both invoices paid; a refused and a
cancelled payment leave them due."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portail_core.models.billing import Payment
from portail_core.testing.online_payments import PARENTS, skip_attempt_numbers

pytestmark = pytest.mark.browser

COMMUNES = {
    # tenant: (host, invoices, amount, gateway's buttons for pay, refuse, cancel)
    "balaruc": (
        "balaruc.localhost",
        [("2006-00096", "237,27"), ("2006-00098", "249,96")],
        "487,23",
        {"pay": "Payer", "refuse": "Refuser (banque)", "cancel": "Annuler et retourner"},
    ),
    "batz": (
        "batz.localhost",
        [("00286", "4,40"), ("00720", "1,75")],
        "6,15",
        {"pay": "Payer par carte", "refuse": "Refuser (carte)", "cancel": "Annuler"},
    ),
}


def log_in(page, live_server, host, email, password):
    page.goto(live_server.url(host, "/connexion"))
    form = page.locator("#login")
    form.get_by_label("Identifiant").fill(email)
    form.get_by_label("Mot de passe").fill(password)
    form.get_by_role("button", name="Connexion").click()
    page.wait_for_load_state()


@pytest.fixture(autouse=True)
def fresh_numbers(demo_data, dbsession):
    for tenant_id in COMMUNES:
        skip_attempt_numbers(dbsession, tenant_id)


def tick_two_and_go_to_the_gateway(page, live_server, tenant_id, assert_accessible):
    host, invoices, amount, _ = COMMUNES[tenant_id]
    log_in(page, live_server, host, *PARENTS[tenant_id])
    menu = page.get_by_role("navigation", name="Menu principal")
    menu.get_by_role("link", name="Mes Factures & Paiements").click()
    page.get_by_role("link", name="Payer en ligne").first.click()
    expect(page.get_by_role("heading", name="Païement")).to_be_visible()
    expect(page.get_by_text("Vous avez ").filter(has_text="factures non soldées")).to_be_visible()
    assert_accessible(page)
    for number, due in invoices:
        page.get_by_label(f"Payer la facture n° {number} ({due}").check()
    page.get_by_role("button", name="Continuer").click()
    expect(page.get_by_text("Vous avez sélectionné les factures :")).to_be_visible()
    expect(page.get_by_text(f"Le montant de votre paiement sera de {amount}")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Accéder au paiement").click()
    # Systempay: a form posted by payment_redirect.js, then the gateway's page.
    page.get_by_role("button", name=COMMUNES[tenant_id][3]["pay"], exact=True).wait_for()
    assert "/_simulateur/" in page.url
    expect(page.get_by_text(amount).first).to_be_visible()


def choose(page, tenant_id, choice):
    buttons = COMMUNES[tenant_id][3]
    page.get_by_role("button", name=buttons[choice], exact=choice == "pay").click()
    page.wait_for_url("**/paiement-en-ligne/*")


def invoice_states(page):
    menu = page.get_by_role("navigation", name="Menu principal")
    menu.get_by_role("link", name="Mes Factures & Paiements").click()
    return page.locator("table.billing-table tbody tr")


def online_payment(dbsession, tenant_id):
    dbsession.expire_all()
    return dbsession.scalars(
        select(Payment).where(Payment.tenant_id == tenant_id, Payment.attempt_number.is_not(None))
    ).one()


@pytest.mark.parametrize("tenant_id", sorted(COMMUNES))
def test_a_parent_pays_two_invoices_in_the_simulator(
    demo_data, live_server, page, assert_accessible, dbsession, mailbox, tenant_id
):
    tick_two_and_go_to_the_gateway(page, live_server, tenant_id, assert_accessible)
    choose(page, tenant_id, "pay")
    numbers = ", ".join(number for number, _ in COMMUNES[tenant_id][1])
    message = f"Le paiement de vos factures n° {numbers} a bien été pris en compte."
    expect(page.get_by_text(message)).to_be_visible()
    expect(page.get_by_text("Règlement validé")).to_be_visible()
    assert_accessible(page)
    rows = invoice_states(page)
    for number, _ in COMMUNES[tenant_id][1]:
        row = rows.filter(has_text=f"Facture n° {number}")
        expect(row.get_by_text("Facture Soldée")).to_be_visible()
    assert online_payment(dbsession, tenant_id).state == "validated"
    assert len(mailbox) == 1


@pytest.mark.parametrize("tenant_id", sorted(COMMUNES))
@pytest.mark.parametrize(
    ("choice", "message"),
    [("refuse", "a été refusé par la banque"), ("cancel", "a été annulé")],
)
def test_a_refused_or_cancelled_payment_leaves_the_invoices_due(
    demo_data, live_server, page, assert_accessible, dbsession, mailbox, tenant_id, choice, message
):
    tick_two_and_go_to_the_gateway(page, live_server, tenant_id, assert_accessible)
    choose(page, tenant_id, choice)
    expect(page.get_by_text(message)).to_be_visible()
    expect(page.get_by_text("Vos factures restent à payer.")).to_be_visible()
    assert_accessible(page)
    rows = invoice_states(page)
    for number, _ in COMMUNES[tenant_id][1]:
        row = rows.filter(has_text=f"Facture n° {number}")
        expect(row.get_by_text("Facture non soldée")).to_be_visible()
    assert online_payment(dbsession, tenant_id).state == "refused"
    assert mailbox == []
