"""The Systempay "vads" form protocol (spec §1): signature, form decoding, result codes.

Pure functions shared by the backend and the simulator, so that the two cannot drift
apart without the spec's test vectors noticing.
"""

import base64
import hashlib
import hmac
import re
from urllib.parse import parse_qsl

from portail_core.payments.types import Outcome

SHA1 = "SHA-1"
HMAC_SHA256 = "HMAC-SHA-256"
ALGORITHMS = (HMAC_SHA256, SHA1)
MODES = ("TEST", "PRODUCTION")

# Checked in this order when an IPN arrives (spec §1.6, step 1).
REQUIRED_IPN_FIELDS = (
    "signature",
    "vads_ctx_mode",
    "vads_site_id",
    "vads_trans_id",
    "vads_trans_date",
    "vads_amount",
    "vads_currency",
    "vads_trans_status",
    "vads_result",
)

STATUS_OUTCOMES = {
    "AUTHORISED": Outcome.PAID,
    "CAPTURED": Outcome.PAID,
    "AUTHORISED_TO_VALIDATE": Outcome.PENDING,
    "WAITING_AUTHORISATION": Outcome.PENDING,
    "WAITING_AUTHORISATION_TO_VALIDATE": Outcome.PENDING,
    "UNDER_VERIFICATION": Outcome.PENDING,
    "INITIAL": Outcome.PENDING,
    "SUSPENDED": Outcome.PENDING,
    "PRE_AUTHORISED": Outcome.PENDING,
    "WAITING_FOR_PAYMENT": Outcome.PENDING,
    "REFUSED": Outcome.REFUSED,
    "ABANDONED": Outcome.CANCELLED,
    "CANCELLED": Outcome.CANCELLED,
    "EXPIRED": Outcome.EXPIRED,
}
# Statuses that need an agent: accepted, but waiting for a manual validation.
ALERT_STATUSES = {"AUTHORISED_TO_VALIDATE"}
# vads_result codes that decide on their own (spec §1.7 and vector SP-4).
RESULT_OUTCOMES = {"05": Outcome.REFUSED, "17": Outcome.CANCELLED}


class DuplicateField(ValueError):
    """A field appears twice in a message (never drop one silently, spec §1.4)."""


def vads_fields(fields):
    """The ``vads_*`` items of ``fields`` (a mapping or pairs), sorted by name byte-wise."""
    items = fields.items() if hasattr(fields, "items") else fields
    return sorted(((k, v) for k, v in items if k.startswith("vads_")), key=lambda kv: kv[0])


def signature_string(fields, key):
    """The string to sign: the ``vads_*`` values in name order, then the key, joined by +."""
    return "+".join([value for _, value in vads_fields(fields)] + [key])


def sign(fields, key, algorithm=HMAC_SHA256):
    """The ``signature`` of ``fields`` with ``key`` (spec §1.4, steps 1 to 5)."""
    message = signature_string(fields, key).encode("utf-8")
    if algorithm == SHA1:
        return hashlib.sha1(message).hexdigest()  # noqa: S324 - the gateway's own algorithm
    if algorithm == HMAC_SHA256:
        digest = hmac.new(key.encode("utf-8"), message, hashlib.sha256).digest()
        return base64.b64encode(digest).decode("ascii")
    raise ValueError(f"unknown signature algorithm {algorithm!r}")


def signature_matches(fields, key, algorithm, signature):
    """Constant-time comparison of a received signature with the expected one."""
    expected = sign(fields, key, algorithm)
    return hmac.compare_digest(expected.encode("ascii"), (signature or "").encode("utf-8"))


def parse_form(body):
    """Decode a form-encoded body into a dict, keeping empty values, refusing repeats.

    ``+`` becomes a space and ``%XX`` is decoded before signing, as the gateway does.
    Raise :class:`DuplicateField` for a repeated name, ``UnicodeDecodeError`` for bad UTF-8.
    """
    if isinstance(body, bytes):
        body = body.decode("utf-8", "strict")
    fields = {}
    for name, value in parse_qsl(body, keep_blank_values=True, errors="strict"):
        if name in fields:
            raise DuplicateField(name)
        fields[name] = value
    return fields


def outcome_of(trans_status, result):
    """Normalise ``vads_trans_status`` checked against ``vads_result`` (spec §1.7)."""
    if result in RESULT_OUTCOMES:
        return RESULT_OUTCOMES[result]
    outcome = STATUS_OUTCOMES.get(trans_status, Outcome.ERROR)
    if outcome is Outcome.PAID and result != "00":
        return Outcome.ERROR
    return outcome


def gateway_key(site_id, trans_date, trans_id):
    """The gateway's own key of a transaction: shop, UTC day and (case-insensitive) id."""
    return f"{site_id}-{trans_date[:8]}-{trans_id.lower()}"


# Request field formats (spec §1.3) with the field codes the gateway reports in
# vads_extra_result when one is wrong.
FIELD_FORMATS = {
    "vads_version": ("01", re.compile(r"V2")),
    "vads_site_id": ("02", re.compile(r"\d{8}")),
    "vads_trans_id": ("03", re.compile(r"[0-9a-zA-Z]{6}")),
    "vads_trans_date": ("04", re.compile(r"\d{14}")),
    "vads_validation_mode": ("05", re.compile(r"[01]?")),
    "vads_capture_delay": ("06", re.compile(r"\d{0,3}")),
    "vads_payment_config": ("07", re.compile(r"SINGLE")),
    "vads_amount": ("09", re.compile(r"[1-9]\d{0,11}")),
    "vads_currency": ("10", re.compile(r"\d{3}")),
    "vads_ctx_mode": ("11", re.compile(r"TEST|PRODUCTION")),
    "vads_order_id": ("13", re.compile(r"[A-Za-z0-9_-]{0,64}")),
    "vads_page_action": ("46", re.compile(r"PAYMENT")),
    "vads_action_mode": ("47", re.compile(r"INTERACTIVE")),
    "vads_return_mode": ("48", re.compile(r"GET|POST|NONE|")),
}
MANDATORY_REQUEST_FIELDS = (
    "vads_site_id",
    "vads_ctx_mode",
    "vads_trans_id",
    "vads_trans_date",
    "vads_amount",
    "vads_currency",
    "vads_action_mode",
    "vads_page_action",
    "vads_payment_config",
    "vads_version",
)


def request_field_error(fields):
    """The field code of the first malformed request field (spec §1.3), or ``None``."""
    for name in MANDATORY_REQUEST_FIELDS:
        if name not in fields:
            return FIELD_FORMATS[name][0]
    for name, (code, pattern) in FIELD_FORMATS.items():
        if name in fields and not pattern.fullmatch(fields[name]):
            return code
    return None
