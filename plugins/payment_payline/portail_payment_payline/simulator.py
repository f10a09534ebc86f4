"""A Payline simulator speaking the Web Payment API (spec §3.9), without Pyramid.

Its SOAP endpoint checks the Basic credentials of the simulated merchants, opens web
sessions (``doWebPayment``) and answers ``getWebPaymentDetails`` from them; its payment
page lets the payer pay, refuse, cancel, leave the payment pending, let it expire or trip
the fraud rules. The web pages are in ``web``.
"""

import base64
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from portail_core.calendar import PARIS
from portail_core.payments.simulation import Delivery, deliver, new_token, with_query
from portail_core.payments.soap import (
    SoapError,
    SoapFault,
    body_content,
    element,
    local_name,
    namespace,
    text_of,
)
from portail_payment_payline import protocol

# choice → (result.code, shortMessage, longMessage); labels paraphrased.
CHOICES = {
    "pay": ("00000", "ACCEPTED", "Transaction approved"),
    "refuse": ("01100", "REFUSED", "Do not honor"),
    "cancel": ("02319", "CANCELLED", "Payment cancelled by the buyer"),
    "pending": ("02306", "INPROGRESS", "Customer has to fill his payment data"),
    "expire": ("02324", "EXPIRED", "Session expired before the consumer finished the transaction"),
    "fraud": ("04003", "ACCEPTED", "Fraud detected - the transaction is on hold"),
}
WITH_TRANSACTION = {"pay", "refuse", "fraud"}
ACTIVE = ("02533", "INPROGRESS", "Web session active, the payer is not on the payment page yet")
NOT_FOUND = ("02304", "ERROR", "No transaction found for this token")


@dataclass
class WebSession:
    token: str
    merchant_id: str
    fields: dict
    private: list
    choice: str | None = None
    transaction_id: str = ""
    authorisation: str = ""
    decided_at: datetime | None = None
    deliveries: list[Delivery] = field(default_factory=list)

    @property
    def amount_cents(self):
        return int(self.fields["amount"])

    @property
    def final(self):
        return self.choice not in (None, "pending")


def _header(headers, name):
    return next((v for k, v in headers.items() if k.lower() == name.lower()), "")


def _soap_answer(operation, children, status=200):
    return status, protocol.response_envelope(operation, children)


class PaylineSimulator:
    """The simulated Payline for a set of merchants (the régies' settings)."""

    def __init__(self, merchants, store, http, page_url, clock=None):
        self.merchants = {m["merchant_id"]: m for m in merchants}
        self.store = store
        self.http = http
        self.page_url = page_url
        self.clock = clock or (lambda: datetime.now(UTC))

    # -- SOAP ----------------------------------------------------------------------------

    def authenticate(self, headers):
        """The merchant whose Basic credentials are in ``headers``, or ``None``."""
        value = _header(headers, "Authorization")
        if not value.startswith("Basic "):
            return None
        try:
            user, _, key = base64.b64decode(value[6:]).decode("ascii").partition(":")
        except (ValueError, UnicodeDecodeError):
            return None
        merchant = self.merchants.get(user)
        if merchant is None or not secrets.compare_digest(merchant["access_key"], key):
            return None
        return merchant

    def soap(self, method, headers, body):
        """Answer one SOAP request: ``(HTTP status, text)`` (401 without valid credentials)."""
        merchant = self.authenticate(headers)
        if merchant is None:
            return 401, "Unauthorized"
        try:
            content = body_content(body)
        except SoapError as exc:
            return 500, f"Bad request: {exc}"
        if isinstance(content, SoapFault) or namespace(content.tag) != protocol.IMPL:
            return 500, "Bad request: unexpected namespace"
        operation = local_name(content.tag).removesuffix("Request")
        if _header(headers, "SOAPAction").strip('"') != operation:
            return 500, "Bad request: SOAPAction does not match the body"
        if operation == protocol.DO_WEB_PAYMENT:
            return self.do_web_payment(merchant, content)
        if operation == protocol.GET_DETAILS:
            return self.details(merchant, text_of(content, "token"))
        return 500, "Bad request: unknown operation"

    def field_problem(self, merchant, fields):
        contracts = [merchant["contract_number"], *merchant.get("other_contracts", ())]
        checks = [
            (not fields["amount"].isdigit() or fields["amount"].startswith("0"), "payment.amount"),
            (fields["currency"] != "978", "payment.currency"),
            (fields["contract"] not in contracts, "payment.contractNumber"),
            (not protocol.ORDER_REF_RE.match(fields["ref"]), "order.ref"),
            (fields["order_amount"] != fields["amount"], "order.amount"),
            (not _is_date(fields["date"]), "order.date"),
            (not _absolute(fields["returnURL"]), "returnURL"),
            (not _absolute(fields["cancelURL"]), "cancelURL"),
            (not _absolute(fields["notificationURL"]), "notificationURL"),
        ]
        return next((name for failed, name in checks if failed), None)

    def do_web_payment(self, merchant, content):
        fields = {
            "amount": text_of(content, "payment", "amount"),
            "currency": text_of(content, "payment", "currency"),
            "contract": text_of(content, "payment", "contractNumber"),
            "ref": text_of(content, "order", "ref"),
            "order_amount": text_of(content, "order", "amount"),
            "date": text_of(content, "order", "date"),
            "returnURL": text_of(content, "returnURL"),
            "cancelURL": text_of(content, "cancelURL"),
            "notificationURL": text_of(content, "notificationURL"),
            "email": text_of(content, "buyer", "email"),
        }
        problem = self.field_problem(merchant, fields)
        if problem:
            message = f"Invalid field format : {problem}"
            return _soap_answer(
                protocol.DO_WEB_PAYMENT, [protocol.result_element("02305", "INVALID", message)]
            )
        private = [
            (text_of(node, "key"), text_of(node, "value"))
            for node in content.iter()
            if local_name(node.tag) == "privateData"
        ]
        session = WebSession(new_token(33), merchant["merchant_id"], fields, private)
        self.store.put(session.token, session)
        url = with_query(self.page_url, {"reqCode": "prepareStep2", "token": session.token})
        return _soap_answer(
            protocol.DO_WEB_PAYMENT,
            [
                protocol.result_element("00000", "ACCEPTED", "Transaction approved"),
                element("impl:token", session.token),
                element("impl:redirectURL", url),
            ],
        )

    def details(self, merchant, token):
        session = self.get(token)
        if session is None or session.merchant_id != merchant["merchant_id"]:
            return _soap_answer(protocol.GET_DETAILS, [protocol.result_element(*NOT_FOUND)])
        code = CHOICES[session.choice] if session.choice else ACTIVE
        return _soap_answer(
            protocol.GET_DETAILS, [protocol.result_element(*code), *self._detail(session)]
        )

    def _detail(self, session):
        fields = session.fields
        when = (session.decided_at or self.clock()).astimezone(PARIS).strftime("%d/%m/%Y %H:%M")
        parts = []
        if session.choice in WITH_TRANSACTION:
            parts.append(
                protocol.objects(
                    "transaction",
                    [
                        ("id", session.transaction_id),
                        ("date", when),
                        ("isDuplicated", "0"),
                        ("isPossibleFraud", "1" if session.choice == "fraud" else "0"),
                    ],
                )
            )
        parts.append(
            protocol.objects(
                "payment",
                [
                    ("amount", fields["amount"]),
                    ("currency", fields["currency"]),
                    ("action", "101"),
                    ("mode", "CPT"),
                    ("contractNumber", fields["contract"]),
                ],
            )
        )
        if session.authorisation:
            parts.append(
                protocol.objects(
                    "authorization", [("number", session.authorisation), ("date", when)]
                )
            )
        if session.private:
            items = [
                element("obj:privateData", [element("obj:key", k), element("obj:value", v)])
                for k, v in session.private
            ]
            parts.append(element("impl:privateDataList", items))
        if session.choice in WITH_TRANSACTION:
            parts.append(
                protocol.objects(
                    "card",
                    [("number", "497010XXXXXX0055"), ("type", "CB"), ("expirationDate", "1227")],
                )
            )
        parts.append(
            protocol.objects(
                "order",
                [
                    ("ref", fields["ref"]),
                    ("amount", fields["order_amount"]),
                    ("currency", "978"),
                    ("date", fields["date"]),
                ],
            )
        )
        return parts

    # -- the payer's side ---------------------------------------------------------------------

    def get(self, token):
        session = self.store.get(token or "")
        return session if isinstance(session, WebSession) else None

    def choose(self, session, choice):
        if session.final:
            raise ValueError("session already finished")
        session.choice = choice
        session.decided_at = self.clock()
        if choice in WITH_TRANSACTION:
            session.transaction_id = "".join(secrets.choice("0123456789") for _ in range(14))
        if choice in ("pay", "fraud"):
            session.authorisation = secrets.token_hex(3).upper()
        return session

    def notify(self, session):
        """``GET notificationURL?notificationType=WEBTRS&token=…`` over HTTP."""
        url = with_query(
            session.fields["notificationURL"],
            {"notificationType": "WEBTRS", "token": session.token},
        )
        delivery = deliver(self.http, "GET", url)
        session.deliveries.append(delivery)
        return delivery

    def browser_return(self, session):
        target = "cancelURL" if session.choice == "cancel" else "returnURL"
        return with_query(session.fields[target], {"paylinetoken": session.token})


def _absolute(url):
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _is_date(value):
    try:
        datetime.strptime(value, "%d/%m/%Y %H:%M")
    except ValueError:
        return False
    return True
