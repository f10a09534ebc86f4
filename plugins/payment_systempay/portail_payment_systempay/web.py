"""The simulator's pages, served under ``/_simulateur/systempay/`` to the tenants that
enabled ``payment_systempay`` and turned ``simulator_enabled`` on for a régie."""

from pyramid.httpexceptions import HTTPBadRequest, HTTPNotFound, HTTPSeeOther
from pyramid.renderers import render_to_response

from portail_core.payments.http import HttpClient
from portail_core.payments.simulation import (
    page_values,
    require_simulated_accounts,
    store_for,
    with_query,
)
from portail_payment_systempay import protocol
from portail_payment_systempay.backend import SystempayBackend
from portail_payment_systempay.i18n import _
from portail_payment_systempay.simulator import CHOICES, SimulatorError, SystempaySimulator

PLUGIN_ID = "payment_systempay"
PREFIX = "/_simulateur/systempay"
TEMPLATES = "portail_payment_systempay:templates"
LABEL = "Systempay"


def simulator_for(request):
    shops = require_simulated_accounts(request, SystempayBackend.id).values()
    store = store_for(request.registry, SystempayBackend.id, request.tenant.id)
    return SystempaySimulator(shops, store, HttpClient())


def _error_page(request, error):
    values = page_values(request, LABEL, error=error)
    response = render_to_response(f"{TEMPLATES}/error.pt", values, request=request)
    response.status = 400
    return response


def receive_form(request):
    """``POST /vads-payment/``: the portal's signed form, as the real gateway receives it."""
    simulator = simulator_for(request)
    try:
        fields = protocol.parse_form(request.body)
        payment = simulator.receive(fields)
    except (ValueError, UnicodeDecodeError):
        return _error_page(request, SimulatorError(_("Formulaire illisible.")))
    except SimulatorError as error:
        return _error_page(request, error)
    return HTTPSeeOther(request.route_url("systempay_sim.page", token=payment.token))


def _payment(request, simulator):
    payment = simulator.get(request.matchdict["token"])
    if payment is None:
        raise HTTPNotFound()
    return payment


def show_page(request):
    simulator = simulator_for(request)
    payment = _payment(request, simulator)
    return page_values(request, LABEL, payment=payment, fields=payment.request)


def choose(request):
    """The payer's choice: notify the portal server-to-server, then send the browser back."""
    simulator = simulator_for(request)
    payment = _payment(request, simulator)
    choice = request.POST.get("choice")
    if choice not in CHOICES:
        raise HTTPBadRequest()
    source = "BATCH" if payment.choice == "pending" else "PAY"
    try:
        simulator.choose(payment, choice)
    except SimulatorError as error:
        return _error_page(request, error)
    simulator.notify(payment, source)
    method, url, fields = simulator.browser_return(payment)
    if method == "POST":
        values = page_values(request, LABEL, url=url, fields=sorted(fields.items()))
        return render_to_response(f"{TEMPLATES}/return.pt", values, request=request)
    return HTTPSeeOther(with_query(url, fields))


def resend(request):
    """Send the IPN again (``src=RETRY`` or ``BO``), as the back office does; for tests."""
    simulator = simulator_for(request)
    payment = _payment(request, simulator)
    source = request.POST.get("src", "BO")
    if payment.choice is None or source not in ("RETRY", "BO"):
        raise HTTPBadRequest()
    delivery = simulator.notify(payment, source)
    request.response.content_type = "text/plain"
    request.response.text = f"{delivery.status} {delivery.answer or delivery.error}"
    return request.response


def includeme(config):
    predicates = {"tenant_plugin": PLUGIN_ID}
    config.add_route("systempay_sim.form", f"{PREFIX}/vads-payment/", **predicates)
    config.add_route("systempay_sim.page", f"{PREFIX}/paiement/{{token}}", **predicates)
    config.add_route("systempay_sim.resend", f"{PREFIX}/paiement/{{token}}/ipn", **predicates)
    # Gateway pages, not portal forms: the portal's CSRF token does not apply here.
    config.add_view(
        receive_form, route_name="systempay_sim.form", request_method="POST", require_csrf=False
    )
    config.add_view(
        show_page,
        route_name="systempay_sim.page",
        request_method="GET",
        renderer=f"{TEMPLATES}/payment.pt",
    )
    config.add_view(
        choose, route_name="systempay_sim.page", request_method="POST", require_csrf=False
    )
    config.add_view(
        resend, route_name="systempay_sim.resend", request_method="POST", require_csrf=False
    )
