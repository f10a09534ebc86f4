"""The simulator's service and pages, under ``/_simulateur/payline/``, for the tenants
that enabled ``payment_payline`` and turned ``simulator_enabled`` on for a régie."""

from pyramid.httpexceptions import HTTPBadRequest, HTTPSeeOther
from pyramid.renderers import render_to_response
from pyramid.response import Response

from portail_core.payments.http import HttpClient
from portail_core.payments.simulation import page_values, require_simulated_accounts, store_for
from portail_payment_payline.backend import PaylineBackend
from portail_payment_payline.i18n import _
from portail_payment_payline.simulator import CHOICES, PaylineSimulator

PLUGIN_ID = "payment_payline"
PREFIX = "/_simulateur/payline"
TEMPLATES = "portail_payment_payline:templates"
LABEL = "Payline"


def simulator_for(request):
    merchants = require_simulated_accounts(request, PaylineBackend.id).values()
    store = store_for(request.registry, PaylineBackend.id, request.tenant.id)
    page_url = request.route_url("payline_sim.page")
    return PaylineSimulator(merchants, store, HttpClient(), page_url)


def soap_service(request):
    """``POST /V4/services/WebPaymentAPI``: doWebPayment and getWebPaymentDetails."""
    status, text = simulator_for(request).soap("POST", dict(request.headers), request.body)
    content_type = "text/xml" if status != 401 else "text/plain"
    response = Response(text, status=status, content_type=content_type, charset="utf-8")
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Basic realm="Payline"'
    return response


def _page(request, template, status=200, **values):
    values = page_values(request, LABEL, **values)
    response = render_to_response(f"{TEMPLATES}/{template}", values, request=request)
    response.status = status
    return response


def show_page(request):
    session = simulator_for(request).get(request.GET.get("token"))
    if session is None:
        return _page(request, "error.pt", 404, message=_("Session de paiement inconnue."))
    return _page(request, "payment.pt", session=session)


def choose(request):
    """The payer's choice: notify the portal, then send the browser back to it."""
    simulator = simulator_for(request)
    session = simulator.get(request.POST.get("token"))
    choice = request.POST.get("choice")
    if session is None or choice not in CHOICES:
        raise HTTPBadRequest()
    if session.final:
        return _page(request, "error.pt", 400, message=_("Cette session de paiement est terminée."))
    simulator.choose(session, choice)
    simulator.notify(session)
    return HTTPSeeOther(simulator.browser_return(session))


def includeme(config):
    predicates = {"tenant_plugin": PLUGIN_ID}
    config.add_route("payline_sim.soap", f"{PREFIX}/V4/services/WebPaymentAPI", **predicates)
    config.add_route("payline_sim.page", f"{PREFIX}/webpayment/step2.do", **predicates)
    # The gateway's own endpoints and pages: the portal's CSRF token does not apply.
    config.add_view(
        soap_service, route_name="payline_sim.soap", request_method="POST", require_csrf=False
    )
    config.add_view(show_page, route_name="payline_sim.page", request_method="GET")
    config.add_view(
        choose, route_name="payline_sim.page", request_method="POST", require_csrf=False
    )
