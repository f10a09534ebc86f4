"""The Systempay simulator: its checks, and a real-HTTP round trip with the portal."""

import re
from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest
from portail_payment_systempay.backend import SystempayBackend
from portail_payment_systempay.protocol import parse_form, sign
from portail_payment_systempay.simulator import SimulatorError, SystempaySimulator
from webob import Request

from portail_core.payments.simulation import SimulatorStore
from portail_core.payments.types import GatewayResult, Outcome, PaymentAttempt

from .conftest import TEST_KEY, shop

REGIE = """
[regies.periscolaire.payment_settings]
mode = "TEST"
site_id = "12345678"
key_test = { env = "BALARUC_SYSTEMPAY_KEY_TEST", default = "TestKey0123456789" }
payment_url = "/_simulateur/systempay/vads-payment/"
simulator_enabled = true
"""


def enable_systempay(text):
    text = text.replace(
        'plugins = ["commune_balaruc"]', 'plugins = ["commune_balaruc", "payment_systempay"]'
    )
    text = text.replace(
        'label = "REGIE PERISCOLAIRE/ALSH"\n',
        'label = "REGIE PERISCOLAIRE/ALSH"\npayment = "systempay"\n',
    )
    return text + REGIE


def simulator():
    return SystempaySimulator([SystempayBackend.validate_settings(shop())], SimulatorStore(), None)


def form(**changes):
    backend = SystempayBackend(
        SystempayBackend.validate_settings(shop()), tenant_id="balaruc", regie_id="periscolaire"
    )
    attempt = PaymentAttempt(
        reference="PAY-2024-000042",
        amount_cents=4250,
        tenant_id="balaruc",
        regie_id="periscolaire",
        return_url="http://x/r",
        cancel_url="http://x/c",
        notify_url="http://x/n",
        mode="TEST",
        number=42,
        created_at=datetime(2024, 9, 15, 8, 30, tzinfo=UTC),
    )
    fields = dict(backend.start(attempt).fields)
    fields.update(changes)
    return fields


def test_the_simulator_refuses_a_bad_signature():
    with pytest.raises(SimulatorError) as failure:
        simulator().receive(form(vads_amount="1"))
    assert "Signature" in failure.value.message


def test_the_simulator_reports_the_faulty_field_code():
    fields = form(vads_amount="42,50")
    with pytest.raises(SimulatorError) as failure:
        simulator().receive(fields)
    assert failure.value.extra_result == "09"
    fields = form()
    del fields["vads_trans_date"]
    with pytest.raises(SimulatorError) as failure:
        simulator().receive(fields)
    assert failure.value.extra_result == "04"


def test_the_simulator_refuses_a_trans_id_reused_the_same_day():
    sim = simulator()
    sim.receive(form())
    with pytest.raises(SimulatorError) as failure:
        sim.receive(form())
    assert failure.value.extra_result == "03"
    resigned = form(vads_trans_date="20240916083000")
    resigned["signature"] = sign(resigned, TEST_KEY)
    sim.receive(resigned)  # another UTC day: accepted


def test_a_pending_payment_can_be_decided_later():
    sim = simulator()
    payment = sim.receive(form())
    sim.choose(payment, "pending")
    assert payment.output["vads_trans_status"] == "UNDER_VERIFICATION"
    uuid = payment.output["vads_trans_uuid"]
    sim.choose(payment, "pay")
    assert payment.output["vads_trans_status"] == "AUTHORISED"
    assert payment.output["vads_trans_uuid"] == uuid
    with pytest.raises(SimulatorError):
        sim.choose(payment, "refuse")


def _pay(portal, choice, amount=4250):
    backend = portal.backend("balaruc", "periscolaire")
    attempt = PaymentAttempt(
        reference=f"PAY-2024-{amount:06d}",
        amount_cents=amount,
        tenant_id="balaruc",
        regie_id="periscolaire",
        mode="TEST",
        payer_email="parent@example.org",
        label="Factures 2024-0042 2024-0043",
        number=amount,
        **portal.attempt_urls("balaruc", "periscolaire"),
    )
    start = backend.start(attempt)
    # The simulator is served by the portal itself, on the same port.
    assert str(urlsplit(start.action).port) == str(portal.server.port)
    posted = portal.post_form(start.action, start.fields)
    assert posted.status == 303, posted.text
    page = portal.http.get(posted.headers["Location"])
    assert page.status == 200 and "Payer" in page.text
    choice_url = re.search(r'action="([^"]+)"', page.text).group(1)
    chosen = portal.post_form(choice_url, [("choice", choice)])
    assert chosen.status == 303
    return backend, start, posted.headers["Location"], chosen.headers["Location"]


@pytest.mark.parametrize(
    "choice, outcome",
    [("pay", Outcome.PAID), ("refuse", Outcome.REFUSED), ("cancel", Outcome.CANCELLED)],
)
def test_round_trip_over_real_http(payment_portal, choice, outcome):
    portal = payment_portal({"balaruc.toml": enable_systempay})
    backend, start, page_url, return_url = _pay(portal, choice)
    [(tenant_id, regie_id, result)] = portal.recorder.notifications
    assert (tenant_id, regie_id) == ("balaruc", "periscolaire")
    assert isinstance(result, GatewayResult)
    assert result.outcome is outcome
    assert result.gateway_key == start.gateway_key and result.amount_cents == 4250
    # The browser comes back with the signed fields: a provisional outcome only.
    info = backend.parse_return(Request.blank(return_url))
    assert info.verified and info.outcome is outcome
    assert info.gateway_key == start.gateway_key
    if choice == "cancel":
        assert "annulation=1" in return_url


def test_ipn_replayed_by_the_back_office_gives_the_same_result(payment_portal):
    portal = payment_portal({"balaruc.toml": enable_systempay})
    backend, start, page_url, return_url = _pay(portal, "pay", amount=1990)
    for source in ("RETRY", "BO"):
        answer = portal.post_form(f"{page_url}/ipn", [("src", source)])
        assert answer.status == 200 and answer.text == "200 OK"
    results = [result for _, _, result in portal.recorder.notifications]
    assert len(results) == 3
    assert {(r.gateway_key, r.outcome, r.transaction_id) for r in results} == {
        (start.gateway_key, Outcome.PAID, results[0].transaction_id)
    }
    assert [r.raw["vads_url_check_src"] for r in results] == ["PAY", "RETRY", "BO"]


def test_the_simulator_is_hidden_where_it_is_not_enabled(payment_portal):
    portal = payment_portal({"balaruc.toml": enable_systempay})
    fields = form()
    batz = portal.post_form(
        portal.url("batz", "/_simulateur/systempay/vads-payment/"), fields.items()
    )
    assert batz.status == 404  # Batz did not enable payment_systempay
    restauration = portal.http.get(portal.url("balaruc", "/_simulateur/systempay/paiement/x"))
    assert restauration.status == 404  # unknown payment


def test_the_simulator_page_is_404_without_a_simulated_regie(payment_portal):
    def no_simulator(text):
        return (
            enable_systempay(text)
            .replace("simulator_enabled = true", "simulator_enabled = false")
            .replace(
                '"/_simulateur/systempay/vads-payment/"',
                '"https://paiement.systempay.fr/vads-payment/"',
            )
        )

    portal = payment_portal({"balaruc.toml": no_simulator})
    answer = portal.post_form(
        portal.url("balaruc", "/_simulateur/systempay/vads-payment/"), form().items()
    )
    assert answer.status == 404


def test_a_bad_form_gets_the_gateway_error_page(payment_portal):
    portal = payment_portal({"balaruc.toml": enable_systempay})
    answer = portal.post_form(
        portal.url("balaruc", "/_simulateur/systempay/vads-payment/"),
        form(vads_amount="999").items(),
    )
    assert answer.status == 400
    assert "Signature incorrecte" in answer.text
    assert parse_form("a=") == {"a": ""}
