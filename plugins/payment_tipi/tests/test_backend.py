"""PayFiP backend: every check on a read-back, faults, waiting rules, legacy variant."""

from datetime import timedelta

import pytest
from portail_payment_tipi import protocol
from portail_payment_tipi.backend import TipiBackend

from portail_core.payments.simulation import InProcessHttp
from portail_core.payments.types import (
    GatewayRejection,
    Outcome,
    PaymentStartError,
    Rejection,
)
from portail_core.testing.payments import attach, notification

from .conftest import PayfipGateway, account
from .test_vectors import IDOP, PF2_REPLY, TP2_CALLBACK, attempt, backend

NOTIFY = "https://familles.example.fr/payfip/notification"


def notified(reader, body=f"idop={IDOP}"):
    return reader.verify_notification(notification("POST", NOTIFY, body))


def test_idop_is_accepted_in_either_case_and_by_get():
    assert notified(backend(reply=PF2_REPLY), f"idOp={IDOP}").outcome is Outcome.PAID
    reader = backend(reply=PF2_REPLY)
    result = reader.verify_notification(notification("GET", f"{NOTIFY}?IDOP={IDOP}"))
    assert result.outcome is Outcome.PAID


def test_a_notification_without_a_valid_idop_is_malformed():
    reader = backend(reply=PF2_REPLY)
    assert notified(reader, "idop=").reason is Rejection.MALFORMED
    assert notified(reader, "idop=<script>").reason is Rejection.MALFORMED
    assert reader.http.calls == []  # nothing asked to the gateway


def test_mode_mismatch_is_rejected():
    reply = PF2_REPLY.replace("<saisie>T</saisie>", "<saisie>W</saisie>")
    assert notified(backend(reply=reply)).reason is Rejection.MODE_MISMATCH
    production = backend(reply=PF2_REPLY, mode="W")
    assert notified(production).reason is Rejection.MODE_MISMATCH


def test_another_regie_is_rejected():
    reply = PF2_REPLY.replace("<numcli>123456</numcli>", "<numcli>654321</numcli>")
    assert notified(backend(reply=reply)).reason is Rejection.ACCOUNT_MISMATCH


def test_an_idop_not_echoed_is_rejected():
    reply = PF2_REPLY.replace(f"<idOp>{IDOP}</idOp>", "<idOp>other</idOp>")
    assert notified(backend(reply=reply)).reason is Rejection.REFERENCE_MISMATCH


def test_amount_and_reference_are_checked_against_the_attempt():
    reader = backend(reply=PF2_REPLY)
    stored = attempt(gateway_key=IDOP, references={"refdet": "FAC20240042PF"})
    assert reader.check(stored, notified(reader)) is None
    cheaper = notified(backend(reply=PF2_REPLY.replace("<montant>4250", "<montant>425")))
    assert reader.check(stored, cheaper).reason is Rejection.AMOUNT_MISMATCH
    other = notified(backend(reply=PF2_REPLY.replace("FAC20240042PF", "FAC20240043PF")))
    assert reader.check(stored, other).reason is Rejection.REFERENCE_MISMATCH


@pytest.mark.parametrize(
    "status, reply",
    [
        (503, "busy"),
        (200, "<not-xml"),
        (
            500,
            PF2_REPLY.replace("recupererDetailPaiementSecuriseResponse", "x").replace(
                "<S:Body><ns2:x",
                "<S:Body><S:Fault><faultstring>TechIndisponibiliteErreur"
                "</faultstring></S:Fault><ns2:x",
            ),
        ),
    ],
)
def test_a_silent_or_broken_gateway_is_a_temporary_failure(status, reply):
    result = notified(backend(reply=reply, status=status))
    assert isinstance(result, GatewayRejection) and result.temporary


def test_no_answer_at_all_is_temporary_and_start_says_so_in_french():
    values = TipiBackend.validate_settings({"mode": "T", "numcli": "123456"})
    down = TipiBackend(values, tenant_id="batz", regie_id="periscolaire", http=InProcessHttp())
    assert notified(down).temporary
    with pytest.raises(PaymentStartError) as failure:
        down.start(attempt())
    assert failure.value.temporary and "ne répond pas" in failure.value.message


def test_email_and_minimum_amount_are_required_before_calling_payfip():
    gateway = PayfipGateway()
    values = TipiBackend.validate_settings(account())
    tipi = TipiBackend(values, tenant_id="batz", regie_id="periscolaire", http=gateway.http)
    with pytest.raises(PaymentStartError) as failure:
        tipi.start(attempt(payer_email=""))
    assert failure.value.code == "A1"
    with pytest.raises(PaymentStartError) as failure:
        tipi.start(attempt(amount_cents=99))
    assert "minimum" in failure.value.message
    assert gateway.http.calls == []


def test_the_label_is_made_acceptable_to_payfip():
    assert protocol.objet_text("Factures n° 2024-0042 & 0043 (été)") == (
        "Factures n 2024 0042 0043 ete"
    )
    assert len(protocol.objet_text("x" * 300)) == 100
    assert protocol.refdet_for("PAY-2024-000042-1") == "PAY20240000421"
    assert protocol.refdet_for("P-1") is None


def test_cancel_is_kept_pending_during_the_grace_period():
    gateway = PayfipGateway()
    values = TipiBackend.validate_settings(account())
    tipi = TipiBackend(values, tenant_id="batz", regie_id="periscolaire", http=gateway.http)
    stored = attempt(notify_url="http://batz.localhost/n", return_url="http://batz.localhost/r")
    start = tipi.start(stored)
    stored = attach(stored, start)
    gateway.complete(start, Outcome.CANCELLED)
    decided = gateway.operation(start).decided_at
    tipi.now = lambda: decided + timedelta(seconds=30)
    assert tipi.query_status(stored).outcome is Outcome.PENDING
    tipi.now = lambda: decided + timedelta(minutes=5)
    assert tipi.query_status(stored).outcome is Outcome.CANCELLED


def test_purged_idop_expires_only_after_the_page_validity():
    gateway = PayfipGateway()
    values = TipiBackend.validate_settings(account())
    tipi = TipiBackend(values, tenant_id="batz", regie_id="periscolaire", http=gateway.http)
    stored = attempt(notify_url="http://batz.localhost/n", return_url="http://batz.localhost/r")
    start = tipi.start(stored)
    stored = attach(stored, start)
    gateway.operation(start).purged = True
    tipi.now = lambda: stored.created_at + timedelta(minutes=5)
    assert tipi.query_status(stored).reason is Rejection.UNKNOWN_ATTEMPT
    tipi.now = lambda: stored.created_at + timedelta(minutes=30)
    assert tipi.query_status(stored).outcome is Outcome.EXPIRED


def test_settings_check_asks_payfip_for_the_client():
    gateway = PayfipGateway()
    ok = TipiBackend(
        TipiBackend.validate_settings(account()),
        tenant_id="batz",
        regie_id="periscolaire",
        http=gateway.http,
    )
    assert ok.check_settings("http://batz.localhost/").ok
    unknown = TipiBackend(
        TipiBackend.validate_settings(account(numcli="999999")),
        tenant_id="batz",
        regie_id="periscolaire",
        http=gateway.http,
    )
    check = unknown.check_settings("http://batz.localhost/")
    assert not check.ok and "T1" in check.message


def test_the_return_carries_only_the_idop():
    info = backend().parse_return(notification("GET", f"https://f.example/retour?idop={IDOP}"))
    assert info.gateway_key == IDOP and info.outcome is None and not info.verified


def test_legacy_callback_checks_what_it_can():
    legacy = backend(variant="legacy")
    url = "https://familles.example.fr/tipi/retour?"
    wrong_mode = TP2_CALLBACK.replace("saisie=T", "saisie=A")
    assert legacy.verify_notification(notification("GET", url + wrong_mode)).reason is (
        Rejection.MODE_MISMATCH
    )
    other = TP2_CALLBACK.replace("numcli=123456", "numcli=654321")
    assert legacy.verify_notification(notification("GET", url + other)).reason is (
        Rejection.ACCOUNT_MISMATCH
    )
    missing = TP2_CALLBACK.replace("resultrans=P&", "")
    assert legacy.verify_notification(notification("POST", url, missing)).reason is (
        Rejection.MALFORMED
    )
    assert not legacy.supports_status_query
    production = backend(variant="legacy", mode="W")
    prod = TP2_CALLBACK.replace("saisie=T", "saisie=A")
    assert production.verify_notification(notification("GET", url + prod)).outcome is (Outcome.PAID)


def test_the_claimed_key_is_read_without_calling_payfip():
    reader = backend(reply=PF2_REPLY)
    assert reader.notification_key(notification("POST", NOTIFY, f"idOp={IDOP}")) == IDOP
    assert reader.notification_key(notification("POST", NOTIFY, "idop=<x>")) is None
    legacy = backend(variant="legacy")
    callback = notification("GET", f"https://familles.example.fr/tipi/retour?{TP2_CALLBACK}")
    assert legacy.notification_key(callback) == "FAC20240042PF"
    assert reader.http.calls == []
