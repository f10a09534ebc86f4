"""Agents: online payments with their gateway data, the messages each gateway sent (all of
them, forged or unknown ones included), and "Interroger la banque" for a pending one."""

import json

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from portail_core.i18n import _
from portail_core.models.billing import PAYMENT_PENDING, PAYMENT_REFUSED, PAYMENT_VALIDATED
from portail_core.models.types import utcnow
from portail_core.payments import NoOnlinePayment, backend_for
from portail_core.payments.types import UnsupportedOperation
from portail_core.services.billing.ledger import PAYMENT_STATES
from portail_core.services.payments.audit import STATES, PaymentAudit
from portail_core.services.payments.online import OnlinePaymentService
from portail_core.services.payments.reconciliation import Reconciliation
from portail_core.views.billing import ICONS
from portail_core.views.payments.mails import send_confirmation

TEMPLATES = "portail_core:templates/payments/"
CHANNELS = {
    "notification": _("Notification de la banque"),
    "return": _("Retour du navigateur"),
    "status_query": _("Interrogation de la banque"),
    "expiry": _("Expiration (sans résultat)"),
}
VERDICTS = {
    "processed": _("Pris en compte"),
    "duplicate": _("Déjà reçu : sans effet"),
    "unknown_attempt": _("Rejeté : paiement inconnu"),
    "invalid": _("Rejeté : message invalide"),
    "temporary_failure": _("Échec temporaire"),
}
OUTCOMES = {
    "PAID": _("payé"),
    "PENDING": _("en attente"),
    "REFUSED": _("refusé"),
    "CANCELLED": _("annulé"),
    "EXPIRED": _("expiré"),
    "ERROR": _("erreur"),
}
REASONS = {
    "malformed": _("message mal formé"),
    "bad_signature": _("signature invalide"),
    "account_mismatch": _("autre compte, commune ou régie"),
    "mode_mismatch": _("mode (test / production) différent"),
    "unknown_attempt": _("aucun paiement correspondant"),
    "reference_mismatch": _("référence différente"),
    "amount_mismatch": _("montant différent"),
    "currency_mismatch": _("devise différente"),
    "not_a_payment": _("pas un paiement"),
    "gateway_unavailable": _("la banque ne répond pas"),
}

#: what the agent is told once the bank has answered.
FLASH_STATES = {
    PAYMENT_VALIDATED: _("Paiement validé."),
    PAYMENT_REFUSED: _("Paiement refusé ou annulé."),
}


def labels(**values):
    return {
        "channels": CHANNELS,
        "verdicts": VERDICTS,
        "outcomes": OUTCOMES,
        "reasons": REASONS,
        "states": PAYMENT_STATES,
        "icons": ICONS,
        "backend_label": lambda backend_id: (backend_id or "").upper(),
        "pretty": _pretty,
        **values,
    }


def _pretty(raw):
    try:
        return json.dumps(json.loads(raw or "{}"), indent=1, ensure_ascii=False, sort_keys=True)
    except ValueError:
        return raw


@view_config(
    route_name="agents.payments.online",
    renderer=TEMPLATES + "agents_online.pt",
    permission="agent",
)
def online_payments(request):
    state = request.params.get("etat", "")
    attention = request.params.get("attention") == "1"
    payments = PaymentAudit(request.dbsession, request.tenant).online_payments(
        state=state if state in STATES else None, attention=attention
    )
    return labels(payments=payments, state=state, attention=attention, state_keys=STATES)


@view_config(
    route_name="agents.payments.messages",
    renderer=TEMPLATES + "agents_messages.pt",
    permission="agent",
)
def messages(request):
    rejected = request.params.get("rejetes") == "1"
    rows = PaymentAudit(request.dbsession, request.tenant).messages(rejected_only=rejected)
    return labels(messages=rows, rejected=rejected)


def agent_payment(request):
    payment = OnlinePaymentService(request.dbsession, request.tenant, None).payment(
        int(request.matchdict["payment_id"])
    )
    if payment is None:
        raise HTTPNotFound()
    return payment


@view_config(
    route_name="agents.payments.log",
    renderer=TEMPLATES + "agents_log.pt",
    permission="agent",
)
def payment_log(request):
    payment = agent_payment(request)
    rows = PaymentAudit(request.dbsession, request.tenant).messages_of(payment.id)
    regie = request.tenant.regies.get(payment.regie)
    return labels(payment=payment, messages=rows, regie=regie, action=_action(request, payment))


def _action(request, payment):
    """What "check" can do for a pending payment: ask the gateway, close it (its time is
    over), or nothing yet (then say when it will be closed)."""
    if payment.state != PAYMENT_PENDING:
        return None
    try:
        backend = backend_for(request.registry, request.tenant, payment.regie)
    except NoOnlinePayment:
        return {"label": _("Clore ce paiement sans résultat"), "note": ""}
    if backend.supports_status_query and payment.gateway_key:
        return {"label": _("Interroger la banque"), "note": ""}
    lifetime = int(backend.attempt_lifetime.total_seconds() // 60)
    if utcnow() - payment.created_at > backend.attempt_lifetime:
        return {"label": _("Clore ce paiement sans résultat"), "note": ""}
    note = _(
        "${backend} ne peut pas être interrogé : sans notification, ce paiement sera "
        "clos automatiquement ${minutes} minutes après son début.",
        mapping={"backend": backend.label, "minutes": lifetime},
    )
    return {"label": "", "note": note}


@view_config(route_name="agents.payments.query", request_method="POST", permission="agent")
def query(request):
    """Ask the gateway now (or expire an attempt whose time is over)."""
    payment = agent_payment(request)
    backends = _backends(request)
    reconciliation = Reconciliation(request.dbsession, request.tenant, backends)
    try:
        verdict = reconciliation.check(payment.id)
    except UnsupportedOperation:
        verdict = None
    if verdict is not None and verdict.validated:
        send_confirmation(request, payment)
    if payment.state != PAYMENT_PENDING:
        request.session.flash(
            request.localizer.translate(FLASH_STATES.get(payment.state, _("Paiement traité."))),
            "success",
        )
    elif verdict is None:
        request.session.flash(
            request.localizer.translate(
                _(
                    "La banque ne peut pas être interrogée pour ce moyen de paiement : le "
                    "paiement reste en attente de sa notification, puis sera annulé s'il n'en "
                    "reçoit pas."
                )
            ),
            "info",
        )
    else:
        request.session.flash(
            request.localizer.translate(_("La banque n'a pas encore de résultat final.")), "info"
        )
    return HTTPSeeOther(request.route_url("agents.payments.log", payment_id=payment.id))


def _backends(request):
    return lambda regie_id: backend_for(request.registry, request.tenant, regie_id)
