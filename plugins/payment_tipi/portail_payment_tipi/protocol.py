"""The PayFiP Régie protocol (spec §2): SOAP envelopes of the web service, the legacy URL
and callback, result codes and text formats. Shared by the backend and the simulator."""

import re
import unicodedata
from datetime import datetime
from urllib.parse import urlencode

from portail_core.calendar import PARIS
from portail_core.payments.soap import SOAP_ENV, XML_DECLARATION, element
from portail_core.payments.types import Outcome

NS = (
    "http://securite.service.tpa.cp.finances.gouv.fr/services/mas_securite/"
    "contrat_paiement_securise/PaiementSecuriseService"
)
MODES = ("T", "X", "W")  # test, activation, production
LEGACY_MODES = ("T", "X", "A", "M")
HEADERS = {"SOAPAction": '""', "Content-Type": "text/xml; charset=utf-8"}

CREATE = "creerPaiementSecurise"
DETAIL = "recupererDetailPaiementSecurise"
CLIENT = "recupererDetailClient"
CREATE_FIELDS = (
    "exer",
    "mel",
    "montant",
    "numcli",
    "objet",
    "refdet",
    "saisie",
    "urlnotif",
    "urlredirect",
)
DETAIL_FIELDS = (
    "dattrans",
    "exer",
    "heurtrans",
    "idOp",
    "mel",
    "montant",
    "numauto",
    "numcli",
    "objet",
    "refdet",
    "resultrans",
    "saisie",
)
LEGACY_FIELDS = ("numcli", "refdet", "montant", "mel", "saisie", "exer", "objet", "urlcl")

RESULT_OUTCOMES = {
    "P": Outcome.PAID,  # card
    "V": Outcome.PAID,  # SEPA direct debit accepted
    "R": Outcome.REFUSED,  # card refused
    "Z": Outcome.REFUSED,  # direct debit refused
    "A": Outcome.CANCELLED,  # abandoned by the payer
}
FAULT_UNKNOWN_RESULT = "P5"  # "Résultat de la transaction non connu"
FAULT_UNKNOWN_IDOP = "P1"  # "IdOp incorrect"
FUNCTIONAL_FAULT = "fr.gouv.finances.cp.tpa.webservice.exceptions.FonctionnelleErreur"

REFDET_RE = re.compile(r"^[A-Za-z0-9]{6,30}$")
NUMCLI_RE = re.compile(r"^\d{6}$")
MEL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
IDOP_RE = re.compile(r"^[A-Za-z0-9-]{1,64}$")


def request_envelope(operation, children):
    """A request: the operation element qualified, ``arg0`` and below unqualified."""
    arg0 = element("arg0", [element(name, value) for name, value in children])
    operation_element = element(f"ns0:{operation}", [arg0], {"xmlns:ns0": NS})
    body = element("soap-env:Body", [operation_element])
    return XML_DECLARATION + element("soap-env:Envelope", [body], {"xmlns:soap-env": SOAP_ENV})


def create_request(params):
    """``creerPaiementSecurise`` with the nine fields in the WSDL's order (PF-1)."""
    return request_envelope(CREATE, [(name, params[name]) for name in CREATE_FIELDS])


def detail_request(idop):
    return request_envelope(DETAIL, [("idOp", idop)])


def client_request(numcli):
    return request_envelope(CLIENT, [("numCli", numcli)])


def response_envelope(operation, children):
    """A response as the service writes it (PF-1/PF-2 replies); used by the simulator."""
    ret = element("return", [element(name, value) for name, value in children])
    content = element(f"ns2:{operation}Response", [ret], {"xmlns:ns2": NS})
    return element("S:Envelope", [element("S:Body", [content])], {"xmlns:S": SOAP_ENV})


def fault_envelope(code, libelle, descriptif=""):
    """A functional fault (PF-3), answered with HTTP 500."""
    detail = element(
        "ns2:FonctionnelleErreur",
        [
            element("code", code),
            element("descriptif", descriptif or None),
            element("libelle", libelle),
            element("severite", "2"),
        ],
        {"xmlns:ns2": NS},
    )
    fault = element(
        "S:Fault",
        [
            element("faultcode", "S:Server"),
            element("faultstring", FUNCTIONAL_FAULT),
            element("detail", [detail]),
        ],
    )
    return element("S:Envelope", [element("S:Body", [fault])], {"xmlns:S": SOAP_ENV})


def payment_page_url(base, idop):
    return f"{base}?{urlencode({'idop': idop})}"


def legacy_url(base, params):
    """The legacy ``paiement.web`` URL with its parameters in TP-1's order."""
    return f"{base}?{urlencode([(name, params[name]) for name in LEGACY_FIELDS])}"


def outcome_of(resultrans):
    return RESULT_OUTCOMES.get(resultrans, Outcome.ERROR)


def paid_at(dattrans, heurtrans):
    """``DDMMYYYY`` + ``HHMM`` in Europe/Paris as an aware datetime, or ``None``."""
    try:
        moment = datetime.strptime(f"{dattrans}{heurtrans}", "%d%m%Y%H%M")
    except ValueError:
        return None
    return moment.replace(tzinfo=PARIS)


def refdet_for(reference):
    """Our attempt reference as a refdet: letters and digits only, upper case (6–30)."""
    refdet = re.sub(r"[^A-Za-z0-9]", "", reference).upper()
    return refdet if REFDET_RE.match(refdet) else None


def objet_text(label):
    """A label PayFiP accepts: ASCII letters, digits and spaces, at most 100 characters."""
    ascii_text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^A-Za-z0-9]", " ", ascii_text).split())[:100].strip()
