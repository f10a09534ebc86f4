"""Agents: establishments and units, periods and closed days, enrolments, the queue."""

from datetime import date

import pytest

from portail_core.testing.bookings import enrol, freeze, make_family, make_period, paris

AGENT = ("sej@balaruc.example.org", "Agent-Balaruc-2019")


@pytest.fixture
def agent(balaruc, app, dbsession):
    from portail_core.demo import DemoBuilder

    tenant = app.registry.tenants.get("balaruc")
    DemoBuilder(dbsession, tenant).agent(*AGENT, "Secrétariat", "SEJ")
    dbsession.commit()
    balaruc.login(*AGENT)
    return balaruc


def test_agent_pages_render(agent, app, dbsession, monkeypatch):
    tenant = app.registry.tenants.get("balaruc")
    freeze(monkeypatch, paris(2026, 6, 1))
    family = make_family(dbsession, tenant, "TEST", "p@example.org", "Secret-2019-x", ["LEA"])
    period = make_period(dbsession, tenant, "ale_primaire", date(2026, 6, 8))
    enrol(dbsession, tenant, period, family.children)
    dbsession.commit()
    for url in (
        "/agents/etablissements",
        "/agents/periodes",
        f"/agents/periodes/{period.id}/modifier",
        f"/agents/periodes/{period.id}/fermetures",
        f"/agents/periodes/{period.id}/inscriptions",
        f"/agents/periodes/{period.id}/occupation",
        "/agents/demandes",
        "/agents/reservations",
        "/agents/liste-du-jour",
        f"/agents/liste-du-jour?unite={period.units[0].id}&jour=2026-06-08",
        f"/agents/etablissements/{period.establishment_id}/periodes/nouvelle",
        f"/agents/etablissements/{period.establishment_id}/accueils/nouveau",
        f"/agents/accueils/{period.units[0].id}",
    ):
        agent.get(url)
    csv = agent.get(f"/agents/periodes/{period.id}/export.csv")
    assert csv.content_type == "text/csv"
