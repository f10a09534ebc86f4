"""The gateways' server-to-server notifications: ``/paiement/notification/<tenant>/<regie>/
<backend>`` (spec §0.3). No session and no CSRF token: the backend authenticates the
message (signature, or a read-back with the régie's own credentials) and the core applies
it once, whatever the number of deliveries.
"""

import logging

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.response import Response
from pyramid.view import view_config

from portail_core.payments import backend_for
from portail_core.services.payments.results import PaymentResults
from portail_core.views.payments.mails import send_confirmation

log = logging.getLogger(__name__)


def _backend(request):
    """The backend the URL names, if it really serves that régie of this tenant."""
    tenant = request.tenant
    regie = tenant.regies.get(request.matchdict["regie"])
    if (
        request.matchdict["tenant"] != tenant.id
        or regie is None
        or regie.payment != request.matchdict["backend"]
    ):
        log.warning(
            "payment notification to a wrong URL: host %s, path %s, from %s",
            request.host,
            request.path,
            request.client_addr,
        )
        raise HTTPNotFound()
    return regie.id, backend_for(request.registry, tenant, regie.id)


def _from_a_browser(request):
    """Legacy PayFiP sends the parent's browser to the same URL (``urlcl``)."""
    return request.method == "GET" and "text/html" in request.headers.get("Accept", "")


@view_config(route_name="payments.notify", request_method=("GET", "POST"), require_csrf=False)
def notify(request):
    regie_id, backend = _backend(request)
    verdict = PaymentResults(request.dbsession, request.tenant).receive_notification(
        regie_id, backend, request
    )
    if verdict.validated:
        send_confirmation(request, verdict.payment)
    if _from_a_browser(request) and verdict.payment is not None:
        return HTTPSeeOther(request.route_url("payments.status", payment_id=verdict.payment.id))
    answer = backend.notification_response(verdict.kind)
    return Response(
        answer.body, status=answer.status, content_type=answer.content_type, charset="utf-8"
    )
