"""Parents: "Payer en ligne" → invoices to tick → "Païement" recap → "Accéder au paiement"
→ the gateway → back to the portal, where the payment's state (never the browser's
return) says what happened.

Payments are loaded by (tenant, family of the logged-in parent, id): another family's or
commune's id answers 404.
"""

import colander
from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.renderers import render_to_response
from pyramid.view import view_config

from portail_core.formatting import for_request
from portail_core.i18n import _
from portail_core.models.billing import PAYMENT_PENDING
from portail_core.models.online_payments import BROWSER_RETURN
from portail_core.payments import NoOnlinePayment, backend_for
from portail_core.payments.types import UnsupportedOperation
from portail_core.payments.web import start_response
from portail_core.schemas.payments import SelectionSchema, selection_cstruct
from portail_core.services.billing.invoices import BillingService
from portail_core.services.billing.ledger import INVOICE_STATES, PAYMENT_STATES
from portail_core.services.payments.online import (
    AttemptUrls,
    OnlinePaymentError,
    OnlinePaymentService,
    PaymentInProgress,
)
from portail_core.services.payments.results import PaymentResults, Received
from portail_core.views.billing import ICONS, family_id_of
from portail_core.views.payments.mails import send_confirmation

TEMPLATES = "portail_core:templates/payments/"


def backends(request):
    """``regie_id -> backend`` for the request's tenant."""
    return lambda regie_id: backend_for(request.registry, request.tenant, regie_id)


def service(request):
    return OnlinePaymentService(request.dbsession, request.tenant, backends(request))


def paying_regies(request):
    return [regie for regie in request.tenant.regies.values() if regie.payment]


def regie_id_of(request):
    """The régie asked in ``?regie=``, by default the first one paid online; 404 if it
    does not exist here or has no online payment."""
    regies = paying_regies(request)
    regie_id = request.params.get("regie") or (regies[0].id if regies else "")
    if regie_id not in {regie.id for regie in regies}:
        raise HTTPNotFound()
    return regie_id


def attempt_urls(request, payment):
    """Absolute return, cancel and notification URLs; the notification path names the
    tenant and the régie (spec §0.3-1) besides the host."""
    back = request.route_url("payments.return", payment_id=payment.id)
    return AttemptUrls(
        return_url=back,
        cancel_url=request.route_url(
            "payments.return", payment_id=payment.id, _query={"annulation": "1"}
        ),
        notify_url=request.route_url(
            "payments.notify",
            tenant=request.tenant.id,
            regie=payment.regie,
            backend=payment.backend,
        ),
    )


def page_values(request, **values):
    return {"icons": ICONS, "invoice_states": INVOICE_STATES, **values}


def refusal(request, exc):
    """Why a payment cannot start (a ``TranslationString``), in the reader's language."""
    return request.localizer.translate(exc.args[0]) if exc.args else ""


def choice_page(request, regie_id, selected=(), error=None):
    """ "Païement": the régie's invoices, a box (or a radio button) to tick for each."""
    choice = service(request).choice(family_id_of(request), regie_id)
    values = page_values(
        request,
        choice=choice,
        selected={str(value) for value in selected},
        error=error,
        regies=paying_regies(request),
        billing_url=request.route_url("billing.list"),
    )
    return render_to_response(TEMPLATES + "choose.pt", values, request=request)


@view_config(route_name="payments.new", request_method="GET", permission="parent")
def choose(request):
    return choice_page(request, regie_id_of(request), request.params.getall("facture"))


def _selection(request):
    """The régie and invoice ids of the request, or a French message."""
    try:
        appstruct = SelectionSchema().deserialize(selection_cstruct(request.params))
    except colander.Invalid as invalid:
        messages = invalid.asdict(translate=request.localizer.translate)
        return None, None, next(iter(messages.values()))
    return appstruct["regie"], appstruct["facture"], None


@view_config(route_name="payments.recap", request_method="GET", permission="parent")
def recap(request):
    """The recap: the invoices, the gateway, the amount, "Accéder au paiement"."""
    regie_id = regie_id_of(request)
    _, invoice_ids, error = _selection(request)
    if error:
        return choice_page(request, regie_id, request.params.getall("facture"), error)
    try:
        selection = service(request).selection(family_id_of(request), regie_id, invoice_ids)
    except OnlinePaymentError as exc:
        return choice_page(request, regie_id, invoice_ids, refusal(request, exc))
    back = request.route_url("payments.new", _query=[("regie", regie_id)] + _ticked(invoice_ids))
    values = page_values(request, selection=selection, back_url=back)
    return render_to_response(TEMPLATES + "recap.pt", values, request=request)


def _ticked(invoice_ids):
    return [("facture", str(invoice_id)) for invoice_id in invoice_ids]


@view_config(route_name="payments.start", request_method="POST", permission="parent")
def start(request):
    """ "Accéder au paiement": the pending payment is written and committed (it holds the
    invoices), then the gateway is asked to start, then the browser is sent to it."""
    regie_id, invoice_ids, error = _selection(request)
    if error or regie_id not in {regie.id for regie in paying_regies(request)}:
        error = error or request.localizer.translate(
            _("Cette régie ne propose pas le paiement en ligne.")
        )
        request.session.flash(error, "error")
        return HTTPSeeOther(request.route_url("payments.new"))
    payments = service(request)
    family = BillingService(request.dbsession, request.tenant).family(family_id_of(request))
    try:
        payment = payments.open(
            family, request.user, regie_id, invoice_ids, lambda p: attempt_urls(request, p)
        )
    except PaymentInProgress as exc:
        request.session.flash(refusal(request, exc), "info")
        if exc.payment_id:
            return HTTPSeeOther(request.route_url("payments.status", payment_id=exc.payment_id))
        return HTTPSeeOther(request.route_url("payments.new", _query={"regie": regie_id}))
    except OnlinePaymentError as exc:
        request.session.flash(refusal(request, exc), "error")
        return HTTPSeeOther(request.route_url("payments.new", _query={"regie": regie_id}))
    # Commit now: the invoices are held by a payment everyone sees before any gateway call
    # (a second click waits for this, then finds them held), and no lock outlives it.
    payment_id = payment.id
    request.tm.commit()  # the session is closed with it: its objects are detached
    request.tm.begin()
    payment = payments.payment(payment_id)
    try:
        gateway_start = payments.launch(payment, request.user, lambda p: attempt_urls(request, p))
    except OnlinePaymentError as exc:
        request.session.flash(refusal(request, exc), "error")
        query = [("regie", regie_id)] + _ticked(invoice_ids)
        return HTTPSeeOther(request.route_url("payments.recap", _query=query))
    return start_response(request, gateway_start, payments.backend(regie_id).label)


def parent_payment(request):
    payment = service(request).payment(
        int(request.matchdict["payment_id"]), family_id=family_id_of(request)
    )
    if payment is None:
        raise HTTPNotFound()
    return payment


@view_config(
    route_name="payments.return",
    request_method=("GET", "POST"),
    require_csrf=False,  # the gateway's page sends the browser here, without our token
    permission="parent",
)
def browser_return(request):
    """The browser comes back from the gateway: keep what it says in the log, ask the
    gateway where the payment stands when it can be asked, show the stored state."""
    payment = parent_payment(request)
    try:
        backend = backend_for(request.registry, request.tenant, payment.regie)
    except NoOnlinePayment:
        backend = None
    if backend is not None and backend.id == payment.backend:
        results = PaymentResults(request.dbsession, request.tenant)
        results.note_return(
            payment, backend, backend.parse_return(request), Received.of(request, BROWSER_RETURN)
        )
        if payment.state == PAYMENT_PENDING:
            try:
                verdict = results.query(payment, backend)
            except UnsupportedOperation:
                verdict = None
            if verdict is not None and verdict.validated:
                send_confirmation(request, payment)
    return HTTPSeeOther(request.route_url("payments.status", payment_id=payment.id))


@view_config(
    route_name="payments.status",
    request_method="GET",
    renderer=TEMPLATES + "status.pt",
    permission="parent",
)
def status(request):
    """Where the payment stands: validated, awaiting the bank, or refused/cancelled."""
    payment = parent_payment(request)
    regie = request.tenant.regies.get(payment.regie)
    return page_values(
        request,
        payment=payment,
        regie=regie,
        numbers=[allocation.invoice.number for allocation in payment.allocations],
        state_label=PAYMENT_STATES[payment.state],
        amount=for_request(request).money(payment.amount),
        retry_url=request.route_url("payments.new", _query={"regie": payment.regie}),
        billing_url=request.route_url("billing.list"),
    )
