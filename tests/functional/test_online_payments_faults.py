"""What the core does with the gateway's odd answers: an unknown key (no read-back), a
gateway that does not answer, a result needing an agent, a result without transaction id,
and legacy PayFiP's browser coming back to the notification URL."""

import threading
from dataclasses import dataclass, field

import pytest
from pyramid_mailer.interfaces import IMailer
from sqlalchemy import select

from portail_core.models.billing import PAYMENT_PENDING, PAYMENT_REFUSED
from portail_core.models.online_payments import PaymentNotification
from portail_core.payments.types import (
    GatewayRejection,
    GatewayResult,
    Outcome,
    Rejection,
    ResponseKind,
)
from portail_core.services.payments.results import PaymentResults, Received
from portail_core.sessions import DatabaseSessionSerializer
from portail_core.testing.fixtures import PortalClient
from portail_core.testing.online_payments import PARENTS, payments_of, start_payment

TWO = ["2006-00096", "2006-00098"]
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def test_an_unknown_payfip_id_is_refused_before_any_read_back(demo_data, batz, dbsession):
    # The régie's PayFiP URL is a simulator path on batz.localhost:80, where nothing
    # listens: a read-back would fail with a temporary failure (503), not this 200.
    answer = batz.post(
        "/paiement/notification/batz/periscolaire/tipi", "idop=made-up-0001", headers=FORM
    )
    assert (answer.status_int, answer.text) == (200, "unknown_attempt")
    message = dbsession.scalars(select(PaymentNotification)).one()
    assert (message.verdict, message.gateway_key, message.raw) == (
        "unknown_attempt",
        "made-up-0001",
        '{"idop": "made-up-0001"}',
    )


@dataclass
class FakeBackend:
    """Answers status queries with what a test gives it."""

    answer: object
    id: str = "systempay"
    label: str = "Systempay"
    mode: str = "TEST"
    supports_status_query: bool = True
    queries: list = field(default_factory=list)

    def query_status(self, attempt):
        self.queries.append(attempt)
        return self.answer

    def check(self, attempt, result):
        return None


@pytest.fixture
def pending(demo_data, balaruc, dbsession):
    balaruc.login(*PARENTS["balaruc"])
    start_payment(balaruc, dbsession, "balaruc", "periscolaire", TWO)
    [payment] = payments_of(dbsession, "balaruc")
    return payment


def result(payment, outcome, **values):
    return GatewayResult(
        gateway_key=payment.gateway_key,
        outcome=outcome,
        attempt_reference=payment.reference,
        amount_cents=48723,
        currency="978",
        mode="TEST",
        **values,
    )


def query(dbsession, tenant, payment, answer):
    backend = FakeBackend(answer)
    verdict = PaymentResults(dbsession, tenant).query(payment, backend)
    dbsession.commit()
    return verdict, backend


def test_a_gateway_that_does_not_answer_leaves_the_payment_pending(pending, dbsession, tenant):
    answer = GatewayRejection(Rejection.GATEWAY_UNAVAILABLE, "timeout", pending.gateway_key)
    verdict, backend = query(dbsession, tenant, pending, answer)
    assert verdict.kind is ResponseKind.TEMPORARY_FAILURE and len(backend.queries) == 1
    [payment] = payments_of(dbsession, "balaruc")
    assert payment.state == PAYMENT_PENDING and not payment.needs_attention
    message = dbsession.scalars(select(PaymentNotification)).one()
    assert (message.channel, message.verdict, message.reason) == (
        "status_query",
        "temporary_failure",
        "gateway_unavailable",
    )


@pytest.mark.parametrize(("outcome", "alert"), [(Outcome.ERROR, False), (Outcome.PENDING, True)])
def test_an_error_or_an_alert_asks_for_an_agent(pending, dbsession, tenant, outcome, alert):
    verdict, _ = query(dbsession, tenant, pending, result(pending, outcome, alert=alert))
    assert verdict.kind is ResponseKind.PROCESSED and not verdict.validated
    [payment] = payments_of(dbsession, "balaruc")
    assert payment.state == PAYMENT_PENDING and payment.needs_attention
    assert payment.gateway_outcome == outcome.value
    verdict, _ = query(dbsession, tenant, payment, result(payment, outcome, alert=alert))
    assert verdict.kind is ResponseKind.DUPLICATE


def test_a_cancellation_without_transaction_id_stores_none(pending, dbsession, tenant):
    verdict, _ = query(dbsession, tenant, pending, result(pending, Outcome.CANCELLED))
    assert verdict.kind is ResponseKind.PROCESSED
    [payment] = payments_of(dbsession, "balaruc")
    assert payment.state == PAYMENT_REFUSED and payment.gateway_transaction_id is None


def test_a_result_for_a_key_of_another_regie_is_unknown(pending, dbsession, tenant):
    other = result(pending, Outcome.PAID, transaction_id="T1")
    backend = FakeBackend(None)
    verdict = PaymentResults(dbsession, tenant).apply("restauration", backend, other, _received())
    dbsession.commit()
    assert verdict.kind is ResponseKind.UNKNOWN_ATTEMPT and verdict.payment is None
    assert payments_of(dbsession, "balaruc")[0].state == PAYMENT_PENDING


def _received():
    return Received("notification", "POST", "192.0.2.1")


# -- legacy PayFiP: urlcl is the notification URL, and the browser's return ---------------

LEGACY_TIPI = """
[regies.periscolaire.payment_settings]
mode = "T"
numcli = "123456"
gateway_url = "/_simulateur/tipi/tpa/"
simulator_enabled = true
variant = "legacy"
"""


def legacy_tipi(text):
    text = text.replace('plugins = ["commune_batz"]', 'plugins = ["commune_batz", "payment_tipi"]')
    text = text.replace('ESPACE JEUNES"\n', 'ESPACE JEUNES"\npayment = "tipi"\n', 1)
    return text + LEGACY_TIPI


def test_legacy_payfip_brings_the_browser_back_to_the_payments_page(
    demo_data, payment_portal, dbsession
):
    portal = payment_portal({"batz.toml": legacy_tipi})
    client = PortalClient(portal.app, f"batz.localhost:{portal.server.port}")
    client.login(*PARENTS["batz"])
    start = start_payment(client, dbsession, "batz", "periscolaire", ["00286", "00720"])
    assert "/_simulateur/tipi/tpa/paiement.web?" in start.location
    page = client.get(start.location).follow()  # the simulator's payment page
    back = page.forms[0].submit("choice", value="card")  # urlcl called over HTTP, then here
    assert "/paiement/notification/batz/periscolaire/tipi?" in back.location
    landing = client.get(back.location, headers={"Accept": "text/html"}, status=303)
    assert "/paiement-en-ligne/" in landing.location
    assert "a bien été pris en compte" in landing.follow().text
    [payment] = payments_of(dbsession, "batz")
    verdicts = dbsession.scalars(
        select(PaymentNotification.verdict).order_by(PaymentNotification.id)
    ).all()
    assert payment.state == "validated" and verdicts == ["processed", "duplicate"]
    assert len(portal.app.registry.getUtility(IMailer).outbox) == 1  # this app's mailer


def test_one_session_saved_by_parallel_requests_does_not_fail(app):
    """A double click on "Accéder au paiement": both answers save the same session data
    (the same flash message) at the same moment, under the same key."""
    serializer = DatabaseSessionSerializer(app.registry["dbsession_factory"].kw["bind"], 60)
    errors = []
    for round_ in range(10):
        state = (1, 1, {"_f_info": [f"Un paiement de ces factures est déjà en cours {round_}"]})
        barrier = threading.Barrier(6)

        def save(state=state, barrier=barrier):
            barrier.wait()
            try:
                serializer.dumps(state)
            except Exception as exc:  # noqa: BLE001 - collected, asserted below
                errors.append(exc)

        threads = [threading.Thread(target=save) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    assert errors == []
