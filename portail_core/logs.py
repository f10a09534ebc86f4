"""Structured logs with a request id, and nothing secret in them.

Every request gets an id (a reverse proxy's well-formed ``X-Request-Id`` is kept, so its
logs and ours can be joined), sent back in the ``X-Request-Id`` header and carried by every
line logged while the request runs. Each request ends with one access line: method, the
route's pattern (never the raw path, which may hold an activation or reset token, and never
the query string), status, duration, tenant and user id.

The formatters are for ``logging.config`` (the ini's ``[formatter_…]``): ``JsonFormatter``
(one JSON object a line, production, built on python-json-logger) and
``ReadableFormatter`` (the demo). Both pass the finished line through :func:`redact`, a
safety net for what no code should log in the first place: passwords, tokens, session
cookies, card numbers, links carrying a token.
"""

import contextvars
import logging
import re
import time
import uuid

from pyramid.tweens import INGRESS
from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter
from sqlalchemy import inspect as sa_inspect

REQUEST_ID = contextvars.ContextVar("portail_request_id", default="-")
REQUEST_ID_HEADER = "X-Request-Id"
INCOMING_ID = re.compile(r"^[A-Za-z0-9._-]{8,39}$")  # shorter than a masked token
MASK = "***"
access_log = logging.getLogger("portail_core.access")

_MASKED_NAMES = (
    r"password|mot_de_passe|passe|current|token|csrf_token|secret|signature|key|"
    r"cvv|cvc|cryptogramme|card|carte|pan|vads_card_number|session|portail_session"
)
REDACTIONS = (
    # key=value pairs in a query string, a form body, a cookie header.
    (re.compile(rf"(?i)\b({_MASKED_NAMES})=[^&\s\"';,]+"), rf"\1={MASK}"),
    # "key": "value" in a JSON-looking text.
    (re.compile(rf"(?i)(\"(?:{_MASKED_NAMES})\"\s*:\s*)\"[^\"]*\""), rf'\1"{MASK}"'),
    # Links that carry a token in their path (activation, reset, change of e-mail, feed).
    (
        re.compile(r"(/(?:activation|reinitialiser|identifiant|agenda|calendrier)/)[^\s/?\"']+"),
        rf"\1{MASK}",
    ),
    # A card number: 13 to 19 digits, maybe grouped by spaces or dashes.
    (re.compile(r"\b\d(?:[ -]?\d){12,18}\b"), MASK),
    # Argon2 hashes, and long random tokens (CSRF: 40 hex; links, sessions: 43 or 64).
    (re.compile(r"\$argon2[^\s\"']+"), MASK),
    (re.compile(r"\b[A-Za-z0-9_-]{40,}\b"), MASK),
)


# SQLAlchemy logs each statement's parameters at INFO and each row it fetches at DEBUG: the
# family file's values, health fields, hashes. Whichever engine logs them, and whatever the
# level, the line keeps the statement's text and its timing, never the values.
_SQL_LOGGER = "sqlalchemy.engine"
_SQL_VALUES = ("[%s] %r", "Row %r")


def _without_sql_values(record):
    if not record.name.startswith(_SQL_LOGGER) or not isinstance(record.msg, str):
        return record
    if not record.msg.endswith(_SQL_VALUES) or not record.args:
        return record
    masked = logging.makeLogRecord(record.__dict__)
    masked.args = (*record.args[:-1], MASK)
    return masked


def redact(text):
    for pattern, replacement in REDACTIONS:
        text = pattern.sub(replacement, text)
    return text


class _RequestIdMixin:
    def format(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = REQUEST_ID.get()
        return redact(super().format(_without_sql_values(record)))


class ReadableFormatter(_RequestIdMixin, logging.Formatter):
    """``2026-12-06 23:30:00 INFO [portail_core.access] [3f2a…] GET /mon-compte 200 12 ms``"""


class JsonFormatter(_RequestIdMixin, BaseJsonFormatter):
    """One JSON object a line: time, level, logger, request id, message and extras."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("timestamp", True)
        kwargs.setdefault("json_ensure_ascii", False)
        if not args and "fmt" not in kwargs:
            kwargs["fmt"] = "%(levelname)s %(name)s %(request_id)s %(message)s"
        super().__init__(*args, **kwargs)


def _request_id(request):
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    return incoming if INCOMING_ID.match(incoming) else uuid.uuid4().hex


def _route(request):
    route = getattr(request, "matched_route", None)
    return route.pattern if route is not None else "(aucune route)"  # i18n: ignore


def request_log_tween_factory(handler, registry):
    def request_log_tween(request):
        request_id = _request_id(request)
        request.request_id = request_id
        reset = REQUEST_ID.set(request_id)
        started = time.perf_counter()
        try:
            response = handler(request)
            response.headers[REQUEST_ID_HEADER] = request_id
            _log_access(request, response.status_int, started)
            return response
        finally:
            REQUEST_ID.reset(reset)

    return request_log_tween


def _user_id(user):
    """The user's id without loading anything: after the commit the row may be detached."""
    if user is None:
        return None
    identity = sa_inspect(user).identity
    return identity[0] if identity else None


def _log_access(request, status, started):
    duration_ms = round((time.perf_counter() - started) * 1000, 1)
    user = request.__dict__.get("user")  # only if the request loaded it
    tenant = request.__dict__.get("tenant_or_none")
    route = _route(request)
    access_log.info(
        "%s %s %s %s ms",
        request.method,
        route,
        status,
        duration_ms,
        extra={
            "method": request.method,
            "route": route,
            "status": status,
            "duration_ms": duration_ms,
            "tenant": getattr(tenant, "id", None),
            "user_id": _user_id(user),
        },
    )


def includeme(config):
    # Outermost: the bare 404 of an unknown host and the security headers' own responses
    # carry the id too.
    config.add_tween(
        "portail_core.logs.request_log_tween_factory",
        under=INGRESS,
        over="portail_core.headers.security_headers_tween_factory",
    )
