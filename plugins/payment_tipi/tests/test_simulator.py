"""The PayFiP simulator: SOAP checks, and real-HTTP round trips with the portal."""

import re
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from portail_payment_tipi import protocol
from portail_payment_tipi.backend import TipiBackend
from portail_payment_tipi.simulator import PayfipSimulator

from portail_core.payments.simulation import SimulatorStore
from portail_core.payments.soap import SoapFault, body_content
from portail_core.payments.types import GatewayResult, Outcome, PaymentAttempt
from portail_core.testing.payments import attach

from .conftest import account

REGIE = """
[regies.periscolaire.payment_settings]
mode = "T"
numcli = "123456"
gateway_url = "/_simulateur/tipi/tpa/"
simulator_enabled = true
"""


def enable_tipi(variant="webservice"):
    def edit(text):
        text = text.replace(
            'plugins = ["commune_batz"]', 'plugins = ["commune_batz", "payment_tipi"]'
        )
        text = text.replace(
            'label = "REGIE PERISCOLAIRE/ALSH/ESPACE JEUNES"\n',
            'label = "REGIE PERISCOLAIRE/ALSH/ESPACE JEUNES"\npayment = "tipi"\n',
        )
        return text + REGIE + f'variant = "{variant}"\n'

    return edit


def simulator():
    return PayfipSimulator([TipiBackend.validate_settings(account())], SimulatorStore(), None)


def create(**changes):
    params = {
        "numcli": "123456",
        "exer": "2024",
        "refdet": "PAY2024000042",
        "montant": "4250",
        "mel": "parent@example.org",
        "objet": "Factures",
        "saisie": "T",
        "urlnotif": "http://batz.localhost/n",
        "urlredirect": "http://batz.localhost/r",
    }
    params.update(changes)
    status, text = simulator().soap("POST", {}, protocol.create_request(params))
    return status, body_content(text)


@pytest.mark.parametrize(
    "changes, code",
    [
        ({"refdet": "ABCD"}, "R3"),
        ({"mel": "pas-une-adresse"}, "A2"),
        ({"mel": ""}, "A1"),
        ({"montant": "99"}, "M3"),
        ({"montant": "42,50"}, "M1"),
        ({"numcli": "999999"}, "T1"),
        ({"saisie": "Q"}, "S1"),
        ({"urlnotif": "/relative"}, "N1"),
    ],
)
def test_the_simulated_service_answers_functional_faults(changes, code):
    status, answer = create(**changes)
    assert status == 500 and isinstance(answer, SoapFault)
    assert answer.code == code and answer.faultstring == protocol.FUNCTIONAL_FAULT


def test_the_simulated_service_registers_a_payment():
    status, answer = create()
    assert status == 200 and answer.tag.endswith("creerPaiementSecuriseResponse")


def test_the_simulated_service_refuses_another_namespace():
    status, text = simulator().soap(
        "POST", {}, protocol.detail_request("x").replace(protocol.NS, "urn:other")
    )
    assert status == 500


def _attempt(portal, amount=4250, **overrides):
    values = dict(
        reference=f"PAY-2024-{amount:06d}",
        amount_cents=amount,
        tenant_id="batz",
        regie_id="periscolaire",
        mode="T",
        payer_email="famille.aabelium@example.org",
        label="Facture 2024-0042",
        created_at=datetime.now(UTC),
        **portal.attempt_urls("batz", "periscolaire"),
    )
    values.update(overrides)
    return PaymentAttempt(**values)


def _choose(portal, start, choice):
    page = portal.http.get(start.url)
    assert page.status == 200 and "Payer par carte" in page.text
    action = re.search(r'action="([^"]+)"', page.text).group(1)
    idop = re.search(r'name="idop" value="([^"]+)"', page.text).group(1)
    chosen = portal.post_form(action, [("idop", idop), ("choice", choice)])
    assert chosen.status == 303
    return chosen.headers["Location"]


@pytest.mark.parametrize(
    "choice, outcome",
    [
        ("card", Outcome.PAID),
        ("debit", Outcome.PAID),
        ("refuse_card", Outcome.REFUSED),
        ("cancel", Outcome.CANCELLED),
    ],
)
def test_round_trip_over_real_http(payment_portal, choice, outcome):
    portal = payment_portal({"batz.toml": enable_tipi()})
    backend = portal.backend("batz", "periscolaire")
    attempt = _attempt(portal)
    start = backend.start(attempt)  # creerPaiementSecurise over HTTP to the simulator
    assert urlsplit(start.url).path == "/_simulateur/tipi/tpa/paiementws.web"
    back = _choose(portal, start, choice)
    assert parse_qs(urlsplit(back).query)["idop"] == [start.gateway_key]
    [(tenant_id, regie_id, result)] = portal.recorder.notifications
    assert (tenant_id, regie_id) == ("batz", "periscolaire")
    assert isinstance(result, GatewayResult) and result.outcome is outcome
    assert backend.check(attach(attempt, start), result) is None
    # Reconciliation reads the same result back later.
    assert backend.query_status(attach(attempt, start)).outcome in (outcome, Outcome.PENDING)


def test_leaving_the_page_sends_nothing_and_stays_pending(payment_portal):
    portal = payment_portal({"batz.toml": enable_tipi()})
    backend = portal.backend("batz", "periscolaire")
    attempt = _attempt(portal, amount=1500)
    start = backend.start(attempt)
    _choose(portal, start, "pending")
    assert portal.recorder.notifications == []
    assert backend.query_status(attach(attempt, start)).outcome is Outcome.PENDING
    purge = portal.post_form(
        portal.url("batz", "/_simulateur/tipi/tpa/purge"), [("idop", start.gateway_key)]
    )
    assert purge.status == 200
    assert portal.http.get(start.url).status == 404


def test_legacy_round_trip_over_real_http(payment_portal):
    portal = payment_portal({"batz.toml": enable_tipi("legacy")})
    backend = portal.backend("batz", "periscolaire")
    attempt = _attempt(portal, amount=2000)
    start = backend.start(attempt)
    assert urlsplit(start.url).path == "/_simulateur/tipi/tpa/paiement.web"
    opened = portal.http.get(start.url)
    assert opened.status == 303
    start = type(start)(start.gateway_key, start.references, opened.headers["Location"])
    back = _choose(portal, start, "card")
    [(_, _, result)] = portal.recorder.notifications
    assert result.outcome is Outcome.PAID and result.gateway_key == "PAY2024002000"
    assert parse_qs(urlsplit(back).query)["resultrans"] == ["P"]


def test_the_simulator_is_hidden_from_a_tenant_without_the_plugin(payment_portal):
    portal = payment_portal({"batz.toml": enable_tipi()})
    answer = portal.http.post(
        portal.url("balaruc", "/_simulateur/tipi/tpa/services/securite"),
        protocol.detail_request("x"),
        protocol.HEADERS,
    )
    assert answer.status == 404
