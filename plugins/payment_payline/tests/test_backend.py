"""Payline backend: credentials, every check on a read-back, result codes, waiting rules."""

from dataclasses import replace
from datetime import timedelta

import pytest
from portail_payment_payline import protocol
from portail_payment_payline.backend import PaylineBackend

from portail_core.payments.types import (
    GatewayRejection,
    Outcome,
    PaymentStartError,
    Rejection,
)
from portail_core.testing.payments import notification

from .conftest import PaylineGateway, merchant
from .test_vectors import PL3_REPLY, PL4_NOTIFICATION, PL4_REPLY, TOKEN, attempt, backend


def notified(reader, url=PL4_NOTIFICATION):
    return reader.verify_notification(notification("GET", url))


def reply_with(old, new):
    return PL4_REPLY.replace(old, new)


@pytest.mark.parametrize(
    "code, outcome",
    [
        ("00000", Outcome.PAID),
        ("02400", Outcome.PAID),
        ("02500", Outcome.PAID),
        ("02501", Outcome.PAID),
        ("02517", Outcome.PAID),
        ("02520", Outcome.PAID),
        ("02616", Outcome.PAID),
        ("03000", Outcome.PAID),
        ("04000", Outcome.PAID),
        ("04003", Outcome.PENDING),
        ("02306", Outcome.PENDING),
        ("02533", Outcome.PENDING),
        ("02000", Outcome.PENDING),
        ("02005", Outcome.PENDING),
        ("02015", Outcome.PENDING),
        ("02319", Outcome.CANCELLED),
        ("02304", Outcome.EXPIRED),
        ("02324", Outcome.EXPIRED),
        ("02534", Outcome.EXPIRED),
        ("01100", Outcome.REFUSED),
        ("01917", Outcome.REFUSED),
        ("02101", Outcome.ERROR),
        ("09999", Outcome.ERROR),
        ("", Outcome.ERROR),
    ],
)
def test_result_codes_are_classified(code, outcome):
    assert protocol.outcome_of(code) is outcome


def test_another_tenant_or_regie_in_private_data_is_rejected():
    other = reply_with("<obj:value>balaruc</obj:value>", "<obj:value>batz</obj:value>")
    assert notified(backend(reply=other)).reason is Rejection.ACCOUNT_MISMATCH
    regie = reply_with(
        "</obj:privateData></impl:privateDataList>",
        "</obj:privateData><obj:privateData><obj:key>regie</obj:key>"
        "<obj:value>periscolaire</obj:value></obj:privateData></impl:privateDataList>",
    )
    assert notified(backend(reply=regie)).reason is Rejection.ACCOUNT_MISMATCH


def test_a_contract_that_is_not_ours_is_rejected():
    other = reply_with("<obj:contractNumber>1234567", "<obj:contractNumber>9999999")
    assert notified(backend(reply=other)).reason is Rejection.ACCOUNT_MISMATCH
    listed = backend(reply=other, other_contracts=["9999999"])
    assert notified(listed).outcome is Outcome.PAID


def test_another_currency_is_rejected():
    dollars = reply_with(
        "<obj:currency>978</obj:currency><obj:action>",
        "<obj:currency>840</obj:currency><obj:action>",
    )
    assert notified(backend(reply=dollars)).reason is Rejection.CURRENCY_MISMATCH


def test_notifications_that_are_not_web_payments_are_refused():
    reader = backend(reply=PL4_REPLY)
    other = PL4_NOTIFICATION.replace("WEBTRS", "BILL")
    assert notified(reader, other).reason is Rejection.NOT_A_PAYMENT
    assert notified(reader, PL4_NOTIFICATION.replace(TOKEN, "<x>")).reason is Rejection.MALFORMED
    assert reader.http.calls == []


def test_an_unknown_token_is_not_ours():
    unknown = PL4_REPLY.split("<impl:transaction>")[0].replace(
        "<obj:code>00000", "<obj:code>02304"
    ) + ("</impl:getWebPaymentDetailsResponse></soapenv:Body></soapenv:Envelope>")
    assert notified(backend(reply=unknown)).reason is Rejection.UNKNOWN_ATTEMPT
    reader = backend(reply=unknown)
    stored = replace(attempt(), gateway_key=TOKEN)
    reader.now = lambda: stored.created_at + timedelta(minutes=5)
    assert reader.query_status(stored).outcome is Outcome.PENDING
    reader.now = lambda: stored.created_at + timedelta(hours=1)
    assert reader.query_status(stored).outcome is Outcome.EXPIRED


@pytest.mark.parametrize(
    "status, reply",
    [
        (401, "Unauthorized"),
        (503, ""),
        (200, "<x"),
        (
            500,
            '<s:Envelope xmlns:s="http://schemas.'
            'xmlsoap.org/soap/envelope/"><s:Body><s:Fault>'
            "<faultstring>boom</faultstring></s:Fault>"
            "</s:Body></s:Envelope>",
        ),
    ],
)
def test_a_refusing_or_silent_gateway_is_temporary(status, reply):
    result = notified(backend(reply=reply, status=status))
    assert isinstance(result, GatewayRejection) and result.temporary
    with pytest.raises(PaymentStartError) as failure:
        backend(reply=reply, status=status).start(attempt())
    assert failure.value.temporary and "Payline" in failure.value.message


def test_a_refused_session_is_explained_without_redirect():
    refused = PL3_REPLY.replace("00000", "02305").replace(
        "Transaction approved", "Invalid field format : order.ref"
    )
    with pytest.raises(PaymentStartError) as failure:
        backend(reply=refused).start(attempt())
    assert failure.value.code == "02305" and "order.ref" in failure.value.detail


def test_production_uses_the_production_endpoint_and_checks_the_mode():
    production = backend(reply=PL4_REPLY, mode="PRODUCTION")
    result = notified(production)
    assert production.http.calls[0][1] == ("https://services.payline.com/V4/services/WebPaymentAPI")
    stored = replace(attempt(), gateway_key=TOKEN)  # an attempt made in homologation
    assert production.check(stored, result).reason is Rejection.MODE_MISMATCH


def test_the_settings_check_tries_the_credentials():
    gateway = PaylineGateway()
    good = PaylineBackend(
        PaylineBackend.validate_settings(merchant()),
        tenant_id="balaruc",
        regie_id="restauration",
        http=gateway.http,
    )
    assert good.check_settings("http://balaruc.localhost/").ok
    bad = PaylineBackend(
        PaylineBackend.validate_settings(merchant(access_key="WrongKey123")),
        tenant_id="balaruc",
        regie_id="restauration",
        http=gateway.http,
    )
    check = bad.check_settings("http://balaruc.localhost/")
    assert not check.ok and "401" in check.message


def test_the_access_key_never_reaches_the_raw_data():
    leaky = reply_with("Transaction approved", "key abCdeFgHiJKLmNoPqrst")
    result = notified(backend(reply=leaky))
    assert "abCdeFgHiJKLmNoPqrst" not in str(dict(result.raw))


def test_the_claimed_token_is_read_without_calling_payline():
    reader = backend(reply=PL4_REPLY)
    assert reader.notification_key(notification("GET", PL4_NOTIFICATION)) == TOKEN
    assert reader.notification_key(notification("GET", "https://x/n?token=<x>")) is None
    assert reader.http.calls == []
