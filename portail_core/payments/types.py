"""The values that cross the boundary between the core and a payment backend.

Money is integer cents, times are aware datetimes; every type is a frozen dataclass so a
backend cannot change what the core stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from types import MappingProxyType

EURO = "978"  # ISO 4217 numeric code: the only currency the portal takes


def _utcnow():
    return datetime.now(UTC)


def _frozen(mapping):
    return MappingProxyType(dict(mapping or {}))


class Outcome(StrEnum):
    """The normalised outcome of a payment attempt (spec §0.2)."""

    PENDING = "PENDING"  # started, result not final
    PAID = "PAID"  # authorised or captured: the money will be collected
    REFUSED = "REFUSED"  # refused by the bank, the card scheme or risk rules
    CANCELLED = "CANCELLED"  # the payer cancelled or abandoned the page
    EXPIRED = "EXPIRED"  # the gateway session expired without a result
    ERROR = "ERROR"  # malformed, unverifiable or technical failure: needs a human

    @property
    def is_final(self):
        return self in (Outcome.PAID, Outcome.REFUSED, Outcome.CANCELLED, Outcome.EXPIRED)


class Rejection(StrEnum):
    """Why a notification (or a read-back) was not accepted."""

    MALFORMED = "malformed"  # a field is missing, repeated or badly formatted
    BAD_SIGNATURE = "bad_signature"
    ACCOUNT_MISMATCH = "account_mismatch"  # another shop, client number, tenant or régie
    MODE_MISMATCH = "mode_mismatch"  # test message for a production régie, or the reverse
    UNKNOWN_ATTEMPT = "unknown_attempt"
    REFERENCE_MISMATCH = "reference_mismatch"
    AMOUNT_MISMATCH = "amount_mismatch"
    CURRENCY_MISMATCH = "currency_mismatch"
    NOT_A_PAYMENT = "not_a_payment"  # e.g. a refund made in the gateway's back office
    GATEWAY_UNAVAILABLE = "gateway_unavailable"  # the read-back failed: try again later


class ResponseKind(StrEnum):
    """What the core did with a notification; the backend says how to answer each."""

    PROCESSED = "processed"
    DUPLICATE = "duplicate"
    UNKNOWN_ATTEMPT = "unknown_attempt"
    INVALID = "invalid"
    TEMPORARY_FAILURE = "temporary_failure"


@dataclass(frozen=True)
class PaymentAttempt:
    """One try at paying: what the core asks a gateway to collect.

    ``reference`` is the core's unique reference of the attempt (``PAY-2024-000042-1``);
    ``number`` a sequential number of the attempt within the tenant, which gateways with
    short transaction ids use. ``gateway_key`` and ``references`` are empty until
    :meth:`PaymentBackend.start` has answered and the core has stored its answer.
    """

    reference: str
    amount_cents: int
    tenant_id: str
    regie_id: str
    return_url: str
    cancel_url: str
    notify_url: str
    mode: str
    payer_email: str = ""
    payer_first_name: str = ""
    payer_last_name: str = ""
    payer_id: str = ""
    label: str = ""
    invoice_numbers: tuple[str, ...] = ()
    currency: str = EURO
    number: int | None = None
    created_at: datetime = field(default_factory=_utcnow)
    gateway_key: str = ""
    references: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self):
        if isinstance(self.amount_cents, bool) or not isinstance(self.amount_cents, int):
            raise TypeError("amount_cents must be an int (cents), never a float")
        if self.amount_cents <= 0:
            raise ValueError("amount_cents must be positive")
        if self.created_at.tzinfo is None:
            raise ValueError("created_at must be an aware datetime")
        object.__setattr__(self, "invoice_numbers", tuple(self.invoice_numbers))
        object.__setattr__(self, "references", _frozen(self.references))


@dataclass(frozen=True)
class PaymentStart:
    """What :meth:`PaymentBackend.start` answers; the core persists ``gateway_key`` and
    ``references`` on the attempt before sending the browser to the gateway.

    ``gateway_key`` identifies the transaction at the gateway (unique per gateway account:
    keep a unique constraint on it); ``references`` are the other values to keep.
    """

    gateway_key: str
    references: Mapping[str, str]

    def __post_init__(self):
        object.__setattr__(self, "references", _frozen(self.references))


@dataclass(frozen=True)
class RedirectStart(PaymentStart):
    """Send the browser to ``url`` with a plain GET (303)."""

    url: str


@dataclass(frozen=True)
class FormStart(PaymentStart):
    """Render ``fields`` as hidden inputs of a form posted to ``action`` (auto-submitted)."""

    action: str
    fields: tuple[tuple[str, str], ...]
    method: str = "POST"

    def __post_init__(self):
        super().__post_init__()
        object.__setattr__(self, "fields", tuple((str(k), str(v)) for k, v in self.fields))


@dataclass(frozen=True)
class GatewayResult:
    """An authenticated outcome, from a notification or a status query.

    ``gateway_key`` finds the attempt (the same value :class:`PaymentStart` gave);
    ``transaction_id`` is the gateway's own id of the transaction (empty when the gateway
    has none yet); ``raw`` is what was received, secrets and card numbers redacted, for the
    audit trail. ``alert`` asks for an agent's attention (fraud flag, manual validation).
    """

    gateway_key: str
    outcome: Outcome
    attempt_reference: str | None
    amount_cents: int | None
    currency: str | None
    mode: str
    transaction_id: str = ""
    authorisation: str = ""
    paid_at: datetime | None = None
    alert: bool = False
    message: str = ""
    references: Mapping[str, str] = field(default_factory=dict)
    raw: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "outcome", Outcome(self.outcome))
        object.__setattr__(self, "references", _frozen(self.references))
        object.__setattr__(self, "raw", _frozen(self.raw))


@dataclass(frozen=True)
class GatewayRejection:
    """A message that was not accepted, and why (log it; never apply it)."""

    reason: Rejection
    detail: str
    gateway_key: str = ""
    raw: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "reason", Rejection(self.reason))
        object.__setattr__(self, "raw", _frozen(self.raw))

    @property
    def temporary(self):
        """True when trying again later may succeed (the gateway did not answer)."""
        return self.reason is Rejection.GATEWAY_UNAVAILABLE


@dataclass(frozen=True)
class ReturnInfo:
    """What the browser's return tells: only which page to show, never a validation.

    ``outcome`` is provisional, or ``None`` when the return carries nothing usable (show
    the attempt's current state). ``verified`` says whether the return's data was signed.
    """

    gateway_key: str | None
    attempt_reference: str | None = None
    outcome: Outcome | None = None
    verified: bool = False


@dataclass(frozen=True)
class NotificationResponse:
    """The HTTP answer to a gateway's notification."""

    status: int
    body: str
    content_type: str = "text/plain"


@dataclass(frozen=True)
class SettingsCheck:
    """The result of "test these settings" (a harmless call to the gateway)."""

    ok: bool
    message: str


class PaymentStartError(Exception):
    """The payment cannot start; ``message`` is fit for the parent: a ``TranslationString``
    of the plugin's domain (or the core's), which the page translates.

    ``code`` and ``detail`` are for the logs; ``temporary`` says whether trying again
    later may work (the gateway did not answer).
    """

    def __init__(self, message, *, code="", detail="", temporary=False):
        super().__init__(message)
        self.message = message
        self.code = code
        self.detail = detail
        self.temporary = temporary


class UnsupportedOperation(Exception):
    """The backend does not offer this operation (see its capability attributes)."""
