"""Session data lives server-side; reading pages does not rewrite it, nor read it again
when the process already holds it."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from portail_core.models.sessions import WebSession


def _rows(dbsession):
    dbsession.expire_all()
    return dbsession.scalar(select(func.count()).select_from(WebSession))


def test_the_cookie_holds_a_key_and_the_data_stays_on_the_server(demo_data, balaruc, dbsession):
    balaruc.login("valentina.test@example.org", "Valentina-2019")
    cookie = balaruc.cookies["portail_session"]
    assert len(cookie) < 200 and "valentina" not in cookie
    assert _rows(dbsession) >= 1


def test_browsing_pages_writes_no_new_session_state(demo_data, balaruc, dbsession):
    balaruc.login("valentina.test@example.org", "Valentina-2019")
    balaruc.get("/mon-compte")
    before = _rows(dbsession)
    for _ in range(3):
        balaruc.get("/mon-compte")
        balaruc.get("/")
    assert _rows(dbsession) == before


def test_a_large_session_survives(demo_data, balaruc, app, dbsession):
    from portail_core.sessions import DatabaseSessionSerializer

    serializer = DatabaseSessionSerializer(app.registry["dbsession_factory"].kw["bind"], 60)
    state = (1, 1, {"selection": [[index, "2026-03-17"] for index in range(2000)]})
    key = serializer.dumps(state)
    assert len(key) == 64
    assert serializer.loads(key)[2]["selection"][1999] == [1999, "2026-03-17"]


def test_an_unknown_or_forged_session_starts_afresh(balaruc):
    balaruc.set_cookie("portail_session", "forged")
    page = balaruc.get("/")
    assert "Visiteur" in page.text


def test_an_unchanged_session_costs_no_query(demo_data, balaruc, query_counter):
    balaruc.login("valentina.test@example.org", "Valentina-2019")
    balaruc.get("/mon-compte")
    with query_counter as counted:
        balaruc.get("/mon-compte")
    assert counted.count > 0  # the page itself still reads the user
    assert not [statement for statement in counted.statements if "web_session" in statement]


def test_another_process_reads_the_row_from_the_database(app, query_counter):
    from portail_core.sessions import DatabaseSessionSerializer

    engine = app.registry["dbsession_factory"].kw["bind"]
    writer = DatabaseSessionSerializer(engine, 60)
    key = writer.dumps((1, 1, {"auth.uid": 7}))
    reader = DatabaseSessionSerializer(engine, 60)  # a second worker: nothing in memory
    with query_counter as counted:
        assert reader.loads(key) == [1, 1, {"auth.uid": 7}]
        assert reader.loads(key) == [1, 1, {"auth.uid": 7}]
    assert len([s for s in counted.statements if "web_session" in s]) == 1


def test_an_expired_row_is_refused_even_when_remembered(app, dbsession):
    from portail_core.models.types import utcnow
    from portail_core.sessions import DatabaseSessionSerializer

    serializer = DatabaseSessionSerializer(app.registry["dbsession_factory"].kw["bind"], 60)
    key = serializer.dumps((1, 1, {"auth.uid": 7}))
    past = utcnow() - timedelta(seconds=1)
    dbsession.execute(update(WebSession).values(expires_at=past))
    dbsession.commit()
    serializer.recent.put(key.decode(), "{}", past)  # what this process knew has expired too
    with pytest.raises(ValueError):
        serializer.loads(key)


def test_the_memory_of_recent_sessions_is_bounded():
    from portail_core.sessions import RecentSessions

    recent = RecentSessions(size=2)
    later = datetime(2100, 1, 1, tzinfo=UTC)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    recent.put("a", "1", later)
    recent.put("b", "2", later)
    assert recent.get("a", now) == "1"  # "a" is now the most recently used
    recent.put("c", "3", later)
    assert recent.get("b", now) is None
    assert recent.get("a", now) == "1" and recent.get("c", now) == "3"
    assert recent.get("a", later) is None  # expired: forgotten


def test_stylesheets_of_a_logged_in_parent_cost_no_query(demo_data, balaruc, query_counter):
    balaruc.login("valentina.test@example.org", "Valentina-2019")
    balaruc.get("/mon-compte")
    with query_counter as counted:
        balaruc.get("/theme.css")
        balaruc.get("/static/portail.css")
    assert counted.statements == []
