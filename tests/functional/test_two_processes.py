"""Two separate app processes on one PostgreSQL, as two hosts behind a load balancer: one
parent's journey goes alternately through both, and nothing is lost on the way."""

import re
from urllib.parse import urlsplit

import pytest
from portail_payment_systempay.simulator import SystempaySimulator
from sqlalchemy import select

from portail_core.models.billing import PAYMENT_VALIDATED, Invoice
from portail_core.models.bookings import Period, Presence, Reservation
from portail_core.models.family import Child
from portail_core.payments.simulation import SimulatorStore
from portail_core.testing.online_payments import PARENTS, invoice_ids, payments_of
from portail_core.testing.processes import (
    AppProcess,
    Http,
    csrf_token,
    hidden_fields,
    write_ini,
)

pytestmark = pytest.mark.postgresql
INVOICES = ["2006-00096", "2006-00098"]  # Balaruc, périscolaire (Systempay)


@pytest.fixture
def processes(database, demo_data, tmp_path):
    if database.dialect != "postgresql":
        pytest.skip(
            "needs PostgreSQL: several processes share one database server "
            "(set PORTAIL_TEST_DATABASE_URL to a PostgreSQL URL)"
        )
    ini = write_ini(database, tmp_path)
    started = []
    try:
        for name in ("a", "b"):
            started.append(AppProcess(ini, tmp_path / f"{name}.log"))
        yield started
    finally:
        for process in started:
            process.stop()


def login(browser, port):
    page = browser.get(port, "/connexion")
    email, password = PARENTS["balaruc"]
    form = {"csrf_token": csrf_token(page.text), "login": email, "password": password}
    answer = browser.post(port, "/connexion", {**form, "submit": "submit"})
    assert answer.status_code == 303, answer.text[:500]


def book_a_day(browser, port, dbsession):
    """The first open day of Valentina's ALE planning, validated and confirmed."""
    child = dbsession.scalar(select(Child).where(Child.first_name == "VALENTINA"))
    period = dbsession.scalars(
        select(Period).where(
            Period.tenant_id == "balaruc", Period.name.like("MERCREDIS / VACANCES %")
        )
    ).first()
    choose = f"/reservations/nouvelle/{child.id}"
    page = browser.get(port, f"{choose}?periode={period.id}")
    token = csrf_token(page.text)
    chosen = browser.post(port, choose, {"csrf_token": token, "periode": period.id})
    assert chosen.status_code == 303
    planning = f"/reservations/planning/{period.id}/{child.id}"
    page = browser.get(port, planning)
    week = re.search(r'name="semaine" value="([^"]+)"', page.text).group(1)
    cell = re.search(r'name="cases" value="([^"]+)"', page.text).group(1)
    form = {"csrf_token": token, "semaine": week, "cases": cell, "valider": "1"}
    answer = browser.post(port, planning, form)
    assert answer.status_code == 303, answer.text[:500]
    recap = urlsplit(answer.headers["Location"]).path
    answer = browser.post(port, recap, {"csrf_token": token, "confirmer": "1"})
    assert answer.status_code == 303, answer.text[:500]
    return child, cell


def payment_invoices(dbsession, ids):
    return dbsession.scalars(select(Invoice).where(Invoice.id.in_(ids))).all()


def test_one_journey_through_two_processes(processes, app, dbsession):
    first, second = (process.port for process in processes)
    browser = Http("balaruc.localhost")
    login(browser, first)  # the session row is written by the first process
    assert "Mon compte" in browser.get(second, "/mon-compte").text  # read by the second

    child, cell = book_a_day(browser, second, dbsession)
    dbsession.expire_all()
    reservation = dbsession.scalars(
        select(Reservation).where(Reservation.child_id == child.id).order_by(Reservation.id.desc())
    ).first()
    unit_id, day = cell.split(":")
    assert dbsession.scalar(
        select(Presence).where(
            Presence.reservation_id == reservation.id, Presence.unit_id == int(unit_id)
        )
    )
    assert reservation.label in browser.get(first, "/reservations").text

    # The payment starts on the second process; the gateway's notification reaches the first.
    ids = invoice_ids(dbsession, "balaruc", INVOICES)
    recap = browser.get(
        second,
        "/paiement-en-ligne/recapitulatif?regie=periscolaire&"
        + "&".join(f"facture={i}" for i in ids),
    )
    start = browser.post(
        second,
        "/paiement-en-ligne/acces",
        [("csrf_token", csrf_token(recap.text)), ("regie", "periscolaire")]
        + [("facture", str(i)) for i in ids],
    )
    assert start.status_code == 200, start.text[:500]
    _, fields = hidden_fields(start.text, "payment-redirect")
    shop = app.registry.tenants.get("balaruc").regies["periscolaire"].payment_settings
    gateway = SystempaySimulator([shop], SimulatorStore(), http=None)
    paid = gateway.choose(gateway.receive(fields), "pay")
    notify = urlsplit(fields["vads_url_check"])
    answer = browser.session.post(
        f"http://127.0.0.1:{first}{notify.path}",
        data=gateway.ipn_body(paid),
        headers={
            "Host": "balaruc.localhost",
            "Content-Type": "application/x-www-form-urlencoded; charset=UTF-8",
        },
        timeout=60,
    )
    assert answer.status_code == 200, answer.text[:500]
    [payment] = payments_of(dbsession, "balaruc")
    assert payment.state == PAYMENT_VALIDATED
    assert [payment.amount] == [sum(i.total for i in payment_invoices(dbsession, ids))]
    listing = browser.get(second, "/mes-factures").text.replace("\xa0", " ")
    assert "2006-00096" in listing
