"""A PayFiP simulator speaking the real protocol (spec §2.9), without Pyramid.

The SOAP service registers operations (``idOp``), answers read-backs (``P5`` until the
payer chooses, ``P1`` once purged) and client look-ups; the payment page lets the payer pay
by card or direct debit, refuse, cancel or leave the page. The legacy ``paiement.web``
variant is simulated too. The web pages are in ``web``.
"""

import secrets
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlencode, urlsplit

from portail_core.calendar import PARIS
from portail_core.payments.simulation import Delivery, deliver, with_query
from portail_core.payments.soap import SoapError, SoapFault, body_content, local_name, namespace
from portail_payment_tipi import protocol
from portail_payment_tipi.i18n import _

CHOICES = {
    "card": "P",
    "debit": "V",
    "refuse_card": "R",
    "refuse_debit": "Z",
    "cancel": "A",
}
FORM_HEADERS = {"Content-Type": "application/x-www-form-urlencoded"}
MAX_MONTANT = 10_000_000


class SimulatorError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass
class Operation:
    """One registered payment (an ``idOp``), or a legacy one (keyed by refdet)."""

    idop: str
    params: dict
    legacy: bool = False
    resultrans: str = ""
    numauto: str = ""
    decided_at: datetime | None = None
    purged: bool = False
    deliveries: list[Delivery] = field(default_factory=list)

    @property
    def amount_cents(self):
        return int(self.params["montant"])

    def detail(self):
        """The ``return`` children of ``recupererDetailPaiementSecurise`` (absent omitted)."""
        when = self.decided_at.astimezone(PARIS)
        values = {
            **{
                name: self.params.get(name, "")
                for name in ("exer", "mel", "montant", "numcli", "objet", "refdet", "saisie")
            },
            "dattrans": when.strftime("%d%m%Y"),
            "heurtrans": when.strftime("%H%M"),
            "idOp": self.idop,
            "numauto": self.numauto,
            "resultrans": self.resultrans,
        }
        return [(name, values[name]) for name in protocol.DETAIL_FIELDS if values[name]]


def _fault(code, libelle):
    return 500, protocol.fault_envelope(code, libelle)


class PayfipSimulator:
    """The simulated PayFiP for a set of régies (by ``numcli``), state in ``store``."""

    def __init__(self, accounts, store, http, clock=None):
        self.accounts = {account["numcli"]: account for account in accounts}
        self.store = store
        self.http = http
        self.clock = clock or (lambda: datetime.now(UTC))

    # -- SOAP ---------------------------------------------------------------------------

    def soap(self, method, headers, body):
        """Answer one SOAP request: ``(HTTP status, XML text)``."""
        try:
            content = body_content(body)
        except SoapError as exc:
            return _fault("TechProtocolaireErreur", str(exc))
        if isinstance(content, SoapFault) or namespace(content.tag) != protocol.NS:
            return _fault("TechProtocolaireErreur", _("Espace de noms inattendu"))
        arg0 = next((c for c in content if c.tag == "arg0"), None)
        if arg0 is None:
            return _fault("TechProtocolaireErreur", "arg0 absent")
        args = {child.tag: (child.text or "").strip() for child in arg0}
        handler = {
            protocol.CREATE: self.create,
            protocol.DETAIL: self.read,
            protocol.CLIENT: self.client,
        }.get(local_name(content.tag))
        if handler is None:
            return _fault("TechProtocolaireErreur", _("Opération inconnue"))
        return handler(args)

    def validation_fault(self, args):
        """The fault code and label of the first bad field of a payment, or ``None``."""
        montant = args.get("montant", "")
        checks = [
            (args.get("numcli") not in self.accounts, "T1", _("Numéro client inconnu.")),
            (
                not protocol.REFDET_RE.match(args.get("refdet", "")),
                "R3",
                _("Le format du paramètre REFDET n'est pas conforme"),
            ),
            (not montant.isdigit(), "M1", _("Le format du montant n'est pas conforme.")),
            (montant.isdigit() and int(montant) < 100, "M3", _("Montant inférieur au minimum.")),
            (montant.isdigit() and int(montant) > MAX_MONTANT, "M5", _("Montant trop élevé.")),
            (not args.get("mel"), "A1", _("Adresse mél absente.")),
            (
                args.get("mel") and not protocol.MEL_RE.match(args["mel"]),
                "A2",
                _("Adresse mél incorrecte."),
            ),
            (len(args.get("objet", "")) > 100, "O1", _("Objet trop long.")),
            (
                args.get("saisie") not in protocol.MODES + protocol.LEGACY_MODES,
                "S1",
                _("Mode de saisie incorrect."),
            ),
        ]
        return next(((code, label) for failed, code, label in checks if failed), None)

    def create(self, args):
        fault = self.validation_fault(args)
        if fault is None and not _absolute(args.get("urlnotif", "")):
            fault = ("N1", _("URL de notification incorrecte."))
        if fault is None and not _absolute(args.get("urlredirect", "")):
            fault = ("D1", _("URL de redirection incorrecte."))
        if fault:
            return _fault(*fault)
        operation = Operation(str(uuid.uuid4()), dict(args))
        self.store.put(operation.idop, operation)
        return 200, protocol.response_envelope(protocol.CREATE, [("idOp", operation.idop)])

    def read(self, args):
        operation = self.get(args.get("idOp", ""))
        if operation is None or operation.purged:
            return _fault(protocol.FAULT_UNKNOWN_IDOP, _("IdOp incorrect."))
        if not operation.resultrans:
            return _fault(protocol.FAULT_UNKNOWN_RESULT, _("Résultat de la transaction non connu."))
        return 200, protocol.response_envelope(protocol.DETAIL, operation.detail())

    def client(self, args):
        account = self.accounts.get(args.get("numCli", ""))
        if account is None:
            return _fault("T1", _("Numéro client inconnu."))
        names = [
            ("libelleN1", "REGIE SIMULEE"),
            ("libelleN2", account.get("label", "PAYFIP")),
            ("libelleN3", ""),
            ("numcli", account["numcli"]),
        ]
        return 200, protocol.response_envelope(protocol.CLIENT, [(k, v) for k, v in names if v])

    # -- the payer's side --------------------------------------------------------------------

    def get(self, idop):
        operation = self.store.get(idop)
        return operation if isinstance(operation, Operation) else None

    def open_legacy(self, params):
        """``GET paiement.web``: an unsigned payment described in the URL (spec §2.7)."""
        fault = self.validation_fault(params)
        if fault is None and not _absolute(params.get("urlcl", "")):
            fault = ("U1", _("URL de retour incorrecte."))
        if fault:
            raise SimulatorError(f"{fault[1]} ({fault[0]})")
        operation = Operation(f"legacy-{secrets.token_hex(8)}", dict(params), legacy=True)
        return self.store.put(operation.idop, operation)

    def choose(self, operation, choice):
        if operation.resultrans or operation.purged:
            raise SimulatorError(_("Cette opération est terminée."))
        operation.resultrans = CHOICES[choice]
        if operation.resultrans in ("P", "V"):
            operation.numauto = secrets.token_hex(3).upper()
        operation.decided_at = self.clock()
        return operation

    def legacy_result(self, operation):
        when = operation.decided_at.astimezone(PARIS)
        values = {
            name: operation.params.get(name, "")
            for name in ("numcli", "exer", "refdet", "objet", "montant", "mel", "saisie")
        }
        values.update(
            resultrans=operation.resultrans,
            numauto=operation.numauto,
            dattrans=when.strftime("%d%m%Y"),
            heurtrans=when.strftime("%H%M"),
        )
        return values

    def notify(self, operation):
        """Tell the portal: POST ``idop`` to urlnotif, or call urlcl (legacy), over HTTP."""
        if operation.legacy:
            url = with_query(operation.params["urlcl"], self.legacy_result(operation))
            delivery = deliver(self.http, "GET", url)
        else:
            body = urlencode({"idop": operation.idop})
            delivery = deliver(self.http, "POST", operation.params["urlnotif"], body, FORM_HEADERS)
        operation.deliveries.append(delivery)
        return delivery

    def browser_return(self, operation):
        if operation.legacy:
            return with_query(operation.params["urlcl"], self.legacy_result(operation))
        return with_query(operation.params["urlredirect"], {"idop": operation.idop})


def _absolute(url):
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)
