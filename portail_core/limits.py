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

from pyramid.events import NewRequest
from pyramid.httpexceptions import HTTPRequestEntityTooLarge

MULTIPART = "multipart/form-data"
REFUSED = "portail.body_limit_refused"


class BodyTooLarge(HTTPRequestEntityTooLarge):
    def __init__(self, limit):
        super().__init__()
        self.limit = limit


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


def refuse_large_body(event):
    limit = event.request.environ.get(REFUSED)
    if limit is not None:
        raise BodyTooLarge(limit)


def includeme(config):
    config.add_subscriber(refuse_large_body, NewRequest)
