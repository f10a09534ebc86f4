"""The test vectors of the spec (payment-protocols.md §1.10), verbatim."""
# ruff: noqa: E501 - the vectors are kept verbatim, on one line each

from urllib.parse import urlencode

import pytest
from portail_payment_systempay.protocol import (
    HMAC_SHA256,
    SHA1,
    gateway_key,
    outcome_of,
    parse_form,
    sign,
    signature_matches,
    signature_string,
)

from portail_core.payments.types import Outcome

SP1_KEY = "1122334455667788"
SP1_FIELDS = {
    "vads_action_mode": "INTERACTIVE",
    "vads_amount": "1524",
    "vads_ctx_mode": "TEST",
    "vads_currency": "978",
    "vads_page_action": "PAYMENT",
    "vads_payment_config": "SINGLE",
    "vads_site_id": "12345678",
    "vads_trans_date": "20090501193530",
    "vads_trans_id": "654321",
    "vads_version": "V2",
}


def test_sp1_vendor_example_sha1():
    assert signature_string(SP1_FIELDS, SP1_KEY) == (
        "INTERACTIVE+1524+TEST+978+PAYMENT+SINGLE+12345678+20090501193530+654321+V2+1122334455667788"
    )
    assert sign(SP1_FIELDS, SP1_KEY, SHA1) == "606b369759fac4f0864144c803c73676cbe470ff"


def test_sp2_same_fields_hmac_sha256():
    assert sign(SP1_FIELDS, SP1_KEY, HMAC_SHA256) == "O1ycab+xOkAmToSWeEE2hj39aAKCQ2IxGK+JxKv8iUI="


SP3_KEY = "TestKey0123456789"
SP3_FIELDS = {
    "vads_action_mode": "INTERACTIVE",
    "vads_amount": "4250",
    "vads_capture_delay": "",
    "vads_ctx_mode": "TEST",
    "vads_currency": "978",
    "vads_cust_email": "parent@example.org",
    "vads_cust_first_name": "Hélène",
    "vads_cust_last_name": "Dupré",
    "vads_order_id": "FAC-2024-0042",
    "vads_page_action": "PAYMENT",
    "vads_payment_config": "SINGLE",
    "vads_return_mode": "GET",
    "vads_site_id": "12345678",
    "vads_trans_date": "20240915083000",
    "vads_trans_id": "000123",
    "vads_url_return": "https://familles.example.fr/paiement/retour",
    "vads_validation_mode": "0",
    "vads_version": "V2",
}


def test_sp3_empty_field_and_accents():
    assert signature_string(SP3_FIELDS, SP3_KEY) == (
        "INTERACTIVE+4250++TEST+978+parent@example.org+Hélène+Dupré+FAC-2024-0042+PAYMENT+SINGLE+GET+12345678+20240915083000+000123+https://familles.example.fr/paiement/retour+0+V2+TestKey0123456789"
    )
    assert sign(SP3_FIELDS, SP3_KEY, HMAC_SHA256) == "m/6VAYJW/Gn8APEBNGxK3/5GmqKBQugU/lUmAKe15Xw="
    assert sign(SP3_FIELDS, SP3_KEY, SHA1) == "c0f27b112dd6012839f820c59b8365c163b96c04"


SP4_BODY = "signature=cvglDLheicYffD4MdTnA5TSkrMk7GRDJ0v%2FL2rs5s5c%3D&vads_action_mode=INTERACTIVE&vads_amount=4250&vads_auth_mode=FULL&vads_auth_number=3fc116&vads_auth_result=00&vads_capture_delay=0&vads_card_brand=CB&vads_card_number=497010XXXXXX0055&vads_ctx_mode=TEST&vads_currency=978&vads_cust_last_name=Dupr%C3%A9&vads_effective_amount=4250&vads_effective_creation_date=20240915083112&vads_effective_currency=978&vads_extra_result=&vads_operation_type=DEBIT&vads_order_id=FAC-2024-0042&vads_page_action=PAYMENT&vads_payment_config=SINGLE&vads_result=00&vads_sequence_number=1&vads_site_id=12345678&vads_trans_date=20240915083000&vads_trans_id=000123&vads_trans_status=AUTHORISED&vads_trans_uuid=9f1c2a7b5e0d4c3a8b6f1e2d3c4b5a69&vads_url_check_src=PAY&vads_version=V2&vads_warranty_result=YES"
SP4_STRING = "INTERACTIVE+4250+FULL+3fc116+00+0+CB+497010XXXXXX0055+TEST+978+Dupré+4250+20240915083112+978++DEBIT+FAC-2024-0042+PAYMENT+SINGLE+00+1+12345678+20240915083000+000123+AUTHORISED+9f1c2a7b5e0d4c3a8b6f1e2d3c4b5a69+PAY+V2+YES+TestKey0123456789"


def test_sp4_ipn_as_received():
    fields = parse_form(SP4_BODY)
    assert fields["vads_extra_result"] == ""  # blank values are kept
    assert signature_string(fields, SP3_KEY) == SP4_STRING
    assert fields["signature"] == "cvglDLheicYffD4MdTnA5TSkrMk7GRDJ0v/L2rs5s5c="
    assert signature_matches(fields, SP3_KEY, HMAC_SHA256, fields["signature"])
    assert outcome_of(fields["vads_trans_status"], fields["vads_result"]) is Outcome.PAID
    assert (
        gateway_key(fields["vads_site_id"], fields["vads_trans_date"], fields["vads_trans_id"])
        == "12345678-20240915-000123"
    )


def test_sp4_tampered_amount_is_rejected():
    fields = parse_form(SP4_BODY.replace("vads_amount=4250", "vads_amount=425"))
    assert sign(fields, SP3_KEY, HMAC_SHA256) == "3+5qDGVE/HvYQx4HcoGTPjS+/jpFSJJRz6E3VJVp4jg="
    assert not signature_matches(fields, SP3_KEY, HMAC_SHA256, fields["signature"])


@pytest.mark.parametrize("code, outcome", [("05", Outcome.REFUSED), ("17", Outcome.CANCELLED)])
def test_sp4_refused_and_cancelled_resigned(code, outcome):
    body = SP4_BODY.replace("vads_result=00", f"vads_result={code}").replace(
        "vads_auth_result=00", f"vads_auth_result={code}"
    )
    fields = parse_form(body)
    fields["signature"] = sign(fields, SP3_KEY, HMAC_SHA256)
    assert signature_matches(fields, SP3_KEY, HMAC_SHA256, fields["signature"])
    assert outcome_of(fields["vads_trans_status"], fields["vads_result"]) is outcome


def test_sp5_key_selection_by_mode():
    fields = parse_form(SP4_BODY.replace("vads_ctx_mode=TEST", "vads_ctx_mode=PRODUCTION"))
    assert sign(fields, "ProdKey9876543210", HMAC_SHA256) == (
        "xy4Nzo6pC1F7/2VblalxEk/7nTWJkUOz/ycWBy20ot4="
    )
    wrong = sign(fields, SP3_KEY, HMAC_SHA256)
    assert wrong == "h/QanHcgzYoa8wkgw09xUiqhUrFvGll7egNfbEdscAM="
    assert not signature_matches(fields, "ProdKey9876543210", HMAC_SHA256, wrong)


SP6_EXTRA = {
    "vads_order_info": "Cantine + garderie & ALSH (sept.)",
    "vads_ext_info_payment": "PAY-2024-000042",
    "vads_threeds_cavvAlgorithm": "2",
    "vads_threeds_enrolled": "Y",
    "vads_threeds_status": "Y",
}


def test_sp6_sort_order_and_reserved_characters():
    fields = {**parse_form(SP4_BODY), **SP6_EXTRA}
    assert signature_string(fields, SP3_KEY) == (
        "INTERACTIVE+4250+FULL+3fc116+00+0+CB+497010XXXXXX0055+TEST+978+Dupré+4250+20240915083112+978+PAY-2024-000042++DEBIT+FAC-2024-0042+Cantine + garderie & ALSH (sept.)+PAYMENT+SINGLE+00+1+12345678+2+Y+Y+20240915083000+000123+AUTHORISED+9f1c2a7b5e0d4c3a8b6f1e2d3c4b5a69+PAY+V2+YES+TestKey0123456789"
    )
    assert sign(fields, SP3_KEY, HMAC_SHA256) == "5UlCaCgdYUDOFiNUDMzSoOUUwiQ5VJQb6i6veBfs57E="
    wire = urlencode({"vads_order_info": SP6_EXTRA["vads_order_info"]})
    assert wire == "vads_order_info=Cantine+%2B+garderie+%26+ALSH+%28sept.%29"
    assert parse_form(wire)["vads_order_info"] == SP6_EXTRA["vads_order_info"]
