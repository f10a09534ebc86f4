"""The agents' billing and online-payment pages, and the operator's, in English: texts,
dates and amounts in the agent's language, form errors beside their field."""

import re
from datetime import date
from urllib.parse import urlsplit

import pytest
from portail_payment_systempay.simulator import SystempaySimulator
from sqlalchemy import select
from webtest import TestApp

from portail_core.models.billing import Invoice
from portail_core.payments.simulation import SimulatorStore
from portail_core.testing.billing import book, family_with_child
from portail_core.testing.online_payments import (
    AGENTS,
    PARENTS,
    payments_of,
    redirect_fields,
    start_payment,
)

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.8"}
BALARUC_AGENT = ("sej@balaruc.example.org", "Agent-Balaruc-2019")
BATZ_AGENT = ("sej@batz.example.org", "Agent-Batz-2018")
FORM = {"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"}


def text_of(page):
    main = page.text[page.text.index("<main") : page.text.index("</main>")]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))
    return text.replace("&amp;", "&").replace("&#39;", "'").replace("\xa0", " ")


def in_english(client):
    client.extra_environ.update(ENGLISH)
    return client


@pytest.fixture
def agent(demo_data, balaruc):
    balaruc.login(*BALARUC_AGENT)
    return in_english(balaruc)


def test_the_invoice_list_in_english(agent):
    page = agent.get("/agents/factures")
    text = text_of(page)
    assert "4 invoices" in text and "Invoice not paid" in text
    assert "Search (invoice no. or family)" in text and "Still due" in text
    assert "€249.96" in text and "30/11/2009" in text
    assert "Facture non soldée" not in text and "249,96" not in text
    assert "1 invoice" in text_of(agent.get("/agents/factures", {"q": "00096"}))


def test_the_csv_export_has_english_headers(agent):
    lines = agent.get("/agents/factures.csv", {"q": "00098"}).text.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Billing office;Invoice no.;Date")
    assert "Invoice not paid" in lines[1]


def test_a_wrong_credit_is_refused_in_english_beside_its_field(agent, dbsession):
    invoice = dbsession.scalar(select(Invoice).where(Invoice.number == "2006-00096"))
    page = agent.get(f"/agents/factures/{invoice.id}/avoir")
    assert "Credit note on invoice no. 2006-00096" in text_of(page)
    form = page.forms["credit"]
    form["amount"] = "500"
    form["reason"] = "Motif"
    refused = form.submit("submit", status=200)
    amount = refused.html.find("input", attrs={"name": "amount"})
    error = refused.html.find(id=amount["aria-describedby"])
    assert "The credit note is more than what is still due" in error.get_text()
    assert refused.forms["credit"]["amount"].value.startswith("500")
    form = refused.forms["credit"]
    form["amount"] = "abc"
    assert "Invalid amount: write for example 12.50" in form.submit("submit", status=200).text


def test_an_invoice_run_in_english(demo_data, batz, dbsession, app):
    tenant = app.registry.tenants.get("batz")
    _, child = family_with_child(dbsession, "batz", "MARTIN", "LOU")
    book(dbsession, tenant, child, "periscolaire", "soir", [date(2018, 3, 5), date(2018, 3, 6)])
    dbsession.commit()
    batz.login(*BATZ_AGENT)
    in_english(batz)
    form = batz.get("/agents/facturation").forms["invoice-run"]
    form["regie"] = "periscolaire"
    form["period_start"] = "2018-03-01"
    form["period_end"] = "2018-02-01"
    refused = form.submit("submit", status=200).text
    assert "The end of the period is before its start." in refused
    form["period_end"] = "2018-03-31"
    run_page = form.submit("submit", status=303).follow()
    text = text_of(run_page)
    assert "The invoices are prepared: check them, then publish them." in run_page.text
    assert "Invoice run from 01/03/2018 to 31/03/2018" in text
    assert "In preparation: check, then publish" in text and "€2.20" in text
    assert "Publish the 1 invoices" in text and "Facturation du" not in text


@pytest.fixture
def paid_online(demo_data, balaruc, dbsession, app, client_for):
    """A Systempay payment of Balaruc's TEST family, paid and notified."""
    balaruc.login(*PARENTS["balaruc"])
    page = start_payment(balaruc, dbsession, "balaruc", "periscolaire", ["2006-00096"])
    shop = app.registry.tenants.get("balaruc").regies["periscolaire"].payment_settings
    gateway = SystempaySimulator([shop], SimulatorStore(), None)
    simulated = gateway.choose(gateway.receive(redirect_fields(page)[1]), "pay")
    path = urlsplit(simulated.request["vads_url_check"]).path
    client_for("balaruc").post(path, gateway.ipn_body(simulated), headers=FORM, status=200)
    [payment] = payments_of(dbsession, "balaruc")
    return payment


def test_the_online_payment_log_in_english(paid_online, client_for):
    agent = client_for("balaruc")
    agent.login(*AGENTS["balaruc"])
    in_english(agent)
    listing = text_of(agent.get("/agents/paiements-en-ligne"))
    assert "Online payments" in listing and "Payment accepted" in listing
    assert "€237.27" in listing
    log = text_of(agent.get(f"/agents/paiements/{paid_online.id}/messages"))
    assert f"Log of payment no. {paid_online.number}" in log
    assert "Messages received" in log and "Processed" in log and "€237.27" in log
    assert re.search(r"Started on \d\d/\d\d/\d{4} at \d\d:\d\d", log)  # not "à"
    assert "Journal du paiement" not in log and " à " not in log


def test_the_operator_login_page_follows_accept_language(app):
    client = TestApp(app, extra_environ={"HTTP_HOST": "operateur.localhost"})
    french = client.get("/-/connexion")
    assert 'lang="fr"' in french.text and "Connexion opérateur" in french.text
    english = client.get("/-/connexion", headers={"Accept-Language": "en"})
    assert 'lang="en"' in english.text and "Operator sign-in" in english.text
    assert "Portail Familles — operator" in english.text
