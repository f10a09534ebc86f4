"""Online payment through the portal's pages, with Systempay notifications built by its own
simulator in process: the choice, the recap, the start, and what notifications do —
before or without the browser's return, replayed, forged, with another amount."""

import logging
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from portail_payment_systempay.backend import SystempayBackend
from portail_payment_systempay.simulator import SystempaySimulator
from sqlalchemy import func, select

from portail_core.models.billing import PAYMENT_PENDING, PAYMENT_REFUSED, PAYMENT_VALIDATED
from portail_core.models.online_payments import PaymentNotification
from portail_core.payments.simulation import SimulatorStore
from portail_core.services.payments.recording import PaymentService
from portail_core.testing.online_payments import (
    PARENTS,
    invoice_ids,
    payments_of,
    recap_page,
    redirect_fields,
    start_payment,
)

TWO = ["2006-00096", "2006-00098"]  # Balaruc, périscolaire (Systempay): 237,27 € + 249,96 €
FORM = {"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"}


@pytest.fixture
def parent(demo_data, balaruc):
    balaruc.login(*PARENTS["balaruc"])
    return balaruc


@pytest.fixture
def gateway(app):
    """The Systempay simulator for Balaruc's shop, in process (notifications are posted
    by the test, through WebTest)."""
    shop = app.registry.tenants.get("balaruc").regies["periscolaire"].payment_settings
    return SystempaySimulator([shop], SimulatorStore(), None)


def pay(gateway, start_page, choice="pay"):
    """The parent's choice on the gateway's page; the simulated payment."""
    _, fields = redirect_fields(start_page)
    return gateway.choose(gateway.receive(fields), choice)


def notify(client_for, simulated, gateway, body=None, status="*"):
    """POST the IPN from a client without any session, as the gateway does."""
    url = simulated.request["vads_url_check"]
    body = body if body is not None else gateway.ipn_body(simulated)
    return client_for("balaruc").post(urlsplit(url).path, body, headers=FORM, status=status)


def browser_return(client, gateway, simulated):
    method, url, fields = gateway.browser_return(simulated)
    parts = urlsplit(url)
    return client.get(parts.path, params=[*fields.items(), *_query(parts.query)], status=303)


def _query(query):
    return [tuple(item.split("=", 1)) for item in query.split("&") if item]


def text(page):
    return page.text.replace("\xa0", " ")


def count(dbsession, model):
    return dbsession.scalar(select(func.count()).select_from(model))


# -- the pages before the gateway ---------------------------------------------------------


def test_the_billing_page_leads_to_the_choice_of_invoices(parent):
    page = parent.get("/mes-factures").click("Payer en ligne", index=0)
    assert "Païement" in text(page)
    assert "Vous avez <strong>3</strong> factures non soldées." in text(page)
    form = page.forms["payment-choice"]
    assert {type(field).__name__ for field in form.fields["facture"]} == {"Checkbox"}
    assert len(form.fields["facture"]) == 3
    assert "2006-00096" in text(page) and "237,27 €" in text(page)
    assert "Liste des factures à payer" in text(page)


def test_the_recap_shows_the_invoices_the_gateway_and_the_amount(parent, dbsession):
    page = parent.get("/paiement-en-ligne?regie=periscolaire")
    form = page.forms["payment-choice"]
    ids = invoice_ids(dbsession, "balaruc", TWO)
    for field in form.fields["facture"]:
        field.checked = int(field._value) in ids
    recap = form.submit()
    assert "Vous avez sélectionné les factures :" in text(recap)
    assert "N° 2006-00096 du 30/11/2009 (reste à payer : 237,27 €)" in text(recap)
    assert "N° 2006-00098 du 30/11/2009 (reste à payer : 249,96 €)" in text(recap)
    assert "Le montant de votre paiement sera de <strong>487,23 €</strong>" in text(recap)
    assert "Systempay" in text(recap) and "Accéder au paiement" in text(recap)
    back = recap.click("Retour")
    ticked = [f._value for f in back.forms["payment-choice"].fields["facture"] if f.checked]
    assert sorted(int(value) for value in ticked) == sorted(ids)  # the choice is kept


def test_nothing_ticked_says_so_beside_the_list(parent):
    page = parent.get("/paiement-en-ligne?regie=periscolaire").forms["payment-choice"].submit()
    assert "Choisissez au moins une facture à payer." in text(page)
    assert page.forms["payment-choice"]  # the list is shown again
    assert count_payments(parent) == 0


def count_payments(client):
    app = client.app
    with app.registry["dbsession_factory"]() as session:
        return len(payments_of(session, "balaruc"))


def test_a_made_up_id_is_refused_without_storing_anything(parent):
    page = recap_page(parent, "periscolaire", ["abc"])
    assert "Choisissez" not in text(page) and "nombre" in text(page).lower()
    page = recap_page(parent, "periscolaire", [999999])
    assert "n'est pas à payer en ligne" in text(page)
    assert count_payments(parent) == 0


def test_a_regie_without_online_payment_or_unknown_is_404(demo_data, batz, parent):
    parent.get("/paiement-en-ligne?regie=cantine", status=404)
    batz.login(*PARENTS["batz"])
    batz.get("/paiement-en-ligne?regie=restauration", status=404)  # Batz has no such régie


def test_the_invoice_page_offers_to_pay_it(parent, dbsession):
    [invoice_id] = invoice_ids(dbsession, "balaruc", ["2006-00096"])
    page = parent.get(f"/mes-factures/factures/{invoice_id}")
    recap = page.click(href="recapitulatif")
    assert "Vous avez sélectionné la facture :" in text(recap)
    [paid_id] = invoice_ids(dbsession, "balaruc", ["00001"])  # paid in 2011
    assert "recapitulatif" not in parent.get(f"/mes-factures/factures/{paid_id}").text


# -- the start -----------------------------------------------------------------------------


def test_access_creates_one_pending_payment_holding_both_invoices(parent, dbsession):
    page = start_payment(parent, dbsession, "balaruc", "periscolaire", TWO)
    action, fields = redirect_fields(page)
    assert urlsplit(action).path == "/_simulateur/systempay/vads-payment/"
    [payment] = payments_of(dbsession, "balaruc")
    assert payment.state == PAYMENT_PENDING and payment.backend == "systempay"
    assert str(payment.amount) == "487.23" and fields["vads_amount"] == "48723"
    assert payment.attempt_number == 1 and fields["vads_trans_id"] == "000001"
    assert payment.gateway_key == f"12345678-{fields['vads_trans_date'][:8]}-000001"
    assert payment.mode == "TEST" and fields["vads_order_id"] == payment.reference
    assert payment.payer_email == "valentina.test@example.org"
    assert sorted(a.invoice.number for a in payment.allocations) == TWO
    assert fields["vads_url_check"].endswith(
        "/paiement/notification/balaruc/periscolaire/systempay"
    )
    listing = parent.get("/mes-factures")
    assert listing.text.count("Facture en attente de validation du paiement") >= 2
    assert "Paiement n° 00001 (par SYSTEMPAY)" in text(listing)


def test_invoices_in_a_payment_in_progress_cannot_be_paid_twice(parent, dbsession):
    start_payment(parent, dbsession, "balaruc", "periscolaire", TWO)
    choice = parent.get("/paiement-en-ligne?regie=periscolaire")
    assert len(choice.forms["payment-choice"].fields["facture"]) == 1  # only 2006-00097 left
    assert "Facture en attente de validation du paiement" in text(choice)
    page = recap_page(parent, "periscolaire", invoice_ids(dbsession, "balaruc", TWO))
    assert "déjà en attente de validation du paiement" in text(page)
    assert len(payments_of(dbsession, "balaruc")) == 1


def test_a_second_click_or_tab_leads_to_the_payment_under_way(parent, dbsession):
    recap = recap_page(parent, "periscolaire", invoice_ids(dbsession, "balaruc", TWO))
    form = recap.forms["payment-start"]
    form.submit(status=200)
    again = form.submit(status=303)  # the same form, sent again (another tab, a double click)
    [payment] = payments_of(dbsession, "balaruc")
    assert again.location.endswith(f"/paiement-en-ligne/{payment.id}")
    assert "déjà en cours" in text(again.follow())


# -- notifications ---------------------------------------------------------------------------


def test_paid_notification_before_the_return_validates_and_mails_once(
    parent, dbsession, gateway, client_for, mailbox
):
    simulated = pay(gateway, start_payment(parent, dbsession, "balaruc", "periscolaire", TWO))
    answer = notify(client_for, simulated, gateway, status=200)
    assert answer.text == "OK"
    [payment] = payments_of(dbsession, "balaruc")
    assert payment.state == PAYMENT_VALIDATED and payment.gateway_outcome == "PAID"
    assert payment.gateway_transaction_id == simulated.trans_uuid
    assert len(mailbox) == 1 and mailbox[0].recipients == ["valentina.test@example.org"]
    assert "Facture n° 2006-00096 : 237,27 €" in mailbox[0].body.replace("\xa0", " ")
    page = browser_return(parent, gateway, simulated).follow()
    assert "Le paiement de vos factures n° 2006-00096, 2006-00098 a bien été pris en compte." in (
        page.text
    )
    listing = parent.get("/mes-factures")
    assert "Règlement validé" in text(listing)
    assert "Total restant dû : <strong>241,50 €</strong>" in text(listing)  # 2006-00097 only


def test_a_return_without_any_notification_stays_pending(parent, dbsession, gateway, mailbox):
    simulated = pay(gateway, start_payment(parent, dbsession, "balaruc", "periscolaire", TWO))
    page = browser_return(parent, gateway, simulated).follow()  # signed "AUTHORISED" return
    assert "Votre paiement est en cours de validation par la banque." in text(page)
    [payment] = payments_of(dbsession, "balaruc")
    assert payment.state == PAYMENT_PENDING and mailbox == []
    [message] = dbsession.scalars(select(PaymentNotification)).all()
    assert message.channel == "return" and message.outcome == "PAID"  # kept, not applied


def test_one_notification_replayed_50_times_is_one_payment(
    parent, dbsession, gateway, client_for, mailbox
):
    simulated = pay(gateway, start_payment(parent, dbsession, "balaruc", "periscolaire", TWO))
    body = gateway.ipn_body(simulated)
    answers = [notify(client_for, simulated, gateway, body, status=200).text for _ in range(50)]
    assert answers == ["OK"] + ["OK: already processed"] * 49
    [payment] = payments_of(dbsession, "balaruc")
    assert payment.state == PAYMENT_VALIDATED and len(payment.allocations) == 2
    assert len(mailbox) == 1
    verdicts = dbsession.scalars(select(PaymentNotification.verdict)).all()
    assert sorted(verdicts) == ["duplicate"] * 49 + ["processed"]


def test_a_forged_signature_is_rejected_and_logged(
    parent, dbsession, gateway, client_for, caplog, mailbox
):
    simulated = pay(gateway, start_payment(parent, dbsession, "balaruc", "periscolaire", TWO))
    body = gateway.ipn_body(simulated).replace(
        "vads_trans_status=AUTHORISED", "vads_trans_status=CAPTURED"
    )
    with caplog.at_level(logging.WARNING, logger="portail_core"):
        answer = notify(client_for, simulated, gateway, body, status=400)
    assert answer.text == "KO: invalid message"
    [payment] = payments_of(dbsession, "balaruc")
    assert payment.state == PAYMENT_PENDING and mailbox == []
    [message] = dbsession.scalars(select(PaymentNotification)).all()
    assert (message.verdict, message.reason, message.payment_id) == (
        "invalid",
        "bad_signature",
        payment.id,
    )
    assert "vads_trans_status" in message.raw and "TestKey" not in message.raw
    [record] = [r for r in caplog.records if "rejected" in r.getMessage()]
    assert record.levelno == logging.ERROR and "bad_signature" in record.getMessage()


def test_another_amount_is_rejected_even_correctly_signed(
    parent, dbsession, gateway, client_for, mailbox
):
    simulated = pay(gateway, start_payment(parent, dbsession, "balaruc", "periscolaire", TWO))
    simulated.output.update(vads_amount="100", vads_effective_amount="100")
    answer = notify(client_for, simulated, gateway, status=400)  # signed with the shop's key
    assert answer.text == "KO: invalid message"
    [payment] = payments_of(dbsession, "balaruc")
    assert payment.state == PAYMENT_PENDING and payment.needs_attention and mailbox == []
    [message] = dbsession.scalars(select(PaymentNotification)).all()
    assert message.reason == "amount_mismatch"


@pytest.mark.parametrize(
    ("choice", "outcome", "message"),
    [
        ("refuse", "REFUSED", "a été refusé par la banque"),
        ("cancel", "CANCELLED", "a été annulé : aucune somme n'a été prélevée"),
    ],
)
def test_refusal_and_cancellation_free_the_invoices(
    parent, dbsession, gateway, client_for, mailbox, choice, outcome, message
):
    simulated = pay(
        gateway, start_payment(parent, dbsession, "balaruc", "periscolaire", TWO), choice
    )
    notify(client_for, simulated, gateway, status=200)
    [payment] = payments_of(dbsession, "balaruc")
    assert (payment.state, payment.gateway_outcome) == (PAYMENT_REFUSED, outcome)
    page = browser_return(parent, gateway, simulated).follow()
    assert message in text(page) and "Vos factures restent à payer." in text(page)
    choice_page = page.click("Payer en ligne")
    assert len(choice_page.forms["payment-choice"].fields["facture"]) == 3
    assert mailbox == []


def test_paid_after_a_cancellation_wins(parent, dbsession, gateway, client_for, mailbox):
    simulated = pay(gateway, start_payment(parent, dbsession, "balaruc", "periscolaire", TWO))
    paid_ipn = gateway.ipn_body(simulated)
    simulated.choice = None
    gateway.choose(simulated, "cancel")
    notify(client_for, simulated, gateway, status=200)
    assert payments_of(dbsession, "balaruc")[0].state == PAYMENT_REFUSED
    notify(client_for, simulated, gateway, paid_ipn, status=200)
    [payment] = payments_of(dbsession, "balaruc")
    assert payment.state == PAYMENT_VALIDATED and not payment.needs_attention
    assert sum(a.amount for a in payment.allocations) == payment.amount
    assert len(mailbox) == 1


def test_paid_after_a_cancellation_flags_what_was_paid_meanwhile(
    parent, dbsession, gateway, client_for, app
):
    simulated = pay(gateway, start_payment(parent, dbsession, "balaruc", "periscolaire", TWO))
    paid_ipn = gateway.ipn_body(simulated)
    simulated.choice = None
    gateway.choose(simulated, "cancel")
    notify(client_for, simulated, gateway, status=200)
    tenant = app.registry.tenants.get("balaruc")
    family = payments_of(dbsession, "balaruc")[0].family
    ids = invoice_ids(dbsession, "balaruc", ["2006-00096"])
    PaymentService(dbsession, tenant).record_counter_payment(
        family, "periscolaire", "cheque", Decimal("237.27"), ids
    )
    dbsession.commit()
    notify(client_for, simulated, gateway, paid_ipn, status=200)
    [payment] = payments_of(dbsession, "balaruc")
    assert payment.state == PAYMENT_VALIDATED and payment.needs_attention
    assert [(a.invoice.number, str(a.amount)) for a in payment.allocations] == [
        ("2006-00098", "249.96")
    ]
    assert "237,27\xa0€" in payment.note and "trop-perçu" in payment.note


def test_a_late_cancellation_does_not_undo_a_payment(parent, dbsession, gateway, client_for):
    simulated = pay(gateway, start_payment(parent, dbsession, "balaruc", "periscolaire", TWO))
    notify(client_for, simulated, gateway, status=200)
    simulated.choice = None
    gateway.choose(simulated, "cancel")
    assert notify(client_for, simulated, gateway, status=200).text == "OK: already processed"
    assert payments_of(dbsession, "balaruc")[0].state == PAYMENT_VALIDATED


def test_unknown_payment_and_malformed_messages_are_kept(dbsession, client_for, demo_data):
    client = client_for("balaruc")
    path = "/paiement/notification/balaruc/periscolaire/systempay"
    client.post(path, "vads_amount=1", headers=FORM, status=400)
    assert count(dbsession, PaymentNotification) == 1
    message = dbsession.scalars(select(PaymentNotification)).one()
    assert (message.verdict, message.reason, message.payment_id) == ("invalid", "malformed", None)


def test_notification_urls_of_another_tenant_regie_or_backend_are_404(
    parent, dbsession, gateway, client_for
):
    simulated = pay(gateway, start_payment(parent, dbsession, "balaruc", "periscolaire", TWO))
    body = gateway.ipn_body(simulated)
    balaruc, batz = client_for("balaruc"), client_for("batz")
    batz.post(
        "/paiement/notification/balaruc/periscolaire/systempay", body, headers=FORM, status=404
    )
    batz.post("/paiement/notification/batz/periscolaire/systempay", body, headers=FORM, status=404)
    balaruc.post("/paiement/notification/batz/periscolaire/tipi", body, headers=FORM, status=404)
    balaruc.post(
        "/paiement/notification/balaruc/restauration/systempay", body, headers=FORM, status=404
    )
    assert payments_of(dbsession, "balaruc")[0].state == PAYMENT_PENDING
    assert count(dbsession, PaymentNotification) == 0


def test_a_gateway_taking_one_invoice_at_a_time_offers_one_at_a_time(
    parent, dbsession, monkeypatch
):
    monkeypatch.setattr(SystempayBackend, "multiple_invoices", False)
    page = parent.get("/paiement-en-ligne?regie=periscolaire")
    assert {type(field).__name__ for field in page.forms["payment-choice"].fields["facture"]} == {
        "Radio"
    }
    assert "chaque facture se paie séparément" in text(page)
    refused = recap_page(parent, "periscolaire", invoice_ids(dbsession, "balaruc", TWO))
    assert "choisissez une seule facture" in text(refused)
    start_payment(parent, dbsession, "balaruc", "periscolaire", TWO[:1])
    assert len(payments_of(dbsession, "balaruc")) == 1
