"""Health endpoints for the load balancer, answered before any tenant is looked up.

``/-/health`` says the process is alive (no I/O); ``/-/ready`` says it can serve, that is
that the database answers ``SELECT 1``. Both answer on any host (a load balancer probes by
address), in plain text, and name nothing: no version, no tenant, no error detail (a
failure is logged, the probe only gets 503).
"""

import logging

from pyramid.response import Response
from sqlalchemy import text

log = logging.getLogger(__name__)

PATHS = ("/-/health", "/-/ready")


def _plain(body, status=200):
    response = Response(body, status=status, content_type="text/plain")
    response.cache_control = "no-store"
    return response


def database_answers(registry):
    """True when the database runs ``SELECT 1`` on a connection of the pool."""
    session = registry["dbsession_factory"]()
    try:
        session.execute(text("SELECT 1"))
        return True
    except Exception:  # any failure means "not ready"; the reason goes to the log only
        log.exception("readiness check: the database does not answer")
        return False
    finally:
        session.close()


def health_tween_factory(handler, registry):
    def health_tween(request):
        if request.path not in PATHS:
            return handler(request)
        if request.method not in ("GET", "HEAD"):
            return _plain("Method Not Allowed", 405)
        if request.path == "/-/health":
            return _plain("ok")
        if database_answers(registry):
            return _plain("ready")
        return _plain("unavailable", 503)

    return health_tween


def includeme(config):
    # Above the unknown-host 404 (any Host is answered), under the security headers and
    # under the check that the path is UTF-8 (reading ``request.path`` decodes it).
    config.add_tween(
        "portail_core.health.health_tween_factory",
        under="portail_core.limits.readable_path_tween_factory",
        over="portail_core.tenancy.unknown_host_tween_factory",
    )
