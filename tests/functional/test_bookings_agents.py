"""Agents: establishments and units, periods and closed days, enrolments, the queue."""

from datetime import date

import pytest
from sqlalchemy import select

from portail_core.models.bookings import ClosedDay, Enrolment, Establishment, Period, Unit
from portail_core.testing.bookings import (
    book,
    enrol,
    freeze,
    make_family,
    make_period,
    open_planning,
    paris,
)
from portail_core.testing.fixtures import page_forms

AGENT = ("sej@balaruc.example.org", "Agent-Balaruc-2019")


@pytest.fixture
def agent(balaruc, app, dbsession):
    from portail_core.demo.builder import DemoBuilder

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


def test_sync_copies_the_plugins_establishments_once(agent, dbsession):
    page = agent.get("/agents/etablissements")
    assert "Aucun établissement" in page.text
    page = page_forms(page)[0].submit().follow()
    assert "4 établissement(s)" in page.text
    assert "ALE Primaire" in page.text and "JOURNEE REPAS" in page.text
    count = len(dbsession.scalars(select(Unit).where(Unit.tenant_id == "balaruc")).all())
    page = page_forms(page)[0].submit().follow()
    assert "rien de nouveau" in page.text
    assert len(dbsession.scalars(select(Unit).where(Unit.tenant_id == "balaruc")).all()) == count
    assert dbsession.scalars(select(Establishment.tenant_id)).all() == ["balaruc"] * 4


def test_agent_creates_a_period_and_errors_keep_what_was_typed(agent, app, dbsession):
    from portail_core.services.bookings.catalog import CatalogService

    CatalogService(dbsession, app.registry.tenants.get("balaruc")).sync()
    dbsession.commit()
    alp = dbsession.scalar(select(Establishment).where(Establishment.code == "alp_maternel"))
    form = agent.get(f"/agents/etablissements/{alp.id}/periodes/nouvelle").forms["period"]
    form["name"] = "PERISCOLAIRE M Semaines 11 à 13"
    form["start_date"] = "2026-03-20"
    form["end_date"] = "2026-03-09"
    form["last_booking_day"] = "2026-03-27"
    page = form.submit("submit")
    assert "La fin doit être le même jour que le début, ou après." in page.text
    assert page.forms["period"]["name"].value == "PERISCOLAIRE M Semaines 11 à 13"
    assert dbsession.scalars(select(Period)).all() == []
    form = page.forms["period"]
    form["start_date"] = "2026-03-09"
    form["end_date"] = "2026-03-27"
    page = form.submit("submit").follow()
    assert "Période « PERISCOLAIRE M Semaines 11 à 13 » enregistrée." in page.text
    period = dbsession.scalar(select(Period))
    assert (period.start_date, period.end_date, period.weekdays) == (
        date(2026, 3, 9),
        date(2026, 3, 27),
        "1111100",
    )
    assert len(period.offers) == 3
    form = agent.get(f"/agents/periodes/{period.id}/modifier").forms["period"]
    form["auto_accept"] = "true"
    form["when_full"] = "waiting_list"
    form.submit("submit").follow()
    dbsession.expire_all()
    period = dbsession.get(Period, period.id)
    assert (period.auto_accept, period.when_full) == (True, "waiting_list")


def test_enrolments_one_by_one_in_bulk_and_from_another_period(agent, app, dbsession, monkeypatch):
    tenant = app.registry.tenants.get("balaruc")
    freeze(monkeypatch, paris(2026, 6, 1))
    family = make_family(dbsession, tenant, "TEST", "p@example.org", "Secret-2019-x", ["A", "B"])
    other = make_family(dbsession, tenant, "AUTRE", "o@example.org", "Secret-2019-x", ["C"])
    first = make_period(dbsession, tenant, "ale_primaire", date(2026, 6, 8))
    second = make_period(dbsession, tenant, "alp_maternel", date(2026, 6, 8))
    dbsession.commit()
    page = agent.get(f"/agents/periodes/{first.id}/inscriptions")
    form = page.forms["enrol"]
    for box in form.fields["enfants"]:
        box.checked = box._value in {str(family.children[0].id), str(other.children[0].id)}
    page = form.submit("inscrire").follow()
    assert "2 enfant(s) inscrit(s)" in page.text
    form = page.forms["enrol"]
    form.fields["enfants"][0].checked = True
    form.submit("inscrire").follow()
    assert len(dbsession.scalars(select(Enrolment)).all()) == 3
    page = agent.get(f"/agents/periodes/{second.id}/inscriptions")
    copy = page.forms["copy"]
    copy["source"] = str(first.id)
    page = copy.submit("copier").follow()
    assert "3 enfant(s) inscrit(s)" in page.text
    # A child with live lines keeps its enrolment.
    matin = next(u for u in first.units if u.code == "matin")
    book(dbsession, tenant, family, first, family.children[:1], matin, [date(2026, 6, 8)],
         paris(2026, 6, 1))  # fmt: skip
    dbsession.commit()
    page = agent.get(f"/agents/periodes/{first.id}/inscriptions")
    enrolment = dbsession.scalar(
        select(Enrolment).where(
            Enrolment.period_id == first.id, Enrolment.child_id == family.children[0].id
        )
    )
    removal = next(
        f for f in page.forms.values() if f.action.endswith(f"/{enrolment.id}/suppression")
    )
    page = removal.submit().follow()
    assert "annulez-les avant de retirer l'inscription" in page.text
    assert dbsession.get(Enrolment, enrolment.id) is not None


def test_closed_days_are_shown_disabled_to_families(agent, app, dbsession, monkeypatch, balaruc):
    tenant = app.registry.tenants.get("balaruc")
    freeze(monkeypatch, paris(2026, 6, 1))
    period = make_period(dbsession, tenant, "ale_primaire", date(2026, 6, 8))
    dbsession.commit()
    form = agent.get(f"/agents/periodes/{period.id}/fermetures").forms["closed"]
    form["first"] = "2026-06-10"
    form["last"] = "2026-06-11"
    form["reason"] = "Sortie scolaire"
    form.submit("submit").follow()
    dbsession.expire_all()
    days = dbsession.scalars(select(ClosedDay.day).order_by(ClosedDay.day)).all()
    assert days == [date(2026, 6, 10), date(2026, 6, 11)]
    page = agent.get(f"/agents/periodes/{period.id}/fermetures")
    assert "jeu. 11 juin 2026 — Sortie scolaire" in page.text
    family = make_family(dbsession, tenant, "TEST", "p@example.org", "Secret-2019-x", ["A"])
    enrol(dbsession, tenant, period, family.children)
    dbsession.commit()
    reopen = next(f for f in page.forms.values() if "reouverture" in f.action)
    page = reopen.submit().follow()  # "Rouvrir" the first
    assert "est de nouveau ouvert" in page.text
    assert dbsession.scalars(select(ClosedDay.day)).all() == [date(2026, 6, 11)]
    agent.logout()
    agent.login("p@example.org", "Secret-2019-x")
    planning = open_planning(agent, family.children[0], period)
    assert "Fermé : Sortie scolaire" in planning.text
    assert f"{period.units[0].id}:2026-06-11" not in planning.text
    assert f"{period.units[0].id}:2026-06-10" in planning.text
