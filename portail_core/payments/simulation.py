"""What the gateway simulators of the payment plugins share.

A simulator plays the gateway for the demo and the tests: its payment page is served by
the portal itself (under the plugin's route prefix, for tenants that enabled the plugin and
turned ``simulator_enabled`` on for a régie), and its notifications reach the portal over
real HTTP. Its state lives in memory, per tenant: a simulator is not a bank.
"""

import secrets
import threading
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from pyramid.httpexceptions import HTTPNotFound
from pyramid.renderers import get_renderer

from portail_core.payments.http import GatewayUnavailable, HttpResponse

SIMULATOR_LAYOUT = "portail_core:templates/payments/simulator.pt"


class SimulatorStore:
    """A thread-safe in-memory table of simulated sessions, keyed by an opaque id."""

    def __init__(self):
        self._lock = threading.Lock()
        self._items = {}

    def put(self, key, value):
        with self._lock:
            self._items[key] = value
        return value

    def get(self, key):
        with self._lock:
            return self._items.get(key)

    def add_unique(self, key, value):
        """Store ``value`` unless ``key`` is taken; return whether it was stored."""
        with self._lock:
            if key in self._items:
                return False
            self._items[key] = value
            return True

    def values(self):
        with self._lock:
            return list(self._items.values())


_STORE_LOCK = threading.Lock()


def store_for(registry, backend_id, tenant_id):
    """The simulator store of one backend for one tenant, kept on the Pyramid registry."""
    key = f"portail.simulator.{backend_id}.{tenant_id}"
    with _STORE_LOCK:
        store = registry.get(key)
        if store is None:
            store = registry[key] = SimulatorStore()
    return store


def new_token(length=32):
    """An unguessable identifier for a simulated session (letters and digits)."""
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    return "".join(secrets.choice(alphabet) for _ in range(length))


def simulated_accounts(tenant, backend_id):
    """``{regie_id: settings}`` of the tenant's régies served by the simulator of
    ``backend_id`` (the régie chose that backend and set ``simulator_enabled``)."""
    return {
        regie.id: regie.payment_settings
        for regie in tenant.regies.values()
        if regie.payment == backend_id and regie.payment_settings.get("simulator_enabled")
    }


def require_simulated_accounts(request, backend_id):
    """The simulated accounts of the request's tenant, or 404 when there are none."""
    accounts = simulated_accounts(request.tenant, backend_id)
    if not accounts:
        raise HTTPNotFound()
    return accounts


@dataclass
class Delivery:
    """One notification sent by a simulator, and what the portal answered."""

    method: str
    url: str
    body: str
    status: int | None = None
    answer: str = ""
    error: str = ""


def deliver(http, method, url, body="", headers=None):
    """Send a notification the way the gateway does, and record the outcome."""
    delivery = Delivery(method, url, body)
    try:
        response = http.request(method, url, body=body, headers=headers)
    except GatewayUnavailable as exc:
        delivery.error = str(exc)
        return delivery
    delivery.status = response.status
    delivery.answer = response.text[:200]
    return delivery


class InProcessHttp:
    """An HTTP client double that answers from in-process handlers instead of the network.

    ``routes`` maps a URL path suffix (``/tpa/services/securite``) to a callable
    ``handler(method, headers, body) -> (status, text)``. An unknown URL raises
    :class:`GatewayUnavailable`, as a gateway that does not answer. ``calls`` records every
    request (method, url, headers, body) for assertions.
    """

    def __init__(self, routes=None):
        self.routes = dict(routes or {})
        self.calls = []

    def request(self, method, url, body=b"", headers=None):
        if isinstance(body, bytes):
            body = body.decode("utf-8")
        headers = dict(headers or {})
        self.calls.append((method, url, headers, body))
        path = urlsplit(url).path
        for suffix, handler in self.routes.items():
            if path.endswith(suffix):
                status, text = handler(method, headers, body)
                return HttpResponse(status, text.encode("utf-8"), {})
        raise GatewayUnavailable(f"no route to {url}")

    def get(self, url, headers=None):
        return self.request("GET", url, headers=headers)

    def post(self, url, body, headers=None):
        return self.request("POST", url, body=body, headers=headers)


def page_values(request, gateway_label, **values):
    """Template values of a simulator page: the shared layout macro and the gateway name."""
    layout = get_renderer(SIMULATOR_LAYOUT).implementation()
    return {"simulator_layout": layout, "gateway_label": gateway_label, **values}


def with_query(url, fields):
    """``url`` with ``fields`` appended to its query string (form-encoded)."""
    if not fields:
        return url
    return f"{url}{'&' if '?' in url else '?'}{urlencode(fields)}"
