"""The parents' booking pages in English: the planning's legends, states and dates, the
recap and the confirmation, a refused date's reason, the campaign's waiting room."""

from datetime import date, timedelta

from portail_core.testing.bookings import (
    cell,
    enrol,
    freeze,
    make_family,
    make_period,
    open_planning,
    paris,
    planning_week,
    set_cells,
)
from portail_core.testing.campaigns import make_campaign

EN = {"Accept-Language": "en"}
MONDAY = date(2026, 6, 8)
WEDNESDAY = date(2026, 6, 10)


def setup_balaruc(app, dbsession, monkeypatch, now=paris(2026, 6, 1, 9, 0)):
    tenant = app.registry.tenants.get("balaruc")
    freeze(monkeypatch, now)
    family = make_family(
        dbsession, tenant, "TEST", "valentina.test@example.org", "Valentina-2019", ["VALENTINA"]
    )
    period = make_period(dbsession, tenant, "ale_primaire", MONDAY, days=14, name="ÉTÉ 2026")
    enrol(dbsession, tenant, period, family.children)
    dbsession.commit()
    return period, family.children[0]


def test_the_planning_grid_in_english(app, balaruc, dbsession, monkeypatch):
    period, child = setup_balaruc(app, dbsession, monkeypatch)
    balaruc.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en"
    balaruc.login("valentina.test@example.org", "Valentina-2019")
    choose = balaruc.get(f"/reservations/nouvelle/{child.id}", params={"periode": period.id})
    assert "Opening days: Mon Tue Wed Thu Fri" in choose.text
    assert "You must book at least 2 working days before the chosen date" in choose.text
    page = choose.forms["choose"].submit().follow()
    assert "Planning - TEST VALENTINA" in page.text
    assert "Week no. 24" in page.text
    assert "Mon 08 Jun 2026" in page.text and "lun. 08 juin" not in page.text
    assert "Legend (state of the attendance)" in page.text
    assert "Attendance accepted" in page.text and "Place on the waiting list" not in page.text
    assert "24 places" in page.text and "Free" in page.text
    assert "Validate the planning" in page.text
    # The automatic selection's weekdays follow the language too.
    assert "Wednesday" in page.text and "Mercredi" not in page.text
    # The page's script gets its texts from the form, translated.
    form = page.html.find("form", id="planning")
    assert form["data-new-label"] == "New request"
    assert form["data-changes"] == "{n} change(s) this week"


def test_a_booking_recap_and_confirmation_in_english(app, balaruc, dbsession, monkeypatch):
    period, child = setup_balaruc(app, dbsession, monkeypatch)
    balaruc.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en"
    balaruc.login("valentina.test@example.org", "Valentina-2019")
    page = open_planning(balaruc, child, period)
    matin = next(u for u in period.units if u.code == "matin")
    recap = set_cells(page, {cell(matin, MONDAY), cell(matin, WEDNESDAY)}).submit("valider")
    recap = recap.follow()
    assert "Summary of your request" in recap.text
    assert "Awaiting confirmation" in recap.text
    assert "Mon 08 Jun 2026" in recap.text and "Wed 10 Jun 2026" in recap.text
    assert "€11.00" in recap.text
    assert "Confirm the booking" in recap.text
    saved = recap.forms["recap"].submit("confirmer").follow()
    assert "Booking request saved" in saved.text
    assert "Your booking request has been received. Thank you." in saved.text
    assert "Pending" in saved.text and "En attente" not in saved.text


def test_a_refused_date_says_why_in_english(app, batz, dbsession, monkeypatch):
    tenant = app.registry.tenants.get("batz")
    freeze(monkeypatch, paris(2026, 3, 1, 9))
    family = make_family(
        dbsession, tenant, "AABELIUM", "famille.aabelium@example.org", "Baptiste-2018", ["B"]
    )
    spring = make_period(dbsession, tenant, "restaurant", date(2026, 3, 9), days=40)
    enrol(dbsession, tenant, spring, family.children)
    dbsession.commit()
    child = family.children[0]
    batz.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en"
    batz.login("famille.aabelium@example.org", "Baptiste-2018")
    open_planning(batz, child, spring)
    # Friday 12:01: Tuesday's deadline (2 working days, noon) has passed.
    freeze(monkeypatch, paris(2026, 3, 13, 12, 1))
    page = planning_week(batz, child, spring, date(2026, 3, 16))
    assert "Too late (at the latest on Fri 13 Mar 2026 at 12:00)" in page.text
    holiday = planning_week(batz, child, spring, date(2026, 4, 6))
    assert "Public holiday" in holiday.text


def test_the_campaign_waiting_room_in_english(app, client_for, dbsession, monkeypatch):
    from portail_core.demo.builder import DemoBuilder
    from portail_core.testing.campaigns import AGENTS

    tenant = app.registry.tenants.get("balaruc")
    opening = paris(2026, 6, 1, 9)
    freeze(monkeypatch, opening - timedelta(minutes=10))
    DemoBuilder(dbsession, tenant).agent(*AGENTS["balaruc"], "Secrétariat", "SEJ")
    period = make_period(dbsession, tenant, "ale_primaire", date(2026, 7, 6), name="ÉTÉ 2026")
    family = make_family(dbsession, tenant, "ALPHA", "alpha@example.org", "Secret-2019-x", ["E"])
    enrol(dbsession, tenant, period, family.children)
    make_campaign(
        dbsession,
        tenant,
        [period],
        "queue",
        opening,
        opening + timedelta(days=7),
        rate_per_minute=1,
        title="OUVERTURE ÉTÉ 2026",
    )
    dbsession.commit()
    client = client_for("balaruc")
    client.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.login("alpha@example.org", "Secret-2019-x")
    url = f"/reservations/planning/{period.id}/{family.children[0].id}"
    page = client.get(url, status=303).follow()
    assert "Waiting room — OUVERTURE ÉTÉ 2026" in page.text
    assert "Bookings will open on" in page.text and "01/06/2026 at 09:00" in page.text
    freeze(monkeypatch, opening + timedelta(seconds=5))
    page = client.get(url, status=303).follow()
    assert "It's your turn!" in page.text
    assert "Continue to the booking" in page.text


def test_the_bookings_list_absence_form_and_campaigns_in_english(
    app, balaruc, dbsession, monkeypatch
):
    setup_balaruc(app, dbsession, monkeypatch)
    balaruc.extra_environ["HTTP_ACCEPT_LANGUAGE"] = "en"
    balaruc.login("valentina.test@example.org", "Valentina-2019")
    page = balaruc.get("/reservations")
    assert "Nothing here" in page.text and "Declare an absence" in page.text
    assert "Legend (state of the booking)" in page.text and "Booking refused" in page.text
    form = balaruc.get("/reservations").click("Declare an absence")
    assert "First day of absence" in form.text and "Medical certificate" in form.text
    assert "at the latest 2 days after the first day of absence" in form.text
    assert "Aucune campagne" not in balaruc.get("/inscriptions").text
