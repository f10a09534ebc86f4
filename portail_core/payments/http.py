"""The small HTTP client that backends use for server-to-server calls (SOAP, read-backs)
and that simulators use to notify the portal.

Names under ``.localhost`` are sent to the loopback address (RFC 6761 §6.3), so that the
demo's and the tests' tenant hosts (``balaruc.localhost``) work without any DNS entry.
Redirects are never followed: a gateway answers, it does not send us elsewhere.
"""

import http.client
import ssl
from dataclasses import dataclass, field
from urllib.parse import urlsplit

DEFAULT_TIMEOUT = 15  # seconds, as the PayFiP documentation advises


class GatewayUnavailable(Exception):
    """The remote end could not be reached or did not answer in time."""


@dataclass(frozen=True)
class HttpResponse:
    status: int
    body: bytes
    headers: dict = field(default_factory=dict)

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")


def _connect_host(hostname):
    hostname = (hostname or "").lower()
    if hostname == "localhost" or hostname.endswith(".localhost"):
        return "127.0.0.1"
    return hostname


class HttpClient:
    """``request(method, url, body, headers)`` over http or https (certificates checked)."""

    def __init__(self, timeout=DEFAULT_TIMEOUT):
        self.timeout = timeout

    def _connection(self, parts):
        host = _connect_host(parts.hostname)
        if parts.scheme == "https":
            return http.client.HTTPSConnection(
                host, parts.port, timeout=self.timeout, context=ssl.create_default_context()
            )
        if parts.scheme == "http":
            return http.client.HTTPConnection(host, parts.port, timeout=self.timeout)
        raise GatewayUnavailable(f"unsupported URL scheme: {parts.scheme!r}")

    def request(self, method, url, body=b"", headers=None):
        parts = urlsplit(url)
        path = parts.path or "/"
        if parts.query:
            path = f"{path}?{parts.query}"
        all_headers = {"Host": parts.netloc, "User-Agent": "portail-familles"}
        all_headers.update(headers or {})
        if isinstance(body, str):
            body = body.encode("utf-8")
        connection = self._connection(parts)
        try:
            connection.request(method, path, body=body or None, headers=all_headers)
            response = connection.getresponse()
            return HttpResponse(response.status, response.read(), dict(response.getheaders()))
        except (OSError, http.client.HTTPException) as exc:
            raise GatewayUnavailable(f"{method} {parts.scheme}://{parts.netloc}: {exc}") from exc
        finally:
            connection.close()

    def get(self, url, headers=None):
        return self.request("GET", url, headers=headers)

    def post(self, url, body, headers=None):
        return self.request("POST", url, body=body, headers=headers)
