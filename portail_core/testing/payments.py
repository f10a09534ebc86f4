"""The conformance suite every payment backend passes (style: Kinto's ``StorageTest``).

A plugin's test module subclasses :class:`PaymentBackendContract` and overrides a few
fixtures; every test below then runs against its backend::

    class TestContract(PaymentBackendContract):
        @pytest.fixture
        def backend_class(self):
            return MyBackend

        @pytest.fixture
        def settings(self):
            return {"mode": "TEST", "simulator_enabled": True, ...}

        @pytest.fixture
        def production_settings(self):
            return {"mode": "PRODUCTION", ...}

        @pytest.fixture
        def other_settings(self):
            return {...}  # another tenant's account with the same gateway

        @pytest.fixture
        def invalid_settings(self):
            return [({...}, "key named in the error"), ...]

        @pytest.fixture
        def gateway(self, ...):
            return MyGatewayDouble(...)  # see GatewayDouble

The suite checks the contract only; each plugin adds its protocol's own tests (the spec's
vectors, mode mismatch, result codes, a real-HTTP round trip with its simulator).
"""

import dataclasses
from datetime import UTC, datetime
from typing import Protocol

import colander
import pytest
from webob import Request

from portail_core.payments.base import PaymentBackend
from portail_core.payments.types import (
    EURO,
    FormStart,
    GatewayRejection,
    GatewayResult,
    NotificationResponse,
    Outcome,
    PaymentAttempt,
    PaymentStart,
    RedirectStart,
    Rejection,
    ResponseKind,
    ReturnInfo,
    UnsupportedOperation,
)

PORTAL = "http://balaruc.localhost"


class GatewayDouble(Protocol):
    """The gateway's side of the conversation, played in process by a plugin's tests.

    ``http`` is the client handed to the backends (an
    :class:`portail_core.payments.simulation.InProcessHttp` routing to the simulator, or
    ``None`` when the backend makes no server-to-server call).
    """

    http: object

    def amount_sent(self, start: PaymentStart) -> str:
        """The amount exactly as the gateway received it from ``start``."""

    def complete(
        self, start: PaymentStart, outcome: Outcome, amount_cents: int | None = None
    ) -> Request:
        """Let the payer finish with ``outcome`` (PAID, REFUSED or CANCELLED) and return
        the notification the gateway sends. ``amount_cents``: the gateway reports this
        amount instead of the requested one (a tampered or mistaken transaction)."""

    def tamper(self, notification: Request) -> Request:
        """A forged copy of ``notification`` that must not be accepted."""

    def browser_return(self, start: PaymentStart) -> Request:
        """The browser's return after :meth:`complete`."""


def notification(method, url, body=b"", content_type="application/x-www-form-urlencoded"):
    """A WebOb request as a gateway sends it (helper for gateway doubles)."""
    request = Request.blank(url, method=method)
    if method == "POST":
        request.content_type = content_type
        request.body = body.encode("utf-8") if isinstance(body, str) else body
    return request


def attach(attempt, start):
    """The attempt as the core stores it once ``start`` has answered."""
    return dataclasses.replace(attempt, gateway_key=start.gateway_key, references=start.references)


class PaymentBackendContract:
    """Tests every payment backend must pass. Override the fixtures named in the module
    docstring; ``tenant_id``, ``regie_id`` and ``amount_cents`` may be overridden too."""

    tenant_id = "balaruc"
    other_tenant_id = "batz"
    regie_id = "periscolaire"
    amount_cents = 4250

    # -- fixtures -------------------------------------------------------------------------

    @pytest.fixture
    def backend(self, backend_class, settings, gateway):
        values = backend_class.validate_settings(settings)
        return backend_class(
            values, tenant_id=self.tenant_id, regie_id=self.regie_id, http=gateway.http
        )

    @pytest.fixture
    def other_backend(self, backend_class, other_settings, gateway):
        values = backend_class.validate_settings(other_settings)
        return backend_class(
            values, tenant_id=self.other_tenant_id, regie_id=self.regie_id, http=gateway.http
        )

    @pytest.fixture
    def make_attempt(self):
        """``make_attempt(backend, **overrides)``: a fresh attempt for that backend."""
        counter = iter(range(1, 100000))

        def factory(backend, **overrides):
            number = next(counter)
            base = f"{PORTAL}/paiement"
            values = {
                "reference": f"PAY-2024-{number:06d}",
                "number": number,
                "amount_cents": self.amount_cents,
                "tenant_id": backend.tenant_id,
                "regie_id": backend.regie_id,
                "return_url": f"{base}/retour/{number}",
                "cancel_url": f"{base}/annulation/{number}",
                "notify_url": f"{base}/notification/{backend.regie_id}/{backend.id}",
                "mode": backend.mode,
                "payer_email": "parent@example.org",
                "payer_first_name": "Hélène",
                "payer_last_name": "Dupré",
                "payer_id": "42",
                "label": "Factures 2024-0042 2024-0043",
                "invoice_numbers": ("2024-0042", "2024-0043"),
                "created_at": datetime.now(UTC),
            }
            values.update(overrides)
            return PaymentAttempt(**values)

        return factory

    @pytest.fixture
    def started(self, backend, make_attempt):
        """An attempt started at the gateway: ``(attempt as stored, start)``."""
        attempt = make_attempt(backend)
        start = backend.start(attempt)
        return attach(attempt, start), start

    # -- description and settings ---------------------------------------------------------

    def test_describes_itself(self, backend_class):
        assert issubclass(backend_class, PaymentBackend)
        assert backend_class.id and backend_class.id.isidentifier()
        assert backend_class.label
        assert backend_class.currency == EURO
        assert set(backend_class.test_modes) <= set(backend_class.modes)
        assert isinstance(backend_class.min_amount_cents, int)
        assert backend_class.min_amount_cents >= 1

    def test_valid_settings_are_accepted(self, backend_class, settings, production_settings):
        for raw in (settings, production_settings):
            values = backend_class.validate_settings(raw)
            assert values["mode"] in backend_class.modes
        assert backend_class.validate_settings(settings)["simulator_enabled"] is True

    def test_invalid_settings_name_the_key(self, backend_class, invalid_settings):
        assert invalid_settings, "give at least one invalid example"
        for raw, key in invalid_settings:
            with pytest.raises(colander.Invalid) as failure:
                backend_class.validate_settings(raw)
            assert key in failure.value.asdict(), (raw, failure.value.asdict())

    def test_unknown_setting_is_refused(self, backend_class, settings):
        with pytest.raises(colander.Invalid):
            backend_class.validate_settings({**settings, "no_such_key": "x"})

    def test_simulator_only_in_a_test_mode(self, backend_class, production_settings):
        raw = {**production_settings, "simulator_enabled": True}
        with pytest.raises(colander.Invalid) as failure:
            backend_class.validate_settings(raw)
        assert "simulator_enabled" in failure.value.asdict()

    def test_production_urls_must_be_https(self, backend_class, production_settings):
        names = [
            node.name for node in backend_class.settings_schema() if node.name.endswith("_url")
        ]
        assert names, "name the gateway's URL settings *_url"
        for name in names:
            with pytest.raises(colander.Invalid) as failure:
                backend_class.validate_settings({**production_settings, name: "/_simulateur/x"})
            assert name in failure.value.asdict()

    def test_secrets_are_marked(self, backend_class):
        names = {node.name for node in backend_class.settings_schema()}
        assert set(backend_class.secret_settings()) <= names

    # -- start ------------------------------------------------------------------------------

    def test_start_builds_a_well_formed_request(self, backend, started):
        attempt, start = started
        assert isinstance(start, PaymentStart)
        assert start.gateway_key
        assert all(isinstance(v, str) for v in start.references.values())
        if isinstance(start, FormStart):
            assert start.action.startswith(("http://", "https://"))
            assert start.method == "POST" and start.fields
        else:
            assert isinstance(start, RedirectStart)
            assert start.url.startswith(("http://", "https://"))

    def test_amounts_travel_as_cents(self, backend, gateway, make_attempt):
        low = max(backend.min_amount_cents, 100)
        for amount in (low, 4250, 123456, low + 5):
            if backend.amount_problem(amount):
                continue
            start = backend.start(make_attempt(backend, amount_cents=amount))
            assert gateway.amount_sent(start) == str(amount)

    def test_amount_limits_are_explained_in_french(self, backend):
        assert backend.amount_problem(backend.min_amount_cents) is None
        if backend.min_amount_cents > 1:
            assert "minimum" in backend.amount_problem(backend.min_amount_cents - 1)

    def test_each_attempt_gets_its_own_gateway_key(self, backend, make_attempt):
        keys = {backend.start(make_attempt(backend)).gateway_key for _ in range(3)}
        assert len(keys) == 3

    # -- notifications ----------------------------------------------------------------------

    def test_authenticated_notification_means_paid(self, backend, gateway, started):
        attempt, start = started
        result = backend.verify_notification(gateway.complete(start, Outcome.PAID))
        assert isinstance(result, GatewayResult), result
        assert result.outcome is Outcome.PAID
        assert result.gateway_key == attempt.gateway_key
        assert result.amount_cents == attempt.amount_cents
        assert result.currency in (EURO, None)
        assert result.mode == backend.mode
        assert result.transaction_id
        assert backend.check(attempt, result) is None

    def test_the_claimed_key_needs_no_gateway_call(self, backend, gateway, started):
        attempt, start = started
        message = gateway.complete(start, Outcome.PAID)
        calls = len(getattr(gateway.http, "calls", ()))
        assert backend.notification_key(message.copy()) in (None, attempt.gateway_key)
        assert len(getattr(gateway.http, "calls", ())) == calls

    def test_tampered_notification_is_rejected(self, backend, gateway, started):
        attempt, start = started
        forged = gateway.tamper(gateway.complete(start, Outcome.PAID))
        result = backend.verify_notification(forged)
        assert isinstance(result, GatewayRejection), result
        assert result.reason is not Rejection.GATEWAY_UNAVAILABLE

    def test_duplicate_notification_gives_the_same_result(self, backend, gateway, started):
        attempt, start = started
        message = gateway.complete(start, Outcome.PAID)
        first = backend.verify_notification(message.copy())
        again = backend.verify_notification(message.copy())
        assert isinstance(first, GatewayResult)
        assert again == first

    @pytest.mark.parametrize("outcome", [Outcome.REFUSED, Outcome.CANCELLED])
    def test_refusal_and_cancellation_are_mapped(self, backend, gateway, started, outcome):
        attempt, start = started
        result = backend.verify_notification(gateway.complete(start, outcome))
        assert isinstance(result, GatewayResult), result
        assert result.outcome is outcome
        assert backend.check(attempt, result) is None

    def test_amount_mismatch_is_detected(self, backend, gateway, started):
        attempt, start = started
        message = gateway.complete(start, Outcome.PAID, amount_cents=attempt.amount_cents - 1)
        result = backend.verify_notification(message)
        if isinstance(result, GatewayResult):
            result = backend.check(attempt, result)
        assert isinstance(result, GatewayRejection)
        assert result.reason is Rejection.AMOUNT_MISMATCH

    def test_notification_of_another_tenant_is_rejected(
        self, backend, other_backend, gateway, make_attempt
    ):
        theirs = other_backend.start(make_attempt(other_backend))
        result = backend.verify_notification(gateway.complete(theirs, Outcome.PAID))
        assert isinstance(result, GatewayRejection), result

    def test_result_of_another_attempt_fails_the_check(self, backend, gateway, make_attempt):
        first_start = backend.start(make_attempt(backend))
        second = make_attempt(backend)
        second_start = backend.start(second)
        result = backend.verify_notification(gateway.complete(first_start, Outcome.PAID))
        assert isinstance(result, GatewayResult)
        mismatch = backend.check(attach(second, second_start), result)
        assert isinstance(mismatch, GatewayRejection)

    def test_raw_data_is_kept_without_secrets(self, backend, gateway, started):
        attempt, start = started
        result = backend.verify_notification(gateway.complete(start, Outcome.PAID))
        assert result.raw
        secrets = [backend.settings[name] for name in backend.secret_settings()]
        for value in result.raw.values():
            assert all(secret not in value for secret in secrets if secret)

    def test_every_answer_is_defined(self, backend):
        secrets = [backend.settings[name] for name in backend.secret_settings()]
        for kind in ResponseKind:
            response = backend.notification_response(kind)
            assert isinstance(response, NotificationResponse)
            assert 200 <= response.status < 600
            assert all(secret not in response.body for secret in secrets if secret)
        assert backend.notification_response(ResponseKind.PROCESSED).status == 200
        assert backend.notification_response(ResponseKind.DUPLICATE).status == 200

    # -- return and status --------------------------------------------------------------------

    def test_browser_return_only_informs(self, backend, gateway, started):
        attempt, start = started
        gateway.complete(start, Outcome.PAID)
        info = backend.parse_return(gateway.browser_return(start))
        assert isinstance(info, ReturnInfo)
        assert info.gateway_key in (None, attempt.gateway_key)
        assert info.outcome in (None, Outcome.PAID)

    def test_return_without_data_shows_the_stored_state(self, backend):
        info = backend.parse_return(Request.blank(f"{PORTAL}/paiement/retour/1"))
        assert info.outcome is None and not info.verified

    def test_status_query_as_declared(self, backend, gateway, started):
        attempt, start = started
        if not backend.supports_status_query:
            with pytest.raises(UnsupportedOperation):
                backend.query_status(attempt)
            return
        gateway.complete(start, Outcome.PAID)
        result = backend.query_status(attempt)
        assert isinstance(result, GatewayResult), result
        assert result.outcome is Outcome.PAID
        assert backend.check(attempt, result) is None
