"""First-come campaigns: the waiting room in front of the booking pages, in order of arrival,
at the agent's rate, a position kept a few minutes, one statement to check, isolation."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portail_core.models.campaigns import WaitingTicket
from portail_core.services.campaigns.waiting_room import WaitingRoom
from portail_core.testing.bookings import enrol, freeze, make_family, make_period, paris
from portail_core.testing.campaigns import AGENTS, make_campaign

OPENING = paris(2026, 6, 1, 9)


@pytest.fixture
def opening(app, dbsession, monkeypatch):
    """Balaruc's summer period behind a waiting room letting one family in per minute."""
    from portail_core.demo.builder import DemoBuilder

    tenant = app.registry.tenants.get("balaruc")
    freeze(monkeypatch, OPENING - timedelta(minutes=10))
    DemoBuilder(dbsession, tenant).agent(*AGENTS["balaruc"], "Secrétariat", "SEJ")
    period = make_period(dbsession, tenant, "ale_primaire", date(2026, 7, 6), name="ÉTÉ 2026")
    families = [
        make_family(dbsession, tenant, name, f"{name.lower()}@example.org", "Secret-2019-x", ["E"])
        for name in ("ALPHA", "BRAVO", "CHARLIE")
    ]
    for family in families:
        enrol(dbsession, tenant, period, family.children)
    campaign = make_campaign(
        dbsession,
        tenant,
        [period],
        "queue",
        OPENING,
        OPENING + timedelta(days=7),
        rate_per_minute=1,
        title="OUVERTURE ÉTÉ 2026",
    )
    dbsession.commit()
    return tenant, period, families, campaign


def words(page):
    """The page's text without its tags (a position is in <strong>)."""
    return re.sub(r"<[^>]+>", "", page.text)


def planning_url(period, family):
    return f"/reservations/planning/{period.id}/{family.children[0].id}"


def parent(client_for, family):
    client = client_for("balaruc")
    client.login(f"{family.name.lower()}@example.org", "Secret-2019-x")
    return client


def test_the_waiting_room_lets_families_in_by_arrival_at_the_rate(
    opening, client_for, dbsession, monkeypatch
):
    tenant, period, families, campaign = opening
    alpha, bravo, charlie = (parent(client_for, family) for family in families)
    # Before the opening, the booking pages lead to the waiting room, which says when.
    page = alpha.get(planning_url(period, families[0]), status=303).follow()
    assert "Les réservations ouvriront le" in page.text
    assert 'http-equiv="refresh"' in page.text
    freeze(monkeypatch, OPENING + timedelta(seconds=5))
    pages = [
        client.get(planning_url(period, family), status=303).follow()
        for client, family in zip((alpha, bravo, charlie), families, strict=True)
    ]
    assert "C'est votre tour" in words(pages[0])
    assert "Votre place dans la file : n° 2" in words(pages[1])
    assert "Familles devant vous : 1" in words(pages[1]) and "moins d’une minute" in words(pages[1])
    assert "n° 3" in words(pages[2]) and "Attente estimée : environ 2 minutes" in words(pages[2])
    assert 'http-equiv="refresh"' in pages[2].text
    # Admitted: the link leads back to the planning asked for, which now opens.
    link = pages[0].html.find("a", string="Continuer vers la réservation")["href"]
    assert link.endswith(planning_url(period, families[0]))
    alpha.get(planning_url(period, families[0]), status=200)
    bravo.get(planning_url(period, families[1]), status=303)
    freeze(monkeypatch, OPENING + timedelta(minutes=1, seconds=5))
    bravo.get(planning_url(period, families[1]), status=200)
    charlie.get(planning_url(period, families[2]), status=303)
    positions = dbsession.execute(
        select(WaitingTicket.family_id, WaitingTicket.position).order_by(WaitingTicket.position)
    ).all()
    assert [family_id for family_id, _ in positions] == [family.id for family in families]
    # The agent sees the figures.
    agent = client_for("balaruc")
    agent.login(*AGENTS["balaruc"])
    page = agent.get(f"/agents/campagnes/{campaign.id}")
    assert "Familles arrivées" in page.text and "Familles admises" in page.text


def test_a_closed_tab_keeps_its_place_a_few_minutes(opening, dbsession):
    tenant, period, families, campaign = opening
    room = WaitingRoom(dbsession, tenant)
    extra = [
        make_family(dbsession, tenant, f"F{n}", f"f{n}@example.org", "Secret-2019-x", ["E"])
        for n in range(8)
    ]
    dbsession.flush()
    for family in extra:  # positions 1 to 8
        room.turn(campaign, family.id, OPENING)
    late, gone = families[0], families[1]
    assert room.turn(campaign, late.id, OPENING).position == 9  # its turn at +8 minutes
    assert room.turn(campaign, gone.id, OPENING).position == 10  # its turn at +9 minutes
    # Back after 4 minutes: kept; its turn came while it was kept: in, even later.
    assert room.turn(campaign, late.id, OPENING + timedelta(minutes=4)).position == 9
    turn = room.turn(campaign, late.id, OPENING + timedelta(minutes=10))
    assert (turn.position, turn.admitted) == (9, True)
    # Gone for 6 minutes before its turn: back at the end of the queue.
    turn = room.turn(campaign, gone.id, OPENING + timedelta(minutes=6))
    assert (turn.position, turn.admitted) == (11, False)
    # A family admitted while it was still here keeps its entry even after a long absence.
    assert room.is_admitted(campaign, extra[0].id, OPENING + timedelta(hours=2))


def test_the_admission_check_is_one_statement(opening, dbsession, query_counter):
    tenant, period, families, campaign = opening
    room = WaitingRoom(dbsession, tenant)
    room.turn(campaign, families[0].id, OPENING)
    dbsession.commit()
    with query_counter as counted:
        assert room.is_admitted(campaign, families[0].id, OPENING + timedelta(seconds=1))
    assert counted.count == 1


def test_another_commune_cannot_enter_the_waiting_room(opening, app, dbsession, client_for):
    tenant, period, families, campaign = opening
    other = app.registry.tenants.get("batz")
    make_family(dbsession, other, "ZULU", "zulu@example.org", "Secret-2019-x", ["ZOE"])
    dbsession.commit()
    zulu = client_for("batz")
    zulu.login("zulu@example.org", "Secret-2019-x")
    zulu.get(f"/salle-d-attente/{campaign.id}", status=404)
    zulu.get(planning_url(period, families[0]), status=404)
