"""The pieces of portail_core.payments that no single gateway exercises fully."""

import socket
from datetime import UTC, datetime

import colander
import pytest
from pyramid.registry import Registry

from portail_core.i18n import localizer_for
from portail_core.payments.base import PaymentBackend, RegieSettingsSchema
from portail_core.payments.http import GatewayUnavailable, HttpClient, _connect_host
from portail_core.payments.registry import DuplicateBackendError, PaymentBackendRegistry
from portail_core.payments.simulation import InProcessHttp, SimulatorStore, with_query
from portail_core.payments.soap import SoapError, SoapFault, body_content, element, flatten
from portail_core.payments.types import (
    GatewayRejection,
    GatewayResult,
    Outcome,
    PaymentAttempt,
    Rejection,
    ResponseKind,
    UnsupportedOperation,
)


class Settings(RegieSettingsSchema):
    mode = colander.SchemaNode(colander.String())
    key = colander.SchemaNode(colander.String(), secret=True)
    page_url = colander.SchemaNode(colander.String(), missing="https://pay.example.org/")


class Minimal(PaymentBackend):
    id = "minimal"
    label = "Minimal"
    min_amount_cents = 100
    max_amount_cents = 50000

    @classmethod
    def settings_schema(cls):
        return Settings()

    def start(self, attempt):
        raise AssertionError("not used")

    def parse_return(self, request):
        raise AssertionError("not used")

    def verify_notification(self, request):
        raise AssertionError("not used")


def minimal(**settings):
    values = Minimal.validate_settings({"mode": "TEST", "key": "s3cr3t-key", **settings})
    return Minimal(values, tenant_id="balaruc", regie_id="periscolaire")


def attempt(**overrides):
    values = dict(
        reference="PAY-1",
        amount_cents=4250,
        tenant_id="balaruc",
        regie_id="periscolaire",
        return_url="http://x/r",
        cancel_url="http://x/c",
        notify_url="http://balaruc.localhost:8080/paiement/n",
        mode="TEST",
        gateway_key="K1",
    )
    values.update(overrides)
    return PaymentAttempt(**values)


def result(**overrides):
    values = dict(
        gateway_key="K1",
        outcome=Outcome.PAID,
        attempt_reference="PAY-1",
        amount_cents=4250,
        currency="978",
        mode="TEST",
    )
    values.update(overrides)
    return GatewayResult(**values)


def test_an_attempt_refuses_floats_and_naive_times():
    with pytest.raises(TypeError):
        attempt(amount_cents=42.5)
    with pytest.raises(TypeError):
        attempt(amount_cents=True)
    with pytest.raises(ValueError):
        attempt(amount_cents=0)
    with pytest.raises(ValueError):
        attempt(created_at=datetime(2024, 9, 15))
    assert attempt(created_at=datetime(2024, 9, 15, tzinfo=UTC)).currency == "978"


def test_the_base_check_names_each_mismatch():
    backend = minimal()
    assert backend.check(attempt(), result()) is None
    cases = [
        (attempt(tenant_id="batz"), result(), Rejection.ACCOUNT_MISMATCH),
        (attempt(), result(gateway_key="K2"), Rejection.REFERENCE_MISMATCH),
        (attempt(), result(attempt_reference="PAY-2"), Rejection.REFERENCE_MISMATCH),
        (attempt(), result(mode="PRODUCTION"), Rejection.MODE_MISMATCH),
        (attempt(mode="PRODUCTION"), result(mode="PRODUCTION"), Rejection.MODE_MISMATCH),
        (attempt(), result(amount_cents=425), Rejection.AMOUNT_MISMATCH),
        (attempt(), result(currency="840"), Rejection.CURRENCY_MISMATCH),
    ]
    for stored, received, reason in cases:
        assert backend.check(stored, received).reason is reason
    assert backend.check(attempt(), result(amount_cents=None, currency=None)) is None


def test_amount_limits_are_sentences_in_the_reader_language():
    backend = minimal()
    french, english = (localizer_for(Registry(), language) for language in ("fr", "en"))
    problem = backend.amount_problem(99)
    assert french.translate(problem) == "Le montant minimum pour ce paiement est 1,00\xa0€."
    assert english.translate(problem) == "The minimum amount for this payment is €1.00."
    assert "maximum" in backend.amount_problem(50001)
    assert backend.amount_problem(100) is None


def test_redaction_hides_secrets_and_card_numbers():
    clean = minimal().redact(
        {"a": "key s3cr3t-key", "card": "4970101234567890", "n": None, "masked": "497010XXXXXX0055"}
    )
    assert clean == {"a": "key ***", "card": "***", "n": "", "masked": "497010XXXXXX0055"}
    assert Minimal.secret_settings() == ("key",)


def test_relative_gateway_urls_follow_the_portal():
    backend = minimal(simulator_enabled=True, page_url="/_simulateur/minimal/")
    assert backend.gateway_url("page_url", attempt().notify_url) == (
        "http://balaruc.localhost:8080/_simulateur/minimal/"
    )
    with pytest.raises(colander.Invalid) as failure:
        minimal(page_url="http://pay.example.org/")
    assert "page_url" in failure.value.asdict()


def test_defaults_of_the_base_class():
    backend = minimal()
    with pytest.raises(UnsupportedOperation):
        backend.query_status(attempt())
    with pytest.raises(UnsupportedOperation):
        backend.check_settings()
    assert backend.notification_response(ResponseKind.PROCESSED).status == 200
    assert backend.notification_response("temporary_failure").status == 503
    assert GatewayRejection(Rejection.GATEWAY_UNAVAILABLE, "x").temporary
    assert not GatewayRejection(Rejection.BAD_SIGNATURE, "x").temporary


def test_the_registry_refuses_duplicates_and_strangers():
    registry = PaymentBackendRegistry()
    registry.add(Minimal, plugin_id="payment_minimal")
    assert registry.plugin_of("minimal") == "payment_minimal" and "minimal" in registry
    with pytest.raises(DuplicateBackendError):
        registry.add(Minimal)
    with pytest.raises(TypeError):
        registry.add(object)


def test_localhost_names_reach_the_loopback():
    assert _connect_host("balaruc.localhost") == "127.0.0.1"
    assert _connect_host("LOCALHOST") == "127.0.0.1"
    assert _connect_host("paiement.systempay.fr") == "paiement.systempay.fr"


def test_an_unreachable_gateway_is_unavailable():
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(GatewayUnavailable):
        HttpClient(timeout=2).get(f"http://balaruc.localhost:{port}/")
    with pytest.raises(GatewayUnavailable):
        HttpClient().get("ftp://example.org/")
    with pytest.raises(GatewayUnavailable):
        InProcessHttp().post("http://x/y", "")


def test_soap_helpers():
    assert element("a", "x<y") == "<a>x&lt;y</a>"
    assert element("a", None, {"b": '"'}) == "<a b='\"'/>"
    with pytest.raises(SoapError):
        body_content("<not-soap/>")
    with pytest.raises(SoapError):
        body_content("<!DOCTYPE x [<!ENTITY e 'boom'>]><x>&e;</x>")  # no entities
    fault = body_content(
        '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault>'
        "<faultcode>s:Server</faultcode><faultstring>F</faultstring><detail><E><code>P5</code>"
        "</E></detail></s:Fault></s:Body></s:Envelope>"
    )
    assert isinstance(fault, SoapFault) and fault.code == "P5" and fault.detail_type == "E"
    content = body_content(
        '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><r><l><i>1</i>'
        "<i>2</i></l></r></s:Body></s:Envelope>"
    )
    assert flatten(content) == {"l.i": "1", "l.i[2]": "2"}


def test_simulator_helpers():
    store = SimulatorStore()
    assert store.add_unique("k", 1) and not store.add_unique("k", 2)
    assert store.get("k") == 1 and store.values() == [1]
    assert with_query("http://x/r?a=1", {"b": "é"}) == "http://x/r?a=1&b=%C3%A9"
    assert with_query("http://x/r", {}) == "http://x/r"
