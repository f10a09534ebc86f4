"""The staff area in English: a staff member whose browser asks for English reads the
dashboard, the queue of requests, a family's page, the occupancy and the daily list in
English, with English dates; French stays the default."""

from datetime import date

import pytest

from portail_core.demo.builder import DemoBuilder
from portail_core.testing.bookings import book, enrol, freeze, make_family, make_period, paris

MONDAY = date(2026, 6, 8)
NOW = paris(2026, 6, 1, 9, 0)
AGENT = ("sej@balaruc.example.org", "Agent-Balaruc-2019")
ENGLISH = {"Accept-Language": "en-GB,en;q=0.9"}


@pytest.fixture
def world(app, dbsession, monkeypatch, balaruc):
    freeze(monkeypatch, NOW)
    tenant = app.registry.tenants.get("balaruc")
    DemoBuilder(dbsession, tenant).agent(*AGENT, "Secrétariat", "SEJ")
    period = make_period(dbsession, tenant, "ale_primaire", MONDAY, units=["matin"])
    family = make_family(dbsession, tenant, "TEST", "test@example.org", "Secret-2019-xyz", ["LEA"])
    enrol(dbsession, tenant, period, family.children)
    dbsession.commit()
    book(dbsession, tenant, family, period, family.children, period.units[0], (MONDAY,), NOW)
    dbsession.commit()
    balaruc.login(*AGENT)
    return balaruc, period, family


def test_dashboard_and_queue_in_english(world):
    agent, period, _family = world
    home = agent.get("/agents/", headers=ENGLISH)
    assert "Dashboard" in home.text and "supporting documents to check" in home.text
    assert "<h1>Dashboard</h1>" in home.text and "familles</li>" not in home.text
    queue = agent.get("/agents/demandes", headers=ENGLISH)
    assert "Requests to process" in queue.text and "Accept the selection" in queue.text
    assert "Reason for the decision (sent to the families)" in queue.text
    assert "TEST family" in queue.text and "Mon 08 Jun 2026" in queue.text
    assert "<h1>Requests to process</h1>" in queue.text
    # A hidden complement translated inside the button's own sentence.
    assert 'Accept all <span class="visually-hidden">(booking ' in queue.text
    # French is still the default (the staff layout's own links are another matter).
    assert "<h1>Demandes à traiter</h1>" in agent.get("/agents/demandes").text


def test_family_page_in_english(world):
    agent, _period, family = world
    page = agent.get(f"/agents/familles/{family.id}", headers=ENGLISH)
    assert "TEST family" in page.text and "Edit the family file" in page.text
    assert "Legal guardians" in page.text and "Supporting documents" in page.text
    assert "Dossier famille" not in page.text and "Responsables légaux" not in page.text


def test_occupancy_and_daily_list_in_english_with_english_dates(world):
    agent, period, _family = world
    occupancy = agent.get(f"/agents/periodes/{period.id}/occupation", headers=ENGLISH)
    assert "Occupancy — " in occupancy.text and "Places taken / capacity" in occupancy.text
    assert "Mon 08 Jun 2026" in occupancy.text and "of which 1 to process" in occupancy.text
    unit = period.units[0]
    daily = agent.get(
        "/agents/liste-du-jour", params={"unite": unit.id, "jour": "2026-06-08"}, headers=ENGLISH
    )
    assert "Daily list — " in daily.text and "Mon 08 Jun 2026" in daily.text
    expected = "<strong>0</strong> child(ren) expected, and 1 request(s) still to process (marked)."
    assert expected in daily.text
    assert "Request to process (no. " in daily.text and "<h1>Liste du jour" not in daily.text


def test_flash_of_a_decision_in_english(world):
    agent, _period, _family = world
    form = agent.get("/agents/demandes", headers=ENGLISH).forms["queue"]
    done = form.submit("action", value="accept", headers=ENGLISH).follow(headers=ENGLISH)
    assert "Nothing to process: tick some days." in done.text
