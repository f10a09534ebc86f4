"""The Payline Web Payment API (spec §3): Basic authentication, SOAP envelopes in WSDL
order with ``xsi:nil`` for unused elements, result codes. Shared by backend and simulator."""

import base64
import re

from portail_core.payments.soap import SOAP_ENV, XSI, element
from portail_core.payments.types import Outcome

IMPL = "http://impl.ws.payline.experian.com"
OBJ = "http://obj.ws.payline.experian.com"
HOMOLOGATION = "HOMOLOGATION"
PRODUCTION = "PRODUCTION"
MODES = (HOMOLOGATION, PRODUCTION)
SERVICE_URLS = {
    HOMOLOGATION: "https://homologation.payline.com/V4/services/WebPaymentAPI",
    PRODUCTION: "https://services.payline.com/V4/services/WebPaymentAPI",
}
DO_WEB_PAYMENT = "doWebPayment"
GET_DETAILS = "getWebPaymentDetails"
ACTION_AUTHORISE_AND_CAPTURE = "101"
MODE_SINGLE = "CPT"

BUYER_FIELDS = (
    "title", "lastName", "firstName", "email", "shippingAdress", "billingAddress",
    "accountCreateDate", "accountAverageAmount", "accountOrderCount", "walletId",
    "walletDisplayed", "walletSecured", "walletCardInd", "ip", "mobilePhone", "customerId",
    "legalStatus", "legalDocumentType", "legalDocument", "birthDate", "fingerprintID",
    "deviceFingerprint", "isBot", "isIncognito", "isBehindProxy", "isFromTor", "isEmulator",
    "isRooted", "hasTimezoneMismatch", "loyaltyMemberType", "buyerExtended",
    "merchantAuthentication",
)  # fmt: skip
# doWebPaymentRequest children after "buyer", in WSDL order, all unused (nil).
TRAILING_NIL = (
    "customPaymentTemplateURL", "contractNumberWalletList", "merchantName", "subMerchant",
    "miscData", "asynchronousRetryTimeout", "threeDSInfo", "merchantScore", "skipSmartDisplay",
)  # fmt: skip

PAID_CODES = {"00000", "02400", "02500", "02501", "02517", "02520", "02616", "03000", "04000"}
PENDING_CODES = {"02306", "02533", "02000", "02005", "02015"}
FRAUD_CODE = "04003"  # accepted but flagged by the risk rules: hold for an agent
CANCELLED_CODE = "02319"
SESSION_NOT_FOUND_CODE = "02304"
EXPIRED_CODES = {"02324", "02534"}
TOKEN_RE = re.compile(r"^[A-Za-z0-9]{8,64}$")
ORDER_REF_RE = re.compile(r"^[A-Za-z0-9_-]{1,50}$")


def authorization(merchant_id, access_key):
    """The ``Authorization`` header: Basic with the merchant id and access key (PL-1)."""
    token = base64.b64encode(f"{merchant_id}:{access_key}".encode("ascii")).decode("ascii")
    return f"Basic {token}"


def headers(operation, merchant_id, access_key):
    return {
        "SOAPAction": f'"{operation}"',
        "Content-Type": "text/xml; charset=utf-8",
        "Authorization": authorization(merchant_id, access_key),
    }


def nil(tag):
    return element(tag, None, {"xsi:nil": "true"})


def value_or_nil(tag, value):
    return element(tag, value) if value else nil(tag)


def envelope(content):
    body = element("soap-env:Body", [content])
    return element(
        "soap-env:Envelope",
        [body],
        {"xmlns:soap-env": SOAP_ENV, "xmlns:impl": IMPL, "xmlns:obj": OBJ, "xmlns:xsi": XSI},
    )


def _objects(tag, values):
    return element(tag, [element(f"obj:{name}", value) for name, value in values])


def do_web_payment_request(request):
    """``doWebPayment`` (PL-3). ``request`` keys: version, amount, contract, return_url,
    cancel_url, order_ref, order_date, notification_url, contracts, private_data (pairs),
    last_name, first_name, email, customer_id."""
    amount = str(request["amount"])
    buyer_values = {
        "lastName": request.get("last_name"),
        "firstName": request.get("first_name"),
        "email": request.get("email"),
        "customerId": request.get("customer_id"),
    }
    private = request.get("private_data") or ()
    children = [
        element("impl:version", request["version"]),
        _objects(
            "impl:payment",
            [
                ("amount", amount),
                ("currency", "978"),
                ("action", ACTION_AUTHORISE_AND_CAPTURE),
                ("mode", MODE_SINGLE),
                ("contractNumber", request["contract"]),
            ],
        ),
        element("impl:returnURL", request["return_url"]),
        element("impl:cancelURL", request["cancel_url"]),
        _objects(
            "impl:order",
            [
                ("ref", request["order_ref"]),
                ("amount", amount),
                ("currency", "978"),
                ("date", request["order_date"]),
            ],
        ),
        element("impl:notificationURL", request["notification_url"]),
        element(
            "impl:selectedContractList",
            [element("obj:selectedContract", number) for number in request["contracts"]],
        ),
        nil("impl:secondSelectedContractList"),
        element(
            "impl:privateDataList",
            [_objects("obj:privateData", [("key", k), ("value", v)]) for k, v in private],
        )
        if private
        else nil("impl:privateDataList"),
        element("impl:languageCode", "fr"),
        nil("impl:customPaymentPageCode"),
        element(
            "impl:buyer",
            [value_or_nil(f"obj:{name}", buyer_values.get(name)) for name in BUYER_FIELDS],
        ),
        nil("impl:owner"),
        element("impl:securityMode", "SSL"),
        nil("impl:recurring"),
        *[nil(f"impl:{name}") for name in TRAILING_NIL],
    ]
    return envelope(element("impl:doWebPaymentRequest", children))


def get_details_request(version, token):
    """``getWebPaymentDetails`` (PL-4)."""
    content = element(
        "impl:getWebPaymentDetailsRequest",
        [element("impl:version", version), element("impl:token", token)],
    )
    return envelope(content)


def outcome_of(code):
    """Normalise ``result.code`` (spec §3.5). ``02304`` (no transaction for this token) is
    ``EXPIRED`` here; whoever knows the session's age decides whether it is over."""
    if code in PAID_CODES:
        return Outcome.PAID
    if code in PENDING_CODES or code == FRAUD_CODE:
        return Outcome.PENDING
    if code == CANCELLED_CODE:
        return Outcome.CANCELLED
    if code in EXPIRED_CODES or code == SESSION_NOT_FOUND_CODE:
        return Outcome.EXPIRED
    if re.fullmatch(r"01\d{3}", code or ""):
        return Outcome.REFUSED
    return Outcome.ERROR


def response_envelope(operation, children):
    """A response as Payline writes it (PL-3/PL-4 replies); used by the simulator."""
    content = element(f"impl:{operation}Response", children, {"xmlns:impl": IMPL, "xmlns:obj": OBJ})
    return element(
        "soapenv:Envelope", [element("soapenv:Body", [content])], {"xmlns:soapenv": SOAP_ENV}
    )


def result_element(code, short, long):
    return _objects("impl:result", [("code", code), ("shortMessage", short), ("longMessage", long)])


def objects(tag, values):
    """``<impl:tag><obj:k>v</obj:k>…</impl:tag>`` (simulator answers)."""
    return _objects(f"impl:{tag}", values)
