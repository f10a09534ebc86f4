"""The fuzz verdicts: an internal name escaping told from the request's own words echoed,
and the writes a refused request may make told from the others."""

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite

from portail_core.models.sessions import LoginSession
from portail_core.models.types import utcnow
from portail_core.testing.fuzz import (
    REQUIRED_HEADERS,
    Answer,
    FuzzRequest,
    Verdicts,
    written_name,
)

HEADERS = [(name, "set") for name in REQUIRED_HEADERS]


def _problems(body, query=""):
    verdicts = Verdicts()
    request = FuzzRequest(host="balaruc.localhost", method="GET", path="/", query=query)
    verdicts.check(request, Answer(200, HEADERS, body.encode()), written=[])
    return [problem for problems, _request, _body in verdicts.faults for problem in problems]


def test_a_traceback_in_a_body_is_a_leak():
    assert _problems("<p>Traceback (most recent call last)</p>") == [
        "internal name in body: 'Traceback'"
    ]


def test_a_word_the_request_carried_and_the_page_gives_back_is_an_echo():
    body = '<input type="hidden" name="came_from" value="/?q=Exception">'
    assert _problems(body, query="q=Exception") == []


def test_an_echo_does_not_hide_a_leak_further_down():
    body = '<input name="came_from" value="/?q=Exception"> KeyError: 12'
    assert _problems(body, query="q=Exception") == ["internal name in body: 'KeyError'"]


def test_a_login_s_activity_stamp_is_told_from_other_writes():
    touch = "UPDATE login_session SET last_seen_at=? WHERE login_session.id = ?"
    assert written_name(touch) == "login_session.last_seen_at"
    quoted = 'UPDATE "login_session" SET last_seen_at=%(last_seen_at)s WHERE "login_session".id=1'
    assert written_name(quoted) == "login_session.last_seen_at"
    ended = "UPDATE login_session SET ended_at=?, end_reason=? WHERE login_session.id = ?"
    assert written_name(ended) == "login_session"
    assert written_name("INSERT INTO login_session (id) VALUES (?)") == "login_session"
    assert written_name("SELECT * FROM login_session") is None


def test_a_refused_request_may_move_the_activity_stamp_but_not_end_a_login():
    verdicts = Verdicts()
    request = FuzzRequest(host="balaruc.localhost", method="GET", path="/", query="")
    refused = Answer(400, HEADERS, b"<p>Demande invalide</p>")
    verdicts.check(request, refused, written=["login_session.last_seen_at", "web_session"])
    assert verdicts.fault_count == 0
    verdicts.check(request, refused, written=["login_session"])
    assert verdicts.fault_count == 1


def test_the_stamp_the_portal_writes_is_recognised_on_both_databases():
    touch = (
        update(LoginSession)
        .where(LoginSession.id == "sid", LoginSession.tenant_id == "balaruc")
        .values(last_seen_at=utcnow())
    )
    for dialect in (sqlite.dialect(), postgresql.psycopg.dialect()):
        sql = str(touch.compile(dialect=dialect))
        assert written_name(sql) == "login_session.last_seen_at", sql
