"""A parent's whole journey ending in an online payment leaves no secret in the logs.

Reset of the password, log-in, the child's medical sheet, then a payment through the
gateway's local simulator over real HTTP (the portal's start, the gateway's page with the
payer's card, the server-to-server notification and, for PayFiP, the read-back, the
return to the portal, the confirmation e-mail): every line logged by any logger at DEBUG,
formatted as in production, holds no password, session cookie, CSRF token, signature or
shop key, card field, transaction token, reset link or health value.
"""

import json
import logging
import re
from urllib.parse import urlsplit

import pytest
from portail_payment_systempay.simulator import SystempaySimulator

from portail_core.logs import JsonFormatter
from portail_core.models.billing import PAYMENT_VALIDATED
from portail_core.payments.simulation import store_for
from portail_core.testing.fixtures import PortalClient
from portail_core.testing.online_payments import (
    PARENTS,
    payments_of,
    skip_attempt_numbers,
    start_payment,
)

NEW_PASSWORD = "Journee-Paiement-2026"
HEALTH = {
    "allergy_food_details": "Allergie-Arachide-Confidentielle",
    "doctor_name": "Docteur-Hippocrate-Secret",
    "recommendations": "PAI-Asthme-Ventoline-Secret",
}
# What the payer types on a real gateway's page; the simulators ignore it, the logs must too.
CARD = {"card_number": "4970101122334455", "cvv": "8317", "expiry": "09/2031"}
INVOICES = {"balaruc": ["2006-00096", "2006-00098"], "batz": ["00286", "00720"]}
NOTIFICATION = "/paiement/notification/{tenant}/{regie}/{backend}"
RETURN = "/paiement-en-ligne/{payment_id:\\d+}/retour"
# Fields of a log record that hold no message (a CVV's digits may occur in a time).
META = {"timestamp", "asctime", "request_id", "duration_ms", "levelname", "name"}


class Captured(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.setFormatter(JsonFormatter())
        self.lines = []

    def emit(self, record):
        self.lines.append(self.format(record))


@pytest.fixture
def captured():
    """Every logger at DEBUG, through the production formatter."""
    handler = Captured()
    root = logging.getLogger()
    levels = {name: logging.getLogger(name).level for name in logging.root.manager.loggerDict}
    root_level = root.level
    for name in levels:
        logging.getLogger(name).setLevel(logging.NOTSET)  # inherit the root's DEBUG
    root.setLevel(logging.DEBUG)
    root.addHandler(handler)
    yield handler.lines
    root.removeHandler(handler)
    root.setLevel(root_level)
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


@pytest.fixture
def live_client(app, live_server, demo_data, dbsession):
    for tenant_id in INVOICES:
        skip_attempt_numbers(dbsession, tenant_id)

    def factory(tenant_id):
        host = app.registry.tenants.get(tenant_id).hosts[0]
        return PortalClient(app, f"{host}:{live_server.port}")

    return factory


def reset_password(client, mailbox, email):
    form = client.get("/mot-de-passe-oublie").forms["forgot"]
    form["email"] = email
    form.submit("submit", status=303)
    link = re.search(r"https?://\S+/reinitialiser/\S+", mailbox[-1].body).group(0)
    form = client.get(urlsplit(link).path).forms["reset"]
    form["password"] = form["confirm"] = NEW_PASSWORD
    form.submit("submit", status=303)
    return link


def fill_child_sheet(client):
    children = client.get("/famille/enfants").text
    child_path = re.search(r'href="[^"]*(/famille/enfants/\d+)"', children).group(1)
    form = client.get(child_path).forms["child-sheet"]
    form["allergy_food"].checked = True
    form["pai"].checked = True
    for name, value in HEALTH.items():
        form[name] = value
    form.submit("save", status=303)


def pay_on_the_gateway(client, start):
    """Follow the start to the simulator's page, pay by card (the payer's card fields posted
    with the choice), land back on the portal."""
    if start.status_int == 303:  # PayFiP: a redirect
        page = client.get(start.location)
    else:  # Systempay: a posted form
        page = start.forms["payment-redirect"].submit().follow()
    form = page.forms[0]
    choice = "pay" if "systempay" in page.request.path else "card"
    fields = [*form.submit_fields(), ("choice", choice), *CARD.items()]
    answer = client.post(form.action or page.request.path, fields)
    while answer.status_int in (302, 303):
        answer = client.get(answer.location)
    return page.request.url, answer


def systempay_secrets(app, gateway_url):
    token = urlsplit(gateway_url).path.rstrip("/").rsplit("/", 1)[1]
    shop = app.registry.tenants.get("balaruc").regies["periscolaire"].payment_settings
    simulator = SystempaySimulator([shop], store_for(app.registry, "systempay", "balaruc"), None)
    payment = simulator.get(token)
    ipn = simulator.signed(payment, {**payment.output, "vads_url_check_src": "PAY"})
    output = payment.output
    return [
        token,
        shop["key_test"],
        payment.request["signature"],
        ipn["signature"],
        output["vads_payment_certificate"],
        output["vads_trans_uuid"],
        output["vads_card_number"],
        output["vads_auth_number"],
    ]


def payfip_secrets(payment):
    return [payment.gateway_key, payment.authorisation]  # the idOp, the authorisation number


@pytest.mark.parametrize("tenant_id", ["balaruc", "batz"])
def test_a_whole_online_payment_logs_no_secret(
    tenant_id, app, live_client, dbsession, mailbox, captured
):
    email, old_password = PARENTS[tenant_id]
    link = reset_password(live_client(tenant_id), mailbox, email)
    client = live_client(tenant_id)
    client.login(email, NEW_PASSWORD)
    fill_child_sheet(client)
    start = start_payment(client, dbsession, tenant_id, "periscolaire", INVOICES[tenant_id])
    gateway_url, page = pay_on_the_gateway(client, start)

    assert "a bien été pris en compte" in page.text
    [payment] = payments_of(dbsession, tenant_id)
    assert payment.state == PAYMENT_VALIDATED
    assert len(mailbox) == 2 and mailbox[-1].recipients == [email]  # reset, confirmation
    secrets = [NEW_PASSWORD, old_password, link, urlsplit(link).path.rsplit("/", 1)[1]]
    secrets += [*HEALTH.values(), client.cookies["portail_session"], client.csrf_token()]
    if tenant_id == "balaruc":
        secrets += systempay_secrets(app, gateway_url)
    else:
        secrets += payfip_secrets(payment)
    records = [json.loads(line) for line in captured]
    routes = {record.get("route") for record in records}
    assert {"/reinitialiser/***", NOTIFICATION, RETURN} <= routes  # the whole journey
    assert any(record["name"].startswith("sqlalchemy.engine") for record in records)
    text = "\n".join(captured)
    for secret in secrets:
        assert secret and secret not in text, secret
    messages = "\n".join(
        str(value) for record in records for key, value in record.items() if key not in META
    )
    for value in CARD.values():
        assert not re.search(rf"(?<![\w/]){re.escape(value)}(?![\w/])", messages), value
