"""Every response carries the security headers and the CSP: every route, for every role,
error pages and static files included."""

import logging
import re

import pytest
from pyramid.interfaces import IRoutesMapper

from portail_core.headers import BASE_CSP
from portail_core.testing.fixtures import PortalClient

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
PLACEHOLDER = re.compile(r"\{(\w+)(?::[^}]*)?\}")
ID_IN_LINK = re.compile(r'href="[^"]*/(\d{1,9})(?=[/"?#])')
LOGINS = {
    "balaruc": [
        None,
        ("valentina.test@example.org", "Valentina-2019"),
        ("sej@balaruc.example.org", "Agent-Balaruc-2019"),
    ],
    "batz": [
        None,
        ("famille.aabelium@example.org", "Baptiste-2018"),
        ("sej@batz.example.org", "Agent-Batz-2018"),
    ],
}
STATIC = [
    "/static/portail.css",
    "/static/planning.js",
    "/static/absent.css",
    "/static-deform/scripts/deform.js",
    "/static-balaruc/logo.svg",
]


def assert_protected(response):
    where = f"{response.request.method} {response.request.host} {response.request.path_qs}"
    csp = response.headers.get("Content-Security-Policy", "")
    # The pages' policy, or the stricter one of a served file (a PDF, a document).
    page = "script-src 'self'" in csp and "style-src 'self'" in csp
    file = csp.startswith("default-src 'none'")
    assert page or file, (where, csp)
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, where
    assert f"frame-ancestors {BASE_CSP['frame-ancestors']}" in csp, where
    for name, value in HEADERS.items():
        assert response.headers.get(name) == value, (where, name)
    assert response.headers.get("X-Request-Id"), where


def _path(pattern, ids):
    path = PLACEHOLDER.sub(lambda match: str(ids[0] if ids else 1), pattern)
    path = path.replace("*subpath", "portail.css")
    return path if path.startswith("/") else "/" + path


def _walk(client, routes):
    first = client.get("/", status="*")
    assert_protected(first)
    ids = sorted({int(i) for i in ID_IN_LINK.findall(first.text)}) or [1]
    walked = 0
    for _name, pattern in routes:
        response = client.get(_path(pattern, ids), status="*", expect_errors=True)
        assert_protected(response)
        walked += 1
    return walked


def test_every_route_for_every_role_carries_the_headers(demo_data, app, client_for):
    routes = [(r.name, r.pattern) for r in app.registry.getUtility(IRoutesMapper).get_routes()]
    walked = 0
    for tenant_id, logins in LOGINS.items():
        for login in logins:
            client = client_for(tenant_id)
            if login:
                client.login(*login)
            walked += _walk(client, routes)
    operator = PortalClient(app, "operateur.localhost")
    form = operator.get("/-/connexion").forms["operator-login"]
    form["login"], form["password"] = "operateur@example.org", "Operateur-Demo-2026"
    assert_protected(form.submit("submit", status=303))
    walked += _walk(operator, routes)
    print(f"headers checked on {walked} responses ({len(routes)} routes)")
    assert walked == len(routes) * 7


@pytest.mark.parametrize("path", STATIC)
def test_static_files_carry_the_headers(balaruc, path):
    assert_protected(balaruc.get(path, status="*"))


def test_error_pages_carry_the_headers(balaruc, client_for, app):
    assert_protected(balaruc.get("/nulle-part", status=404))
    assert_protected(balaruc.post("/contactez-nous", {"csrf_token": "faux"}, status=400))
    body = {"csrf_token": balaruc.csrf_token(), "message": "x" * (2 * 1024 * 1024)}
    assert_protected(balaruc.post("/contactez-nous", body, status=413))
    assert_protected(balaruc.get("/mon-compte", status=303))
    assert_protected(balaruc.get("/agents/familles/99999999999", status="*"))
    unknown = PortalClient(app, "inconnue.example.org")
    assert_protected(unknown.get("/", status=404))


def test_the_500_page_carries_the_headers(balaruc, monkeypatch, caplog):
    def broken():
        raise RuntimeError("boom")

    monkeypatch.setattr("portail_core.views.home.now_paris", broken)
    with caplog.at_level(logging.CRITICAL, logger="portail_core.views.errors"):
        response = balaruc.get("/", status=500)
    assert "Une erreur est survenue" in response.text and "boom" not in response.text
    assert_protected(response)
