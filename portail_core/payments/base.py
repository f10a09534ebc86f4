"""The contract every payment gateway backend fulfils (spec §4), and its settings base.

A backend class describes a gateway (id, label, capabilities as class attributes, settings
schema); an instance serves one régie of one tenant with that régie's validated settings.
The core never imports a backend: plugins register their classes through the hook
``portail_register_payment_backends`` and tenant files choose one per régie.
"""

from __future__ import annotations

import abc
import re
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar
from urllib.parse import urljoin, urlsplit

import colander

from portail_core.i18n import _
from portail_core.payments.http import HttpClient
from portail_core.payments.types import (
    EURO,
    GatewayRejection,
    NotificationResponse,
    Rejection,
    ResponseKind,
    UnsupportedOperation,
)

if TYPE_CHECKING:  # pragma: no cover - annotations only
    from webob import Request

    from portail_core.payments.types import (
        GatewayResult,
        PaymentAttempt,
        PaymentStart,
        ReturnInfo,
        SettingsCheck,
    )

REDACTED = "***"
# Something that looks like a full card number: 13 to 19 digits in a row.
CARD_NUMBER_RE = re.compile(r"(?<!\d)\d{13,19}(?!\d)")


class RegieSettingsSchema(colander.MappingSchema):
    """Base of a backend's per-régie settings (``[regies.<id>.payment_settings]``).

    Subclasses add ``mode`` (required) and their own keys. Mark secrets with
    ``secret=True`` on the node; name every URL setting ``*_url``. Unknown keys are
    refused, so that a misspelt key stops the start instead of being ignored.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(colander.Mapping(unknown="raise"), *args, **kwargs)

    simulator_enabled = colander.SchemaNode(
        colander.Boolean(),
        missing=False,
        # i18n: ignore (integrators read the settings' descriptions)
        description="Serve and use this plugin's local simulator (demo and tests only).",
    )


def invalid_setting(schema, key, message):
    """A :class:`colander.Invalid` of ``schema`` naming its child ``key`` (for validators)."""
    error = colander.Invalid(schema)
    error.add(colander.Invalid(schema[key], message), pos=schema.children.index(schema[key]))
    return error


class PaymentBackend(abc.ABC):
    """A payment gateway, configured for one régie of one tenant.

    Capabilities are class attributes with safe defaults; a backend overrides those that
    differ. Amounts are integer cents; the currency is always the euro (``"978"``).
    """

    id: ClassVar[str]
    label: ClassVar[str]
    currency: ClassVar[str] = EURO
    multiple_invoices: ClassVar[bool] = True  # one payment may settle several invoices
    min_amount_cents: ClassVar[int] = 1
    max_amount_cents: ClassVar[int | None] = None
    payer_email_required: ClassVar[bool] = False
    modes: ClassVar[tuple[str, ...]] = ("TEST", "PRODUCTION")
    test_modes: ClassVar[tuple[str, ...]] = ("TEST",)
    supports_refunds: ClassVar[bool] = False
    supports_status_query: ClassVar[bool] = False
    supports_settings_check: ClassVar[bool] = False
    # Do not start a new attempt for the same invoices sooner than this after the last one.
    retry_delay: ClassVar[timedelta] = timedelta(0)
    # An attempt with no final result after this long may be expired by reconciliation.
    attempt_lifetime: ClassVar[timedelta] = timedelta(hours=2)

    def __init__(self, settings, *, tenant_id, regie_id, http=None):
        """:param settings: the régie's settings, validated by :meth:`validate_settings`.
        :param http: the client for server-to-server calls (tests pass a double)."""
        self.settings = dict(settings)
        self.tenant_id = tenant_id
        self.regie_id = regie_id
        self.http = http or HttpClient()

    # -- description and settings ------------------------------------------------------

    @classmethod
    @abc.abstractmethod
    def settings_schema(cls) -> colander.SchemaNode:
        """The colander schema of a régie's settings (a :class:`RegieSettingsSchema`)."""

    @classmethod
    def secret_settings(cls):
        """Names of the settings marked ``secret=True`` (never shown, never logged)."""
        return tuple(node.name for node in cls.settings_schema() if getattr(node, "secret", 0))

    @classmethod
    def validate_settings(cls, raw):
        """Deserialise a régie's settings; raise :class:`colander.Invalid` on any mistake.

        Besides the backend's schema, enforce what no backend may skip: a known ``mode``,
        the simulator only in a test mode, and real gateway URLs absolute and ``https``
        unless the simulator is enabled (the simulator's URLs are paths on the portal).
        """
        schema = cls.settings_schema()
        values = schema.deserialize(raw)
        if values.get("mode") not in cls.modes:
            modes = ", ".join(cls.modes)
            raise invalid_setting(schema, "mode", f"Mode attendu parmi : {modes}")  # i18n: ignore
        if values["simulator_enabled"] and values["mode"] not in cls.test_modes:
            raise invalid_setting(
                schema,
                "simulator_enabled",
                # i18n: ignore (the integrator's settings)
                f"Le simulateur ne sert qu'en mode de test ({', '.join(cls.test_modes)})",
            )
        if not values["simulator_enabled"]:
            for name, value in values.items():
                if name.endswith("_url") and value and urlsplit(value).scheme != "https":
                    message = "Adresse https:// complète attendue"  # i18n: ignore
                    raise invalid_setting(schema, name, message)
        return values

    @property
    def mode(self):
        return self.settings["mode"]

    @property
    def is_test_mode(self):
        return self.mode in self.test_modes

    def gateway_url(self, name, base):
        """The URL setting ``name``, made absolute against ``base`` (simulator paths)."""
        return urljoin(base, self.settings[name])

    def check_settings(self) -> SettingsCheck:
        """ "Test these settings": a harmless call to the gateway, where one exists."""
        raise UnsupportedOperation(f"{self.label} : pas de test de configuration")  # i18n: ignore

    # -- the payment --------------------------------------------------------------------

    def amount_problem(self, amount_cents):
        """A sentence (``TranslationString``) if the gateway cannot take this amount, else
        ``None``."""
        if amount_cents < self.min_amount_cents:
            amount = Decimal(self.min_amount_cents) / 100
            return _(
                "Le montant minimum pour ce paiement est ${amount}.", mapping={"amount": amount}
            )
        if self.max_amount_cents is not None and amount_cents > self.max_amount_cents:
            amount = Decimal(self.max_amount_cents) / 100
            return _(
                "Le montant maximum pour ce paiement est ${amount}.", mapping={"amount": amount}
            )
        return None

    @abc.abstractmethod
    def start(self, attempt: PaymentAttempt) -> PaymentStart:
        """Build the gateway request for ``attempt``: a redirect or a form to auto-submit,
        with the references to persist. Raise :class:`PaymentStartError` (French message)
        when the gateway refuses or cannot be reached."""

    @abc.abstractmethod
    def parse_return(self, request: Request) -> ReturnInfo:
        """Read the browser's return: which attempt, and a provisional outcome at most."""

    @abc.abstractmethod
    def verify_notification(self, request: Request) -> GatewayResult | GatewayRejection:
        """Authenticate a server-to-server notification and say what it means."""

    def notification_key(self, request: Request) -> str | None:
        """The gateway key a notification *claims*, before any verification, or ``None``.

        Lets the core ignore a notification for no open attempt of its own before
        :meth:`verify_notification` calls the gateway back (PayFiP's idop, Payline's
        token). Never trust it for anything else.
        """
        return None

    def query_status(self, attempt: PaymentAttempt) -> GatewayResult | GatewayRejection:
        """Ask the gateway for the attempt's current result (reconciliation)."""
        raise UnsupportedOperation(f"{self.label} : pas d'interrogation de l'état")  # i18n: ignore

    def notification_response(self, kind: ResponseKind) -> NotificationResponse:
        """How to answer a notification. Default: 200 with a short text for everything
        but a temporary failure (503), since these gateways do not interpret the body."""
        kind = ResponseKind(kind)
        if kind is ResponseKind.TEMPORARY_FAILURE:
            return NotificationResponse(503, "KO: temporary failure")
        return NotificationResponse(200, "OK" if kind is ResponseKind.PROCESSED else kind.value)

    def check(self, attempt: PaymentAttempt, result: GatewayResult) -> GatewayRejection | None:
        """Compare an authenticated result with the attempt the core stored (spec §0.3-3/4).

        Return a rejection when the result belongs to another attempt, régie or mode, or
        when the amount or currency differ from what was asked; ``None`` when it matches.
        """
        checks = [
            (
                attempt.tenant_id != self.tenant_id or attempt.regie_id != self.regie_id,
                Rejection.ACCOUNT_MISMATCH,
                "attempt of another tenant or régie",  # i18n: ignore (English, a log)
            ),
            (
                bool(attempt.gateway_key) and result.gateway_key != attempt.gateway_key,
                Rejection.REFERENCE_MISMATCH,
                f"gateway key {result.gateway_key!r} is not {attempt.gateway_key!r}",
            ),
            (
                result.attempt_reference not in (None, attempt.reference),
                Rejection.REFERENCE_MISMATCH,
                f"reference {result.attempt_reference!r} is not {attempt.reference!r}",
            ),
            (
                result.mode != attempt.mode or result.mode != self.mode,
                Rejection.MODE_MISMATCH,
                # i18n: ignore (English, a log)
                f"mode {result.mode!r}, attempt {attempt.mode!r}, régie {self.mode!r}",
            ),
            (
                result.amount_cents is not None and result.amount_cents != attempt.amount_cents,
                Rejection.AMOUNT_MISMATCH,
                f"amount {result.amount_cents} instead of {attempt.amount_cents}",
            ),
            (
                result.currency is not None and result.currency != attempt.currency,
                Rejection.CURRENCY_MISMATCH,
                f"currency {result.currency!r} instead of {attempt.currency!r}",
            ),
        ]
        for failed, reason, detail in checks:
            if failed:
                return GatewayRejection(reason, detail, result.gateway_key, result.raw)
        return None

    def redact(self, data):
        """A copy of ``data`` (flat mapping) without secrets nor full card numbers."""
        secrets = {self.settings.get(name) for name in self.secret_settings()} - {None, ""}
        clean = {}
        for key, value in data.items():
            value = "" if value is None else str(value)
            for secret in secrets:
                value = value.replace(str(secret), REDACTED)
            clean[key] = CARD_NUMBER_RE.sub(REDACTED, value)
        return clean
