"""Hypothesis strategies for :mod:`portail_core.testing.fuzz`: odd requests to real routes.

Hypothesis rather than a hand-written random generator: its strategies lean toward the
values that break code (0, -1, 2**63, empty and huge strings, control and combining
characters), and ``derandomize=True`` makes every run send the same requests.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import quote_from_bytes

from hypothesis import strategies as st

from portail_core.testing.fuzz import FuzzRequest

PLACEHOLDER = re.compile(r"\{(\w+)(?::[^}]*)?\}")
METHODS = ["GET"] * 6 + ["POST"] * 6 + ["HEAD", "PUT", "DELETE", "PATCH", "OPTIONS"]
METHODS += ["TRACE", "PROPFIND", "CONNECT", "get", "BREW", "G\xc3T", ""]
EDGE_INTS = [0, -1, 1, 2, 3, 7, 2**31 - 1, 2**31, 2**63 - 1, 2**63, 10**30, -(2**63)]
EDGE_STRINGS = [
    "", " ", "0", "-1", "1e308", "NaN", "inf", "9" * 40, "2026-02-30", "31/02/2026",
    "00/00/0000", "12:61", "-0", "0x10", "1,5", "1.000,00", "€", "../../etc/passwd",
    "<script>alert(1)</script>", "' OR 1=1 --", "\x00", "%", "%%", "\u202e", "🙂", "a" * 5000,
    "on", "true", "false", "null", "[]", "{}", "\r\nSet-Cookie: x=1",
]  # fmt: skip
BAD_UTF8 = ["\xff", "\xfe\xff", "\xc3(", "\xa0\xa1", "\xe2\x28\xa1", "\xf0\x28\x8c\xbc", "\xc0\xaf"]
BAD_PERCENT = ["%FF", "%C3%28", "%E2%82", "%00", "%ZZ", "%", "%C0%AF", "%ED%A0%80"]
STATIC_FILES = ["portail.css", "planning.js", "logo.svg", "family.js", "deform.css", "x"]
BAD_HOSTS = [
    "", "unknown.example.org", "localhost", "127.0.0.1", "[::1]", "a" * 300, "\xff.localhost",
    "..", "balaruc.localhost:99999", "balaruc.localhost:abc", "BALARUC.LOCALHOST",
    "balaruc.localhost.", "balaruc.localhost, batz.localhost", "balaruc.localhost\x00",
    "batz.localhost@evil.example", "balaruc.localhost/../x", " balaruc.localhost",
]  # fmt: skip
ODD_HEADERS = [
    "X-Request-Id", "Accept-Language", "Accept", "Accept-Encoding", "Referer", "Origin",
    "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "If-Modified-Since",
    "If-None-Match", "Range", "User-Agent", "Authorization", "X-Requested-With",
]  # fmt: skip
CONTENT_TYPES = [
    "application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=latin-1",
    "multipart/form-data", "multipart/form-data; boundary=", "text/plain", "application/json",
    "application/xml", "text/xml; charset=utf-8", "\xff/\xfe", "",
]  # fmt: skip
GENERIC_FIELDS = ["csrf_token", "submit", "id", "child_id", "date", "days", "login", "password"]


@dataclass
class Client:
    """Who sends: a host, a role and, when logged in, its cookie and CSRF token."""

    role: str
    host: str
    cookie: str = ""
    csrf: str = ""
    remote_addr: str = "198.51.100.7"
    other_csrf: str = "0" * 40  # a real token of another client


@dataclass
class Plan:
    """What the fuzzer knows of the portal: its routes, their forms, the ids it saw."""

    routes: list  # (name, pattern)
    csrf_exempt: set
    fields: dict = field(default_factory=dict)  # route name -> field names
    ids: list = field(default_factory=list)
    words: dict = field(default_factory=dict)  # placeholder name -> real values
    hosts: list = field(default_factory=list)
    max_body: int = 1024 * 1024


def ids(plan):
    real = st.sampled_from(plan.ids or [1])
    return st.one_of(st.integers(-(2**70), 2**70), st.sampled_from(EDGE_INTS), real, real).map(str)


def texts():
    return st.one_of(
        st.text(max_size=30),
        st.binary(max_size=20).map(lambda data: data.decode("latin-1")),
        st.sampled_from(EDGE_STRINGS),
        st.sampled_from(BAD_UTF8),
    )


def _encode(text):
    """A latin-1 character stands for one byte: how raw bytes reach a form."""
    try:
        data = text.encode("latin-1")
    except UnicodeEncodeError:
        data = text.encode("utf-8", "surrogatepass")
    return quote_from_bytes(data, safe="")


@st.composite
def path_for(draw, plan, pattern):
    def value(match):
        name = match.group(1)
        choices = [ids(plan), texts().map(_encode)]
        if name in plan.words:
            choices.append(st.sampled_from(plan.words[name]))
        if name.endswith("_id"):
            choices = [ids(plan), ids(plan), *choices]
        return draw(st.one_of(choices))

    path = PLACEHOLDER.sub(value, pattern)
    if "*subpath" in path:
        subpath = draw(st.one_of(st.sampled_from(STATIC_FILES), texts().map(_encode)))
        path = path.replace("*subpath", subpath)
    if not path.startswith("/"):
        path = "/" + path
    corruption = draw(st.integers(0, 9))
    if corruption == 0:
        path += draw(st.sampled_from(BAD_UTF8))
    elif corruption == 1:
        path += draw(st.sampled_from(BAD_PERCENT))
    elif corruption == 2:
        path = path.replace("/", "//", 1) + draw(st.sampled_from(["/..", "/.", "/%2e%2e/", ";x"]))
    return path


@st.composite
def pairs(draw, names, plan):
    """Form or query fields: some missing, some duplicated, some unknown, odd values."""
    chosen = draw(st.lists(st.sampled_from(names), max_size=8)) if names else []
    chosen += draw(st.lists(texts(), max_size=2))
    items = []
    for name in chosen:
        for _ in range(draw(st.sampled_from([1, 1, 1, 2, 3]))):
            items.append((name, draw(st.one_of(texts(), ids(plan)))))
    return items


def _urlencode(items, broken):
    encoded = "&".join(f"{_encode(name)}={_encode(value)}" for name, value in items)
    return encoded + broken


@st.composite
def fuzz_request(draw, plan, client, route):
    name, pattern = route
    method = draw(st.sampled_from(METHODS))
    request = FuzzRequest(
        host=client.host,
        method=method,
        path=draw(path_for(plan, pattern)),
        remote_addr=client.remote_addr,
        label=client.role,
    )
    fields = plan.fields.get(name) or GENERIC_FIELDS
    broken = draw(st.sampled_from(["", "", "", "&", "&&=", "=x", *BAD_PERCENT]))
    request.query = _urlencode(draw(pairs(fields, plan)), broken) if draw(st.booleans()) else ""
    _headers(draw, plan, client, request)
    if method in ("POST", "PUT", "PATCH", "DELETE", "post"):
        _body(draw, plan, client, request, name, fields)
    return request


def _headers(draw, plan, client, request):
    if client.cookie and draw(st.integers(0, 9)):
        request.headers["Cookie"] = f"portail_session={client.cookie}"
    elif draw(st.booleans()):
        request.headers["Cookie"] = draw(texts())
    for header in draw(st.lists(st.sampled_from(ODD_HEADERS), max_size=3)):
        request.headers[header] = draw(texts())
    host_kind = draw(st.integers(0, 19))
    if host_kind == 0:
        request.host = draw(st.sampled_from(BAD_HOSTS))
    elif host_kind == 1:
        request.host = draw(st.sampled_from(plan.hosts or [client.host]))
    elif host_kind == 2:
        request.host = draw(texts())


def _body(draw, plan, client, request, route_name, fields):
    csrf_kind = draw(st.sampled_from(["right", "right", "wrong", "missing", "other"]))
    token = {"right": client.csrf, "wrong": draw(texts()), "other": client.other_csrf}
    items = draw(pairs(fields, plan))
    items = [(key, value) for key, value in items if key != "csrf_token"]
    if csrf_kind != "missing":
        items.insert(draw(st.integers(0, len(items))), ("csrf_token", token[csrf_kind]))
    right = csrf_kind == "right" and client.csrf
    request.refused_expected = (
        not right and request.method == "POST" and route_name not in plan.csrf_exempt
    )
    kind = draw(st.sampled_from(["form"] * 6 + ["multipart", "raw", "declared", "over"]))
    if kind == "form":
        request.content_type = draw(st.sampled_from(CONTENT_TYPES[:2] + [None]))
        request.body = _urlencode(items, "").encode("latin-1")
    elif kind == "multipart":
        _multipart(draw, request, items)
    elif kind == "raw":
        request.content_type = draw(st.sampled_from(CONTENT_TYPES))
        request.body = draw(st.binary(max_size=200))
    elif kind == "declared":
        request.body = b"csrf_token=x"
        request.declared_length = draw(
            st.sampled_from(["1000000000000", "-5", "abc", "", "99999999999999999999", "0"])
        )
    else:
        request.content_type = CONTENT_TYPES[0]
        request.body = b"x=" + b"a" * plan.max_body


def _multipart(draw, request, items):
    boundary = "----fuzz" + draw(st.sampled_from(["", "\xff", "a" * 80, "b"]))
    parts = []
    for name, value in items:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        )
    if draw(st.booleans()):
        filename = draw(st.one_of(texts(), st.sampled_from(["a.pdf", "../x.pdf", ""])))
        content = draw(st.binary(max_size=300))
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"'
            f"\r\nContent-Type: application/pdf\r\n\r\n{content.decode('latin-1')}\r\n"
        )
    tail = draw(st.sampled_from([f"--{boundary}--\r\n", "", f"--{boundary}"]))
    request.content_type = f"multipart/form-data; boundary={boundary}"
    request.body = ("".join(parts) + tail).encode("latin-1", "replace")
