"""The test vectors of the spec (payment-protocols.md §3.8), verbatim."""
# ruff: noqa: E501 - the vectors are kept verbatim

from dataclasses import replace
from datetime import datetime
from xml.etree.ElementTree import canonicalize

import pytest
from portail_payment_payline import protocol
from portail_payment_payline.backend import PaylineBackend

from portail_core.calendar import PARIS
from portail_core.payments.simulation import InProcessHttp
from portail_core.payments.types import GatewayResult, Outcome, PaymentAttempt, Rejection
from portail_core.testing.payments import notification

PL1 = "Authorization: Basic MTIzNDU2Nzg5MDEyMzQ6YWJDZGVGZ0hpSktMbU5vUHFyc3Q="
PL2 = "Authorization: Basic NzY1NDMyMTA5ODc2NTQ6Wng5V3E4RXI3VHk2VWk1T3A0QXM="
PL3_REQUEST = """<soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/"
    xmlns:impl="http://impl.ws.payline.experian.com" xmlns:obj="http://obj.ws.payline.experian.com"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
 <soap-env:Body>
  <impl:doWebPaymentRequest>
   <impl:version>26</impl:version>
   <impl:payment><obj:amount>4250</obj:amount><obj:currency>978</obj:currency><obj:action>101</obj:action><obj:mode>CPT</obj:mode><obj:contractNumber>1234567</obj:contractNumber></impl:payment>
   <impl:returnURL>https://familles.example.fr/payline/retour</impl:returnURL>
   <impl:cancelURL>https://familles.example.fr/payline/annulation</impl:cancelURL>
   <impl:order><obj:ref>PAY-2024-000042</obj:ref><obj:amount>4250</obj:amount><obj:currency>978</obj:currency><obj:date>15/09/2024 10:30</obj:date></impl:order>
   <impl:notificationURL>https://familles.example.fr/payline/notification</impl:notificationURL>
   <impl:selectedContractList><obj:selectedContract>1234567</obj:selectedContract></impl:selectedContractList>
   <impl:secondSelectedContractList xsi:nil="true"/>
   <impl:privateDataList xsi:nil="true"/>
   <impl:languageCode>fr</impl:languageCode>
   <impl:customPaymentPageCode xsi:nil="true"/>
   <impl:buyer><obj:title xsi:nil="true"/><obj:lastName>Dupré</obj:lastName><obj:firstName>Hélène</obj:firstName><obj:email>parent@example.org</obj:email>…</impl:buyer>
   <impl:owner xsi:nil="true"/>
   <impl:securityMode>SSL</impl:securityMode>
   <impl:recurring xsi:nil="true"/>
   <impl:customPaymentTemplateURL xsi:nil="true"/>
   <impl:contractNumberWalletList xsi:nil="true"/>
   <impl:merchantName xsi:nil="true"/>
   <impl:subMerchant xsi:nil="true"/>
   <impl:miscData xsi:nil="true"/>
   <impl:asynchronousRetryTimeout xsi:nil="true"/>
   <impl:threeDSInfo xsi:nil="true"/>
   <impl:merchantScore xsi:nil="true"/>
   <impl:skipSmartDisplay xsi:nil="true"/>
  </impl:doWebPaymentRequest>
 </soap-env:Body>
</soap-env:Envelope>"""
PL3_BUYER_ORDER = "title, lastName, firstName, email, shippingAdress, billingAddress, accountCreateDate, accountAverageAmount, accountOrderCount, walletId, walletDisplayed, walletSecured, walletCardInd, ip, mobilePhone, customerId, legalStatus, legalDocumentType, legalDocument, birthDate, fingerprintID, deviceFingerprint, isBot, isIncognito, isBehindProxy, isFromTor, isEmulator, isRooted, hasTimezoneMismatch, loyaltyMemberType, buyerExtended, merchantAuthentication"
PL3_REPLY = '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><impl:doWebPaymentResponse xmlns:impl="http://impl.ws.payline.experian.com" xmlns:obj="http://obj.ws.payline.experian.com"><impl:result><obj:code>00000</obj:code><obj:shortMessage>ACCEPTED</obj:shortMessage><obj:longMessage>Transaction approved</obj:longMessage></impl:result><impl:token>1aBcD2eFgH3iJkL4mNoP5qRsT6uVw7xYz</impl:token><impl:redirectURL>https://homologation-webpayment.payline.com/webpayment/step2.do?reqCode=prepareStep2&amp;token=1aBcD2eFgH3iJkL4mNoP5qRsT6uVw7xYz</impl:redirectURL></impl:doWebPaymentResponse></soapenv:Body></soapenv:Envelope>'
PL4_NOTIFICATION = "https://familles.example.fr/payline/notification?notificationType=WEBTRS&token=1aBcD2eFgH3iJkL4mNoP5qRsT6uVw7xYz"
PL4_RETURN = (
    "https://familles.example.fr/payline/retour?paylinetoken=1aBcD2eFgH3iJkL4mNoP5qRsT6uVw7xYz"
)
PL4_REQUEST = "<impl:getWebPaymentDetailsRequest><impl:version>26</impl:version><impl:token>1aBcD2eFgH3iJkL4mNoP5qRsT6uVw7xYz</impl:token></impl:getWebPaymentDetailsRequest>"
PL4_REPLY = '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><impl:getWebPaymentDetailsResponse xmlns:impl="http://impl.ws.payline.experian.com" xmlns:obj="http://obj.ws.payline.experian.com"><impl:result><obj:code>00000</obj:code><obj:shortMessage>ACCEPTED</obj:shortMessage><obj:longMessage>Transaction approved</obj:longMessage></impl:result><impl:transaction><obj:id>22258103314861</obj:id><obj:date>15/09/2024 10:31</obj:date><obj:isDuplicated>0</obj:isDuplicated><obj:isPossibleFraud>0</obj:isPossibleFraud></impl:transaction><impl:payment><obj:amount>4250</obj:amount><obj:currency>978</obj:currency><obj:action>101</obj:action><obj:mode>CPT</obj:mode><obj:contractNumber>1234567</obj:contractNumber></impl:payment><impl:authorization><obj:number>A55A12</obj:number><obj:date>15/09/2024 10:31</obj:date></impl:authorization><impl:privateDataList><obj:privateData><obj:key>tenant</obj:key><obj:value>balaruc</obj:value></obj:privateData></impl:privateDataList><impl:card><obj:number>497010XXXXXX0055</obj:number><obj:type>CB</obj:type><obj:expirationDate>1227</obj:expirationDate></impl:card><impl:order><obj:ref>PAY-2024-000042</obj:ref><obj:amount>4250</obj:amount><obj:currency>978</obj:currency><obj:date>15/09/2024 10:30</obj:date></impl:order></impl:getWebPaymentDetailsResponse></soapenv:Body></soapenv:Envelope>'
TOKEN = "1aBcD2eFgH3iJkL4mNoP5qRsT6uVw7xYz"


def backend(reply="", status=200, **settings):
    values = PaylineBackend.validate_settings(
        {
            "mode": "HOMOLOGATION",
            "merchant_id": "12345678901234",
            "access_key": "abCdeFgHiJKLmNoPqrst",
            "contract_number": "1234567",
            **settings,
        }
    )
    http = InProcessHttp({"/V4/services/WebPaymentAPI": lambda m, h, b: (status, reply)})
    return PaylineBackend(values, tenant_id="balaruc", regie_id="restauration", http=http)


def attempt(**overrides):
    values = dict(
        reference="PAY-2024-000042",
        amount_cents=4250,
        tenant_id="balaruc",
        regie_id="restauration",
        mode="HOMOLOGATION",
        return_url="https://familles.example.fr/payline/retour",
        cancel_url="https://familles.example.fr/payline/annulation",
        notify_url="https://familles.example.fr/payline/notification",
        payer_email="parent@example.org",
        payer_first_name="Hélène",
        payer_last_name="Dupré",
        created_at=datetime(2024, 9, 15, 10, 30, tzinfo=PARIS),
    )
    values.update(overrides)
    return PaymentAttempt(**values)


@pytest.mark.parametrize(
    "merchant, key, header",
    [
        ("12345678901234", "abCdeFgHiJKLmNoPqrst", PL1),
        ("76543210987654", "Zx9Wq8Er7Ty6Ui5Op4As", PL2),
    ],
)
def test_pl1_pl2_basic_header(merchant, key, header):
    assert f"Authorization: {protocol.authorization(merchant, key)}" == header


def _canonical(xml):
    return canonicalize(xml, strip_text=True)


def test_pl3_do_web_payment_request():
    rest = "".join(f'<obj:{name} xsi:nil="true"/>' for name in PL3_BUYER_ORDER.split(", ")[4:])
    expected = PL3_REQUEST.replace("…", rest)
    assert tuple(PL3_BUYER_ORDER.split(", ")) == protocol.BUYER_FIELDS
    request = dict(
        version="26",
        amount=4250,
        contract="1234567",
        return_url="https://familles.example.fr/payline/retour",
        cancel_url="https://familles.example.fr/payline/annulation",
        order_ref="PAY-2024-000042",
        order_date="15/09/2024 10:30",
        notification_url="https://familles.example.fr/payline/notification",
        contracts=["1234567"],
        last_name="Dupré",
        first_name="Hélène",
        email="parent@example.org",
    )
    assert _canonical(protocol.do_web_payment_request(request)) == _canonical(expected)


def test_pl3_start_sends_it_and_redirects_verbatim():
    sender = backend(reply=PL3_REPLY)
    start = sender.start(attempt())
    [(method, url, headers, body)] = sender.http.calls
    assert url == "https://homologation.payline.com/V4/services/WebPaymentAPI"
    assert headers["SOAPAction"] == '"doWebPayment"'
    assert f"Authorization: {headers['Authorization']}" == PL1
    assert "<obj:date>15/09/2024 10:30</obj:date>" in body
    assert "<obj:key>tenant</obj:key><obj:value>balaruc</obj:value>" in body
    assert start.gateway_key == TOKEN
    assert start.url == (
        "https://homologation-webpayment.payline.com/webpayment/step2.do"
        f"?reqCode=prepareStep2&token={TOKEN}"
    )


def test_pl4_notification_and_read_back():
    reader = backend(reply=PL4_REPLY)
    result = reader.verify_notification(notification("GET", PL4_NOTIFICATION))
    [(method, url, headers, body)] = reader.http.calls
    assert PL4_REQUEST in body and headers["SOAPAction"] == '"getWebPaymentDetails"'
    assert isinstance(result, GatewayResult)
    assert result.outcome is Outcome.PAID
    assert result.transaction_id == "22258103314861" and result.authorisation == "A55A12"
    assert result.paid_at == datetime(2024, 9, 15, 10, 31, tzinfo=PARIS)
    assert result.attempt_reference == "PAY-2024-000042"
    stored = replace(attempt(), gateway_key=TOKEN)
    assert reader.check(stored, result) is None
    info = reader.parse_return(notification("GET", PL4_RETURN))
    assert info.gateway_key == TOKEN and info.outcome is None


@pytest.mark.parametrize(
    "code, outcome, alert",
    [
        ("02319", Outcome.CANCELLED, False),
        ("02306", Outcome.PENDING, False),
        ("02324", Outcome.EXPIRED, False),
        ("01100", Outcome.REFUSED, False),
        ("04003", Outcome.PENDING, True),
    ],
)
def test_pl4_same_reply_with_other_codes(code, outcome, alert):
    reply = PL4_REPLY.replace("<obj:code>00000</obj:code>", f"<obj:code>{code}</obj:code>")
    result = backend(reply=reply).verify_notification(notification("GET", PL4_NOTIFICATION))
    assert result.outcome is outcome and result.alert is alert


def test_pl4_amount_425_with_00000_is_rejected():
    reply = PL4_REPLY.replace("<obj:amount>4250</obj:amount>", "<obj:amount>425</obj:amount>")
    reader = backend(reply=reply)
    result = reader.verify_notification(notification("GET", PL4_NOTIFICATION))
    stored = replace(attempt(), gateway_key=TOKEN)
    assert reader.check(stored, result).reason is Rejection.AMOUNT_MISMATCH
