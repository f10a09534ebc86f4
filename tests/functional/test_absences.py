"""Absences with a certificate: declared by a parent, decided by an agent, credited by the
invoice runs as each commune's ``portail_absence_policy`` says."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from portail_core.demo.builder import DemoBuilder
from portail_core.models.absences import Absence, PresenceCredit
from portail_core.models.bookings import ACCEPTED, BOOKING, JUSTIFIED, WAITING, Presence, UnitDay
from portail_core.models.family_records import Document
from portail_core.testing.bookings import book, enrol, freeze, make_family, make_period, paris

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
MONDAY = date(2026, 6, 8)
NOW = paris(2026, 6, 1, 9, 0)
AGENTS = {
    "balaruc": ("sej@balaruc.example.org", "Agent-Balaruc-2019"),
    "batz": ("sej@batz.example.org", "Agent-Batz-2018"),
}
PLACES = {"balaruc": ("ale_primaire", "matin"), "batz": ("periscolaire", "matin")}


class World:
    """One commune, a period of one unit with one place and a waiting list, two families."""

    def __init__(self, app, dbsession, tenant_id):
        self.tenant = app.registry.tenants.get(tenant_id)
        self.dbsession = dbsession
        DemoBuilder(dbsession, self.tenant).agent(*AGENTS[tenant_id], "Secrétariat", "SEJ")
        code, unit = PLACES[tenant_id]
        self.period = make_period(
            dbsession,
            self.tenant,
            code,
            MONDAY,
            units=[unit],
            auto_accept=True,
            when_full="waiting_list",
        )
        self.unit = self.period.units[0]
        self.unit.capacity = 1
        self.families = {}
        for name in ("TEST", "AUTRE"):
            email = f"{name.lower()}@example.org"
            family = make_family(dbsession, self.tenant, name, email, "Secret-2019-xyz", ["ENF"])
            enrol(dbsession, self.tenant, self.period, family.children)
            self.families[name] = family
        dbsession.commit()

    def book(self, name, days):
        family = self.families[name]
        book(
            self.dbsession, self.tenant, family, self.period, family.children, self.unit, days, NOW
        )
        self.dbsession.commit()

    def lines(self, name):
        self.dbsession.expire_all()
        child = self.families[name].children[0]
        return {
            line.day: line.state
            for line in self.dbsession.scalars(
                select(Presence)
                .where(Presence.child_id == child.id, Presence.kind == BOOKING)
                .order_by(Presence.id)
            )
        }


def declare(client, world, first, last="", upload=("certificat.pdf", PDF), status=303):
    client.login("test@example.org", "Secret-2019-xyz")
    page = client.get("/reservations/absences/nouvelle")
    assert "Déclarer une absence" in page.text
    form = page.forms["absence-form"]
    form["child"] = str(world.families["TEST"].children[0].id)
    form["first_day"] = first
    form["last_day"] = last
    if upload:
        form["file"] = upload
    return form.submit("send", status=status)


@pytest.fixture(params=["balaruc", "batz"])
def world(request, app, dbsession, monkeypatch):
    freeze(monkeypatch, NOW)
    return World(app, dbsession, request.param)


@pytest.fixture
def client(world, client_for):
    return client_for(world.tenant.id)


def agent_decides(client, world, decision, motif=""):
    client.logout()
    client.login(*AGENTS[world.tenant.id])
    page = client.get("/agents/absences")
    absence = world.dbsession.scalar(select(Absence))
    form = page.forms[f"decide-{absence.id}"]
    form["motif"] = motif
    return form.submit("decision", value=decision).follow()


def test_a_declared_absence_is_listed_as_pending_with_its_certificate(client, world):
    world.book("TEST", [MONDAY, MONDAY + timedelta(days=1)])
    listing = declare(client, world, "08/06/2026", "09/06/2026").follow()
    assert "Votre déclaration d'absence est envoyée" in listing.text
    assert "Absences déclarées" in listing.text and "En attente" in listing.text
    assert "certificat.pdf" in listing.text
    document = world.dbsession.scalar(select(Document))
    assert (document.doc_type, document.child_id) == (
        "Certificat médical",
        world.families["TEST"].children[0].id,
    )
    assert world.lines("TEST") == {MONDAY: ACCEPTED, MONDAY + timedelta(days=1): ACCEPTED}


def test_a_refused_form_keeps_the_dates_and_the_file(client, world):
    page = declare(client, world, "08/06/2026", "05/06/2026", status=200)
    assert "Le dernier jour d'absence précède le premier." in page.text
    assert 'value="08/06/2026"' in page.text
    assert "Fichier conservé : <strong>certificat.pdf</strong>" in page.text
    page = declare(client, world, "08/06/2026", upload=("photo.exe", b"MZ..."), status=200)
    assert "pas d'un format accepté" in page.text
    assert world.dbsession.scalar(select(Absence)) is None


def test_the_delay_of_grace_is_the_communes(client, world, monkeypatch):
    # Balaruc: 2 days after the first day of absence; Batz: 7 days.
    freeze(monkeypatch, paris(2026, 6, 12, 9, 0))
    page = declare(client, world, "08/06/2026", status=200 if world.tenant.id == "balaruc" else 303)
    if world.tenant.id == "balaruc":
        assert "le certificat devait être transmis au plus tard le 10/06/2026" in page.text
        assert world.dbsession.scalar(select(Absence)) is None
    else:
        assert world.dbsession.scalar(select(Absence)) is not None


def test_accepting_justifies_the_days_frees_the_places_and_promotes(client, world, mailbox):
    world.book("TEST", [MONDAY, MONDAY + timedelta(days=1)])
    world.book("AUTRE", [MONDAY])
    assert world.lines("AUTRE") == {MONDAY: WAITING}
    declare(client, world, "08/06/2026", "09/06/2026")
    result = agent_decides(client, world, "accept")
    assert "2 présence(s) en absence justifiée" in result.text
    assert "1 place(s) donnée(s) à la liste d'attente" in result.text
    assert set(world.lines("TEST").values()) == {JUSTIFIED}
    assert world.lines("AUTRE") == {MONDAY: ACCEPTED}
    booked = dict(world.dbsession.execute(select(UnitDay.day, UnitDay.booked)).all())
    assert booked == {MONDAY: 1, MONDAY + timedelta(days=1): 0}
    credits = {c.presence_id: c.credited for c in world.dbsession.scalars(select(PresenceCredit))}
    # Balaruc does not give back the first day (jour de carence); Batz gives every day.
    expected = [False, True] if world.tenant.id == "balaruc" else [True, True]
    assert [credits[pid] for pid in sorted(credits)] == expected
    subjects = {m.recipients[0]: m.subject for m in mailbox}
    assert "acceptée" in subjects["test@example.org"]
    assert "Une place s'est libérée" in subjects["autre@example.org"]
    # The parent sees the days in « absence justifiée » and the absence accepted.
    client.logout()
    client.login("test@example.org", "Secret-2019-xyz")
    listing = client.get("/reservations")
    assert "Acceptée" in listing.text and "Absence justifiée" in listing.text


def test_refusing_needs_a_reason_and_changes_no_booking(client, world, mailbox):
    world.book("TEST", [MONDAY])
    declare(client, world, "08/06/2026")
    result = agent_decides(client, world, "refuse")
    assert "Indiquez le motif du refus" in result.text
    result = agent_decides(client, world, "refuse", "Certificat illisible")
    assert "refusée" in result.text
    assert world.lines("TEST") == {MONDAY: ACCEPTED}
    assert "Motif : Certificat illisible" in mailbox[-1].body


def test_another_family_or_commune_cannot_decide_or_see_an_absence(
    client, world, client_for, dbsession
):
    world.book("TEST", [MONDAY])
    declare(client, world, "08/06/2026")
    absence = dbsession.scalar(select(Absence))
    client.get("/agents/absences", status=403)
    client.logout()
    client.login("autre@example.org", "Secret-2019-xyz")
    assert "Aucune absence déclarée." in client.get("/reservations").text
    client.get(f"/famille/documents/{absence.document_id}", status=404)
    other_id = "batz" if world.tenant.id == "balaruc" else "balaruc"
    other = client_for(other_id)
    DemoBuilder(dbsession, other.app.registry.tenants.get(other_id)).agent(
        *AGENTS[other_id], "Secrétariat", "SEJ"
    )
    dbsession.commit()
    other.login(*AGENTS[other_id])
    other.post(
        f"/agents/absences/{absence.id}/decision",
        {"csrf_token": other.csrf_token(), "decision": "accept"},
        status=404,
    )
    assert dbsession.scalar(select(Absence.state)) == "pending"


def test_the_next_invoice_run_credits_days_already_invoiced(client, world, dbsession):
    from portail_core.services.billing.invoice_runs import InvoiceRunService

    world.book("TEST", [MONDAY + timedelta(days=offset) for offset in range(3)])
    runs = InvoiceRunService(dbsession, world.tenant)
    regie = world.period.establishment.regie
    first = runs.run(regie, date(2026, 6, 1), date(2026, 6, 30))
    runs.publish(first, date(2026, 7, 1))
    price = runs.run_invoices(first)[0].lines[0].unit_price
    # A later period, so that the family has a next invoice (3 days: room for the credits).
    july = make_period(
        dbsession,
        world.tenant,
        PLACES[world.tenant.id][0],
        date(2026, 7, 6),
        units=[world.unit.code],
        auto_accept=True,
        name="JUILLET",
    )
    family = world.families["TEST"]
    enrol(dbsession, world.tenant, july, family.children)
    dbsession.commit()
    days = [date(2026, 7, 6 + offset) for offset in range(3)]
    book(dbsession, world.tenant, family, july, family.children, july.units[0], days, NOW)
    dbsession.commit()
    declare(client, world, "08/06/2026", "09/06/2026")
    agent_decides(client, world, "accept")
    second = runs.run(regie, date(2026, 7, 1), date(2026, 7, 31))
    invoice = runs.run_invoices(second)[0]
    credits = [line for line in invoice.lines if line.amount < 0]
    # Balaruc keeps the first day of the absence (jour de carence); Batz gives both back.
    given_back = 1 if world.tenant.id == "balaruc" else 2
    assert [line.quantity for line in credits] == [given_back]
    assert credits[0].amount == -(price * given_back)
    assert isinstance(credits[0].amount, Decimal)
    assert "Avoir absence justifiée" in credits[0].designation
    billed = sum(line.amount for line in invoice.lines if line.amount > 0)
    assert invoice.total == billed - price * given_back
    # Discarding the draft: the credit is owed again, and the next run gives it once.
    runs.discard(second)
    dbsession.flush()
    third = runs.run(regie, date(2026, 7, 1), date(2026, 7, 31))
    assert [line.quantity for line in runs.run_invoices(third)[0].lines if line.amount < 0] == [
        given_back
    ]


def test_justified_days_not_invoiced_yet_are_left_out_but_carence_is_billed(
    client, world, dbsession
):
    from portail_core.services.billing.invoice_runs import InvoiceRunService

    world.book("TEST", [MONDAY + timedelta(days=offset) for offset in range(3)])
    declare(client, world, "08/06/2026", "09/06/2026")
    agent_decides(client, world, "accept")
    runs = InvoiceRunService(dbsession, world.tenant)
    run = runs.run(world.period.establishment.regie, date(2026, 6, 1), date(2026, 6, 30))
    lines = runs.run_invoices(run)[0].lines
    designations = sorted(line.designation for line in lines)
    if world.tenant.id == "balaruc":
        assert len(lines) == 2 and any("(jour de carence) : 08/06" in d for d in designations)
    else:
        assert len(lines) == 1 and designations[0].endswith(": 10/06")
    assert all(line.amount > 0 for line in lines)
