"""Agents process requests; freed places go to the waiting list, and families are told."""

from datetime import date

import pytest
from sqlalchemy import select

from portail_core.demo.builder import DemoBuilder
from portail_core.models.bookings import (
    ACCEPTED,
    CANCELLED,
    PENDING,
    REFUSED,
    WAITING,
    Presence,
    UnitDay,
)
from portail_core.testing.bookings import (
    book,
    cell,
    enrol,
    freeze,
    make_family,
    make_period,
    open_planning,
    paris,
    set_cells,
)

MONDAY = date(2026, 6, 8)
TUESDAY = date(2026, 6, 9)
NOW = paris(2026, 6, 1, 9, 0)


class World:
    """Balaruc's ALE Primaire (held for agents, waiting list), MATIN with one place."""

    def __init__(self, app, dbsession):
        self.tenant = app.registry.tenants.get("balaruc")
        self.dbsession = dbsession
        DemoBuilder(dbsession, self.tenant).agent(
            "sej@balaruc.example.org", "Agent-Balaruc-2019", "Secrétariat", "SEJ"
        )
        self.period = make_period(dbsession, self.tenant, "ale_primaire", MONDAY, units=["matin"])
        self.matin = self.period.units[0]
        self.matin.capacity = 1
        self.families = {}
        for name in ("TEST", "AUTRE", "TROIS"):
            email = f"{name.lower()}@example.org"
            family = make_family(dbsession, self.tenant, name, email, "Secret-2019-xyz", ["ENF"])
            enrol(dbsession, self.tenant, self.period, family.children)
            self.families[name] = family
        dbsession.commit()

    def book(self, name, days=(MONDAY,), cancel=False):
        family = self.families[name]
        done = book(
            self.dbsession,
            self.tenant,
            family,
            self.period,
            family.children,
            self.matin,
            days,
            NOW,
            cancel=cancel,
        )
        self.dbsession.commit()
        return done

    def line(self, name, day=MONDAY):
        child = self.families[name].children[0]
        self.dbsession.expire_all()
        return self.dbsession.scalars(
            select(Presence)
            .where(Presence.child_id == child.id, Presence.day == day, Presence.kind == "booking")
            .order_by(Presence.id.desc())
        ).first()

    def booked(self, day=MONDAY):
        self.dbsession.expire_all()
        return self.dbsession.scalar(select(UnitDay.booked).where(UnitDay.day == day))


@pytest.fixture
def world(app, dbsession, monkeypatch):
    freeze(monkeypatch, NOW)
    return World(app, dbsession)


@pytest.fixture
def agent(balaruc, world):
    balaruc.login("sej@balaruc.example.org", "Agent-Balaruc-2019")
    return balaruc


def test_full_unit_puts_requests_on_the_waiting_list_in_order(world):
    world.book("TEST")
    world.book("AUTRE")
    world.book("TROIS")
    assert [world.line(name).state for name in ("TEST", "AUTRE", "TROIS")] == [
        PENDING,
        WAITING,
        WAITING,
    ]
    assert world.booked() == 1


def test_agent_accepts_a_line_and_the_family_is_told(agent, world, mailbox):
    world.book("TEST", days=(MONDAY, TUESDAY))
    queue = agent.get("/agents/demandes")
    assert "Demandes à traiter" in queue.text and "TEST ENF" in queue.text
    line = world.line("TEST")
    form = queue.forms["queue"]
    form["motif"] = "Bienvenue"
    form.submit("ligne", value=f"accept:{line.id}").follow()
    assert world.line("TEST").state == ACCEPTED
    assert world.line("TEST", TUESDAY).state == PENDING
    assert world.line("TEST").note == "Bienvenue"
    assert mailbox[-1].recipients == ["test@example.org"]
    assert "acceptée" in mailbox[-1].body and "Motif : Bienvenue" in mailbox[-1].body


def test_refusing_a_reservation_frees_its_place_for_the_first_waiting(agent, world, mailbox):
    saved = world.book("TEST").reservations[0]
    world.book("AUTRE")
    world.book("TROIS")
    page = agent.get(f"/agents/reservations/{saved.id}")
    form = page.forms["decide"]
    form["motif"] = "Dossier incomplet"
    result = form.submit("tout", value=f"refuse:{saved.id}").follow()
    assert "1 présence(s) refusée(s)" in result.text
    assert "1 place(s) donnée(s) à la liste d'attente" in result.text
    refused = world.line("TEST")
    assert (refused.state, refused.note) == (REFUSED, "Dossier incomplet")
    # Balaruc holds requests for an agent: the promoted line waits for a decision.
    assert world.line("AUTRE").state == PENDING
    assert world.line("TROIS").state == WAITING
    assert world.booked() == 1
    subjects = {message.recipients[0]: message.subject for message in mailbox}
    assert "traitée" in subjects["test@example.org"]
    assert "Une place s'est libérée" in subjects["autre@example.org"]
    assert "trois@example.org" not in subjects


def test_a_parents_cancellation_promotes_the_waiting_line(balaruc, world, mailbox):
    world.book("TEST")
    world.book("AUTRE")
    balaruc.login("test@example.org", "Secret-2019-xyz")
    page = open_planning(balaruc, world.families["TEST"].children[0], world.period)
    recap = set_cells(page, unticked={cell(world.matin, MONDAY)}).submit("valider").follow()
    recap.forms["recap"].submit("confirmer").follow()
    assert world.line("TEST").state == CANCELLED
    assert world.line("AUTRE").state == PENDING
    assert world.booked() == 1
    assert any(m.recipients == ["autre@example.org"] for m in mailbox)


def test_raising_the_capacity_promotes_in_waiting_order(agent, world, mailbox):
    world.book("TEST")
    world.book("AUTRE")
    world.book("TROIS")
    form = agent.get(f"/agents/accueils/{world.matin.id}").forms["unit"]
    form["capacity"] = "2"
    result = form.submit("submit").follow()
    assert "1 demande(s) en liste d'attente ont reçu une place" in result.text
    assert [world.line(name).state for name in ("AUTRE", "TROIS")] == [PENDING, WAITING]
    assert world.booked() == 1 + 1
    detail = agent.get(f"/agents/reservations/{world.line('TROIS').reservation_id}")
    assert "(rang 1)" in detail.text


def test_lowering_the_capacity_keeps_places_already_taken(agent, world):
    world.matin.capacity = 3
    world.dbsession.commit()
    world.book("TEST")
    world.book("AUTRE")
    form = agent.get(f"/agents/accueils/{world.matin.id}").forms["unit"]
    form["capacity"] = "1"
    result = form.submit("submit").follow()
    assert "ont déjà plus de places réservées" in result.text
    world.dbsession.expire_all()
    assert world.dbsession.execute(select(UnitDay.booked, UnitDay.capacity)).one() == (2, 2)


def test_accepting_a_waiting_line_needs_a_free_place(agent, world):
    world.book("TEST")
    world.book("AUTRE")
    waiting = world.line("AUTRE")
    page = agent.get("/agents/demandes")
    result = page.forms["queue"].submit("ligne", value=f"accept:{waiting.id}").follow()
    assert "non acceptée(s) faute de place" in result.text
    assert world.line("AUTRE").state == WAITING


def test_bulk_decision_on_a_selection_across_reservations(agent, world, mailbox):
    world.matin.capacity = 5
    world.dbsession.commit()
    world.book("TEST")
    world.book("AUTRE")
    world.book("TROIS")
    form = agent.get("/agents/demandes").forms["queue"]
    keep = {str(world.line("TEST").id), str(world.line("AUTRE").id)}
    for box in form.fields["lignes"]:
        box.checked = box._value in keep
    form["motif"] = "Places confirmées"
    form.submit("action", value="accept").follow()
    assert [world.line(name).state for name in ("TEST", "AUTRE", "TROIS")] == [
        ACCEPTED,
        ACCEPTED,
        PENDING,
    ]
    assert {m.recipients[0] for m in mailbox} == {"test@example.org", "autre@example.org"}


def test_a_refusal_reason_is_limited_and_kept_to_the_field(agent, world):
    world.book("TEST")
    form = agent.get("/agents/demandes").forms["queue"]
    form["motif"] = "x" * 501
    page = form.submit("action", value="refuse").follow()
    assert "500 caractères" in page.text
    assert world.line("TEST").state == PENDING


def test_closing_a_day_cancels_its_lines_and_tells_the_families(agent, world, mailbox):
    world.book("TEST")
    world.book("AUTRE")
    form = agent.get(f"/agents/periodes/{world.period.id}/fermetures").forms["closed"]
    form["first"] = MONDAY.isoformat()
    form["reason"] = "Grève"
    result = form.submit("submit").follow()
    assert "1 jour(s) fermé(s)" in result.text and "2 présence(s) annulée(s)" in result.text
    assert world.line("TEST").state == CANCELLED and world.line("AUTRE").state == CANCELLED
    assert world.line("TEST").note == "Fermeture : Grève"
    assert world.booked() == 0
    assert {m.recipients[0] for m in mailbox} == {"test@example.org", "autre@example.org"}
    planning = agent.get(f"/agents/periodes/{world.period.id}/occupation")
    assert "Fermé : Grève" in planning.text


def test_occupancy_and_daily_list(agent, world):
    world.book("TEST")
    world.book("AUTRE")
    occupancy = agent.get(f"/agents/periodes/{world.period.id}/occupation")
    assert "1 / 1" in occupancy.text and "1 en liste d'attente" in occupancy.text
    assert "dont 1 à traiter" in occupancy.text
    daily = agent.get(
        "/agents/liste-du-jour", params={"unite": world.matin.id, "jour": MONDAY.isoformat()}
    )
    assert "TEST ENF" in daily.text and "Demande à traiter" in daily.text
    assert "AUTRE ENF" not in daily.text  # waiting: not expected


def test_csv_export_lists_every_line(agent, world):
    world.book("TEST")
    world.book("AUTRE")
    response = agent.get(f"/agents/periodes/{world.period.id}/export.csv")
    text = response.body.decode("utf-8-sig")
    rows = text.strip().splitlines()
    assert rows[0].startswith("N° réservation;Famille;Enfant;Date")
    assert any("TEST ENF" in row and "En attente de traitement" in row for row in rows)
    assert any("AUTRE ENF" in row and "liste d'attente" in row for row in rows)


def test_the_database_refuses_more_places_than_the_capacity(world):
    from sqlalchemy import update
    from sqlalchemy.exc import IntegrityError

    world.book("TEST")
    session = world.dbsession
    with pytest.raises(IntegrityError):
        session.execute(update(UnitDay).values(booked=UnitDay.booked + 1))
        session.flush()
    session.rollback()
    assert world.booked() == 1


def test_a_line_is_never_live_twice_for_a_child_a_unit_and_a_day(world):
    from sqlalchemy.exc import IntegrityError

    world.book("TEST")
    line = world.line("TEST")
    session = world.dbsession
    twin = Presence(
        tenant_id=line.tenant_id,
        reservation_id=line.reservation_id,
        child_id=line.child_id,
        period_id=line.period_id,
        unit_id=line.unit_id,
        day=line.day,
        kind="booking",
        state=WAITING,
    )
    session.add(twin)
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()
