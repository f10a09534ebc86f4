"""The waiting room's gate reads each process's schedule of first-come campaigns: no
statement while it is fresh, a change seen at once by the process that made it and by the
others within the TTL; the waiting page itself stays a few statements."""

from datetime import date, timedelta

import pytest

from portail_core.services.campaigns import schedule
from portail_core.services.campaigns.waiting_room import WaitingRoom
from portail_core.testing.bookings import enrol, freeze, make_family, make_period, paris
from portail_core.testing.campaigns import make_campaign

OPENING = paris(2026, 6, 1, 9)


@pytest.fixture
def summer(app, dbsession, monkeypatch):
    """Balaruc's summer period, no campaign yet, one enrolled family logged in."""
    tenant = app.registry.tenants.get("balaruc")
    freeze(monkeypatch, OPENING + timedelta(minutes=5))
    period = make_period(dbsession, tenant, "ale_primaire", date(2026, 7, 6), name="ÉTÉ 2026")
    family = make_family(dbsession, tenant, "ALPHA", "alpha@example.org", "Secret-2019-x", ["E"])
    enrol(dbsession, tenant, period, family.children)
    dbsession.commit()
    return tenant, period, family


def queue(dbsession, tenant, period, **values):
    return make_campaign(
        dbsession, tenant, [period], "queue", OPENING, OPENING + timedelta(days=1), **values
    )


def planning(client_for, period, family):
    client = client_for("balaruc")
    client.login("alpha@example.org", "Secret-2019-x")
    return client, f"/reservations/planning/{period.id}/{family.children[0].id}"


def test_the_gate_sends_no_statement_while_the_schedule_is_fresh(summer, dbsession, query_counter):
    tenant, period, family = summer
    campaign = queue(dbsession, tenant, period)
    other = make_period(dbsession, tenant, "ale_primaire", date(2026, 9, 1), name="RENTRÉE")
    dbsession.commit()
    room, now = WaitingRoom(dbsession, tenant), OPENING + timedelta(minutes=5)
    assert room.gate(period.id, now).id == campaign.id  # reads the schedule: one statement
    with query_counter as counted:
        assert room.gate(period.id, now).id == campaign.id
        assert room.gate(other.id, now) is None
        assert room.campaign(campaign.id, now).title == campaign.title
        # Closed: the schedule says so by its times, without reading again.
        assert room.gate(period.id, OPENING + timedelta(days=1)) is None
    assert counted.count == 0


def test_a_campaign_made_in_another_process_is_seen_after_the_ttl(
    summer, client_for, dbsession, monkeypatch
):
    tenant, period, family = summer
    client, url = planning(client_for, period, family)
    client.get(url, status=200)  # this process has read the schedule: no campaign
    # Another worker creates a campaign: its commit cannot reach this process's copy.
    monkeypatch.setattr(schedule, "changed", lambda dbsession, tenant_id: None)
    campaign = queue(dbsession, tenant, period)
    dbsession.commit()
    read_at = schedule.clock()
    monkeypatch.setattr(schedule, "clock", lambda: read_at + schedule.TTL_SECONDS - 1)
    client.get(url, status=200)  # still within the TTL: the old copy
    monkeypatch.setattr(schedule, "clock", lambda: read_at + schedule.TTL_SECONDS + 1)
    page = client.get(url, status=303)
    assert page.location.split("?")[0].endswith(f"/salle-d-attente/{campaign.id}")
    assert "C'est votre tour" in page.follow().text


def test_a_change_is_seen_at_once_by_the_process_that_made_it(summer, app, client_for, dbsession):
    tenant, period, family = summer
    client, url = planning(client_for, period, family)
    client.get(url, status=200)
    campaign = queue(dbsession, tenant, period)
    # A request of this process reads before the commit: it caches the old schedule...
    reader = app.registry["dbsession_factory"]()
    try:
        assert schedule.openings(reader, tenant, OPENING) == {}
    finally:
        reader.close()
    dbsession.commit()  # ...which the commit drops.
    assert client.get(url, status=303).location.split("?")[0].endswith(str(campaign.id))


def test_the_waiting_page_reads_little(summer, client_for, dbsession, query_counter, monkeypatch):
    tenant, period, family = summer
    campaign = queue(dbsession, tenant, period, rate_per_minute=1)
    dbsession.commit()
    client, url = planning(client_for, period, family)
    waiting = f"/salle-d-attente/{campaign.id}"
    client.get(waiting)  # takes the ticket (and reads the schedule)
    with query_counter as counted:
        page = client.get(waiting)
    assert "C'est votre tour" in page.text
    own = [s for s in counted.statements if "web_session" not in s]
    # The login's user (every page's) and the ticket (one indexed statement); no campaign
    # read, no write (last seen is recent).
    assert len(own) == 2 and "FROM user_account" in own[0], own
    assert "FROM waiting_ticket" in own[1] and "WHERE waiting_ticket.campaign_id" in own[1]
    # Its turn has come: an hour later the ticket is still good and nothing is written.
    freeze(monkeypatch, OPENING + timedelta(hours=1))
    with query_counter as counted:
        page = client.get(waiting)
    assert "C'est votre tour" in page.text
    assert [s for s in counted.statements if "web_session" not in s][1:] == own[1:]
    client.get(url, status=200)
