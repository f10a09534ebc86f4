"""Explicit limits on what a request may send, checked before anything reads the body.

A form may send ``portail.max_body_bytes`` (1 Mo by default), a form with files
``portail.max_upload_bytes`` (12 Mo: one 10 Mo PDF and the form around it). A larger
body is refused with the French 413 page (``views/errors.py``) without being read. Each
file still has its own, smaller limit, said next to its field (documents 2 Mo, downloads
10 Mo). A body sent in chunks, without a length, is read up to the limit and no further.

The check runs in pyramid_retry's ``activate_hook``: that hook is called before the retry
policy copies the body (to replay it), and answering 1 attempt skips the copy.
"""

import io

from pyramid.events import ContextFound, NewRequest
from pyramid.httpexceptions import HTTPBadRequest, HTTPNotFound, HTTPRequestEntityTooLarge
from pyramid.response import Response

MULTIPART = "multipart/form-data"
FORMS = ("", "application/x-www-form-urlencoded", MULTIPART)
REFUSED = "portail.body_limit_refused"
MAX_ID = 2**31 - 1  # ids are 32-bit integers on PostgreSQL


class BodyTooLarge(HTTPRequestEntityTooLarge):
    def __init__(self, limit):
        super().__init__()
        self.limit = limit


class UnreadableRequest(HTTPBadRequest):
    """A form WebOb cannot read: a charset other than UTF-8, a broken multipart."""


def request_limit(request):
    settings = request.registry.settings
    if request.content_type == MULTIPART:
        return settings["portail.max_upload_bytes"]
    return settings["portail.max_body_bytes"]


def retry_attempts(request):
    """pyramid_retry's hook: ``None`` (the configured attempts) or 1 for a refused body."""
    limit = request_limit(request)
    length = request.content_length
    if length is None and "chunked" in request.headers.get("Transfer-Encoding", "").lower():
        data = request.body_file_raw.read(limit + 1)
        if len(data) <= limit:
            request.body = data
            return None
        length = len(data)
    if length is None or length <= limit:
        return None
    # Nothing downstream may read what we refuse.
    request.environ[REFUSED] = limit
    request.environ["wsgi.input"] = io.BytesIO(b"")
    request.environ["CONTENT_LENGTH"] = "0"
    request.environ.pop("HTTP_TRANSFER_ENCODING", None)
    return 1


def check_request(event):
    request = event.request
    limit = request.environ.get(REFUSED)
    if limit is not None:
        raise BodyTooLarge(limit)
    if request.method in ("GET", "HEAD") or request.content_type not in FORMS:
        return
    # Read the form now (WebOb keeps it): a form it cannot read is a 400, not a fault
    # in whichever view or CSRF check first touches ``request.POST``.
    try:
        request.POST  # noqa: B018
    except (DeprecationWarning, ValueError, UnicodeError) as exc:
        raise UnreadableRequest() from exc


def refuse_impossible_ids(event):
    """An id in the URL that no row can have (``/…/99999999999999``) is a 404 before the
    view hands it to the database, which would refuse the number itself."""
    matchdict = event.request.matchdict or {}
    for key, value in matchdict.items():
        digits = key.endswith("_id") and isinstance(value, str) and value.isdigit()
        if digits and int(value) > MAX_ID:
            raise HTTPNotFound()


def readable_path_tween_factory(handler, registry):
    """A path that is not UTF-8 gets a bare 400 before anything (tenancy, routing, the
    error page's own links) tries to decode it."""

    def readable_path_tween(request):
        try:
            request.path_info.encode("utf-8")
        except UnicodeError:
            return Response(
                # Before the request has a localizer or a tenant: a short plain answer.
                "Requête invalide : l'adresse contient des caractères illisibles.",  # i18n: ignore
                status=400,
                content_type="text/plain",
                charset="utf-8",
            )
        return handler(request)

    return readable_path_tween


def includeme(config):
    config.add_subscriber(check_request, NewRequest)
    config.add_subscriber(refuse_impossible_ids, ContextFound)
    config.add_tween(
        "portail_core.limits.readable_path_tween_factory",
        under="portail_core.headers.security_headers_tween_factory",
        over="portail_core.tenancy.unknown_host_tween_factory",
    )
