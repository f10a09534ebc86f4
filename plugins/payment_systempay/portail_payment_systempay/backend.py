"""The Systempay backend: a signed form posted by the browser, a signed IPN back (spec §1)."""

import re
import secrets
from datetime import UTC, datetime, timedelta

from portail_core.payments.base import PaymentBackend
from portail_core.payments.types import (
    FormStart,
    GatewayRejection,
    GatewayResult,
    NotificationResponse,
    Outcome,
    PaymentStartError,
    Rejection,
    ResponseKind,
    ReturnInfo,
)
from portail_payment_systempay import protocol
from portail_payment_systempay.i18n import _
from portail_payment_systempay.schema import SystempaySettings

CONTRIB = "portail-familles/0.1"
ORDER_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
LONG_DIGITS_RE = re.compile(r"\d{13,}")

RESPONSES = {
    ResponseKind.PROCESSED: NotificationResponse(200, "OK"),
    ResponseKind.DUPLICATE: NotificationResponse(200, "OK: already processed"),
    # A signed message for a payment we do not know will not become known by retrying,
    # but the failure status makes the gateway e-mail the shop: a human should look.
    ResponseKind.UNKNOWN_ATTEMPT: NotificationResponse(404, "KO: unknown payment"),
    ResponseKind.INVALID: NotificationResponse(400, "KO: invalid message"),
    ResponseKind.TEMPORARY_FAILURE: NotificationResponse(503, "KO: temporary failure"),
}


def _text(value, limit):
    """Free text for an info field: no control characters, nothing that looks like a card
    number (the gateway rejects the form), at most ``limit`` characters."""
    value = "".join(ch if ch.isprintable() else " " for ch in value)
    value = LONG_DIGITS_RE.sub(lambda m: " ".join(re.findall(r".{1,6}", m.group())), value)
    return value[:limit]


class SystempayBackend(PaymentBackend):
    """Systempay (Lyra "formulaire de paiement", fields ``vads_*``)."""

    id = "systempay"
    label = "Systempay"  # i18n: ignore (the gateway's name)
    modes = protocol.MODES
    test_modes = ("TEST",)
    # The form API has no status query: an attempt without IPN is expired by the core.
    supports_status_query = False
    supports_refunds = False
    attempt_lifetime = timedelta(hours=1)

    @classmethod
    def settings_schema(cls):
        return SystempaySettings()

    def key(self, mode):
        return self.settings["key_test" if mode == "TEST" else "key_production"]

    # -- start ----------------------------------------------------------------------------

    def trans_id(self, attempt):
        """Six digits below 900000 (reserved above): from the attempt's number when the
        core gives one (unique per day unless 900 000 attempts a day), else random."""
        number = attempt.number if attempt.number is not None else secrets.randbelow(900000)
        return f"{number % 900000:06d}"

    def start(self, attempt):
        problem = self.amount_problem(attempt.amount_cents)
        if problem:
            raise PaymentStartError(problem, code="amount")
        if not ORDER_ID_RE.match(attempt.reference):
            raise PaymentStartError(
                _("Ce paiement ne peut pas être transmis à la banque."),
                code="13",
                detail=f"invalid vads_order_id {attempt.reference!r}",
            )
        trans_date = attempt.created_at.astimezone(UTC).strftime("%Y%m%d%H%M%S")
        fields = self._request_fields(attempt, trans_date, self.trans_id(attempt))
        fields["signature"] = protocol.sign(
            fields, self.key(self.mode), self.settings["signature_algorithm"]
        )
        references = {
            "site_id": fields["vads_site_id"],
            "trans_date": trans_date,
            "trans_id": fields["vads_trans_id"],
            "order_id": attempt.reference,
        }
        return FormStart(
            gateway_key=protocol.gateway_key(
                fields["vads_site_id"], trans_date, fields["vads_trans_id"]
            ),
            references=references,
            action=self.gateway_url("payment_url", attempt.notify_url),
            fields=tuple(fields.items()),
        )

    def _request_fields(self, attempt, trans_date, trans_id):
        fields = {
            "vads_action_mode": "INTERACTIVE",
            "vads_amount": str(attempt.amount_cents),
            "vads_capture_delay": "",
            "vads_contrib": CONTRIB,
            "vads_ctx_mode": self.mode,
            "vads_currency": attempt.currency,
            "vads_ext_info_regie": self.regie_id,
            "vads_ext_info_tenant": self.tenant_id,
            "vads_language": "fr",
            "vads_order_id": attempt.reference,
            "vads_page_action": "PAYMENT",
            "vads_payment_cards": self.settings["payment_cards"],
            "vads_payment_config": "SINGLE",
            "vads_return_mode": "GET",
            "vads_site_id": self.settings["site_id"],
            "vads_trans_date": trans_date,
            "vads_trans_id": trans_id,
            "vads_url_cancel": attempt.cancel_url,
            "vads_url_return": attempt.return_url,
            "vads_validation_mode": "0",
            "vads_version": "V2",
        }
        optional = {
            "vads_cust_email": attempt.payer_email if len(attempt.payer_email) <= 127 else "",
            "vads_cust_id": _text(attempt.payer_id, 63),
            "vads_cust_first_name": _text(attempt.payer_first_name, 63),
            "vads_cust_last_name": _text(attempt.payer_last_name, 63),
            "vads_order_info": _text(attempt.label, 255),
            "vads_order_info2": _text(" ".join(attempt.invoice_numbers), 255),
        }
        fields.update({name: value for name, value in optional.items() if value})
        if self.settings["send_url_check"]:
            fields["vads_url_check"] = attempt.notify_url
        return fields

    # -- notification -----------------------------------------------------------------------

    def verify_notification(self, request):
        try:
            fields = protocol.parse_form(request.body)
        except (ValueError, UnicodeDecodeError) as exc:
            return GatewayRejection(Rejection.MALFORMED, f"undecodable or repeated field: {exc}")
        return self.verify_fields(fields)

    def notification_key(self, request):
        try:
            fields = protocol.parse_form(request.body)
            return protocol.gateway_key(
                fields["vads_site_id"], fields["vads_trans_date"], fields["vads_trans_id"]
            )
        except (KeyError, ValueError, UnicodeDecodeError):
            return None

    def verify_fields(self, fields):
        """Verify a decoded IPN (spec §1.6, steps 1 to 3 and 5) and normalise it (§1.7)."""
        raw = self.redact(fields)
        missing = [name for name in protocol.REQUIRED_IPN_FIELDS if name not in fields]
        if missing:
            return GatewayRejection(Rejection.MALFORMED, f"missing {', '.join(missing)}", raw=raw)
        key = protocol.gateway_key(
            fields["vads_site_id"], fields["vads_trans_date"], fields["vads_trans_id"]
        )
        problem = self._identity_problem(fields) or self._signature_problem(fields)
        problem = problem or self._amount_problem(fields)
        if problem:
            reason, detail = problem
            return GatewayRejection(reason, detail, key, raw)
        outcome = protocol.outcome_of(fields["vads_trans_status"], fields["vads_result"])
        return GatewayResult(
            gateway_key=key,
            outcome=outcome,
            attempt_reference=fields.get("vads_order_id") or None,
            amount_cents=int(fields["vads_amount"]),
            currency=fields["vads_currency"],
            mode=fields["vads_ctx_mode"],
            transaction_id=fields.get("vads_trans_uuid", ""),
            authorisation=fields.get("vads_auth_number", ""),
            paid_at=_utc(fields.get("vads_effective_creation_date"))
            if outcome is Outcome.PAID
            else None,
            alert=fields["vads_trans_status"] in protocol.ALERT_STATUSES,
            message=(
                f"{fields['vads_trans_status']} result={fields['vads_result']} "
                f"auth={fields.get('vads_auth_result', '')} "
                f"src={fields.get('vads_url_check_src', '')}"
            ),
            references={
                "site_id": fields["vads_site_id"],
                "trans_date": fields["vads_trans_date"],
                "trans_id": fields["vads_trans_id"],
            },
            raw=raw,
        )

    def _identity_problem(self, fields):
        if fields["vads_site_id"] != self.settings["site_id"]:
            return Rejection.ACCOUNT_MISMATCH, f"site {fields['vads_site_id']} is not ours"
        if fields["vads_ctx_mode"] != self.mode:
            # i18n: ignore (English, a log)
            return Rejection.MODE_MISMATCH, f"{fields['vads_ctx_mode']} message, {self.mode} régie"
        for name, ours in (("tenant", self.tenant_id), ("regie", self.regie_id)):
            theirs = fields.get(f"vads_ext_info_{name}")
            if theirs is not None and theirs != ours:
                return Rejection.ACCOUNT_MISMATCH, f"{name} {theirs!r} is not {ours!r}"
        return None

    def _signature_problem(self, fields):
        key = self.key(fields["vads_ctx_mode"])
        algorithm = self.settings["signature_algorithm"]
        if not protocol.signature_matches(fields, key, algorithm, fields["signature"]):
            return Rejection.BAD_SIGNATURE, "signature does not match"
        return None

    def _amount_problem(self, fields):
        if not fields["vads_amount"].isdigit():
            return Rejection.MALFORMED, "vads_amount is not a number of cents"
        if fields.get("vads_operation_type", "DEBIT") != "DEBIT":
            return Rejection.NOT_A_PAYMENT, f"operation {fields['vads_operation_type']}"
        effective = fields.get("vads_effective_amount")
        if effective and effective != fields["vads_amount"]:
            return Rejection.AMOUNT_MISMATCH, f"effective amount {effective}"
        currency = fields.get("vads_effective_currency")
        if currency and currency != fields["vads_currency"]:
            return Rejection.CURRENCY_MISMATCH, f"effective currency {currency}"
        return None

    def notification_response(self, kind):
        return RESPONSES[ResponseKind(kind)]

    # -- browser return ---------------------------------------------------------------------

    def parse_return(self, request):
        """Choose the page only: a signed return gives a provisional outcome (spec §1.5)."""
        try:
            body = request.query_string if request.method == "GET" else request.body
            fields = protocol.parse_form(body)
        except (ValueError, UnicodeDecodeError):
            return ReturnInfo(gateway_key=None)
        result = self.verify_fields(fields)
        if isinstance(result, GatewayRejection):  # unsigned or forged: show the stored state
            return ReturnInfo(gateway_key=None)
        return ReturnInfo(
            gateway_key=result.gateway_key,
            attempt_reference=result.attempt_reference,
            outcome=result.outcome,
            verified=True,
        )


def _utc(value):
    """A Systempay UTC timestamp (YYYYMMDDHHMMSS) as an aware datetime, or ``None``."""
    try:
        return datetime.strptime(value or "", "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None
