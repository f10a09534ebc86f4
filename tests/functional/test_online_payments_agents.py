"""Online payments seen by agents (list, message log, rejected messages, "Interroger la
banque"), isolation between families and communes, and pages whose query count does not
grow with the data."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from portail_payment_systempay.simulator import SystempaySimulator
from sqlalchemy import select, update

from portail_core.models.billing import PAYMENT_REFUSED, Invoice, Payment
from portail_core.models.family import Family
from portail_core.payments.simulation import SimulatorStore
from portail_core.services.accounts.lifecycle import AccountService
from portail_core.testing.billing import family_with_child, published_invoice
from portail_core.testing.online_payments import (
    AGENTS,
    PARENTS,
    payments_of,
    redirect_fields,
    start_payment,
)

TWO = ["2006-00096", "2006-00098"]
FORM = {"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"}


@pytest.fixture
def started(demo_data, balaruc, dbsession, app, client_for):
    """A Systempay payment of Balaruc's TEST family, paid and notified, plus a forged
    notification for it."""
    balaruc.login(*PARENTS["balaruc"])
    page = start_payment(balaruc, dbsession, "balaruc", "periscolaire", TWO)
    shop = app.registry.tenants.get("balaruc").regies["periscolaire"].payment_settings
    gateway = SystempaySimulator([shop], SimulatorStore(), None)
    simulated = gateway.choose(gateway.receive(redirect_fields(page)[1]), "pay")
    path = urlsplit(simulated.request["vads_url_check"]).path
    notifier = client_for("balaruc")
    forged = gateway.ipn_body(simulated).replace("vads_amount=48723", "vads_amount=100")
    notifier.post(path, forged, headers=FORM, status=400)
    notifier.post(path, gateway.ipn_body(simulated), headers=FORM, status=200)
    [payment] = payments_of(dbsession, "balaruc")
    return payment


@pytest.fixture
def agent(client_for):
    client = client_for("balaruc")
    client.login(*AGENTS["balaruc"])
    return client


def text(page):
    return page.text.replace("\xa0", " ")


def test_agents_see_online_payments_with_backend_transaction_and_state(started, agent):
    page = text(agent.get("/agents/paiements-en-ligne"))
    assert "SYSTEMPAY" in page and started.gateway_transaction_id in page
    assert "Règlement validé" in page and "487,23 €" in page
    assert started.reference in page and "2006-00096 2006-00098" in page
    assert "Aucun élément" in agent.get("/agents/paiements-en-ligne?etat=pending").text
    assert started.reference in agent.get("/agents/paiements-en-ligne?etat=validated").text
    listing = agent.get("/agents/paiements").click("Paiements en ligne")
    assert started.reference in listing.text


def test_the_log_of_a_payment_keeps_every_message(started, agent):
    detail = agent.get(f"/agents/paiements/{started.id}")
    log = detail.click("Journal des messages de la banque")
    page = text(log)
    assert "Rejeté : message invalide" in page and "signature invalide" in page
    assert "Pris en compte" in page and "payé" in page
    assert "vads_trans_uuid" in page  # the raw message, shown
    assert "TestKey0123456789" not in page  # never a secret
    assert "Interroger la banque" not in page  # validated: nothing to ask


def test_rejected_messages_are_listed_for_agents(started, agent):
    page = text(agent.get("/agents/paiements-en-ligne/messages?rejetes=1"))
    assert "signature invalide" in page and "Pris en compte" not in page
    assert "Pris en compte" in agent.get("/agents/paiements-en-ligne/messages").text


def test_an_agent_closes_a_systempay_payment_left_without_result(
    demo_data, balaruc, dbsession, agent
):
    balaruc.login(*PARENTS["balaruc"])
    start_payment(balaruc, dbsession, "balaruc", "periscolaire", TWO)
    [payment] = payments_of(dbsession, "balaruc")
    log = agent.get(f"/agents/paiements/{payment.id}/messages")
    assert "Systempay ne peut pas être interrogé" in log.text and "payment-query" not in log.forms
    dbsession.execute(
        update(Payment)
        .where(Payment.id == payment.id)
        .values(created_at=payment.created_at - timedelta(hours=2))
    )
    dbsession.commit()
    log = agent.get(f"/agents/paiements/{payment.id}/messages")
    page = log.forms["payment-query"].submit().follow()
    assert "Règlement refusé ou annulé" in page.text and "expiré" in page.text
    [payment] = payments_of(dbsession, "balaruc")
    assert payment.state == PAYMENT_REFUSED


# -- isolation ---------------------------------------------------------------------------------


@pytest.fixture
def neighbour(dbsession, app):
    """Another Balaruc family with a parent login."""
    family, _ = family_with_child(dbsession, "balaruc", "VOISIN")
    published_invoice(dbsession, app.registry.tenants.get("balaruc"), family, "periscolaire",
                      ["12.00"])  # fmt: skip
    accounts = AccountService(dbsession, "balaruc")
    user = accounts.create_parent("voisin@example.org", family, "Paul", "VOISIN")
    accounts.set_password(user, "Voisin-Password-2019")
    dbsession.commit()
    return family


def test_another_familys_payment_is_404(started, neighbour, client_for):
    client = client_for("balaruc")
    client.login("voisin@example.org", "Voisin-Password-2019")
    client.get(f"/paiement-en-ligne/{started.id}", status=404)
    client.get(f"/paiement-en-ligne/{started.id}/retour", status=404)
    client.get(f"/mes-factures/paiements/{started.id}", status=404)


def test_another_communes_payment_and_log_are_404(started, batz, client_for):
    batz.login(*PARENTS["batz"])
    batz.get(f"/paiement-en-ligne/{started.id}", status=404)
    batz.get(f"/paiement-en-ligne/{started.id}/retour", status=404)
    agent = client_for("batz")
    agent.login(*AGENTS["batz"])
    agent.get(f"/agents/paiements/{started.id}/messages", status=404)
    agent.post(
        f"/agents/paiements/{started.id}/interrogation",
        {"csrf_token": agent.csrf_token()},
        status=404,
    )
    assert started.reference not in agent.get("/agents/paiements-en-ligne").text
    assert started.gateway_key not in agent.get("/agents/paiements-en-ligne/messages").text


def test_parents_cannot_reach_the_agents_payment_pages(started, balaruc):
    for url in (
        "/agents/paiements-en-ligne",
        "/agents/paiements-en-ligne/messages",
        f"/agents/paiements/{started.id}/messages",
    ):
        assert balaruc.get(url, status="*").status_int in (403, 404)


def test_another_familys_invoices_cannot_be_paid(started, neighbour, dbsession, balaruc):
    invoice_id = neighbour_invoice(dbsession, neighbour)
    page = balaruc.get(
        "/paiement-en-ligne/recapitulatif",
        params=[("regie", "periscolaire"), ("facture", str(invoice_id))],
    )
    assert "n'est pas à payer en ligne" in page.text
    balaruc.post(
        "/paiement-en-ligne/acces",
        {"csrf_token": balaruc.csrf_token(), "regie": "periscolaire", "facture": invoice_id},
        status=303,
    )
    assert dbsession.scalars(select(Payment).where(Payment.family_id == neighbour.id)).all() == []


def neighbour_invoice(dbsession, family):
    return dbsession.scalar(select(Invoice.id).where(Invoice.family_id == family.id))


def test_visitors_are_sent_to_the_login(demo_data, client_for):
    client = client_for("balaruc")
    assert "/connexion" in client.get("/paiement-en-ligne", status=303).location
    answer = client.post("/paiement-en-ligne/acces", {"regie": "periscolaire"}, status=303)
    assert "/connexion" in answer.location


# -- query counts ------------------------------------------------------------------------------


def more_invoices(dbsession, app, count):
    tenant = app.registry.tenants.get("balaruc")
    family = dbsession.scalar(
        select(Family).where(Family.tenant_id == "balaruc", Family.name == "TEST")
    )
    invoices = [
        published_invoice(dbsession, tenant, family, "periscolaire", ["10.00", "2.50"])
        for _ in range(count)
    ]
    dbsession.commit()
    return [invoice.number for invoice in invoices]


def counted(query_counter, client, url):
    client.get(url)  # warm caches (templates, session)
    with query_counter as counter:
        client.get(url)
    return counter.count


@pytest.mark.parametrize("page", ["choice", "agents"])
def test_query_counts_do_not_grow_with_invoices(
    started, agent, balaruc, dbsession, app, query_counter, page
):
    client, url = (
        (balaruc, "/paiement-en-ligne?regie=periscolaire")
        if page == "choice"
        else (agent, "/agents/paiements-en-ligne")
    )
    before = counted(query_counter, client, url)
    numbers = more_invoices(dbsession, app, 12)
    for number in numbers[:5]:  # five more online payments, of one invoice each
        start_payment(balaruc, dbsession, "balaruc", "periscolaire", [number])
    assert counted(query_counter, client, url) == before
