"""Bad input never breaks the portal: 10,000 generated requests over every route.

Every route of both communes and of the operator's host, as a visitor, a parent, an agent
and the operator; odd methods, invalid UTF-8 in paths, queries, headers and forms, huge and
negative ids, missing and duplicated fields, wrong CSRF tokens, bodies over the limit,
unknown and malformed hosts. Expected: no 5xx, the security headers on every answer, no
traceback or internal name in a body, no row written by a refused request, no error logged.

``PORTAIL_FUZZ_EXAMPLES`` changes the number of requests (10,000 by default).
"""

import logging
import os
import re
import traceback
from datetime import timedelta
from itertools import product

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from pyramid.interfaces import IRoutesMapper

from portail_core import login_sessions
from portail_core.testing.fixtures import PortalClient
from portail_core.testing.fuzz import Verdicts, WriteRecorder, call
from portail_core.testing.fuzz_strategies import Client, Plan, fuzz_request

EXAMPLES = int(os.environ.get("PORTAIL_FUZZ_EXAMPLES", "10000"))
OPERATOR_HOST = "operateur.localhost"
LOGINS = {
    ("balaruc", "parent"): ("valentina.test@example.org", "Valentina-2019"),
    ("balaruc", "agent"): ("sej@balaruc.example.org", "Agent-Balaruc-2019"),
    ("batz", "parent"): ("famille.aabelium@example.org", "Baptiste-2018"),
    ("batz", "agent"): ("sej@batz.example.org", "Agent-Batz-2018"),
}
OPERATOR = ("operateur@example.org", "Operateur-Demo-2026")
HOME = {"parent": "/mon-compte", "agent": "/agents/", "operator": "/-/plugins"}
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
FIELD = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"')
ID_IN_LINK = re.compile(r'href="[^"]*/(\d{1,9})(?=[/"?#])')
# Never sent with a right token: they would end the fuzzer's own logins.
KEEP_LOGGED_IN = {"accounts.logout", "agents.accounts.toggle", "accounts.password"}


class ErrorLog(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.records = []

    def emit(self, record):
        self.records.append(record)


def _login(app, host, role, email, password):
    web = PortalClient(app, host)
    web.extra_environ["REMOTE_ADDR"] = "192.0.2.99"
    if role == "operator":
        form = web.get("/-/connexion").forms["operator-login"]
        form["login"], form["password"] = email, password
        form.submit("submit", status=303)
    elif role != "anonymous":
        web.login(email, password)
    login_page = "/-/connexion" if host == OPERATOR_HOST else "/connexion"
    page = web.get(HOME.get(role, login_page))
    client = Client(role=f"{host.split('.')[0]}:{role}", host=host)
    client.cookie = web.cookies.get("portail_session", "")
    client.csrf = CSRF.search(page.text).group(1) if CSRF.search(page.text) else ""
    return web, client


def _plan(app, webs):
    routes = [(r.name, r.pattern) for r in app.registry.getUtility(IRoutesMapper).get_routes()]
    views = app.registry.introspector.get_category("views")
    exempt = {v["introspectable"]["route_name"] for v in views}
    exempt = {
        name
        for name in exempt
        if all(
            v["introspectable"].get("require_csrf") is False
            for v in views
            if v["introspectable"]["route_name"] == name
        )
    }
    plan = Plan(routes=routes, csrf_exempt=exempt, max_body=1024 * 1024)
    seen_ids = set()
    for web, (name, pattern) in product(webs, routes):
        if "{" in pattern or "*" in pattern:
            continue
        page = web.get(pattern, status="*", expect_errors=True)
        text = page.text if page.content_type == "text/html" else ""
        plan.fields.setdefault(name, set()).update(FIELD.findall(text))
        seen_ids.update(int(value) for value in ID_IN_LINK.findall(text))
    plan.fields = {name: sorted(names) for name, names in plan.fields.items() if names}
    plan.ids = sorted(seen_ids)[:200]
    tenants = list(app.registry.tenants)
    plan.words = {
        "tenant": [tenant.id for tenant in tenants],
        "regie": sorted({regie for tenant in tenants for regie in tenant.regies}),
        "backend": ["systempay", "tipi", "payline", "inconnu"],
    }
    plan.hosts = [tenant.hosts[0] for tenant in tenants] + [OPERATOR_HOST]
    return plan


def _still_logged_in(app, web, client):
    role = client.role.split(":")[1]
    if role == "anonymous":
        return True
    return web.get(HOME[role], status="*").status_int == 200


def test_generated_requests_never_break_the_portal(demo_data, app, database, monkeypatch):
    # A login's activity stamp moves on every request, not once a minute: whether a refused
    # request wrote it must not depend on how fast the machine runs the fuzzer.
    monkeypatch.setattr(login_sessions, "TOUCH_EVERY", timedelta(0))
    logins = []
    for tenant in app.registry.tenants:
        host = tenant.hosts[0]
        for role in ("anonymous", "parent", "agent"):
            email, password = LOGINS.get((tenant.id, role), ("", ""))
            logins.append((host, role, email, password))
    logins += [(OPERATOR_HOST, "anonymous", "", ""), (OPERATOR_HOST, "operator", *OPERATOR)]
    sessions = [_login(app, *login) for login in logins]
    for index, (_web, client) in enumerate(sessions):
        client.other_csrf = sessions[index - 1][1].csrf or client.other_csrf
        client.remote_addr = f"198.51.100.{index + 1}"
    plan = _plan(app, [web for web, _ in sessions])
    combos = list(product(plan.routes, range(len(sessions))))
    combos = [(sender, route) for route, sender in combos]
    verdicts, relogins, errors = Verdicts(), [0], ErrorLog()
    logging.getLogger().addHandler(errors)

    per_combo = -(-EXAMPLES // len(combos))

    def send_to(index, sender, route):
        """Hypothesis, seeded per route and sender: every route gets its share, and the
        same requests are sent on every run."""

        @seed(index)
        @settings(
            max_examples=per_combo,
            database=None,
            deadline=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(data=st.data())
        def send(data):
            web, client = sessions[sender]
            csrf = "" if route[0] in KEEP_LOGGED_IN else client.csrf
            sending = Client(client.role, client.host, client.cookie, csrf, client.remote_addr)
            sending.other_csrf = client.other_csrf
            request = data.draw(fuzz_request(plan, sending, route))
            recorder.reset()
            answer = call(app, request)
            verdicts.check(request, answer, list(recorder.committed))
            if verdicts.sent % 500 == 0:
                _keep_logged_in(app, sessions, relogins)

        send()

    try:
        with WriteRecorder(database.engine) as recorder:
            for index, (sender, route) in enumerate(combos):
                send_to(index, sender, route)
    finally:
        logging.getLogger().removeHandler(errors)
        print(verdicts.report())
        print(f"re-logins: {relogins[0]}, errors logged: {len(errors.records)}")
        for record in errors.records[:10]:
            print("  logged:", _summary(record))
    assert verdicts.sent >= EXAMPLES
    assert verdicts.fault_count == 0, verdicts.report()
    assert not errors.records, [_summary(record) for record in errors.records[:5]]


def _summary(record):
    if not record.exc_info:
        return record.getMessage()
    frames = traceback.extract_tb(record.exc_info[2])[-3:]
    where = " <- ".join(f"{frame.filename.rsplit('/', 2)[-1]}:{frame.lineno}" for frame in frames)
    return f"{record.getMessage()} {record.exc_info[1]!r} at {where}"


def _keep_logged_in(app, sessions, relogins):
    """A generated request may have ended a login (a right token on a form): log in again."""
    for index, (web, client) in enumerate(sessions):
        if _still_logged_in(app, web, client):
            continue
        relogins[0] += 1
        host, role = client.host, client.role.split(":")[1]
        email, password = LOGINS.get((host.split(".")[0], role), OPERATOR)
        fresh_web, fresh = _login(app, host, role, email, password)
        fresh.remote_addr, fresh.other_csrf = client.remote_addr, client.other_csrf
        sessions[index] = (fresh_web, fresh)
