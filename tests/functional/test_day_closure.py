"""« Fermer une journée »: counts shown before confirming, bookings cancelled without
charge, one e-mail per family, the waiting list untouched, credits, the day closed."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portail_core.demo.builder import DemoBuilder
from portail_core.models.absences import Absence
from portail_core.models.bookings import (
    ACCEPTED,
    BOOKING,
    CANCELLED,
    WAITING,
    ClosedDay,
    Presence,
    UnitDay,
)
from portail_core.services.bookings.absences import AbsenceService
from portail_core.services.bookings.closures import DayClosureService
from portail_core.services.bookings.context import load_period
from portail_core.services.bookings.rules import PeriodRules, policy_for
from portail_core.testing.bookings import book, enrol, freeze, make_family, make_period, paris

MONDAY = date(2026, 6, 8)
TUESDAY = MONDAY + timedelta(days=1)
NOW = paris(2026, 6, 1, 9, 0)
AGENT = ("sej@balaruc.example.org", "Agent-Balaruc-2019")


class World:
    """Balaruc's ALE Primaire, MATIN (2 places, waiting list) and JOURNEE REPAS."""

    def __init__(self, app, dbsession):
        self.tenant = app.registry.tenants.get("balaruc")
        self.dbsession = dbsession
        DemoBuilder(dbsession, self.tenant).agent(*AGENT, "Secrétariat", "SEJ")
        self.period = make_period(
            dbsession,
            self.tenant,
            "ale_primaire",
            MONDAY,
            units=["matin", "journee_repas"],
            auto_accept=True,
            when_full="waiting_list",
        )
        self.units = {unit.code: unit for unit in self.period.units}
        self.units["matin"].capacity = 2
        dbsession.commit()
        self.families = {}

    def family(self, name, children=("ENF",)):
        email = f"{name.lower()}@example.org"
        family = make_family(
            self.dbsession, self.tenant, name, email, "Secret-2019-xyz", list(children)
        )
        enrol(self.dbsession, self.tenant, self.period, family.children)
        self.dbsession.commit()
        self.families[name] = family
        return family

    def book(self, name, unit, days=(MONDAY,)):
        family = self.families[name]
        book(
            self.dbsession,
            self.tenant,
            family,
            self.period,
            family.children,
            self.units[unit],
            list(days),
            NOW,
        )
        self.dbsession.commit()

    def states(self, name):
        self.dbsession.expire_all()
        ids = [child.id for child in self.families[name].children]
        return sorted(
            (line.unit_id, line.day, line.state, line.note)
            for line in self.dbsession.scalars(
                select(Presence).where(Presence.child_id.in_(ids), Presence.kind == BOOKING)
            )
        )


@pytest.fixture
def world(app, dbsession, monkeypatch):
    freeze(monkeypatch, NOW)
    world = World(app, dbsession)
    world.family("DUO", ("AINE", "CADET"))
    world.family("SOLO")
    world.family("ATTENTE")
    world.book("DUO", "matin")  # two children: the two places of MATIN
    world.book("DUO", "journee_repas", (MONDAY, TUESDAY))
    world.book("SOLO", "journee_repas")
    world.book("ATTENTE", "matin")  # waiting list
    return world


@pytest.fixture
def agent(balaruc, world):
    balaruc.login(*AGENT)
    return balaruc


def words(html):
    """The page's text without its tags, on one line."""
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def fill(page, target, day="08/06/2026", reason="Grève"):
    form = page.forms["closure"]
    form["target"] = target
    form["day"] = day
    form["reason"] = reason
    return form


def test_the_counts_are_shown_before_anything_changes(agent, world):
    page = agent.get("/agents/fermer-une-journee")
    assert "Fermer une journée" in page.text
    establishment = world.period.establishment_id
    preview = fill(page, str(establishment)).submit()
    text = words(preview.text)
    assert "2 famille(s) prévenue(s) par e-mail" in text
    assert "3 enfant(s)" in text
    assert "5 réservation(s) annulée(s) sans frais" in text
    assert ACCEPTED in {state for _, _, state, _ in world.states("SOLO")}
    assert world.dbsession.scalar(select(ClosedDay)) is None


def test_closing_the_establishment_cancels_without_charge_and_mails_each_family_once(
    agent, world, mailbox
):
    page = agent.get("/agents/fermer-une-journee")
    preview = fill(page, str(world.period.establishment_id)).submit()
    done = preview.forms["closure-confirm"].submit().follow()
    assert "5 réservation(s) annulée(s) sans frais, 2 famille(s) prévenue(s)" in done.text
    duo = world.states("DUO")
    monday = [line for line in duo if line[1] == MONDAY]
    assert {state for _, _, state, _ in monday} == {CANCELLED}
    assert all("Grève" in note for _, _, _, note in monday)
    assert [state for _, day, state, _ in duo if day == TUESDAY] == [ACCEPTED, ACCEPTED]
    # No late flag, no cancellation line: nothing to bill. The waiting list stays.
    assert [state for _, _, state, _ in world.states("ATTENTE")] == [WAITING]
    world.dbsession.expire_all()
    assert set(world.dbsession.scalars(select(UnitDay.booked).where(UnitDay.day == MONDAY))) == {0}
    assert sorted(m.recipients[0] for m in mailbox) == ["duo@example.org", "solo@example.org"]
    duo_mail = next(m for m in mailbox if m.recipients == ["duo@example.org"])
    assert "AINE" in duo_mail.body and "CADET" in duo_mail.body and "Motif : Grève" in duo_mail.body
    # The day is closed in the period: it cannot be booked again.
    period = load_period(world.dbsession, world.tenant, world.period.id)
    rules = PeriodRules(period, policy_for(world.tenant, period), NOW)
    assert rules.status(MONDAY).reason.interpolate() == "Fermé : Grève"
    assert rules.status(TUESDAY).bookable


def test_closing_one_unit_leaves_the_others_open(agent, world, mailbox):
    matin = world.units["matin"]
    page = agent.get("/agents/fermer-une-journee")
    preview = fill(page, f"{world.period.establishment_id}:{matin.id}", reason="Travaux").submit()
    assert "1 famille(s) prévenue(s)" in words(preview.text)
    preview.forms["closure-confirm"].submit().follow()
    assert [m.recipients for m in mailbox] == [["duo@example.org"]]
    assert [state for _, _, state, _ in world.states("SOLO")] == [ACCEPTED]
    period = load_period(world.dbsession, world.tenant, world.period.id)
    rules = PeriodRules(period, policy_for(world.tenant, period), NOW)
    assert rules.status(MONDAY).bookable
    assert not rules.cell_status(matin.id, MONDAY).bookable
    assert rules.cell_status(world.units["journee_repas"].id, MONDAY).bookable
    closed = world.dbsession.scalar(select(ClosedDay))
    assert (closed.unit_id, closed.reason) == (matin.id, "Travaux")


def test_bad_input_keeps_what_was_typed(agent, world):
    page = agent.get("/agents/fermer-une-journee")
    result = fill(page, str(world.period.establishment_id), day="31/02/2026", reason="").submit()
    assert "Date attendue, par exemple 12/03/2026." in result.text
    assert "Indiquez le motif de la fermeture" in result.text
    assert 'value="31/02/2026"' in result.text
    assert "closure-confirm" not in result.text


def test_another_communes_establishment_cannot_be_closed(agent, world, app, dbsession):
    from portail_core.testing.bookings import establishment

    batz = establishment(dbsession, app.registry.tenants.get("batz"), "periscolaire")
    dbsession.commit()
    page = agent.get("/agents/fermer-une-journee")
    form = page.forms["closure"]
    form["target"].force_value(str(batz.id))
    form["day"] = "08/06/2026"
    form["reason"] = "Grève"
    result = form.submit()
    assert "Choisissez l'accueil ou l'établissement à fermer." in result.text
    confirm = agent.post(
        "/agents/fermer-une-journee/confirmation",
        {
            "csrf_token": agent.csrf_token(),
            "target": str(batz.id),
            "day": "08/06/2026",
            "reason": "Grève",
        },
    )
    assert "Choisissez l'accueil ou l'établissement à fermer." in confirm.text


def test_a_day_already_invoiced_is_credited_by_the_next_run(world, dbsession):
    from portail_core.services.billing.invoice_runs import InvoiceRunService

    runs = InvoiceRunService(dbsession, world.tenant)
    first = runs.run("periscolaire", date(2026, 6, 1), date(2026, 6, 30))
    runs.publish(first, date(2026, 7, 1))
    service = DayClosureService(dbsession, world.tenant)
    target = service.target(str(world.period.establishment_id), MONDAY)
    service.close(target, "Neige", None, NOW)
    july = make_period(
        dbsession,
        world.tenant,
        "ale_primaire",
        date(2026, 7, 6),
        units=["journee_repas"],
        auto_accept=True,
        name="JUILLET",
    )
    solo = world.families["SOLO"]
    enrol(dbsession, world.tenant, july, solo.children)
    dbsession.commit()
    book(
        dbsession,
        world.tenant,
        solo,
        july,
        solo.children,
        july.units[0],
        [date(2026, 7, 6), date(2026, 7, 7)],
        NOW,
    )
    dbsession.commit()
    second = runs.run("periscolaire", date(2026, 7, 1), date(2026, 7, 31))
    invoice = runs.run_invoices(second)[0]
    credit = [line for line in invoice.lines if line.amount < 0]
    assert len(credit) == 1 and "Avoir fermeture (Neige)" in credit[0].designation
    assert credit[0].quantity == 1 and credit[0].amount == credit[0].unit_price < 0


def _world_of_size(app, dbsession, families, children, days):
    world = World(app, dbsession)
    world.units["matin"].capacity = 50
    dbsession.commit()
    span = [MONDAY + timedelta(days=offset) for offset in range(days)]
    for index in range(families):
        world.family(f"FAM{index}", [f"E{n}" for n in range(children)])
        world.book(f"FAM{index}", "matin", span)
    return world


@pytest.mark.parametrize("size", [(1, 1, 1), (4, 3, 5)])
def test_closing_costs_the_same_statements_whatever_the_families(
    app, dbsession, monkeypatch, query_counter, size
):
    freeze(monkeypatch, NOW)
    world = _world_of_size(app, dbsession, *size)
    service = DayClosureService(dbsession, world.tenant)
    target = service.target(str(world.period.establishment_id), MONDAY)
    with query_counter as counted:
        impact = service.close(target, "Grève", None, NOW)
    assert impact.bookings == size[0] * size[1]
    assert counted.count == 10, counted.statements


@pytest.mark.parametrize("size", [(1, 1), (3, 5)])
def test_accepting_an_absence_costs_the_same_statements_whatever_the_days(
    app, dbsession, monkeypatch, query_counter, size
):
    freeze(monkeypatch, NOW)
    children, days = size
    world = _world_of_size(app, dbsession, 1, children, days)
    family = world.families["FAM0"]
    child = family.children[0]
    from portail_core.models.family_records import Document

    document = Document(
        tenant_id=world.tenant.id,
        family_id=family.id,
        child_id=child.id,
        name="Certificat",
        filename="c.pdf",
        mime_type="application/pdf",
        size=1,
        storage_key="x",
    )
    dbsession.add(document)
    dbsession.flush()
    service = AbsenceService(dbsession, world.tenant)
    absence = service.declare(
        family, child, MONDAY, MONDAY + timedelta(days=days - 1), document, None, NOW
    )
    dbsession.commit()
    absence = dbsession.get(Absence, absence.id)
    with query_counter as counted:
        result = service.accept(absence, "", None, NOW)
    assert len(result.justified) == days
    assert counted.count == 9, counted.statements
