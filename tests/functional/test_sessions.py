"""Session data lives server-side; reading pages does not rewrite it."""

from sqlalchemy import func, select

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
