"""The simulator's service and pages, under ``/_simulateur/tipi/tpa/``, for the tenants
that enabled ``payment_tipi`` and turned ``simulator_enabled`` on for a régie."""

from pyramid.httpexceptions import HTTPBadRequest, HTTPNotFound, HTTPSeeOther
from pyramid.renderers import render_to_response
from pyramid.response import Response

from portail_core.payments.http import HttpClient
from portail_core.payments.simulation import page_values, require_simulated_accounts, store_for
from portail_payment_tipi.backend import TipiBackend
from portail_payment_tipi.i18n import _
from portail_payment_tipi.simulator import CHOICES, PayfipSimulator, SimulatorError

PLUGIN_ID = "payment_tipi"
PREFIX = "/_simulateur/tipi/tpa"
TEMPLATES = "portail_payment_tipi:templates"
LABEL = "PayFiP"


def simulator_for(request):
    accounts = require_simulated_accounts(request, TipiBackend.id).values()
    store = store_for(request.registry, TipiBackend.id, request.tenant.id)
    return PayfipSimulator(accounts, store, HttpClient())


def _error_page(request, message, status=400):
    values = page_values(request, LABEL, message=message)
    response = render_to_response(f"{TEMPLATES}/error.pt", values, request=request)
    response.status = status
    return response


def soap_service(request):
    """``POST tpa/services/securite``: creerPaiementSecurise, recupererDetail…"""
    status, text = simulator_for(request).soap("POST", dict(request.headers), request.body)
    return Response(text, status=status, content_type="text/xml", charset="utf-8")


def _operation(request, simulator, idop):
    operation = simulator.get(idop or "")
    if operation is None or operation.purged:
        return None
    return operation


def show_page(request):
    simulator = simulator_for(request)
    operation = _operation(request, simulator, request.GET.get("idop"))
    if operation is None:
        return _error_page(request, _("Opération inconnue ou expirée."), 404)
    values = page_values(request, LABEL, operation=operation)
    return render_to_response(f"{TEMPLATES}/payment.pt", values, request=request)


def open_legacy(request):
    """``GET tpa/paiement.web?numcli=…``: the legacy, unsigned entry point."""
    simulator = simulator_for(request)
    try:
        operation = simulator.open_legacy(dict(request.GET))
    except SimulatorError as error:
        return _error_page(request, error.message)
    return HTTPSeeOther(request.route_url("tipi_sim.page", _query={"idop": operation.idop}))


def choose(request):
    """The payer's choice: notify the portal, then send the browser back to it."""
    simulator = simulator_for(request)
    operation = _operation(request, simulator, request.POST.get("idop"))
    if operation is None:
        raise HTTPNotFound()
    choice = request.POST.get("choice")
    if choice == "pending":  # the payer leaves: no result, the service keeps answering P5
        return HTTPSeeOther(simulator.browser_return(operation))
    if choice not in CHOICES:
        raise HTTPBadRequest()
    try:
        simulator.choose(operation, choice)
    except SimulatorError as error:
        return _error_page(request, error.message)
    simulator.notify(operation)
    return HTTPSeeOther(simulator.browser_return(operation))


def purge(request):
    """Forget an operation, as DGFiP's nightly clean-up: the service then answers P1."""
    simulator = simulator_for(request)
    operation = _operation(request, simulator, request.POST.get("idop"))
    if operation is None:
        raise HTTPNotFound()
    operation.purged = True
    return Response("purged", content_type="text/plain")


def includeme(config):
    predicates = {"tenant_plugin": PLUGIN_ID}
    config.add_route("tipi_sim.soap", f"{PREFIX}/services/securite", **predicates)
    config.add_route("tipi_sim.page", f"{PREFIX}/paiementws.web", **predicates)
    config.add_route("tipi_sim.legacy", f"{PREFIX}/paiement.web", **predicates)
    config.add_route("tipi_sim.purge", f"{PREFIX}/purge", **predicates)
    # The gateway's own endpoints and pages: the portal's CSRF token does not apply.
    config.add_view(
        soap_service, route_name="tipi_sim.soap", request_method="POST", require_csrf=False
    )
    config.add_view(show_page, route_name="tipi_sim.page", request_method="GET")
    config.add_view(choose, route_name="tipi_sim.page", request_method="POST", require_csrf=False)
    config.add_view(open_legacy, route_name="tipi_sim.legacy", request_method="GET")
    config.add_view(purge, route_name="tipi_sim.purge", request_method="POST", require_csrf=False)
