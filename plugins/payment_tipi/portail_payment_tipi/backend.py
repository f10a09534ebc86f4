"""The PayFiP Régie backend (spec §2): the payment is registered server-to-server, the
notification only carries an ``idop``, and the result is always read back from DGFiP."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from urllib.parse import urljoin

from portail_core.calendar import PARIS
from portail_core.payments.base import PaymentBackend
from portail_core.payments.http import GatewayUnavailable
from portail_core.payments.soap import SoapError, SoapFault, body_content, flatten
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
from portail_payment_tipi import protocol
from portail_payment_tipi.i18n import _
from portail_payment_tipi.legacy import LegacyMixin, request_params
from portail_payment_tipi.schema import LEGACY, TipiSettings

UNAVAILABLE = _("Le service de paiement PayFiP ne répond pas. Réessayez dans quelques minutes.")
START_FAULTS = {
    "A1": _("Une adresse électronique est nécessaire pour payer en ligne."),
    "A2": _("Votre adresse électronique n'est pas acceptée par PayFiP (adresse mél incorrecte)."),
    "M3": _("Le montant minimum pour un paiement PayFiP est 1,00 €."),
    "M5": _("Ce montant dépasse le maximum accepté par PayFiP."),
}
GENERIC_START_FAULT = _("PayFiP a refusé ce paiement. Réessayez plus tard ou contactez la mairie.")
PAGE_VALIDITY = timedelta(minutes=15)  # an idOp must be used within about 15 minutes
CANCEL_GRACE = timedelta(minutes=2)  # "A" may still turn into a payment on the same page


class TipiBackend(LegacyMixin, PaymentBackend):
    """PayFiP Régie (formerly TIPI Régie), web-service variant by default."""

    id = "tipi"
    label = "PayFiP (TIPI Régie)"  # i18n: ignore (the gateway's name)
    modes = protocol.MODES
    test_modes = ("T",)
    min_amount_cents = 100
    max_amount_cents = 10_000_000  # integrations cap at 100 000,00 € (limit unconfirmed)
    payer_email_required = True
    supports_status_query = True
    supports_settings_check = True
    retry_delay = timedelta(minutes=20)
    attempt_lifetime = timedelta(hours=2)

    def __init__(self, settings, **kwargs):
        super().__init__(settings, **kwargs)
        if self.settings["variant"] == LEGACY:
            self.supports_status_query = False  # the legacy service has no read-back

    @classmethod
    def settings_schema(cls):
        return TipiSettings()

    def now(self):
        return datetime.now(UTC)

    def endpoint(self, path, base):
        return urljoin(self.gateway_url("gateway_url", base), path)

    # -- SOAP ----------------------------------------------------------------------------

    def call(self, envelope, base):
        """POST ``envelope`` to the service; the answer's content element or a fault.

        Raise :class:`GatewayUnavailable` when the service does not answer usably
        (network, technical fault): trying again later may work.
        """
        url = self.endpoint("services/securite", base)
        response = self.http.post(url, envelope, protocol.HEADERS)
        if response.status not in (200, 500):
            raise GatewayUnavailable(f"PayFiP answered HTTP {response.status}")
        try:
            content = body_content(response.body)
        except SoapError as exc:
            raise GatewayUnavailable(f"PayFiP answer unreadable: {exc}") from exc
        if isinstance(content, SoapFault) and content.faultstring != protocol.FUNCTIONAL_FAULT:
            # TechDysfonctionnementErreur, TechIndisponibiliteErreur…: retry later.
            raise GatewayUnavailable(f"PayFiP technical fault: {content.faultstring}")
        return content

    # -- start ------------------------------------------------------------------------------

    def start_params(self, attempt):
        problem = self.amount_problem(attempt.amount_cents)
        if problem:
            raise PaymentStartError(problem, code="amount")
        if not protocol.MEL_RE.match(attempt.payer_email or ""):
            raise PaymentStartError(START_FAULTS["A1"], code="A1")
        refdet = protocol.refdet_for(attempt.reference)
        if refdet is None:
            raise PaymentStartError(GENERIC_START_FAULT, code="R3", detail=attempt.reference)
        return {
            "numcli": self.settings["numcli"],
            "exer": str(attempt.created_at.astimezone(PARIS).year),
            "refdet": refdet,
            "montant": str(attempt.amount_cents),
            "mel": attempt.payer_email,
            "objet": protocol.objet_text(attempt.label or " ".join(attempt.invoice_numbers)),
            "saisie": self.mode,
            "urlnotif": attempt.notify_url,
            "urlredirect": attempt.return_url,
        }

    def start(self, attempt):
        params = self.start_params(attempt)
        if self.settings["variant"] == LEGACY:
            return self.legacy_start(attempt, params)
        try:
            answer = self.call(protocol.create_request(params), attempt.notify_url)
        except GatewayUnavailable as exc:
            raise PaymentStartError(UNAVAILABLE, detail=str(exc), temporary=True) from exc
        if isinstance(answer, SoapFault):
            message = START_FAULTS.get(answer.code, GENERIC_START_FAULT)
            raise PaymentStartError(message, code=answer.code, detail=answer.detail.get("libelle"))
        idop = _text(answer, "idOp")
        if not protocol.IDOP_RE.match(idop):
            raise PaymentStartError(UNAVAILABLE, detail=f"no idOp in {flatten(answer)}")
        references = {key: params[key] for key in ("numcli", "exer", "refdet")}
        return RedirectStart(
            gateway_key=idop,
            references={**references, "idop": idop},
            url=protocol.payment_page_url(
                self.endpoint("paiementws.web", attempt.notify_url), idop
            ),
        )

    # -- notification, return, status --------------------------------------------------------

    def verify_notification(self, request):
        if self.settings["variant"] == LEGACY:
            return self.legacy_verify(request)
        params = request_params(request)
        idop = params.get("idop", "")
        raw = self.redact(params)
        if not protocol.IDOP_RE.match(idop):
            return GatewayRejection(Rejection.MALFORMED, "no valid idop", raw=raw)
        return self.read_back(idop, request.host_url + "/")

    def notification_key(self, request):
        if self.settings["variant"] == LEGACY:
            refdet = request_params(request).get("refdet", "")
            return refdet if protocol.REFDET_RE.match(refdet) else None
        idop = request_params(request).get("idop", "")
        return idop if protocol.IDOP_RE.match(idop) else None

    def read_back(self, idop, base):
        """``recupererDetailPaiementSecurise`` and its checks (spec §2.5, §2.6)."""
        try:
            answer = self.call(protocol.detail_request(idop), base)
        except GatewayUnavailable as exc:
            return GatewayRejection(Rejection.GATEWAY_UNAVAILABLE, str(exc), idop)
        if isinstance(answer, SoapFault):
            return self._fault_result(idop, answer)
        detail = {name: _text(answer, name) for name in protocol.DETAIL_FIELDS}
        raw = self.redact({k: v for k, v in detail.items() if v})
        checks = [
            (detail["idOp"] != idop, Rejection.REFERENCE_MISMATCH, "idOp not echoed"),
            (
                detail["numcli"] != self.settings["numcli"],
                Rejection.ACCOUNT_MISMATCH,
                f"numcli {detail['numcli']}",
            ),
            (
                detail["saisie"] != self.mode,
                Rejection.MODE_MISMATCH,
                f"saisie {detail['saisie']}, régie {self.mode}",  # i18n: ignore (a log)
            ),
            (not detail["montant"].isdigit(), Rejection.MALFORMED, "montant"),
        ]
        for failed, reason, text in checks:
            if failed:
                return GatewayRejection(reason, text, idop, raw)
        outcome = protocol.outcome_of(detail["resultrans"])
        return GatewayResult(
            gateway_key=idop,
            outcome=outcome,
            attempt_reference=None,  # PayFiP echoes refdet, checked against the attempt
            amount_cents=int(detail["montant"]),
            currency=EURO,
            mode=detail["saisie"],
            transaction_id=idop,
            authorisation=detail["numauto"],
            paid_at=protocol.paid_at(detail["dattrans"], detail["heurtrans"])
            if outcome is Outcome.PAID
            else None,
            message=f"resultrans={detail['resultrans']}",
            references={"refdet": detail["refdet"], "numcli": detail["numcli"], "idop": idop},
            raw=raw,
        )

    def _fault_result(self, idop, fault):
        raw = {"fault": fault.code, "libelle": fault.detail.get("libelle", "")}
        if fault.code == protocol.FAULT_UNKNOWN_IDOP:
            return GatewayRejection(Rejection.UNKNOWN_ATTEMPT, "IdOp incorrect (P1)", idop, raw)
        outcome = Outcome.PENDING if fault.code == protocol.FAULT_UNKNOWN_RESULT else Outcome.ERROR
        return GatewayResult(
            gateway_key=idop,
            outcome=outcome,
            attempt_reference=None,
            amount_cents=None,
            currency=None,
            mode=self.mode,
            transaction_id=idop,
            message=f"fault {fault.code}: {fault.detail.get('libelle', '')}",
            raw=raw,
        )

    def check(self, attempt, result):
        refdet = result.references.get("refdet")
        if refdet and refdet != attempt.references.get("refdet"):
            return GatewayRejection(
                Rejection.REFERENCE_MISMATCH, f"refdet {refdet}", result.gateway_key, result.raw
            )
        return super().check(attempt, result)

    def query_status(self, attempt):
        """Read the result back, with PayFiP's waiting rules (spec §2.6)."""
        if not self.supports_status_query:
            return super().query_status(attempt)
        result = self.read_back(attempt.gateway_key, attempt.notify_url)
        age = self.now() - attempt.created_at
        if isinstance(result, GatewayRejection):
            if result.reason is Rejection.UNKNOWN_ATTEMPT and age > PAGE_VALIDITY:
                return self._expired(attempt, "P1 after the page validity")
            return result
        if result.outcome is Outcome.PENDING and age > self.attempt_lifetime:
            return self._expired(attempt, "P5 for too long")
        if result.outcome is Outcome.CANCELLED:
            decided = protocol.paid_at(result.raw.get("dattrans"), result.raw.get("heurtrans"))
            if decided is None or self.now() - decided < CANCEL_GRACE:
                return _replace_outcome(result, Outcome.PENDING)
        return result

    def _expired(self, attempt, why):
        return GatewayResult(
            gateway_key=attempt.gateway_key,
            outcome=Outcome.EXPIRED,
            attempt_reference=None,
            amount_cents=None,
            currency=None,
            mode=self.mode,
            transaction_id=attempt.gateway_key,
            message=why,
        )

    def parse_return(self, request):
        """PayFiP's return carries only the idop: show the stored state (spec §2.2-5)."""
        if self.settings["variant"] == LEGACY:
            return self.legacy_parse_return(request)
        idop = request_params(request).get("idop", "")
        return ReturnInfo(gateway_key=idop if protocol.IDOP_RE.match(idop) else None)

    def check_settings(self, base_url=None):
        """``recupererDetailClient``: the régie's names at DGFiP, or why it failed."""
        try:
            answer = self.call(protocol.client_request(self.settings["numcli"]), base_url or "")
        except GatewayUnavailable as exc:
            # The settings' check answers the operator's command: not translated.
            return SettingsCheck(False, f"PayFiP ne répond pas : {exc}")  # i18n: ignore
        if isinstance(answer, SoapFault):
            # i18n: ignore (the operator's command)
            return SettingsCheck(False, f"PayFiP refuse ce numéro client ({answer.code}).")
        names = [_text(answer, f"libelleN{n}") for n in (1, 2, 3)]
        return SettingsCheck(True, " — ".join(name for name in names if name))


def _text(node, name):
    for child in node.iter():
        if child.tag == name or child.tag.endswith(f"}}{name}"):
            return (child.text or "").strip()
    return ""


def _replace_outcome(result, outcome):
    return replace(result, outcome=outcome, message=f"{result.message} (grace period)")
