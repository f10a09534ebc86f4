"""The Payline simulator: its SOAP checks, and real-HTTP round trips with the portal."""

import re
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from portail_payment_payline import protocol
from portail_payment_payline.backend import PaylineBackend
from portail_payment_payline.simulator import PaylineSimulator

from portail_core.payments.simulation import SimulatorStore
from portail_core.payments.soap import body_content, text_of
from portail_core.payments.types import GatewayResult, Outcome, PaymentAttempt
from portail_core.testing.payments import attach

from .conftest import ACCESS_KEY, merchant

REGIE = """
[regies.restauration.payment_settings]
mode = "HOMOLOGATION"
merchant_id = "12345678901234"
access_key = { env = "BALARUC_PAYLINE_ACCESS_KEY", default = "abCdeFgHiJKLmNoPqrst" }
contract_number = "1234567"
service_url = "/_simulateur/payline/V4/services/WebPaymentAPI"
simulator_enabled = true
"""


def enable_payline(text):
    text = text.replace(
        'plugins = ["commune_balaruc"]', 'plugins = ["commune_balaruc", "payment_payline"]'
    )
    text = text.replace(
        'label = "REGIE RESTAURATION SCOLAIRE"\n',
        'label = "REGIE RESTAURATION SCOLAIRE"\npayment = "payline"\n',
    )
    return text + REGIE


def simulator():
    merchants = [PaylineBackend.validate_settings(merchant())]
    return PaylineSimulator(merchants, SimulatorStore(), None, "http://x/step2.do")


def request(**changes):
    values = dict(
        version="26",
        amount=4250,
        contract="1234567",
        return_url="http://x/r",
        cancel_url="http://x/c",
        order_ref="PAY-1",
        order_date="15/09/2024 10:30",
        notification_url="http://x/n",
        contracts=["1234567"],
    )
    values.update(changes)
    return protocol.do_web_payment_request(values)


def call(sim, body, operation="doWebPayment", key=ACCESS_KEY):
    return sim.soap("POST", protocol.headers(operation, "12345678901234", key), body)


def test_wrong_credentials_get_401():
    assert call(simulator(), request(), key="WrongKey1234")[0] == 401
    assert simulator().soap("POST", {}, request())[0] == 401


def test_the_soap_action_must_match_the_body():
    assert call(simulator(), request(), operation="getWebPaymentDetails")[0] == 500


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"amount": "42.50"}, "payment.amount"),
        ({"contract": "999"}, "payment.contractNumber"),
        ({"order_ref": ""}, "order.ref"),
        ({"order_date": "2024-09-15"}, "order.date"),
        ({"notification_url": "/n"}, "notificationURL"),
    ],
)
def test_invalid_fields_are_answered_with_02305(changes, field):
    status, text = call(simulator(), request(**changes))
    content = body_content(text)
    assert status == 200 and text_of(content, "result", "code") == "02305"
    assert field in text_of(content, "result", "longMessage")


def test_a_session_is_active_until_the_payer_decides():
    sim = simulator()
    token = text_of(body_content(call(sim, request())[1]), "token")
    status, text = call(sim, protocol.get_details_request("26", token), "getWebPaymentDetails")
    assert text_of(body_content(text), "result", "code") == "02533"


def _attempt(portal, amount):
    return PaymentAttempt(
        reference=f"PAY-2024-{amount:06d}",
        amount_cents=amount,
        tenant_id="balaruc",
        regie_id="restauration",
        mode="HOMOLOGATION",
        payer_email="valentina.test@example.org",
        created_at=datetime.now(UTC),
        **portal.attempt_urls("balaruc", "restauration"),
    )


def _choose(portal, start, choice):
    page = portal.http.get(start.url)
    assert page.status == 200 and "Payer" in page.text
    action = re.search(r'action="([^"]+)"', page.text).group(1)
    chosen = portal.post_form(action, [("token", start.gateway_key), ("choice", choice)])
    assert chosen.status == 303
    return chosen.headers["Location"]


@pytest.mark.parametrize(
    "choice, outcome",
    [
        ("pay", Outcome.PAID),
        ("refuse", Outcome.REFUSED),
        ("cancel", Outcome.CANCELLED),
        ("expire", Outcome.EXPIRED),
        ("fraud", Outcome.PENDING),
    ],
)
def test_round_trip_over_real_http(payment_portal, choice, outcome):
    portal = payment_portal({"balaruc.toml": enable_payline})
    backend = portal.backend("balaruc", "restauration")
    attempt = _attempt(portal, 3120)
    start = backend.start(attempt)  # doWebPayment over HTTP, Basic auth, to the simulator
    assert urlsplit(start.url).path == "/_simulateur/payline/webpayment/step2.do"
    back = _choose(portal, start, choice)
    assert parse_qs(urlsplit(back).query)["paylinetoken"] == [start.gateway_key]
    assert ("annulation=1" in back) is (choice == "cancel")
    [(tenant_id, regie_id, result)] = portal.recorder.notifications
    assert (tenant_id, regie_id) == ("balaruc", "restauration")
    assert isinstance(result, GatewayResult) and result.outcome is outcome
    assert result.alert is (choice == "fraud")
    assert backend.check(attach(attempt, start), result) is None
    assert backend.query_status(attach(attempt, start)).outcome is outcome


def test_pending_then_paid(payment_portal):
    portal = payment_portal({"balaruc.toml": enable_payline})
    backend = portal.backend("balaruc", "restauration")
    start = backend.start(_attempt(portal, 990))
    _choose(portal, start, "pending")
    _choose(portal, start, "pay")
    outcomes = [result.outcome for _, _, result in portal.recorder.notifications]
    assert outcomes == [Outcome.PENDING, Outcome.PAID]
    finished = portal.post_form(
        portal.url("balaruc", "/_simulateur/payline/webpayment/step2.do"),
        [("token", start.gateway_key), ("choice", "refuse")],
    )
    assert finished.status == 400


def test_the_simulator_is_hidden_from_a_tenant_without_the_plugin(payment_portal):
    portal = payment_portal({"balaruc.toml": enable_payline})
    url = portal.url("batz", "/_simulateur/payline/V4/services/WebPaymentAPI")
    assert (
        portal.http.post(
            url, request(), protocol.headers("doWebPayment", "12345678901234", ACCESS_KEY)
        ).status
        == 404
    )
