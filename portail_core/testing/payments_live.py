"""Real-HTTP round trips between a backend and its simulator, for plugin tests.

``payment_portal`` serves the application with waitress on a free port, with a throw-away
plugin (:class:`NotificationRecorder`) standing for the portal's notification and return
endpoints: it verifies each message with the régie's backend and records the result.
The simulator, served by the same application, reaches it over real HTTP.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

import pytest
from pyramid.response import Response
from waitress import wasyncore

from portail_core import hookimpl
from portail_core.payments import backend_for
from portail_core.payments.http import HttpClient
from portail_core.payments.types import GatewayRejection, PaymentAttempt, ResponseKind
from portail_core.payments.web import start_response
from portail_core.testing.browser import LiveServer
from portail_core.testing.payments import attach

PREFIX = "/_test-paiement"


class NotificationRecorder:
    """Plugin for tests: ``/_test-paiement/notification/<regie>`` verifies and records."""

    def __init__(self):
        self.notifications = []
        self.returns = []
        self.starts = []

    def depart(self, request):
        """``/_test-paiement/depart/<regie>?montant=4250``: start an attempt as the core
        will, and send the browser to the gateway (:func:`start_response`)."""
        regie_id = request.matchdict["regie"]
        backend = backend_for(request.registry, request.tenant, regie_id)
        number = len(self.starts) + 1
        base = f"{request.application_url}{PREFIX}"
        attempt = PaymentAttempt(
            reference=f"PAY-TEST-{number:06d}",
            number=number,
            amount_cents=int(request.GET.get("montant", "4250")),
            tenant_id=request.tenant.id,
            regie_id=regie_id,
            mode=backend.mode,
            payer_email="parent@example.org",
            label="Factures de test",
            return_url=f"{base}/retour/{regie_id}",
            cancel_url=f"{base}/retour/{regie_id}?annulation=1",
            notify_url=f"{base}/notification/{regie_id}",
        )
        start = backend.start(attempt)
        self.starts.append((attach(attempt, start), start))
        return start_response(request, start, backend.label)

    def notify(self, request):
        regie_id = request.matchdict["regie"]
        backend = backend_for(request.registry, request.tenant, regie_id)
        result = backend.verify_notification(request)
        self.notifications.append((request.tenant.id, regie_id, result))
        if isinstance(result, GatewayRejection):
            kind = ResponseKind.TEMPORARY_FAILURE if result.temporary else ResponseKind.INVALID
        else:
            kind = ResponseKind.PROCESSED
        answer = backend.notification_response(kind)
        return Response(answer.body, status=answer.status, content_type=answer.content_type)

    def browser_return(self, request):
        regie_id = request.matchdict["regie"]
        backend = backend_for(request.registry, request.tenant, regie_id)
        self.returns.append(backend.parse_return(request))
        return Response(f"Retour du paiement : {self.returns[-1]}", content_type="text/plain")

    @hookimpl
    def portail_pyramid_configure(self, config):
        config.add_route("test_payments.depart", f"{PREFIX}/depart/{{regie}}")
        config.add_view(self.depart, route_name="test_payments.depart")
        config.add_route("test_payments.notify", f"{PREFIX}/notification/{{regie}}")
        config.add_route("test_payments.return", f"{PREFIX}/retour/{{regie}}")
        config.add_view(self.notify, route_name="test_payments.notify", require_csrf=False)
        config.add_view(self.browser_return, route_name="test_payments.return", require_csrf=False)


@dataclass
class LivePortal:
    """The application served over HTTP, its recorder, and a plain HTTP client."""

    app: object
    server: LiveServer
    recorder: NotificationRecorder
    http: HttpClient = field(default_factory=HttpClient)

    def url(self, tenant_id, path):
        tenant = self.app.registry.tenants.get(tenant_id)
        return self.server.url(tenant.hosts[0], path)

    def backend(self, tenant_id, regie_id):
        return backend_for(self.app.registry, self.app.registry.tenants.get(tenant_id), regie_id)

    def attempt_urls(self, tenant_id, regie_id):
        """``return_url``, ``cancel_url`` and ``notify_url`` of an attempt, on this server."""
        return {
            "return_url": self.url(tenant_id, f"{PREFIX}/retour/{regie_id}"),
            "cancel_url": self.url(tenant_id, f"{PREFIX}/retour/{regie_id}?annulation=1"),
            "notify_url": self.url(tenant_id, f"{PREFIX}/notification/{regie_id}"),
        }

    def post_form(self, url, fields):
        body = urlencode(list(fields))
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        return self.http.post(url, body, headers)


@pytest.fixture
def payment_portal(make_app, tenants_dir):
    """``payment_portal({"balaruc.toml": edit})``: serve the app over HTTP after applying
    ``edit(text) -> text`` to tenant files; returns a :class:`LivePortal`.

    ``plugins``: ``(plugin_id, module)`` pairs to register besides the installed ones
    (a plugin under development that is not pip-installed yet)."""
    servers = []

    def factory(edits, plugins=()):
        for name, edit in edits.items():
            path = tenants_dir / name
            path.write_text(edit(path.read_text()))
        recorder = NotificationRecorder()
        app = make_app(
            **{
                "portail.tenants_dir": str(tenants_dir),
                "portail.extra_plugin_objects": [*plugins, ("test_payments", recorder)],
            }
        )
        server = LiveServer(app)
        servers.append(server)
        return LivePortal(app, server, recorder)

    yield factory
    for server in servers:
        stop(server)


def stop(live):
    """Stop a :class:`LiveServer` from inside its own loop thread, so that no ``select`` is
    left waiting on a closed socket, then wait for its workers."""
    server = live.server
    try:
        server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))
    except OSError:
        # The trigger's pipe is already closed (the loop closed it on its way out, or a
        # late channel close of a previous server hit a reused descriptor): nothing is
        # left to wake, so close what remains from here.
        wasyncore.close_all(server._map, ignore_all=True)
    live.thread.join(timeout=10)
    server.task_dispatcher.shutdown()
