"""The Payline backend (spec §3): a web session opened server-to-server (doWebPayment),
a notification carrying only the token, the result read back (getWebPaymentDetails)."""

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urljoin

from portail_core.calendar import PARIS
from portail_core.payments.base import PaymentBackend
from portail_core.payments.http import GatewayUnavailable
from portail_core.payments.soap import (
    SoapError,
    SoapFault,
    body_content,
    flatten,
    local_name,
    text_of,
)
from portail_core.payments.types import (
    EURO,
    GatewayRejection,
    GatewayResult,
    Outcome,
    PaymentStartError,
    RedirectStart,
    Rejection,
    ReturnInfo,
    SettingsCheck,
)
from portail_payment_payline import protocol
from portail_payment_payline.i18n import _
from portail_payment_payline.schema import PaylineSettings

UNAVAILABLE = _("Le service de paiement Payline ne répond pas. Réessayez dans quelques minutes.")
REFUSED_START = _(
    "Payline n'a pas pu ouvrir le paiement. Réessayez plus tard ou contactez la mairie."
)
SESSION_LIFETIME = timedelta(minutes=30)


class PaylineBackend(PaymentBackend):
    """Payline (Monext) Web Payment API, single immediate payment (action 101, CPT)."""

    id = "payline"
    label = "Payline"  # i18n: ignore (the gateway's name)
    modes = protocol.MODES
    test_modes = (protocol.HOMOLOGATION,)
    supports_status_query = True
    supports_settings_check = True
    # doRefund exists in the DirectPaymentAPI but is not implemented nor simulated yet.
    supports_refunds = False
    attempt_lifetime = timedelta(hours=1)

    @classmethod
    def settings_schema(cls):
        return PaylineSettings()

    def now(self):
        return datetime.now(UTC)

    def service_url(self, base):
        url = self.settings["service_url"] or protocol.SERVICE_URLS[self.mode]
        return urljoin(base, url)

    def contracts(self):
        return [self.settings["contract_number"], *self.settings["other_contracts"]]

    def call(self, operation, envelope, base):
        """POST a request; the answer's content element (or fault). Raise
        :class:`GatewayUnavailable` when Payline does not answer usably."""
        headers = protocol.headers(
            operation, self.settings["merchant_id"], self.settings["access_key"]
        )
        response = self.http.post(self.service_url(base), envelope, headers)
        if response.status == 401:
            raise GatewayUnavailable("Payline refused our credentials (HTTP 401)")
        if response.status not in (200, 500):
            raise GatewayUnavailable(f"Payline answered HTTP {response.status}")
        try:
            content = body_content(response.body)
        except SoapError as exc:
            raise GatewayUnavailable(f"Payline answer unreadable: {exc}") from exc
        if isinstance(content, SoapFault):
            raise GatewayUnavailable(f"Payline fault: {content.faultstring}")
        return content

    # -- start --------------------------------------------------------------------------

    def start(self, attempt):
        problem = self.amount_problem(attempt.amount_cents)
        if problem:
            raise PaymentStartError(problem, code="amount")
        if not protocol.ORDER_REF_RE.match(attempt.reference):
            raise PaymentStartError(REFUSED_START, code="order.ref", detail=attempt.reference)
        envelope = protocol.do_web_payment_request(self._request(attempt))
        try:
            answer = self.call(protocol.DO_WEB_PAYMENT, envelope, attempt.notify_url)
        except GatewayUnavailable as exc:
            raise PaymentStartError(UNAVAILABLE, detail=str(exc), temporary=True) from exc
        code = text_of(answer, "result", "code")
        token, url = text_of(answer, "token"), text_of(answer, "redirectURL")
        if code != "00000" or not protocol.TOKEN_RE.match(token) or not url:
            detail = f"{code} {text_of(answer, 'result', 'longMessage')}"
            raise PaymentStartError(REFUSED_START, code=code, detail=detail)
        return RedirectStart(
            gateway_key=token,
            references={
                "token": token,
                "order_ref": attempt.reference,
                "contract": self.settings["contract_number"],
            },
            url=url,  # verbatim, never rebuilt (spec §3.1-2)
        )

    def _request(self, attempt):
        return {
            "version": self.settings["api_version"],
            "amount": attempt.amount_cents,
            "contract": self.settings["contract_number"],
            "return_url": attempt.return_url,
            "cancel_url": attempt.cancel_url,
            "order_ref": attempt.reference,
            "order_date": attempt.created_at.astimezone(PARIS).strftime("%d/%m/%Y %H:%M"),
            "notification_url": attempt.notify_url,
            "contracts": self.contracts(),
            "private_data": [("tenant", self.tenant_id), ("regie", self.regie_id)],
            "last_name": attempt.payer_last_name[:100],
            "first_name": attempt.payer_first_name[:100],
            "email": attempt.payer_email,
            "customer_id": attempt.payer_id,
        }

    # -- notification, return, status ------------------------------------------------------

    def verify_notification(self, request):
        params = _params(request)
        token = params.get("token") or params.get("paylinetoken", "")
        if params.get("notificationType", "WEBTRS") != "WEBTRS":
            return GatewayRejection(Rejection.NOT_A_PAYMENT, params["notificationType"], token)
        if not protocol.TOKEN_RE.match(token):
            return GatewayRejection(Rejection.MALFORMED, "no valid token", raw=self.redact(params))
        result = self.read_back(token, request.host_url + "/")
        if _not_found(result):  # no transaction for this token under our credentials
            return GatewayRejection(Rejection.UNKNOWN_ATTEMPT, result.message, token, result.raw)
        return result

    def notification_key(self, request):
        params = _params(request)
        token = params.get("token") or params.get("paylinetoken", "")
        return token if protocol.TOKEN_RE.match(token) else None

    def read_back(self, token, base):
        """``getWebPaymentDetails`` with the régie's credentials, and its checks (§3.6)."""
        envelope = protocol.get_details_request(self.settings["api_version"], token)
        try:
            answer = self.call(protocol.GET_DETAILS, envelope, base)
        except GatewayUnavailable as exc:
            return GatewayRejection(Rejection.GATEWAY_UNAVAILABLE, str(exc), token)
        raw = self.redact(flatten(answer))
        code = text_of(answer, "result", "code")
        problem = self._problem(answer)
        if problem:
            return GatewayRejection(problem[0], problem[1], token, raw)
        amount = text_of(answer, "payment", "amount") or text_of(answer, "order", "amount")
        outcome = protocol.outcome_of(code)
        return GatewayResult(
            gateway_key=token,
            outcome=outcome,
            attempt_reference=text_of(answer, "order", "ref") or None,
            amount_cents=int(amount) if amount else None,
            currency=text_of(answer, "payment", "currency") or None,
            mode=self.mode,
            transaction_id=text_of(answer, "transaction", "id"),
            authorisation=text_of(answer, "authorization", "number"),
            paid_at=_paris(text_of(answer, "transaction", "date"))
            if outcome is Outcome.PAID
            else None,
            alert=code == protocol.FRAUD_CODE,
            message=f"{code} {text_of(answer, 'result', 'longMessage')}",
            references={"token": token, "result_code": code},
            raw=raw,
        )

    def _problem(self, answer):
        private = _private_data(answer)
        amount = text_of(answer, "payment", "amount") or text_of(answer, "order", "amount")
        currency = text_of(answer, "payment", "currency")
        contract = text_of(answer, "payment", "contractNumber")
        checks = [
            (not text_of(answer, "result", "code"), Rejection.MALFORMED, "no result code"),
            (
                private.get("tenant", self.tenant_id) != self.tenant_id,
                Rejection.ACCOUNT_MISMATCH,
                f"tenant {private.get('tenant')}",
            ),
            (
                private.get("regie", self.regie_id) != self.regie_id,
                Rejection.ACCOUNT_MISMATCH,
                f"régie {private.get('regie')}",  # i18n: ignore (a log)
            ),
            (
                contract and contract not in self.contracts(),
                Rejection.ACCOUNT_MISMATCH,
                f"contract {contract}",
            ),
            (currency and currency != EURO, Rejection.CURRENCY_MISMATCH, f"currency {currency}"),
            (amount and not amount.isdigit(), Rejection.MALFORMED, f"amount {amount}"),
        ]
        return next(((reason, text) for failed, reason, text in checks if failed), None)

    def query_status(self, attempt):
        """Read the session back; an unknown token is expired once the session is over."""
        result = self.read_back(attempt.gateway_key, attempt.notify_url)
        if _not_found(result):
            over = self.now() - attempt.created_at > SESSION_LIFETIME
            outcome = Outcome.EXPIRED if over else Outcome.PENDING
            return GatewayResult(
                gateway_key=result.gateway_key,
                outcome=outcome,
                attempt_reference=None,
                amount_cents=None,
                currency=None,
                mode=self.mode,
                message=result.message,
                raw=result.raw,
            )
        return result

    def parse_return(self, request):
        """The return carries only the token (``paylinetoken``, older ``token``)."""
        params = _params(request)
        token = params.get("paylinetoken") or params.get("token", "")
        return ReturnInfo(gateway_key=token if protocol.TOKEN_RE.match(token) else None)

    def check_settings(self, base_url=None):
        """A harmless read-back of a token that cannot exist: checks the credentials."""
        envelope = protocol.get_details_request(self.settings["api_version"], "0" * 20)
        try:
            self.call(protocol.GET_DETAILS, envelope, base_url or "")
        except GatewayUnavailable as exc:
            # The settings' check answers the operator's command: not translated.
            return SettingsCheck(False, f"Payline refuse ou ne répond pas : {exc}")  # i18n: ignore
        return SettingsCheck(True, "Identifiants acceptés par Payline.")  # i18n: ignore


def _private_data(answer):
    """``{key: value}`` of the answer's ``privateDataList`` (tenant and régie we sent)."""
    items = {}
    for node in answer.iter():
        if local_name(node.tag) == "privateData":
            items[text_of(node, "key")] = text_of(node, "value")
    return items


def _not_found(result):
    return (
        isinstance(result, GatewayResult)
        and result.references.get("result_code") == protocol.SESSION_NOT_FOUND_CODE
    )


def _params(request):
    pairs = parse_qsl(request.query_string, keep_blank_values=True)
    if request.method == "POST" and request.content_type == "application/x-www-form-urlencoded":
        pairs += parse_qsl(request.body.decode("utf-8", "replace"), keep_blank_values=True)
    return dict(pairs)


def _paris(value):
    """A Payline local date ``dd/mm/yyyy HH:MM`` (Europe/Paris) as an aware datetime."""
    try:
        return datetime.strptime(value, "%d/%m/%Y %H:%M").replace(tzinfo=PARIS)
    except ValueError:
        return None
