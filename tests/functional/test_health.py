"""The load balancer's probes: on any host, plain, revealing nothing, not tenant-bound."""

import pytest
from sqlalchemy.exc import OperationalError
from webtest import TestApp

from portail_core import health


@pytest.fixture
def probe(app):
    def get(path, host="10.0.0.7", **kwargs):
        return TestApp(app, extra_environ={"HTTP_HOST": host}).get(path, **kwargs)

    return get


@pytest.mark.parametrize("host", ["10.0.0.7", "balaruc.localhost", "batz.localhost", "nobody.x"])
def test_health_answers_on_any_host(probe, host):
    page = probe("/-/health", host=host)
    assert page.status_int == 200 and page.text == "ok"
    assert page.content_type == "text/plain"
    assert page.headers["Cache-Control"] == "no-store"
    assert "Content-Security-Policy" in page.headers
    assert "Set-Cookie" not in page.headers


def test_ready_checks_the_database(probe, database, query_counter):
    with query_counter as counted:
        page = probe("/-/ready")
    assert page.text == "ready" and counted.count == 1


def test_ready_says_503_and_nothing_more_when_the_database_fails(probe, monkeypatch, caplog):
    def broken(session, statement):
        raise OperationalError("SELECT 1", {}, Exception("password for user portail failed"))

    monkeypatch.setattr("sqlalchemy.orm.Session.execute", broken)
    page = probe("/-/ready", status=503)
    assert page.text == "unavailable"
    assert "portail" not in page.text and "password" not in page.text
    assert "readiness check" in caplog.text


def test_probes_refuse_writes_and_other_paths_keep_the_unknown_host_404(probe, app):
    client = TestApp(app, extra_environ={"HTTP_HOST": "10.0.0.7"})
    assert client.post("/-/ready", status=405).text == "Method Not Allowed"
    assert client.get("/-/healthz", status=404).text == "Not Found"
    assert client.get("/", status=404).text == "Not Found"
    assert health.PATHS == ("/-/health", "/-/ready")


def test_a_path_that_is_not_utf8_is_refused_before_the_probes_read_it(app):
    # The probes' tween reads request.path: it must sit under the UTF-8 check.
    client = TestApp(app, extra_environ={"HTTP_HOST": "balaruc.localhost"})
    response = client.post("/static-deform/%B8%B5%FF", {"a": "b"}, expect_errors=True)
    assert response.status_int == 400
    assert "Content-Security-Policy" in response.headers
