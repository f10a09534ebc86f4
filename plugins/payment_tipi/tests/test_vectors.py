"""The test vectors of the spec (payment-protocols.md §2.8), verbatim."""
# ruff: noqa: E501 - the vectors are kept verbatim, on one line each

from datetime import UTC, datetime

import pytest
from portail_payment_tipi import protocol
from portail_payment_tipi.backend import TipiBackend

from portail_core.calendar import PARIS
from portail_core.payments.simulation import InProcessHttp
from portail_core.payments.types import (
    GatewayResult,
    Outcome,
    PaymentAttempt,
    PaymentStartError,
    RedirectStart,
)
from portail_core.testing.payments import notification

TP1_URL = "https://www.payfip.gouv.fr/tpa/paiement.web?numcli=123456&refdet=FAC20240042PF&montant=4250&mel=parent%40example.org&saisie=T&exer=2024&objet=Facture+septembre+2024&urlcl=https%3A%2F%2Ffamilles.example.fr%2Ftipi%2Fretour"
TP2_CALLBACK = "numcli=123456&exer=2024&refdet=FAC20240042PF&objet=Facture+septembre+2024&montant=4250&mel=parent%40example.org&saisie=T&resultrans=P&numauto=A55A12&dattrans=15092024&heurtrans=1031"
PF1_BODY = '<soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/"><soap-env:Body><ns0:creerPaiementSecurise xmlns:ns0="http://securite.service.tpa.cp.finances.gouv.fr/services/mas_securite/contrat_paiement_securise/PaiementSecuriseService"><arg0><exer>2024</exer><mel>parent@example.org</mel><montant>4250</montant><numcli>123456</numcli><objet>Facture septembre 2024</objet><refdet>FAC20240042PF</refdet><saisie>T</saisie><urlnotif>https://familles.example.fr/payfip/notification</urlnotif><urlredirect>https://familles.example.fr/payfip/retour</urlredirect></arg0></ns0:creerPaiementSecurise></soap-env:Body></soap-env:Envelope>'
PF1_REPLY = '<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body><ns2:creerPaiementSecuriseResponse xmlns:ns2="http://securite.service.tpa.cp.finances.gouv.fr/services/mas_securite/contrat_paiement_securise/PaiementSecuriseService"><return><idOp>5f0c6e1a-72b3-11ef-9a1d-0213ad91a103</idOp></return></ns2:creerPaiementSecuriseResponse></S:Body></S:Envelope>'
PF1_REDIRECT = (
    "https://www.payfip.gouv.fr/tpa/paiementws.web?idop=5f0c6e1a-72b3-11ef-9a1d-0213ad91a103"
)
PF2_NOTIFICATION = "idop=5f0c6e1a-72b3-11ef-9a1d-0213ad91a103"
PF2_REQUEST = '<ns0:recupererDetailPaiementSecurise xmlns:ns0="…PaiementSecuriseService"><arg0><idOp>5f0c6e1a-72b3-11ef-9a1d-0213ad91a103</idOp></arg0></ns0:recupererDetailPaiementSecurise>'
PF2_REPLY = '<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body><ns2:recupererDetailPaiementSecuriseResponse xmlns:ns2="http://securite.service.tpa.cp.finances.gouv.fr/services/mas_securite/contrat_paiement_securise/PaiementSecuriseService"><return><dattrans>15092024</dattrans><exer>2024</exer><heurtrans>1031</heurtrans><idOp>5f0c6e1a-72b3-11ef-9a1d-0213ad91a103</idOp><mel>parent@example.org</mel><montant>4250</montant><numauto>A55A12</numauto><numcli>123456</numcli><objet>Facture septembre 2024</objet><refdet>FAC20240042PF</refdet><resultrans>P</resultrans><saisie>T</saisie></return></ns2:recupererDetailPaiementSecuriseResponse></S:Body></S:Envelope>'
PF3_FAULT = '<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body><S:Fault><faultcode>S:Server</faultcode><faultstring>fr.gouv.finances.cp.tpa.webservice.exceptions.FonctionnelleErreur</faultstring><detail><ns2:FonctionnelleErreur xmlns:ns2="http://securite.service.tpa.cp.finances.gouv.fr/services/mas_securite/contrat_paiement_securise/PaiementSecuriseService"><code>P5</code><descriptif/><libelle>Résultat de la transaction non connu.</libelle><severite>2</severite></ns2:FonctionnelleErreur></detail></S:Fault></S:Body></S:Envelope>'
IDOP = "5f0c6e1a-72b3-11ef-9a1d-0213ad91a103"
PARIS_1031 = datetime(2024, 9, 15, 10, 31, tzinfo=PARIS)


def backend(reply=None, status=200, **settings):
    values = TipiBackend.validate_settings({"mode": "T", "numcli": "123456", **settings})
    http = InProcessHttp({"/tpa/services/securite": lambda m, h, b: (status, reply)})
    return TipiBackend(values, tenant_id="batz", regie_id="periscolaire", http=http)


def attempt(**overrides):
    values = dict(
        reference="FAC20240042PF",
        amount_cents=4250,
        tenant_id="batz",
        regie_id="periscolaire",
        return_url="https://familles.example.fr/payfip/retour",
        cancel_url="https://familles.example.fr/payfip/retour",
        notify_url="https://familles.example.fr/payfip/notification",
        mode="T",
        payer_email="parent@example.org",
        label="Facture septembre 2024",
        created_at=datetime(2024, 9, 15, 8, 30, tzinfo=UTC),
    )
    values.update(overrides)
    return PaymentAttempt(**values)


def test_tp1_legacy_url():
    params = {
        "numcli": "123456",
        "montant": "4250",
        "mel": "parent@example.org",
        "refdet": "FAC20240042PF",
        "exer": "2024",
        "objet": "Facture septembre 2024",
        "urlcl": "https://familles.example.fr/tipi/retour",
        "saisie": "T",
    }
    assert protocol.legacy_url("https://www.payfip.gouv.fr/tpa/paiement.web", params) == TP1_URL
    legacy = backend(variant="legacy")
    start = legacy.start(attempt(notify_url="https://familles.example.fr/tipi/retour"))
    assert isinstance(start, RedirectStart) and start.url == TP1_URL


@pytest.mark.parametrize(
    "code, outcome",
    [
        ("P", Outcome.PAID),
        ("R", Outcome.REFUSED),
        ("A", Outcome.CANCELLED),
        ("V", Outcome.PAID),
        ("Z", Outcome.REFUSED),
    ],
)
def test_tp2_legacy_callback(code, outcome):
    query = TP2_CALLBACK.replace("resultrans=P", f"resultrans={code}")
    result = backend(variant="legacy").verify_notification(
        notification("GET", f"https://familles.example.fr/tipi/retour?{query}")
    )
    assert isinstance(result, GatewayResult)
    assert result.outcome is outcome
    assert result.gateway_key == "FAC20240042PF" and result.references["refdet"] == "FAC20240042PF"
    assert result.mode == "T" and result.amount_cents == 4250
    if outcome is Outcome.PAID:
        assert result.paid_at == PARIS_1031


def test_pf1_create_request_and_redirect():
    sent = backend(reply=PF1_REPLY)
    start = sent.start(attempt(notify_url="https://familles.example.fr/payfip/notification"))
    [(method, url, headers, body)] = sent.http.calls
    assert (method, url) == ("POST", "https://www.payfip.gouv.fr/tpa/services/securite")
    assert headers["SOAPAction"] == '""'
    assert headers["Content-Type"] == "text/xml; charset=utf-8"
    declaration, envelope = body.split("\n", 1)
    assert declaration.startswith("<?xml") and envelope == PF1_BODY
    assert start.url == PF1_REDIRECT
    assert start.gateway_key == IDOP and start.references["refdet"] == "FAC20240042PF"


def test_pf2_read_back_after_the_notification():
    reader = backend(reply=PF2_REPLY)
    result = reader.verify_notification(
        notification("POST", "https://familles.example.fr/payfip/notification", PF2_NOTIFICATION)
    )
    [(_, _, _, body)] = reader.http.calls
    assert (
        PF2_REQUEST.replace("…", protocol.NS[: protocol.NS.index("PaiementSecuriseService")])
        in body
    )
    assert result.outcome is Outcome.PAID
    assert result.authorisation == "A55A12"
    assert result.paid_at == PARIS_1031
    assert result.mode == "T" and result.amount_cents == 4250
    assert result.gateway_key == IDOP and result.transaction_id == IDOP


@pytest.mark.parametrize(
    "code, outcome",
    [("V", Outcome.PAID), ("R", Outcome.REFUSED), ("Z", Outcome.REFUSED), ("A", Outcome.CANCELLED)],
)
def test_pf2_other_results(code, outcome):
    reply = PF2_REPLY.replace("<resultrans>P</resultrans>", f"<resultrans>{code}</resultrans>")
    if outcome is Outcome.REFUSED:
        reply = reply.replace("<numauto>A55A12</numauto>", "")
    result = backend(reply=reply).verify_notification(
        notification("POST", "https://familles.example.fr/payfip/notification", PF2_NOTIFICATION)
    )
    assert result.outcome is outcome
    if outcome is Outcome.REFUSED:
        assert result.authorisation == ""


def test_pf3_unknown_result_is_pending_then_expired():
    pending = backend(reply=PF3_FAULT, status=500)
    result = pending.verify_notification(
        notification("POST", "https://familles.example.fr/payfip/notification", PF2_NOTIFICATION)
    )
    assert result.outcome is Outcome.PENDING
    stored = attempt(gateway_key=IDOP, references={"refdet": "FAC20240042PF", "idop": IDOP})
    pending.now = lambda: stored.created_at.replace(minute=45)
    assert pending.query_status(stored).outcome is Outcome.PENDING
    pending.now = lambda: stored.created_at.replace(hour=11)
    assert pending.query_status(stored).outcome is Outcome.EXPIRED


def test_pf3_unknown_idop_is_expired():
    fault = PF3_FAULT.replace("<code>P5</code>", "<code>P1</code>").replace(
        "Résultat de la transaction non connu.", "IdOp incorrect."
    )
    gone = backend(reply=fault, status=500)
    stored = attempt(gateway_key=IDOP, references={"refdet": "FAC20240042PF", "idop": IDOP})
    gone.now = lambda: stored.created_at.replace(hour=9)
    assert gone.query_status(stored).outcome is Outcome.EXPIRED


def test_pf3_refdet_fault_stops_the_start_without_redirect():
    fault = PF3_FAULT.replace("<code>P5</code>", "<code>R3</code>").replace(
        "Résultat de la transaction non connu.", "Le format du paramètre REFDET n'est pas conforme"
    )
    with pytest.raises(PaymentStartError) as failure:
        backend(reply=fault, status=500).start(attempt())
    assert failure.value.code == "R3"
    assert "PayFiP" in failure.value.message
