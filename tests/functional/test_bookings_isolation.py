"""No family sees another's reservations, no commune another's: ids swapped in URLs are 404."""

from datetime import date

import pytest
from sqlalchemy import func, select

from portail_core.demo.builder import DemoBuilder
from portail_core.models.bookings import PENDING, Presence
from portail_core.testing.bookings import book, enrol, freeze, make_family, make_period, paris

MONDAY = date(2026, 6, 8)
NOW = paris(2026, 6, 1, 9)


@pytest.fixture
def world(app, dbsession, monkeypatch):
    freeze(monkeypatch, NOW)
    balaruc = app.registry.tenants.get("balaruc")
    batz = app.registry.tenants.get("batz")
    DemoBuilder(dbsession, balaruc).agent(
        "sej@balaruc.example.org", "Agent-Balaruc-2019", "Secrétariat", "SEJ"
    )
    ours = make_family(dbsession, balaruc, "TEST", "test@example.org", "Secret-2019-xyz", ["A"])
    theirs = make_family(dbsession, balaruc, "AUTRE", "autre@example.org", "Secret-2019-xyz", ["B"])
    far = make_family(dbsession, batz, "LOIN", "loin@example.org", "Secret-2018-xyz", ["C"])
    period = make_period(dbsession, balaruc, "ale_primaire", MONDAY)
    batz_period = make_period(dbsession, batz, "restaurant", MONDAY)
    enrol(dbsession, balaruc, period, ours.children + theirs.children)
    enrol(dbsession, batz, batz_period, far.children)
    matin = next(u for u in period.units if u.code == "matin")
    theirs_res = book(dbsession, balaruc, theirs, period, theirs.children, matin, [MONDAY], NOW)
    far_res = book(
        dbsession, batz, far, batz_period, far.children, batz_period.units[0], [MONDAY], NOW
    )
    dbsession.commit()
    return {
        "period": period,
        "batz_period": batz_period,
        "theirs": theirs,
        "far": far,
        "theirs_reservation": theirs_res.reservations[0],
        "far_reservation": far_res.reservations[0],
        "batz_unit": batz_period.units[0],
    }


def test_another_familys_ids_are_not_found(balaruc, world):
    balaruc.login("test@example.org", "Secret-2019-xyz")
    child = world["theirs"].children[0]
    reservation = world["theirs_reservation"]
    period = world["period"]
    balaruc.get(f"/reservations/{reservation.id}", status=404)
    balaruc.get("/reservations/enregistree", params={"n": reservation.id}, status=404)
    balaruc.get(f"/reservations/nouvelle/{child.id}", status=404)
    balaruc.get(f"/reservations/planning/{period.id}/{child.id}", status=404)
    balaruc.get(f"/reservations/recapitulatif/{period.id}/{child.id}", status=404)
    token = balaruc.get("/reservations").forms[0]
    assert token is not None
    assert "AUTRE" not in balaruc.get("/reservations", params={"q": "B"}).text


def test_another_communes_ids_are_not_found(balaruc, world, dbsession):
    balaruc.login("test@example.org", "Secret-2019-xyz")
    child = world["far"].children[0]
    period = world["batz_period"]
    balaruc.get(f"/reservations/{world['far_reservation'].id}", status=404)
    balaruc.get(f"/reservations/nouvelle/{child.id}", status=404)
    balaruc.get(f"/reservations/planning/{period.id}/{child.id}", status=404)
    ours = dbsession.scalar(select(func.count()).select_from(Presence))
    assert ours == 2


def test_agents_cannot_reach_another_communes_rows(balaruc, world, dbsession):
    balaruc.login("sej@balaruc.example.org", "Agent-Balaruc-2019")
    period = world["batz_period"]
    far_reservation = world["far_reservation"]
    for url in (
        f"/agents/periodes/{period.id}/modifier",
        f"/agents/periodes/{period.id}/fermetures",
        f"/agents/periodes/{period.id}/inscriptions",
        f"/agents/periodes/{period.id}/occupation",
        f"/agents/periodes/{period.id}/export.csv",
        f"/agents/reservations/{far_reservation.id}",
        f"/agents/accueils/{world['batz_unit'].id}",
        f"/agents/etablissements/{period.establishment_id}/periodes/nouvelle",
    ):
        balaruc.get(url, status=404)
    # A Batz line posted to Balaruc's queue is not touched.
    line = dbsession.scalar(select(Presence).where(Presence.tenant_id == "batz"))
    page = balaruc.get("/agents/demandes")
    response = balaruc.post(
        "/agents/demandes",
        {"csrf_token": page.forms["queue"]["csrf_token"].value, "ligne": f"cancel:{line.id}"},
    ).follow()
    assert "Aucune ligne à traiter" in response.text
    dbsession.expire_all()
    assert dbsession.get(Presence, line.id).state == "accepted"
    # Lines of another reservation cannot be decided from a reservation's page.
    theirs = world["theirs_reservation"]
    other_line = dbsession.scalar(select(Presence).where(Presence.reservation_id == theirs.id))
    own = balaruc.get(f"/agents/reservations/{theirs.id}")
    balaruc.post(
        f"/agents/reservations/{theirs.id}",
        {"csrf_token": own.forms["decide"]["csrf_token"].value, "tout": "refuse:999999"},
        status=404,
    )
    assert dbsession.get(Presence, other_line.id).state == PENDING


def test_parents_and_visitors_are_kept_out_of_the_agents_area(balaruc, world):
    assert "/connexion" in balaruc.get("/agents/demandes", status=303).location
    assert "/connexion" in balaruc.get("/reservations", status=303).location
    balaruc.login("test@example.org", "Secret-2019-xyz")
    for url in ("/agents/demandes", "/agents/periodes", "/agents/reservations"):
        balaruc.get(url, status=403)
    balaruc.get(f"/agents/periodes/{world['period'].id}/export.csv", status=403)


def feed_form(page):
    return next(form for form in page.forms.values() if form.action.endswith("/calendrier"))


def test_the_calendar_feed_is_private_and_revocable(balaruc, batz, world, dbsession):
    balaruc.login("autre@example.org", "Secret-2019-xyz")
    page = balaruc.get("/reservations/calendrier")
    assert "Aucune adresse n'est active" in page.text
    page = feed_form(page).submit("creer").follow()
    url = page.html.select_one("#feed-url")["value"]
    path = url.split("balaruc.localhost", 1)[1]
    # The agent accepts the request: it shows in the feed.
    line = dbsession.scalar(select(Presence).where(Presence.tenant_id == "balaruc"))
    line.state = "accepted"
    dbsession.commit()
    balaruc.logout()
    feed = balaruc.get(path)
    assert feed.content_type == "text/calendar"
    assert b"BEGIN:VEVENT" in feed.body and b"DTSTART;VALUE=DATE:20260608" in feed.body
    assert b"B \xe2\x80\x94 MATIN" in feed.body
    batz.get(path, status=404)  # another commune's host knows nothing of it
    balaruc.get(path.replace(".ics", "x.ics"), status=404)
    balaruc.login("autre@example.org", "Secret-2019-xyz")
    page = balaruc.get("/reservations/calendrier")
    assert "Une adresse privée est active" in page.text
    feed_form(page).submit("revoquer").follow()
    balaruc.get(path, status=404)
