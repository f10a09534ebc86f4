"""Round trips through the three simulators over real HTTP: the parent's requests are
WebTest's (on the live server's host and port), every server-to-server call — PayFiP's and
Payline's start and read-back, each gateway's notification — goes through the network to
the application served by waitress."""

import io
import threading
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from portail_payment_tipi.simulator import PayfipSimulator
from pyramid.scripting import prepare
from sqlalchemy import select, update

from portail_core.models.billing import (
    PAYMENT_PENDING,
    PAYMENT_REFUSED,
    PAYMENT_VALIDATED,
    Payment,
)
from portail_core.models.family import Family
from portail_core.models.online_payments import PaymentNotification
from portail_core.payments.http import HttpClient
from portail_core.payments.simulation import store_for
from portail_core.scripts.payments_check import check as run
from portail_core.testing.billing import published_invoice
from portail_core.testing.fixtures import PortalClient
from portail_core.testing.online_payments import (
    PARENTS,
    invoice_ids,
    payments_of,
    recap_page,
    skip_attempt_numbers,
    start_payment,
)

BATZ_TWO = ["00286", "00720"]  # 4,40 € + 1,75 €, périscolaire (PayFiP)
BALARUC_TWO = ["2006-00096", "2006-00098"]  # périscolaire (Systempay)


@pytest.fixture
def live_client(app, live_server, demo_data, dbsession):
    """A parent's WebTest client on the live server's host and port (so that the URLs the
    portal gives the gateways reach the live server)."""

    for tenant_id in ("balaruc", "batz"):
        skip_attempt_numbers(dbsession, tenant_id)

    def factory(tenant_id, login=True):
        host = app.registry.tenants.get(tenant_id).hosts[0]
        client = PortalClient(app, f"{host}:{live_server.port}")
        if login:
            client.login(*PARENTS[tenant_id])
        return client

    return factory


def text(page):
    return page.text.replace("\xa0", " ")


def gateway_page(client, start):
    """Follow the portal's start to the simulator's payment page."""
    if start.status_int == 303:  # PayFiP, Payline: a redirect
        return client.get(start.location)
    return start.forms["payment-redirect"].submit().follow()  # Systempay: a posted form


def choose(client, start, choice):
    """Pay, refuse, cancel… on the simulator's page; the portal page the parent lands on."""
    page = gateway_page(client, start)
    answer = page.forms[0].submit("choice", value=choice)
    while answer.status_int in (302, 303):
        answer = client.get(answer.location)
    return answer


def restauration_invoices(dbsession, app):
    """Two invoices of Balaruc's restauration régie (Payline) for the TEST family."""
    tenant = app.registry.tenants.get("balaruc")
    family = dbsession.scalar(
        select(Family).where(Family.tenant_id == "balaruc", Family.name == "TEST")
    )
    numbers = []
    for amounts in (["3.40", "3.40"], ["6.80"]):
        invoice = published_invoice(dbsession, tenant, family, "restauration", amounts)
        numbers.append(invoice.number)
    dbsession.commit()
    return numbers


# -- each gateway, paid, over real HTTP --------------------------------------------------


def test_batz_pays_two_invoices_with_payfip(live_client, dbsession, mailbox):
    client = live_client("batz")
    start = start_payment(client, dbsession, "batz", "periscolaire", BATZ_TWO, status=303)
    assert "/_simulateur/tipi/tpa/paiementws.web?idop=" in start.location
    page = choose(client, start, "card")
    assert "Le paiement de vos factures n° 00286, 00720 a bien été pris en compte." in text(page)
    [payment] = payments_of(dbsession, "batz")
    assert payment.state == PAYMENT_VALIDATED and str(payment.amount) == "6.15"
    assert payment.gateway_transaction_id == payment.gateway_key  # the idop
    assert payment.authorisation
    assert len(mailbox) == 1 and "Facture n° 00720 : 1,75 €" in mailbox[0].body.replace("\xa0", " ")
    listing = text(client.get("/mes-factures"))
    assert "Total restant dû : <strong>0,00 €</strong>" in listing
    channels = dbsession.scalars(
        select(PaymentNotification.channel).order_by(PaymentNotification.id)
    ).all()
    assert channels == ["notification", "return"]


def test_balaruc_pays_the_restauration_with_payline(live_client, dbsession, app, mailbox):
    numbers = restauration_invoices(dbsession, app)
    client = live_client("balaruc")
    start = start_payment(client, dbsession, "balaruc", "restauration", numbers, status=303)
    assert "/_simulateur/payline/webpayment/step2.do" in start.location
    page = choose(client, start, "pay")
    assert "a bien été pris en compte" in text(page)
    [payment] = payments_of(dbsession, "balaruc")
    assert payment.state == PAYMENT_VALIDATED and payment.backend == "payline"
    assert payment.gateway_transaction_id and payment.mode == "HOMOLOGATION"
    assert len(mailbox) == 1


def test_balaruc_pays_with_systempay_over_real_http(live_client, dbsession, mailbox):
    client = live_client("balaruc")
    start = start_payment(client, dbsession, "balaruc", "periscolaire", BALARUC_TWO)
    page = choose(client, start, "pay")
    assert "Le paiement de vos factures n° 2006-00096, 2006-00098 a bien été pris en compte." in (
        text(page)
    )
    [payment] = payments_of(dbsession, "balaruc")
    assert payment.state == PAYMENT_VALIDATED and len(mailbox) == 1


@pytest.mark.parametrize(
    ("tenant_id", "regie", "choice", "outcome"),
    [
        ("batz", "periscolaire", "refuse_card", "REFUSED"),
        ("batz", "periscolaire", "cancel", "CANCELLED"),
        ("balaruc", "restauration", "refuse", "REFUSED"),
        ("balaruc", "restauration", "cancel", "CANCELLED"),
        ("balaruc", "restauration", "expire", "EXPIRED"),
    ],
)
def test_refused_cancelled_and_expired_leave_the_invoices_due(
    live_client, dbsession, app, mailbox, tenant_id, regie, choice, outcome
):
    numbers = BATZ_TWO if tenant_id == "batz" else restauration_invoices(dbsession, app)
    client = live_client(tenant_id)
    start = start_payment(client, dbsession, tenant_id, regie, numbers, status=303)
    page = choose(client, start, choice)
    assert "à payer" in text(page)
    [payment] = payments_of(dbsession, tenant_id)
    assert (payment.state, payment.gateway_outcome) == (PAYMENT_REFUSED, outcome)
    if regie == "restauration" and choice != "refuse":  # Payline: no transaction, NULL
        assert payment.gateway_transaction_id is None
    assert mailbox == []


# -- faults: the return without notification, a notification for another commune ------


def test_payfip_left_open_stays_pending_then_expires(live_client, dbsession, app):
    client = live_client("batz")
    start = start_payment(client, dbsession, "batz", "periscolaire", BATZ_TWO, status=303)
    page = choose(client, start, "pending")  # no result: no notification, PayFiP says P5
    assert "en cours de validation" in text(page)
    [payment] = payments_of(dbsession, "batz")
    assert payment.state == PAYMENT_PENDING
    query = dbsession.scalars(
        select(PaymentNotification).where(PaymentNotification.channel == "status_query")
    ).one()
    assert query.outcome == "PENDING"  # the return asked PayFiP, which has no result yet
    backdate(dbsession, payment, hours=3)
    out = check(app)
    assert "batz : 1 paiement(s) en attente vérifié(s) (1 refusé(s)" in out
    [payment] = payments_of(dbsession, "batz")
    assert (payment.state, payment.gateway_outcome) == (PAYMENT_REFUSED, "EXPIRED")


def test_a_payment_whose_notification_was_lost_is_found_by_reconciliation(
    live_client, dbsession, app, mailbox
):
    client = live_client("batz")
    start = start_payment(client, dbsession, "batz", "periscolaire", BATZ_TWO, status=303)
    [payment] = payments_of(dbsession, "batz")
    tenant = app.registry.tenants.get("batz")
    simulator = PayfipSimulator(
        [tenant.regies["periscolaire"].payment_settings],
        store_for(app.registry, "tipi", "batz"),
        HttpClient(),
    )
    simulator.choose(simulator.get(payment.gateway_key), "card")  # paid, never notified
    assert urlsplit(start.location).query.startswith("idop=")
    out = check(app)
    assert "1 validé(s)" in out
    [payment] = payments_of(dbsession, "batz")
    assert payment.state == PAYMENT_VALIDATED and len(mailbox) == 1
    assert mailbox[0].recipients == ["famille.aabelium@example.org"]


def test_systempay_without_notification_is_expired_after_its_lifetime(live_client, dbsession, app):
    client = live_client("balaruc")
    start_payment(client, dbsession, "balaruc", "periscolaire", BALARUC_TWO)
    assert "0 refusé" not in check(app)  # too young: nothing done
    [payment] = payments_of(dbsession, "balaruc")
    assert payment.state == PAYMENT_PENDING
    backdate(dbsession, payment, hours=2)
    check(app)
    [payment] = payments_of(dbsession, "balaruc")
    assert (payment.state, payment.gateway_outcome) == (PAYMENT_REFUSED, "EXPIRED")


def test_a_batz_notification_sent_to_balaruc_is_rejected(live_client, dbsession, live_server):
    client = live_client("batz")
    start_payment(client, dbsession, "batz", "periscolaire", BATZ_TWO, status=303)
    [payment] = payments_of(dbsession, "batz")
    http = HttpClient()
    body = f"idop={payment.gateway_key}"
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    balaruc = f"http://balaruc.localhost:{live_server.port}/paiement/notification"
    answers = [
        http.post(f"{balaruc}/batz/periscolaire/tipi", body, headers).status,
        http.post(f"{balaruc}/balaruc/periscolaire/systempay", body, headers).status,
    ]
    assert answers == [404, 400]
    [payment] = payments_of(dbsession, "batz")
    assert payment.state == PAYMENT_PENDING
    rows = dbsession.scalars(select(PaymentNotification)).all()
    assert [(row.tenant_id, row.verdict, row.payment_id) for row in rows] == [
        ("balaruc", "invalid", None)
    ]


# -- two "Accéder au paiement" at the same time ---------------------------------------------


@pytest.mark.parametrize(("tenant_id", "numbers"), [("batz", BATZ_TWO), ("balaruc", BALARUC_TWO)])
def test_parallel_starts_for_the_same_invoices_make_one_payment(
    live_client, dbsession, tenant_id, numbers
):
    first = live_client(tenant_id)
    recap = recap_page(first, "periscolaire", invoice_ids(dbsession, tenant_id, numbers))
    clients = [first] + [live_client(tenant_id, login=False) for _ in range(3)]
    for client in clients[1:]:  # the same session: a double click, other tabs
        client.set_cookie("portail_session", first.cookies["portail_session"])
    form_fields = recap.forms["payment-start"].submit_fields()
    barrier = threading.Barrier(len(clients))
    answers = [None] * len(clients)

    def press(index, client):
        barrier.wait()
        try:
            response = client.post("/paiement-en-ligne/acces", form_fields, status="*")
            answers[index] = (response.status_int, response.headers.get("Location", ""))
        except Exception as exc:  # noqa: BLE001 - reported by the assertions below
            answers[index] = (repr(exc), "")

    threads = [threading.Thread(target=press, args=item) for item in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    [payment] = payments_of(dbsession, tenant_id)
    to_gateway = [a for a in answers if a[0] == 200 or "_simulateur" in a[1]]
    to_status = [a for a in answers if a[1].endswith(f"/paiement-en-ligne/{payment.id}")]
    assert (len(to_gateway), len(to_status)) == (1, len(clients) - 1), answers
    assert payment.state == PAYMENT_PENDING and len(payment.allocations) == 2


# -- helpers -------------------------------------------------------------------------------


def backdate(dbsession, payment, hours):
    dbsession.execute(
        update(Payment)
        .where(Payment.id == payment.id)
        .values(created_at=payment.created_at - timedelta(hours=hours))
    )
    dbsession.commit()


def check(app):
    """Run the reconciliation as ``portail-payments-check`` does; its printed report."""
    out = io.StringIO()
    env = prepare(registry=app.registry)
    try:
        run(app.registry, env["request"], out=out)
    finally:
        env["closer"]()
    return out.getvalue()


def test_payfip_waits_20_minutes_before_a_new_attempt_for_the_same_invoices(live_client, dbsession):
    client = live_client("batz")
    start = start_payment(client, dbsession, "batz", "periscolaire", BATZ_TWO, status=303)
    choose(client, start, "cancel")
    again = start_payment(client, dbsession, "batz", "periscolaire", BATZ_TWO, status=303)
    page = text(again.follow())
    assert "il peut encore aboutir. Vous pourrez payer de nouveau à partir de" in page
    assert len(payments_of(dbsession, "batz")) == 1
    backdate(dbsession, payments_of(dbsession, "batz")[0], hours=1)
    start_payment(client, dbsession, "batz", "periscolaire", BATZ_TWO, status=303)
    assert len(payments_of(dbsession, "batz")) == 2
