"""Systempay backend: the request it builds, and every check on an IPN (spec §1.3–1.7)."""

from datetime import UTC, datetime
from urllib.parse import urlencode

import pytest
from portail_payment_systempay.backend import SystempayBackend
from portail_payment_systempay.protocol import SHA1, parse_form, sign, signature_matches

from portail_core.payments.types import (
    FormStart,
    GatewayRejection,
    Outcome,
    PaymentAttempt,
    PaymentStartError,
    Rejection,
    ResponseKind,
)
from portail_core.testing.payments import attach, notification

from .conftest import PROD_KEY, TEST_KEY, shop
from .test_vectors import SP4_BODY

NOTIFY = "http://balaruc.localhost/paiement/notification/periscolaire/systempay"


def backend(**overrides):
    settings = SystempayBackend.validate_settings(shop(**overrides))
    return SystempayBackend(settings, tenant_id="balaruc", regie_id="periscolaire")


def attempt(**overrides):
    values = dict(
        reference="FAC-2024-0042",
        amount_cents=4250,
        tenant_id="balaruc",
        regie_id="periscolaire",
        return_url="https://familles.example.fr/paiement/retour",
        cancel_url="https://familles.example.fr/paiement/annulation",
        notify_url=NOTIFY,
        mode="TEST",
        payer_email="parent@example.org",
        payer_first_name="Hélène",
        payer_last_name="Dupré",
        number=123,
        created_at=datetime(2024, 9, 15, 8, 30, tzinfo=UTC),
    )
    values.update(overrides)
    return PaymentAttempt(**values)


def ipn(body):
    return notification("POST", NOTIFY, body)


def resigned(body, key=TEST_KEY, **changes):
    fields = parse_form(body)
    fields.update(changes)
    fields["signature"] = sign(fields, key)
    return urlencode(fields)


def test_start_builds_the_signed_form_of_the_spec():
    start = backend().start(attempt())
    assert isinstance(start, FormStart)
    fields = dict(start.fields)
    assert start.action == "http://balaruc.localhost/_simulateur/systempay/vads-payment/"
    expected = {
        "vads_action_mode": "INTERACTIVE",
        "vads_amount": "4250",
        "vads_ctx_mode": "TEST",
        "vads_currency": "978",
        "vads_page_action": "PAYMENT",
        "vads_payment_config": "SINGLE",
        "vads_site_id": "12345678",
        "vads_trans_date": "20240915083000",
        "vads_trans_id": "000123",
        "vads_version": "V2",
        "vads_order_id": "FAC-2024-0042",
        "vads_cust_email": "parent@example.org",
        "vads_cust_first_name": "Hélène",
        "vads_cust_last_name": "Dupré",
        "vads_return_mode": "GET",
        "vads_validation_mode": "0",
        "vads_url_return": "https://familles.example.fr/paiement/retour",
        "vads_url_check": NOTIFY,
        "vads_ext_info_tenant": "balaruc",
        "vads_ext_info_regie": "periscolaire",
    }
    assert expected.items() <= fields.items()
    assert signature_matches(fields, TEST_KEY, "HMAC-SHA-256", fields["signature"])
    assert start.gateway_key == "12345678-20240915-000123"
    assert start.references["trans_id"] == "000123"


def test_production_form_goes_to_the_real_gateway_with_the_production_key():
    settings = {**shop(mode="PRODUCTION", simulator_enabled=False)}
    del settings["payment_url"]
    values = SystempayBackend.validate_settings(settings)
    prod = SystempayBackend(values, tenant_id="balaruc", regie_id="periscolaire")
    start = prod.start(attempt(mode="PRODUCTION"))
    fields = dict(start.fields)
    assert start.action == "https://paiement.systempay.fr/vads-payment/"
    assert fields["vads_ctx_mode"] == "PRODUCTION"
    assert signature_matches(fields, PROD_KEY, "HMAC-SHA-256", fields["signature"])


def test_trans_id_stays_below_the_reserved_range():
    assert backend().trans_id(attempt(number=900123)) == "000123"
    assert int(backend().trans_id(attempt(number=None))) < 900000


def test_no_field_looks_like_a_card_number():
    start = backend().start(attempt(label="Facture 4970101234567890", invoice_numbers=("1",)))
    assert "4970101234567890" not in dict(start.fields)["vads_order_info"]


def test_an_invalid_order_id_stops_the_start_cleanly():
    with pytest.raises(PaymentStartError) as failure:
        backend().start(attempt(reference="PAY 2024/42"))
    assert failure.value.code == "13"


def test_sha1_shops_are_signed_with_sha1():
    start = backend(signature_algorithm=SHA1).start(attempt())
    fields = dict(start.fields)
    assert len(fields["signature"]) == 40
    assert signature_matches(fields, TEST_KEY, SHA1, fields["signature"])


def test_vector_sp4_verifies_and_is_paid():
    result = backend().verify_notification(ipn(SP4_BODY))
    assert result.outcome is Outcome.PAID
    assert result.gateway_key == "12345678-20240915-000123"
    assert result.amount_cents == 4250 and result.currency == "978" and result.mode == "TEST"
    assert result.transaction_id == "9f1c2a7b5e0d4c3a8b6f1e2d3c4b5a69"
    assert result.authorisation == "3fc116"
    assert result.paid_at == datetime(2024, 9, 15, 8, 31, 12, tzinfo=UTC)
    assert result.attempt_reference == "FAC-2024-0042"
    assert backend().check(attach(attempt(), backend().start(attempt())), result) is None


def test_tampered_signature_is_rejected():
    result = backend().verify_notification(
        ipn(SP4_BODY.replace("vads_amount=4250", "vads_amount=425"))
    )
    assert isinstance(result, GatewayRejection)
    assert result.reason is Rejection.BAD_SIGNATURE


def test_signed_with_the_wrong_key_is_rejected():
    result = backend().verify_notification(ipn(resigned(SP4_BODY, key="SomeoneElseKey1")))
    assert result.reason is Rejection.BAD_SIGNATURE


def test_mode_mismatch_is_rejected_both_ways():
    production_message = resigned(SP4_BODY, key=PROD_KEY, vads_ctx_mode="PRODUCTION")
    result = backend().verify_notification(ipn(production_message))
    assert result.reason is Rejection.MODE_MISMATCH
    values = SystempayBackend.validate_settings(
        shop(mode="PRODUCTION", simulator_enabled=False, payment_url="https://p.example/")
    )
    prod = SystempayBackend(values, tenant_id="balaruc", regie_id="periscolaire")
    assert prod.verify_notification(ipn(SP4_BODY)).reason is Rejection.MODE_MISMATCH
    assert prod.verify_notification(ipn(production_message)).outcome is Outcome.PAID


def test_another_shop_is_rejected():
    result = backend(site_id="87654321").verify_notification(ipn(SP4_BODY))
    assert result.reason is Rejection.ACCOUNT_MISMATCH


def test_another_tenant_in_ext_info_is_rejected():
    body = resigned(SP4_BODY, vads_ext_info_tenant="batz")
    assert backend().verify_notification(ipn(body)).reason is Rejection.ACCOUNT_MISMATCH


def test_amount_mismatch_is_detected_by_the_check():
    result = backend().verify_notification(
        ipn(resigned(SP4_BODY, vads_amount="425", vads_effective_amount="425"))
    )
    stored = attach(attempt(), backend().start(attempt()))
    assert backend().check(stored, result).reason is Rejection.AMOUNT_MISMATCH


def test_effective_amount_differing_is_rejected():
    body = resigned(SP4_BODY, vads_effective_amount="4000")
    assert backend().verify_notification(ipn(body)).reason is Rejection.AMOUNT_MISMATCH


def test_a_refund_is_not_a_payment():
    body = resigned(SP4_BODY, vads_operation_type="CREDIT")
    assert backend().verify_notification(ipn(body)).reason is Rejection.NOT_A_PAYMENT


def test_repeated_or_missing_fields_are_malformed():
    assert backend().verify_notification(ipn(SP4_BODY + "&vads_amount=4250")).reason is (
        Rejection.MALFORMED
    )
    body = "&".join(p for p in SP4_BODY.split("&") if not p.startswith("vads_trans_status="))
    assert backend().verify_notification(ipn(body)).reason is Rejection.MALFORMED
    assert backend().verify_notification(ipn(b"vads_amount=%FF")).reason is Rejection.MALFORMED


@pytest.mark.parametrize(
    "status, result, outcome, alert",
    [
        ("AUTHORISED", "00", Outcome.PAID, False),
        ("CAPTURED", "00", Outcome.PAID, False),
        ("AUTHORISED", "02", Outcome.ERROR, False),
        ("AUTHORISED", "96", Outcome.ERROR, False),
        ("AUTHORISED_TO_VALIDATE", "00", Outcome.PENDING, True),
        ("WAITING_AUTHORISATION", "00", Outcome.PENDING, False),
        ("WAITING_AUTHORISATION_TO_VALIDATE", "00", Outcome.PENDING, False),
        ("UNDER_VERIFICATION", "00", Outcome.PENDING, False),
        ("INITIAL", "00", Outcome.PENDING, False),
        ("SUSPENDED", "00", Outcome.PENDING, False),
        ("REFUSED", "05", Outcome.REFUSED, False),
        ("ABANDONED", "17", Outcome.CANCELLED, False),
        ("CANCELLED", "00", Outcome.CANCELLED, False),
        ("EXPIRED", "00", Outcome.EXPIRED, False),
        ("CAPTURE_FAILED", "96", Outcome.ERROR, False),
        ("NOT_CREATED", "30", Outcome.ERROR, False),
        ("ACCEPTED", "00", Outcome.ERROR, False),
        ("SOMETHING_NEW", "00", Outcome.ERROR, False),
    ],
)
def test_result_codes_are_mapped(status, result, outcome, alert):
    body = resigned(SP4_BODY, vads_trans_status=status, vads_result=result)
    verified = backend().verify_notification(ipn(body))
    assert verified.outcome is outcome
    assert verified.alert is alert
    assert (verified.paid_at is not None) is (outcome is Outcome.PAID)


def test_answers_tell_the_gateway_whether_to_retry():
    sp = backend()
    assert sp.notification_response(ResponseKind.PROCESSED).status == 200
    assert sp.notification_response(ResponseKind.DUPLICATE).status == 200
    assert sp.notification_response(ResponseKind.INVALID).status == 400
    assert sp.notification_response(ResponseKind.TEMPORARY_FAILURE).status == 503


def test_signed_return_gives_a_provisional_outcome_only():
    fields = parse_form(SP4_BODY)
    del fields["vads_url_check_src"]
    fields["signature"] = sign(fields, TEST_KEY)
    info = backend().parse_return(notification("GET", "http://x/retour?" + urlencode(fields)))
    assert info.verified and info.outcome is Outcome.PAID
    assert info.gateway_key == "12345678-20240915-000123"
    fields["vads_trans_status"] = "REFUSED"  # edited by the payer: no longer signed
    info = backend().parse_return(notification("GET", "http://x/retour?" + urlencode(fields)))
    assert not info.verified and info.outcome is None and info.gateway_key is None


def test_keys_never_reach_the_stored_raw_data():
    body = resigned(SP4_BODY, vads_order_info=f"oops {TEST_KEY}")
    result = backend().verify_notification(ipn(body))
    assert TEST_KEY not in " ".join(result.raw.values())
    assert "***" in result.raw["vads_order_info"]


def test_the_claimed_key_is_read_without_verification():
    assert backend().notification_key(ipn(SP4_BODY)) == "12345678-20240915-000123"
    assert backend().notification_key(ipn("vads_amount=1")) is None
