"""A login ends after 30 minutes idle or 12 hours in all, says why, and a logout ends it on
the server (the old cookie, replayed, is refused)."""

from datetime import timedelta

from sqlalchemy import func, select, update

from portail_core.models.sessions import LoginSession
from portail_core.models.types import utcnow

PARENT = ("valentina.test@example.org", "Valentina-2019")


def _age(dbsession, **ago):
    """Move every login's stamps back in time (as if the parent had been away)."""
    values = {column: utcnow() - delta for column, delta in ago.items()}
    dbsession.execute(update(LoginSession).values(**values))
    dbsession.commit()


def _logged_in(client):
    return client.get("/mon-compte", status="*").status_int == 200


def test_thirty_minutes_idle_end_the_login_with_a_french_reason(demo_data, balaruc, dbsession):
    balaruc.login(*PARENT)
    assert _logged_in(balaruc)
    old_cookie = balaruc.cookies["portail_session"]
    _age(dbsession, last_seen_at=timedelta(minutes=31))
    page = balaruc.get("/mon-compte", status=303).follow()
    assert "après 30 minutes sans activité" in page.text
    # Said once: the next visit of the login page is a plain one.
    assert "sans activité" not in balaruc.get("/connexion").text
    balaruc.set_cookie("portail_session", old_cookie)  # replayed: still ended
    assert not _logged_in(balaruc)


def test_activity_keeps_the_login_alive_past_thirty_minutes(demo_data, balaruc, dbsession):
    balaruc.login(*PARENT)
    _age(dbsession, created_at=timedelta(minutes=50), last_seen_at=timedelta(minutes=29))
    assert _logged_in(balaruc)
    dbsession.expire_all()
    seen = dbsession.scalar(select(LoginSession.last_seen_at))
    assert utcnow() - seen < timedelta(minutes=1)  # refreshed, being older than a minute


def test_the_stamp_is_written_at_most_once_a_minute(demo_data, balaruc, query_counter):
    balaruc.login(*PARENT)
    balaruc.get("/mon-compte")
    with query_counter as counted:
        for _ in range(3):
            balaruc.get("/mon-compte")
    assert not [s for s in counted.statements if s.lstrip().upper().startswith("UPDATE")]


def test_twelve_hours_end_the_login_even_when_active(demo_data, balaruc, dbsession):
    balaruc.login(*PARENT)
    _age(dbsession, created_at=timedelta(hours=12, minutes=1), last_seen_at=timedelta(0))
    page = balaruc.get("/mon-compte", status=303).follow()
    assert "une connexion dure au plus 12 heures" in page.text


def test_logout_ends_the_session_on_the_server(demo_data, balaruc, dbsession):
    balaruc.login(*PARENT)
    stolen = balaruc.cookies["portail_session"]
    balaruc.logout()
    assert dbsession.scalar(select(LoginSession.end_reason)) == "logout"
    balaruc.set_cookie("portail_session", stolen)
    assert not _logged_in(balaruc)


def test_logout_holds_in_another_process(demo_data, balaruc, make_app, client_for):
    """A second worker, its session cache warm with the cookie, still refuses it."""
    other = client_for("balaruc", make_app())
    balaruc.login(*PARENT)
    other.set_cookie("portail_session", balaruc.cookies["portail_session"])
    assert _logged_in(other)
    balaruc.logout()
    assert not _logged_in(other)


def test_the_lifetimes_are_settings(demo_data, make_app, client_for, dbsession):
    short = client_for("balaruc", make_app(**{"portail.session_idle_timeout": "120"}))
    short.login(*PARENT)
    _age(dbsession, last_seen_at=timedelta(minutes=3))
    page = short.get("/mon-compte", status=303).follow()
    assert "après 2 minutes sans activité" in page.text


def test_a_login_row_belongs_to_its_commune(demo_data, balaruc, dbsession):
    balaruc.login(*PARENT)
    assert dbsession.scalar(select(func.count()).select_from(LoginSession)) == 1
    assert dbsession.scalar(select(LoginSession.tenant_id)) == "balaruc"
