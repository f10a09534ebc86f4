"""``portail-reminders``: nothing booked next week, an invoice due, a document expiring;
each sent once, to the parents who did not turn it off, in a constant number of queries."""

import io
from datetime import date
from decimal import Decimal

import pytest
from pyramid.scripting import prepare
from sqlalchemy import func, select

from portail_core.i18n import localizer_for
from portail_core.models.family import ChildVaccination
from portail_core.models.outbox import ReminderSent
from portail_core.scripts.reminders import run
from portail_core.services.billing.invoices import BillingService
from portail_core.services.reminders.service import ReminderService
from portail_core.testing.billing import published_invoice
from portail_core.testing.bookings import book, enrol, make_family, make_period, paris

MONDAY = date(2026, 12, 7)  # this week; next week starts on 14 December
WEDNESDAY = date(2026, 12, 9)  # Balaruc: booking for the 14th closes on Thursday 10 at 12:00
PASSWORD = "Secret-2019-xyz"


def reminders(app, day, commune="balaruc"):
    out = io.StringIO()
    env = prepare(registry=app.registry)
    try:
        run(app.registry, env["request"], commune, day, out=out)
    finally:
        env["closer"]()
    return out.getvalue()


class World:
    """Balaruc's ALE Primaire open for two weeks, three families."""

    def __init__(self, app, dbsession):
        self.tenant = app.registry.tenants.get("balaruc")
        self.dbsession = dbsession
        self.period = make_period(dbsession, self.tenant, "ale_primaire", MONDAY, days=14)
        self.families = {}
        for name, enrolled in (("TEST", True), ("AUTRE", True), ("TROIS", False)):
            self.add_family(name, enrolled)
        dbsession.commit()

    def add_family(self, name, enrolled=True):
        email = f"{name.lower()}@example.org"
        family = make_family(self.dbsession, self.tenant, name, email, PASSWORD, ["ENF"])
        if enrolled:
            enrol(self.dbsession, self.tenant, self.period, family.children)
        self.families[name] = family
        return family


@pytest.fixture
def world(app, dbsession):
    return World(app, dbsession)


def sent_rows(dbsession):
    return dbsession.scalar(select(func.count(ReminderSent.id)))


def test_nothing_booked_reminds_the_enrolled_families_with_nothing_next_week(
    app, world, dbsession, mailbox
):
    matin = world.period.units[0]
    autre = world.families["AUTRE"]
    book(
        dbsession,
        world.tenant,
        autre,
        world.period,
        autre.children,
        matin,
        [date(2026, 12, 14)],
        paris(2026, 12, 7),
    )
    dbsession.commit()
    mailbox.clear()
    out = reminders(app, WEDNESDAY)
    assert "balaruc : 1 rappel(s)" in out
    [mail] = mailbox
    assert mail.recipients == ["test@example.org"]
    assert mail.subject == "[Ville de Balaruc le Vieux] Rien de réservé la semaine prochaine"
    assert (
        "TEST ENF — ALE Primaire / PÉRIODE DE TEST 07/12 : à réserver avant le jeu. 10 déc. "
        "2026 à 12:00" in mail.body
    )
    assert "http://balaruc.localhost:6543/reservations" in mail.body
    assert "http://balaruc.localhost:6543/mon-compte/rappels" in mail.body


def test_running_twice_sends_nothing_twice(app, world, dbsession, mailbox):
    reminders(app, WEDNESDAY)
    assert len(mailbox) == 2 and sent_rows(dbsession) == 2
    assert "0 rappel(s)" in reminders(app, WEDNESDAY)
    assert "0 rappel(s)" in reminders(app, date(2026, 12, 10))  # same week, same children
    assert len(mailbox) == 2 and sent_rows(dbsession) == 2


def test_nothing_is_sent_too_early_nor_after_the_deadline(app, world, mailbox):
    assert "0 rappel(s)" in reminders(app, date(2026, 12, 4))  # 6 days before: too early
    assert "0 rappel(s)" in reminders(app, date(2026, 12, 11))  # Friday: too late for the 14th
    assert mailbox == []


def test_a_parent_turns_a_reminder_off_in_mon_compte(app, world, balaruc, mailbox, dbsession):
    balaruc.login("test@example.org", PASSWORD)
    account = balaruc.get("/mon-compte")
    page = account.click("Mes rappels par e-mail")
    form = page.forms["reminders"]
    assert form["nothing_booked"].checked and form["invoice_due"].checked
    form["nothing_booked"] = False
    page = form.submit("submit").follow()
    assert "Vos choix de rappels sont enregistrés." in page.text
    assert not balaruc.get("/mon-compte/rappels").forms["reminders"]["nothing_booked"].checked
    reminders(app, WEDNESDAY)
    assert [m.recipients for m in mailbox] == [["autre@example.org"]]
    # Not recorded for TEST: turned back on within the window, the reminder still comes.
    form = balaruc.get("/mon-compte/rappels").forms["reminders"]
    form["nothing_booked"] = True
    form.submit("submit")
    reminders(app, WEDNESDAY)
    assert [m.recipients for m in mailbox][-1] == ["test@example.org"]


def test_an_invoice_due_soon_with_money_left_is_reminded(app, world, dbsession, mailbox):
    tenant = world.tenant
    test, autre, trois = (world.families[name] for name in ("TEST", "AUTRE", "TROIS"))
    due = published_invoice(
        dbsession, tenant, test, "periscolaire", ["12.50"], day=date(2026, 11, 12)
    )
    credited = published_invoice(
        dbsession, tenant, autre, "periscolaire", ["8.00"], day=date(2026, 11, 12)
    )
    published_invoice(dbsession, tenant, trois, "periscolaire", ["5.00"], day=date(2026, 10, 1))
    BillingService(dbsession, tenant).credit(credited, Decimal("8.00"), "Erreur de facturation")
    dbsession.commit()
    service = ReminderService(dbsession, tenant, links={"billing": "B", "reminders": "R"})
    items = service.items("invoice_due", WEDNESDAY, paris(2026, 12, 9))
    assert [(i.family_id, i.subject, i.ref_date) for i in items] == [
        (test.id, f"facture-{due.id}", date(2026, 12, 12))
    ]
    text = localizer_for(app.registry, "fr").translate(items[0].text)
    assert "12,50" in text and "REGIE PERISCOLAIRE/ALSH" in text


def test_the_qf_and_a_vaccination_about_to_expire_are_reminded(app, world, dbsession, mailbox):
    test = world.families["TEST"]
    test.quotient_familial_valid_until = date(2026, 12, 31)
    world.families["AUTRE"].quotient_familial_valid_until = date(2027, 3, 1)  # far off
    child = test.children[0]
    for vaccine, last in (("DT POLIO", date(2021, 12, 20)), ("BCG", date(2021, 12, 20))):
        dbsession.add(
            ChildVaccination(
                tenant_id="balaruc", child=child, vaccine=vaccine, done=True, last_date=last
            )
        )
    other = world.families["TROIS"].children[0]
    dbsession.add(
        ChildVaccination(
            tenant_id="balaruc",
            child=other,
            vaccine="DT POLIO",
            done=True,
            last_date=date(2019, 1, 1),
        )
    )
    dbsession.commit()
    service = ReminderService(dbsession, world.tenant, {})
    items = service.items("document_expiry", WEDNESDAY, paris(2026, 12, 9))
    assert [(i.family_id, i.subject[:6], i.ref_date) for i in items] == [
        (test.id, "qf", date(2026, 12, 31)),
        (test.id, "vaccin", date(2026, 12, 20)),
    ]
    mailbox.clear()
    reminders(app, WEDNESDAY)
    [mail] = [m for m in mailbox if "expiration" in m.subject]
    assert "Quotient familial : valable jusqu'au jeu. 31 déc. 2026" in mail.body
    assert "TEST ENF — DT POLIO : dernière injection le 20/12/2021" in mail.body


def test_the_queries_do_not_grow_with_the_families(app, world, dbsession, query_counter):
    tenant = world.tenant

    def arrange(names):
        for name in names:
            family = world.add_family(name)
            family.quotient_familial_valid_until = date(2026, 12, 20)
            published_invoice(
                dbsession, tenant, family, "periscolaire", ["3.00"], day=date(2026, 11, 12)
            )
        dbsession.commit()

    def counted_run():
        service = ReminderService(
            dbsession, tenant, {k: k for k in ("bookings", "billing", "documents", "reminders")}
        )
        with query_counter as counted:
            sent = service.run(WEDNESDAY, paris(2026, 12, 9))
        dbsession.commit()
        return counted.count, sent

    arrange(["F1", "F2"])
    few, sent = counted_run()
    assert sent == {"nothing_booked": 4, "invoice_due": 2, "document_expiry": 2}
    arrange([f"G{n}" for n in range(12)])
    many, sent = counted_run()
    assert sent == {"nothing_booked": 12, "invoice_due": 12, "document_expiry": 12}
    assert many == few, query_counter.statements


def test_one_commune_reminds_only_its_own_families(app, world, dbsession, mailbox):
    batz = app.registry.tenants.get("batz")
    other = make_family(dbsession, batz, "BATZ", "batz@example.org", PASSWORD, ["ENF"])
    other.quotient_familial_valid_until = date(2026, 12, 20)
    dbsession.commit()
    reminders(app, WEDNESDAY, "balaruc")
    assert "batz@example.org" not in [m.recipients[0] for m in mailbox]
    reminders(app, WEDNESDAY, "batz")
    assert [m.recipients for m in mailbox][-1] == ["batz@example.org"]


def test_a_wrong_reminder_setting_stops_the_start_naming_the_key(make_app, tenants_dir):
    from portail_core.tenant import TenantConfigError

    path = tenants_dir / "batz.toml"
    path.write_text(path.read_text().replace("days_before = 45", "days_before = 400"))
    with pytest.raises(TenantConfigError) as failure:
        make_app(**{"portail.tenants_dir": str(tenants_dir)})
    message = str(failure.value)
    assert (
        "batz.toml" in message and "settings.core.reminders.document_expiry.days_before" in message
    )
