"""Arrange online payments in tests: the demo parents, their invoices, a payment started
through the portal's own pages (choice, recap, "Accéder au paiement")."""

import itertools

from sqlalchemy import select

from portail_core.models.billing import Invoice, Payment
from portail_core.models.online_payments import PaymentCounter

PARENTS = {
    "balaruc": ("valentina.test@example.org", "Valentina-2019"),
    "batz": ("famille.aabelium@example.org", "Baptiste-2018"),
}
AGENTS = {
    "balaruc": ("sej@balaruc.example.org", "Agent-Balaruc-2019"),
    "batz": ("sej@batz.example.org", "Agent-Batz-2018"),
}


_OFFSETS = itertools.count(1000, 1000)


def skip_attempt_numbers(dbsession, tenant_id):
    """Start the tenant's attempt numbers further on than any earlier test of the session.

    The simulators live as long as the application (a whole test session) and, like
    Systempay, refuse a transaction id already used that day, while each test starts
    with an empty database whose numbers would start again at 1.
    """
    dbsession.add(PaymentCounter(tenant_id=tenant_id, last_value=next(_OFFSETS)))
    dbsession.commit()


def invoice_ids(dbsession, tenant_id, numbers):
    """The ids of a tenant's invoices, in the order of ``numbers``."""
    rows = dict(
        dbsession.execute(
            select(Invoice.number, Invoice.id).where(
                Invoice.tenant_id == tenant_id, Invoice.number.in_(numbers)
            )
        ).all()
    )
    return [rows[number] for number in numbers]


def recap_page(client, regie_id, ids, **kwargs):
    params = [("regie", regie_id)] + [("facture", str(invoice_id)) for invoice_id in ids]
    return client.get("/paiement-en-ligne/recapitulatif", params=params, **kwargs)


def start_payment(client, dbsession, tenant_id, regie_id, numbers, **kwargs):
    """Tick ``numbers`` and press "Accéder au paiement"; the portal's answer."""
    recap = recap_page(client, regie_id, invoice_ids(dbsession, tenant_id, numbers))
    return recap.forms["payment-start"].submit(**kwargs)


def payments_of(dbsession, tenant_id):
    dbsession.expire_all()
    return dbsession.scalars(
        select(Payment).where(Payment.tenant_id == tenant_id, Payment.attempt_number.is_not(None))
    ).all()


def redirect_fields(page):
    """The signed fields of the page that posts the browser to the gateway."""
    form = page.forms["payment-redirect"]
    return form.action, {name: fields[0].value for name, fields in form.fields.items() if name}
