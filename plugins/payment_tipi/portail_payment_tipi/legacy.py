"""Legacy PayFiP Régie (``paiement.web``, spec §2.7): parameters in the browser's URL and a
result sent back to ``urlcl`` as plain, unsigned parameters.

Only for a régie whose adhesion is not web-service: nothing is signed, so the core's
checks (client number, reference, amount, mode against the stored attempt) are all that
protects it. ``urlcl`` is the attempt's notification URL; the browser comes back there too.
"""

from urllib.parse import parse_qsl

from portail_core.payments.types import (
    EURO,
    GatewayRejection,
    GatewayResult,
    Outcome,
    RedirectStart,
    Rejection,
    ReturnInfo,
)
from portail_payment_tipi import protocol

# Our modes → the legacy service's saisie values (production is "A" there, not "W").
LEGACY_SAISIE = {"T": "T", "X": "X", "W": "A"}
REQUIRED = ("numcli", "refdet", "montant", "saisie", "resultrans")


def request_params(request):
    """Query and form parameters, names lower-cased (``idop`` or ``idOp``, GET or POST)."""
    pairs = parse_qsl(request.query_string, keep_blank_values=True)
    if request.method == "POST" and request.content_type == "application/x-www-form-urlencoded":
        pairs += parse_qsl(request.body.decode("utf-8", "replace"), keep_blank_values=True)
    return {name.lower(): value for name, value in pairs}


class LegacyMixin:
    """The legacy variant's start, callback and return, for :class:`TipiBackend`."""

    def legacy_start(self, attempt, params):
        values = {
            **params,
            "saisie": LEGACY_SAISIE[self.mode],
            "urlcl": attempt.notify_url,
        }
        base = self.endpoint("paiement.web", attempt.notify_url)
        return RedirectStart(
            gateway_key=params["refdet"],
            references={key: params[key] for key in ("numcli", "exer", "refdet")},
            url=protocol.legacy_url(base, values),
        )

    def legacy_verify(self, request):
        """Read an ``urlcl`` callback (TP-2). Unsigned: check what can be checked here."""
        params = request_params(request)
        raw = self.redact(params)
        missing = [name for name in REQUIRED if not params.get(name)]
        checks = [
            (missing, Rejection.MALFORMED, f"missing {', '.join(missing)}"),
            (
                params.get("numcli") != self.settings["numcli"],
                Rejection.ACCOUNT_MISMATCH,
                f"numcli {params.get('numcli')}",
            ),
            (
                params.get("saisie") != LEGACY_SAISIE[self.mode],
                Rejection.MODE_MISMATCH,
                f"saisie {params.get('saisie')}",
            ),
            (not params.get("montant", "").isdigit(), Rejection.MALFORMED, "montant"),
            (not protocol.REFDET_RE.match(params.get("refdet", "")), Rejection.MALFORMED, "refdet"),
        ]
        for failed, reason, detail in checks:
            if failed:
                return GatewayRejection(reason, detail, params.get("refdet", ""), raw)
        outcome = protocol.outcome_of(params["resultrans"])
        return GatewayResult(
            gateway_key=params["refdet"],
            outcome=outcome,
            attempt_reference=None,
            amount_cents=int(params["montant"]),
            currency=EURO,
            mode=self.mode,
            transaction_id=params["refdet"],
            authorisation=params.get("numauto", ""),
            paid_at=protocol.paid_at(params.get("dattrans"), params.get("heurtrans"))
            if outcome is Outcome.PAID
            else None,
            message=f"resultrans={params['resultrans']} (unsigned legacy callback)",
            references={"refdet": params["refdet"], "numcli": params["numcli"]},
            raw=raw,
        )

    def legacy_parse_return(self, request):
        result = self.legacy_verify(request)
        if isinstance(result, GatewayRejection):
            return ReturnInfo(gateway_key=None)
        return ReturnInfo(gateway_key=result.gateway_key, outcome=result.outcome)
