"""Shared custody: a child in two households, each with its own login, QF and invoices.

Isolation between the two households (ids changed in URLs), the booking grid's custody
days, invoice runs with alternate weeks and with a split, each at its household's QF,
restricted guardians, constant query counts. Runs on SQLite and on PostgreSQL
(``--db-url``).
"""

import io
import json
import zipfile
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from portail_core.models.absences import PresenceCredit
from portail_core.models.billing import BilledPresence
from portail_core.models.bookings import Presence, Reservation
from portail_core.models.family import Child, PickupPerson
from portail_core.models.households import ALTERNATE, WEEKDAYS, ChildHousehold
from portail_core.services.accounts.lifecycle import AccountService
from portail_core.services.billing.invoice_runs import InvoiceRunService
from portail_core.services.bookings.feed import CalendarFeedService
from portail_core.services.family.households import HouseholdService
from portail_core.testing.billing import book as past_presences
from portail_core.testing.billing import unit_row
from portail_core.testing.bookings import enrol, freeze, make_period, paris
from portail_core.testing.family import FAMILY_CREDENTIAL
from portail_core.testing.online_payments import recap_page

D = Decimal
MONDAY = date(2019, 4, 22)  # week of the primary household
APRIL = (date(2019, 4, 1), date(2019, 4, 30))
APRIL_DAYS = [date(2019, 4, 23), date(2019, 4, 29)]  # one week each household's


@pytest.fixture
def tenant(app):
    return app.registry.tenants.get("balaruc")


@pytest.fixture
def households(dbsession, family_factory, tenant):
    """MARTIN (QF 450, two children, LÉA shared) and BERNARD (QF 800), LÉA's second one."""
    primary = family_factory("balaruc", "MARTIN", children=2)
    second = family_factory("balaruc", "BERNARD", children=0)
    primary.quotient_familial = D("450")
    second.quotient_familial = D("800")
    shared, own = primary.children
    shared.first_name = "LÉA"
    HouseholdService(dbsession, tenant).link(shared, second.id, None)
    dbsession.commit()
    return primary, second, shared, own


def set_schedule(dbsession, tenant, child, shares=None, **values):
    values = {"schedule": ALTERNATE, "start_date": MONDAY, "first_household": 1, **values}
    HouseholdService(dbsession, tenant).set_custody(child, values, shares or {}, None)
    dbsession.commit()


AGENT = ("agent.garde@example.org", "Agent-Garde-2026!")


def agent_client(client_for, dbsession):
    accounts = AccountService(dbsession, "balaruc")
    agent = accounts.create_agent(AGENT[0], "Agnès", "AGENT")
    accounts.set_password(agent, AGENT[1])
    agent.activated_at = agent.created_at
    dbsession.commit()
    client = client_for("balaruc")
    client.login(*AGENT)
    return client


def login(client, family):
    client.login(f"{family.name.lower()}@example.org", FAMILY_CREDENTIAL)
    return client


# -- the schedule ----------------------------------------------------------------------


def test_alternate_weeks_and_fixed_weekdays_say_whose_day_it_is():
    link = ChildHousehold(family_id=2, schedule=ALTERNATE, start_date=date(2019, 4, 24))
    link.first_household = 1
    assert link.household_of(date(2019, 4, 22), 1) == 1  # the start's week, any day of it
    assert link.household_of(date(2019, 4, 29), 1) == 2
    assert link.household_of(date(2019, 5, 6), 1) == 1
    assert link.household_of(date(2019, 4, 15), 1) == 2  # the week before too
    link.first_household = 2
    assert link.household_of(date(2019, 4, 22), 1) == 2
    fixed = ChildHousehold(family_id=2, schedule=WEEKDAYS, weekdays="0011000")
    assert fixed.household_of(date(2019, 4, 24), 1) == 2  # Wednesday
    assert fixed.household_of(date(2019, 4, 22), 1) == 1  # Monday
    assert fixed.may_book(1, date(2019, 4, 22), 1) and not fixed.may_book(2, date(2019, 4, 22), 1)
    fixed.allow_both = True
    assert fixed.may_book(2, date(2019, 4, 22), 1)
    assert ChildHousehold(family_id=2, schedule="free").household_of(date(2019, 4, 22), 1) is None


# -- invoice runs ----------------------------------------------------------------------


def test_alternate_weeks_bill_each_household_at_its_own_qf(dbsession, tenant, households):
    primary, second, shared, _own = households
    set_schedule(dbsession, tenant, shared)
    days = [date(2019, 4, 23), date(2019, 4, 24), date(2019, 4, 29), date(2019, 4, 30)]
    past_presences(dbsession, tenant, shared, "ale_maternel", "journee_repas", days)
    runs = InvoiceRunService(dbsession, tenant)
    invoices = {i.family_id: i for i in runs.run_invoices(runs.run("periscolaire", *APRIL))}
    assert set(invoices) == {primary.id, second.id}  # one invoice per household and régie
    mine, theirs = invoices[primary.id], invoices[second.id]
    assert (mine.total, theirs.total) == (D("19.00"), D("24.00"))  # QF 450: 9,50; 800: 12,00
    assert mine.lines[0].designation.endswith(": 23/04 24/04")
    assert theirs.lines[0].designation.endswith(": 29/04 30/04")
    assert theirs.referent == "MARTIN LÉA"


def test_a_split_bills_both_households_each_at_its_qf_and_only_once(dbsession, tenant, households):
    primary, second, shared, _own = households
    _establishment, unit = unit_row(dbsession, tenant, "ale_maternel", "journee_repas")
    set_schedule(dbsession, tenant, shared, shares={unit.id: D("50")})
    days = [date(2019, 4, 23), date(2019, 4, 29)]
    presences = past_presences(dbsession, tenant, shared, "ale_maternel", "journee_repas", days)
    runs = InvoiceRunService(dbsession, tenant)
    run = runs.run("periscolaire", *APRIL)
    invoices = {i.family_id: i for i in runs.run_invoices(run)}
    mine, theirs = invoices[primary.id], invoices[second.id]
    assert (mine.total, theirs.total) == (D("9.50"), D("12.00"))  # 2 × 4,75 and 2 × 6,00
    assert [(line.quantity, line.unit_price) for line in theirs.lines] == [(2, D("6.00"))]
    assert "(part 50 %)" in mine.lines[0].designation
    billed = dbsession.execute(
        select(BilledPresence.presence_id, BilledPresence.part).order_by(
            BilledPresence.presence_id, BilledPresence.part
        )
    ).all()
    assert billed == [(p.id, part) for p in presences for part in (1, 2)]
    runs.publish(run, date(2019, 5, 2))
    dbsession.flush()
    assert runs.run("periscolaire", *APRIL) is None  # nothing billed twice


def test_a_split_day_given_back_after_an_absence_reaches_each_household_once(
    dbsession, tenant, households
):
    """Each household gets back its own part, on its next invoice, even when the other
    household's comes first; a discarded draft owes its part again."""
    primary, second, shared, own = households
    _establishment, unit = unit_row(dbsession, tenant, "ale_maternel", "journee_repas")
    set_schedule(dbsession, tenant, shared, shares={unit.id: D("50")})
    [absent, _kept] = past_presences(
        dbsession, tenant, shared, "ale_maternel", "journee_repas", APRIL_DAYS
    )
    runs = InvoiceRunService(dbsession, tenant)
    runs.publish(runs.run("periscolaire", *APRIL), date(2019, 5, 2))
    dbsession.add(PresenceCredit(tenant_id=tenant.id, presence_id=absent.id, cause="absence"))
    dbsession.flush()

    def credits_of(run):
        return {
            invoice.family_id: [line.amount for line in invoice.lines if line.amount < 0]
            for invoice in runs.run_invoices(run)
        }

    # May: only the primary household has days of its own (its other child).
    past_presences(dbsession, tenant, own, "ale_maternel", "journee_repas", [date(2019, 5, 6)])
    may = runs.run("periscolaire", date(2019, 5, 1), date(2019, 5, 31))
    assert credits_of(may) == {primary.id: [D("-4.75")]}
    runs.publish(may, date(2019, 6, 3))
    # June: the shared child again, split; the second household's part comes back now.
    june_day = [date(2019, 6, 3)]
    past_presences(dbsession, tenant, shared, "ale_maternel", "journee_repas", june_day)
    june = runs.run("periscolaire", date(2019, 6, 1), date(2019, 6, 30))
    assert credits_of(june) == {primary.id: [], second.id: [D("-6.00")]}
    runs.discard(june)
    dbsession.flush()
    again = runs.run("periscolaire", date(2019, 6, 1), date(2019, 6, 30))
    assert credits_of(again) == {primary.id: [], second.id: [D("-6.00")]}


def test_a_free_schedule_bills_the_household_that_booked(dbsession, tenant, households):
    primary, second, shared, _own = households
    set_schedule(dbsession, tenant, shared, schedule="free", start_date=None)
    [line] = past_presences(
        dbsession, tenant, shared, "ale_maternel", "journee_repas", [date(2019, 4, 23)]
    )
    dbsession.get(type(line.reservation), line.reservation_id).family_id = second.id
    dbsession.flush()
    runs = InvoiceRunService(dbsession, tenant)
    [invoice] = runs.run_invoices(runs.run("periscolaire", *APRIL))
    assert (invoice.family_id, invoice.total) == (second.id, D("12.00"))


# -- the parents' pages ----------------------------------------------------------------


def test_each_household_sees_the_shared_child_and_nothing_else_of_the_other(
    client_for, dbsession, tenant, households, family_factory
):
    primary, second, shared, own = households
    stranger = family_factory("balaruc", "DURAND", children=1)
    parent = login(client_for("balaruc"), second)
    assert "MARTIN LÉA" in parent.get("/famille/enfants").text
    assert "ENFANT2" not in parent.get("/famille/enfants").text
    sheet = parent.get(f"/famille/enfants/{shared.id}")
    assert "partagée par les deux foyers" in sheet.text
    parent.get(f"/famille/enfants/{own.id}", status=404)  # the primary's own child
    parent.get(f"/famille/enfants/{stranger.children[0].id}", status=404)
    other = login(client_for("balaruc"), stranger)
    other.get(f"/famille/enfants/{shared.id}", status=404)
    other.get(f"/reservations/nouvelle/{shared.id}", status=404)
    # the primary's own pick-up person and document, reached through the shared child
    person = PickupPerson(tenant_id="balaruc", last_name="X", first_name="Y", link="", phone="")
    own.pickup_persons.append(person)
    dbsession.commit()
    parent.get(f"/famille/enfants/{shared.id}/personnes/{person.id}", status=404)
    parent.get(f"/famille/enfants/{own.id}/personnes/{person.id}", status=404)
    parent.get(f"/reservations/nouvelle/{own.id}", status=404)
    # an agent's URL with another family's id does not reach the child
    agent = agent_client(client_for, dbsession)
    agent.get(f"/agents/familles/{stranger.id}/enfants/{shared.id}/garde-partagee", status=404)
    agent.get(f"/agents/familles/{second.id}/enfants/{own.id}", status=404)
    # each household reads its own invoices only
    past_presences(dbsession, tenant, shared, "ale_maternel", "journee_repas", [MONDAY])
    runs = InvoiceRunService(dbsession, tenant)
    run = runs.run("periscolaire", *APRIL)
    [invoice] = runs.run_invoices(run)
    runs.publish(run, date(2019, 5, 2))
    dbsession.commit()
    assert invoice.family_id == primary.id
    parent.get(f"/mes-factures/{invoice.id}", status=404)
    assert invoice.number not in parent.get("/mes-factures").text
    assert invoice.number in login(client_for("balaruc"), primary).get("/mes-factures").text


def test_each_households_data_download_holds_the_shared_child_and_its_custody(
    client_for, dbsession, tenant, households
):
    primary, second, shared, own = households
    set_schedule(dbsession, tenant, shared)
    for family, own_children in ((second, []), (primary, [own.id])):
        parent = login(client_for("balaruc"), family)
        response = parent.get("/mon-compte").forms["export-form"].submit()
        files = zipfile.ZipFile(io.BytesIO(response.body))
        children = json.loads(files.read("enfants.json"))
        assert sorted(child["id"] for child in children["enfants"]) == sorted(
            [shared.id, *own_children]
        )
        [custody] = children["garde_partagee"]
        assert (custody["child_id"], custody["schedule"]) == (shared.id, ALTERNATE)
        assert json.loads(files.read("famille.json"))["famille"][0]["id"] == family.id


def test_a_change_of_the_shared_sheet_is_in_both_households_trail(
    client_for, dbsession, households
):
    primary, second, shared, _own = households
    parent = login(client_for("balaruc"), second)
    page = parent.get(f"/famille/enfants/{shared.id}")
    form = page.forms["child-sheet"] if "child-sheet" in page.forms else page.forms[1]
    form["doctor_name"] = "DOCTEUR BERNARD"
    form.submit("save")
    assert "DOCTEUR BERNARD" in parent.get("/famille/historique").text
    assert (
        "DOCTEUR BERNARD" in login(client_for("balaruc"), primary).get("/famille/historique").text
    )


def open_grid(client, child, period, monday):
    page = client.get(f"/reservations/nouvelle/{child.id}", params={"periode": period.id})
    page.forms["choose"].submit().follow()
    return client.get(f"/reservations/planning/{period.id}/{child.id}?semaine={monday}")


def row_of(page, label_start):
    return next(
        row for row in page.html.select("table.bk-grid tbody tr") if label_start in row.th.text
    )


@pytest.fixture
def grid(dbsession, tenant, households, monkeypatch):
    primary, second, shared, own = households
    freeze(monkeypatch, paris(2026, 6, 1, 9))
    period = make_period(dbsession, tenant, "ale_primaire", date(2026, 6, 8), units=["matin"])
    enrol(dbsession, tenant, period, [shared, own])
    set_schedule(dbsession, tenant, shared, start_date=date(2026, 6, 8))
    return period


def test_the_grid_marks_the_other_households_days_and_books_only_ones_own(
    client_for, dbsession, households, grid
):
    primary, second, shared, _own = households
    parent = login(client_for("balaruc"), second)
    week1 = open_grid(parent, shared, grid, "2026-06-08")  # the primary's week
    row = row_of(week1, "08 juin")
    assert "Garde de l'autre foyer" in row.text
    assert not row.select("input[name=cases]")
    week2 = open_grid(parent, shared, grid, "2026-06-15")
    row = row_of(week2, "15 juin")
    assert "Votre garde" in row.text and row.select("input[name=cases]")
    # "select the days of the period": only its own days are taken
    unit = grid.units[0]
    page = week2.forms["planning"].submit("colonne", value=f"select-period:{unit.id}").follow()
    recap = page.forms["planning"].submit("valider").follow()
    saved = recap.forms["recap"].submit("confirmer").follow()
    assert saved.status_int == 200
    booked = dbsession.execute(
        select(Presence.day, Reservation.family_id)
        .join(Reservation, Reservation.id == Presence.reservation_id)
        .where(Presence.child_id == shared.id)
    ).all()
    # its own week (15-19 June), booked by it; not the other household's (8-12 June)
    assert booked == [(date(2026, 6, 15 + i), second.id) for i in range(5)]
    # the primary household books its own week, not the other's
    mine = login(client_for("balaruc"), primary)
    assert row_of(open_grid(mine, shared, grid, "2026-06-08"), "08 juin").select(
        "input[name=cases]"
    )
    assert not row_of(open_grid(mine, shared, grid, "2026-06-15"), "15 juin").select(
        "input[name=cases]"
    )


def test_allow_both_opens_every_day_to_both(client_for, dbsession, tenant, households, grid):
    primary, second, shared, _own = households
    set_schedule(dbsession, tenant, shared, start_date=date(2026, 6, 8), allow_both=True)
    parent = login(client_for("balaruc"), second)
    row = row_of(open_grid(parent, shared, grid, "2026-06-08"), "08 juin")
    assert row.select("input[name=cases]") and "Garde de l'autre foyer" in row.text


def test_the_grid_in_english(client_for, households, grid):
    _primary, second, shared, _own = households
    parent = login(client_for("balaruc"), second)
    parent.get("/reservations")  # a first page: the language is negotiated per request
    page = parent.get(
        f"/reservations/nouvelle/{shared.id}",
        params={"periode": grid.id},
        headers={"Accept-Language": "en"},
    )
    page.forms["choose"].submit(headers={"Accept-Language": "en"})
    grid_page = parent.get(
        f"/reservations/planning/{grid.id}/{shared.id}?semaine=2026-06-08",
        headers={"Accept-Language": "en"},
    )
    assert "Other household’s custody" in grid_page.text or "Other household's" in grid_page.text


def test_planning_queries_are_the_same_with_shared_custody(
    client_for, dbsession, households, grid, query_counter
):
    primary, second, shared, own = households
    counts = []
    for family, child in ((primary, own), (second, shared), (primary, shared)):
        client = login(client_for("balaruc"), family)
        open_grid(client, child, grid, "2026-06-15")
        url = f"/reservations/planning/{grid.id}/{child.id}?semaine=2026-06-15"
        client.get(url)
        with query_counter as counted:
            client.get(url)
        counts.append(len([s for s in counted.statements if "web_session" not in s]))
    assert counts[0] == counts[1] == counts[2], counts


def test_children_list_queries_do_not_grow_with_shared_children(
    client_for, dbsession, tenant, households, family_factory, query_counter
):
    _primary, second, _shared, _own = households
    client = login(client_for("balaruc"), second)

    def count():
        client.get("/famille/enfants")
        with query_counter as counted:
            client.get("/famille/enfants")
        return len([s for s in counted.statements if "web_session" not in s])

    before = count()
    for name in ("PETIT", "GRAND"):
        other = family_factory("balaruc", name, children=1)
        HouseholdService(dbsession, tenant).link(other.children[0], second.id, None)
        dbsession.commit()
    assert count() == before


# -- restricted guardians --------------------------------------------------------------


def test_a_restricted_guardian_sees_nothing_and_the_pickup_list_says_so(
    client_for, dbsession, tenant, households
):
    primary, _second, shared, _own = households
    guardian = primary.guardian(1)
    HouseholdService(dbsession, tenant).set_restriction(guardian, "court", "JAF 2025", None)
    dbsession.commit()
    parent = login(client_for("balaruc"), primary)
    parent.get("/famille/enfants", status=403)
    parent.get(f"/famille/enfants/{shared.id}", status=403)
    parent.get("/mes-factures", status=403)
    account = parent.get("/mon-compte")
    assert "aucune donnée du dossier famille" in account.text
    assert "MARTIN LÉA" not in account.text
    agent = agent_client(client_for, dbsession)
    sheet = agent.get(f"/agents/familles/{primary.id}/enfants/{shared.id}")
    assert "ne peuvent pas venir chercher" in sheet.text and "JAF 2025" in sheet.text


# -- the agents' pages -----------------------------------------------------------------


def test_an_agent_links_a_second_household_and_sets_the_custody(
    client_for, dbsession, tenant, family_factory
):
    primary = family_factory("balaruc", "ROUX", children=1)
    second = family_factory("balaruc", "BLANC", children=0)
    child = primary.children[0]
    unit_row(dbsession, tenant, "ale_maternel", "journee_repas")  # the commune's units
    agent = agent_client(client_for, dbsession)
    url = f"/agents/familles/{primary.id}/enfants/{child.id}/garde-partagee"
    assert "Garde partagée" in agent.get(f"/agents/familles/{primary.id}").text
    page = agent.get(url, params={"q": "BLANC"})
    link_form = next(f for f in page.forms.values() if f.action.endswith("/lier"))
    page = link_form.submit().follow()
    assert "est lié(e) au foyer BLANC" in page.text
    form = page.forms["custody"]
    form["schedule"] = "alternate"
    page = form.submit("submit")  # no first week: refused beside the field, choice kept
    assert page.status_int == 200
    assert "Indiquez une date de la première semaine." in page.text
    assert page.forms["custody"]["schedule"].value == "alternate"
    form = page.forms["custody"]
    form["start_date"] = "2026-06-08"
    form["first_household"] = "2"
    share = next(name for name in form.fields if (name or "").startswith("share_"))
    form[share] = "cent"
    page = form.submit("submit")
    assert "Indiquez un pourcentage (exemple : 50)." in page.text
    form = page.forms["custody"]
    form[share] = "50"
    page = form.submit("submit").follow()
    assert "La garde partagée est enregistrée." in page.text
    dbsession.expire_all()
    link = dbsession.scalar(select(ChildHousehold).where(ChildHousehold.child_id == child.id))
    assert (link.family_id, link.schedule, link.first_household) == (second.id, ALTERNATE, 2)
    assert [s.second_percent for s in link.shares] == [D("50.00")]
    # the second household's agent page lists the shared child
    assert "ROUX ENFANT1" in agent.get(f"/agents/familles/{second.id}").text
    # another commune's agent reaches nothing of it
    batz = client_for("batz")
    accounts = AccountService(dbsession, "batz")
    other = accounts.create_agent("agent.batz@example.org", "B", "AGENT")
    accounts.set_password(other, AGENT[1])
    other.activated_at = other.created_at
    dbsession.commit()
    batz.login("agent.batz@example.org", AGENT[1])
    batz.get(url, status=404)


# -- the demo: online payment, each household on its own invoices ----------------------


def test_each_demo_household_pays_online_its_own_invoice_only(
    demo_data, client_for, dbsession, tenant
):
    nina = dbsession.scalar(
        select(Child).where(Child.tenant_id == "balaruc", Child.first_name == "NINA")
    )
    link = nina.household
    assert link.schedule == ALTERNATE and link.family.name == "GARNIER"
    start = link.start_date
    days = [start + timedelta(days=1), start + timedelta(days=8)]  # one week each
    past_presences(
        dbsession, tenant, nina, "ale_maternel", "journee_repas", days, period="DEMO GARDE"
    )
    runs = InvoiceRunService(dbsession, tenant)
    run = runs.run("periscolaire", min(days), max(days))
    invoices = {invoice.family.name: invoice for invoice in runs.run_invoices(run)}
    runs.publish(run)
    dbsession.commit()
    leroy, garnier = invoices["LEROY"], invoices["GARNIER"]
    assert (leroy.total, garnier.total) == (D("9.50"), D("14.50"))  # QF 520 and 1 150
    client = client_for("balaruc")
    client.login("julien.garnier@example.org", "Garnier-Garde-2026")
    own = recap_page(client, "periscolaire", [garnier.id])
    assert own.forms["payment-start"] and "14,50" in own.text.replace("\xa0", " ")
    other = recap_page(client, "periscolaire", [leroy.id])
    assert "n'est pas à payer en ligne" in other.text
    client.get(f"/mes-factures/{leroy.id}", status=404)


def test_each_households_calendar_feed_has_the_days_it_booked(dbsession, tenant, households):
    primary, second, shared, own = households
    mine = past_presences(dbsession, tenant, shared, "ale_maternel", "journee_repas", [MONDAY])
    theirs = past_presences(
        dbsession, tenant, shared, "ale_maternel", "journee_repas", [MONDAY + timedelta(days=7)]
    )
    dbsession.get(Reservation, theirs[0].reservation_id).family_id = second.id
    past_presences(dbsession, tenant, own, "ale_maternel", "journee_repas", [MONDAY])
    dbsession.flush()
    feeds = CalendarFeedService(dbsession, tenant)

    def days(family):
        ics = feeds.ics(family.id, MONDAY, "balaruc.localhost", "Balaruc").decode()
        return sorted(line for line in ics.splitlines() if line.startswith("DTSTART"))

    assert len(mine) == 1
    assert days(primary) == ["DTSTART;VALUE=DATE:20190422"] * 2  # LÉA's and ENFANT2's
    assert days(second) == ["DTSTART;VALUE=DATE:20190429"]


def statements(counter):
    return len([s for s in counter.statements if "web_session" not in s])


def test_the_daily_list_shows_both_households_and_the_restriction_in_constant_queries(
    client_for, dbsession, tenant, households, family_factory, query_counter
):
    primary, second, shared, _own = households
    HouseholdService(dbsession, tenant).set_restriction(second.guardian(1), "court", "", None)
    past_presences(dbsession, tenant, shared, "ale_maternel", "journee_repas", [MONDAY])
    _establishment, unit = unit_row(dbsession, tenant, "ale_maternel", "journee_repas")
    dbsession.commit()
    agent = agent_client(client_for, dbsession)
    url = f"/agents/liste-du-jour?unite={unit.id}&jour={MONDAY.isoformat()}"

    def count():
        agent.get(url)
        with query_counter as counted:
            page = agent.get(url)
        return statements(counted), page

    before, page = count()
    row = next(tr for tr in page.html.select("tr") if "MARTIN LÉA" in tr.text)
    assert "Madame MARTIN Anne" in row.text and "Madame BERNARD Anne" in row.text
    assert row.text.count("Ne peut pas venir chercher l'enfant") == 1
    for name in ("PETIT", "GRAND"):
        other = family_factory("balaruc", name, children=1)
        household = family_factory("balaruc", name + "BIS", children=0)
        HouseholdService(dbsession, tenant).link(other.children[0], household.id, None)
        past_presences(
            dbsession, tenant, other.children[0], "ale_maternel", "journee_repas", [MONDAY]
        )
        dbsession.commit()
    after, page = count()
    assert "PETIT ENFANT1" in page.text and after == before, (before, after)


def test_invoice_run_statements_do_not_grow_with_shared_children(
    dbsession, tenant, households, family_factory, query_counter
):
    primary, second, shared, _own = households
    set_schedule(dbsession, tenant, shared)
    days = [date(2019, 4, 23), date(2019, 4, 30)]

    def run_count():
        runs = InvoiceRunService(dbsession, tenant)
        with query_counter as counted:
            run = runs.run("periscolaire", *APRIL)
            dbsession.flush()
        runs.discard(run)
        dbsession.flush()
        # SQLite inserts RETURNING rows one by one (PostgreSQL in one statement): the
        # reads, and the other writes, are what must not grow.
        return [s[:30] for s in counted.statements if not s.startswith("INSERT INTO invoice")]

    past_presences(dbsession, tenant, shared, "ale_maternel", "journee_repas", days)
    before = run_count()
    for name in ("PETIT", "GRAND", "MOYEN"):
        other = family_factory("balaruc", name, children=1)
        household = family_factory("balaruc", name + "BIS", children=0)
        child = other.children[0]
        HouseholdService(dbsession, tenant).link(child, household.id, None)
        set_schedule(dbsession, tenant, child)
        past_presences(dbsession, tenant, child, "ale_maternel", "journee_repas", days)
    after = run_count()
    assert after == before, after
    assert [s for s in after if s.startswith("SELECT")] == after[:3]  # three reads
