"""A fuzzer for the whole portal: generated requests straight into the WSGI application.

Requests are built by hypothesis strategies (see :mod:`portail_core.testing.fuzz_strategies`)
and sent without WebTest, whose checks would refuse the very inputs we want to send
(invalid UTF-8, odd methods, a body shorter than its declared length). Each answer is
checked by :class:`Verdicts`: no 5xx, the security headers, no traceback or internal
name in the body, and no row committed by a refused request.
"""

import io
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import unquote_plus

from sqlalchemy import event

from portail_core.logs import REQUEST_ID_HEADER

REQUIRED_HEADERS = (
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "X-Frame-Options",
    "Referrer-Policy",
    REQUEST_ID_HEADER,
)
# What a traceback or a framework's default error page would show.
LEAKS = re.compile(
    r"Traceback|File \"|line \d+, in |sqlalchemy|psycopg|sqlite3|portail_core|pyramid\.|"
    r"webob|colander\.|Exception|KeyError|TypeError|ValueError|NoneType|IntegrityError",
    re.I,
)
DML = re.compile(r"^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)", re.I)
# An UPDATE that sets one column only is recorded as ``table.column``.
ONE_COLUMN_UPDATE = re.compile(
    r"^\s*UPDATE\s+\"?(\w+)\"?\s+SET\s+\"?(\w+)\"?\s*=[^,]*\sWHERE\s", re.I
)
# Rows a refused request may write, on purpose: the session state (its own connection),
# the attempts the rate limits count (failed logins, links tried: ``rate_limit_hit``), the
# log of every gateway notification received, and the activity stamp of the login that
# sent it (a refused request is still activity; it moves at most once a minute).
WRITES_ALLOWED_WHEN_REFUSED = {
    "web_session",
    "rate_limit_hit",
    "payment_notification",
    "login_session.last_seen_at",
}


def written_name(statement):
    """``table``, or ``table.column`` for an UPDATE of one column; None for a read."""
    one_column = ONE_COLUMN_UPDATE.match(statement)
    if one_column:
        return f"{one_column.group(1)}.{one_column.group(2)}".lower()
    match = DML.match(statement)
    return match.group(1).lower() if match else None


# SOAP 1.1 requires HTTP 500 for a fault: the gateway simulators (never enabled in
# production) answer a malformed SOAP call so, as the real gateways do.
SOAP_FAULT = re.compile(rb"^<S:Envelope[^>]*><S:Body><S:Fault>")


def _echoed(word, fuzz_request):
    """Whether ``word`` was in the request itself (path, query or body), decoded."""
    sent = " ".join(
        (
            fuzz_request.path,
            unquote_plus(fuzz_request.query, encoding="latin-1"),
            unquote_plus(fuzz_request.body.decode("latin-1"), encoding="latin-1"),
        )
    )
    return word.lower() in sent.lower()


@dataclass
class FuzzRequest:
    host: str
    method: str
    path: str  # WSGI PATH_INFO: latin-1 characters standing for bytes
    query: str = ""
    headers: dict = field(default_factory=dict)
    body: bytes = b""
    content_type: str | None = None
    declared_length: str | None = None
    remote_addr: str = "198.51.100.7"
    refused_expected: bool = False  # e.g. a wrong CSRF token on a POST
    label: str = ""

    def environ(self):
        environ = {
            "REQUEST_METHOD": self.method,
            "SCRIPT_NAME": "",
            "PATH_INFO": self.path,
            "QUERY_STRING": self.query,
            "SERVER_NAME": "localhost",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": self.remote_addr,
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(self.body),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": False,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
            "HTTP_HOST": self.host,
        }
        if self.body or self.declared_length is not None:
            environ["CONTENT_LENGTH"] = (
                str(len(self.body)) if self.declared_length is None else self.declared_length
            )
        if self.content_type is not None:
            environ["CONTENT_TYPE"] = self.content_type
        for name, value in self.headers.items():
            environ["HTTP_" + name.upper().replace("-", "_")] = value
        # A WSGI server hands over the bytes it received as latin-1 characters.
        return {key: _latin1(value) for key, value in environ.items()}


def _latin1(value):
    if not isinstance(value, str):
        return value
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        return value.encode("utf-8", "surrogatepass").decode("latin-1")
    return value


@dataclass
class Answer:
    status: int
    headers: list
    body: bytes

    def header(self, name):
        lowered = name.lower()
        return [value for key, value in self.headers if key.lower() == lowered]


def call(app, fuzz_request):
    """The answer, or a 599 that names the exception which escaped the application."""
    try:
        return _call(app, fuzz_request)
    except Exception as exc:  # noqa: BLE001 - the fault is reported by Verdicts
        return Answer(599, [], f"exception escaped: {exc!r}".encode())


def _call(app, fuzz_request):
    captured = {}

    def start_response(status, headers, exc_info=None):
        captured["status"] = int(status.split(" ", 1)[0])
        captured["headers"] = headers

    chunks = app(fuzz_request.environ(), start_response)
    try:
        body = b"".join(chunks)
    finally:
        close = getattr(chunks, "close", None)
        if close is not None:
            close()
    return Answer(captured["status"], captured["headers"], body)


class WriteRecorder:
    """The tables (or single columns, see :func:`written_name`) written by statements that
    were then committed, per request."""

    def __init__(self, engine):
        self.engine = engine
        self.pending = []
        self.committed = []

    def _execute(self, conn, cursor, statement, parameters, context, executemany):
        name = written_name(statement)
        if name:
            self.pending.append(name)

    def _commit(self, conn):
        self.committed.extend(self.pending)
        self.pending.clear()

    def _rollback(self, conn):
        self.pending.clear()

    def reset(self):
        self.pending.clear()
        self.committed.clear()

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._execute)
        event.listen(self.engine, "commit", self._commit)
        event.listen(self.engine, "rollback", self._rollback)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._execute)
        event.remove(self.engine, "commit", self._commit)
        event.remove(self.engine, "rollback", self._rollback)


class Verdicts:
    """Counts of what was sent and answered, and every fault found (the first ones kept)."""

    def __init__(self, keep=30):
        self.sent = 0
        self.statuses = Counter()
        self.kinds = Counter()
        self.faults = []
        self.fault_count = 0
        self.keep = keep

    def check(self, fuzz_request, answer, written):
        self.sent += 1
        self.statuses[answer.status] += 1
        self.kinds[fuzz_request.label] += 1
        problems = []
        soap_fault = fuzz_request.path.startswith("/_simulateur/") and SOAP_FAULT.match(answer.body)
        if answer.status >= 500 and not soap_fault:
            problems.append(f"status {answer.status}")
        missing = [name for name in REQUIRED_HEADERS if not answer.header(name)]
        if missing:
            problems.append(f"missing headers {missing}")
        # The request's own words given back (e.g. the language switch's return path,
        # escaped) are an echo, not an internal name escaping; any other match is a leak.
        leaks = () if soap_fault else LEAKS.finditer(answer.body.decode("utf-8", "replace"))
        leak = next((m.group(0) for m in leaks if not _echoed(m.group(0), fuzz_request)), None)
        if leak:
            problems.append(f"internal name in body: {leak!r}")
        refused = answer.status >= 400 or fuzz_request.refused_expected
        changed = set(written) - WRITES_ALLOWED_WHEN_REFUSED
        if refused and changed:
            problems.append(f"refused ({answer.status}) but wrote {sorted(changed)}")
        if fuzz_request.refused_expected and answer.status < 300:
            problems.append(f"accepted ({answer.status}) a request that must be refused")
        if problems:
            self.fault_count += 1
            if len(self.faults) < self.keep:
                self.faults.append((problems, fuzz_request, answer.body[:300]))

    def report(self):
        lines = [f"fuzz: {self.sent} requests sent"]
        lines.append(
            "statuses: " + ", ".join(f"{s}: {n}" for s, n in sorted(self.statuses.items()))
        )
        lines.append("kinds: " + ", ".join(f"{k}: {n}" for k, n in sorted(self.kinds.items())))
        lines.append(f"faults: {self.fault_count}")
        for problems, request, body in self.faults:
            lines.append(
                f"  {problems} {request.method!r} {request.host!r} {request.path!r} "
                f"?{request.query[:80]!r} [{request.label}] body={body[:120]!r}"
            )
        return "\n".join(lines)
