"""Balaruc-le-Vieux's demonstration invoices, as in its guide ("Mes Factures & Paiements").

Total facturé : 861,73 € (4 factures) ; Total payé : 133,00 € (1 paiement, n° 04083 par
PAYLINE) ; Total restant dû : 728,73 € (3 factures non soldées). The invoices come from
the former system, hence their numbers.
"""

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from portail_core.models.family import Family
from portail_core.services.billing.history_import import historical_invoice, historical_payment
from portail_core.services.billing.invoice_numbers import InvoiceNumbering
from portail_core.services.billing.invoices import LineSpec

REGIE = "periscolaire"
D = Decimal
ALE = "ALE Primaire / EXTRASCOLAIRE / MERCREDIS / VACANCES"

INVOICES = [
    ("00001", date(2009, 1, 1), (date(2008, 12, 1), date(2008, 12, 31)), "VALENTINA", [
        ("JOURNEE REPAS : 03/12 10/12 17/12 22/12 23/12", 5, D("14.50")),
        ("JOURNEE SANS REPAS : 24/12 26/12 29/12 30/12 31/12", 5, D("11.00")),
        ("MATIN : 19/12", 1, D("5.50")),
    ]),
    ("2006-00096", date(2009, 11, 30), (date(2009, 10, 1), date(2009, 10, 31)), "VALENTINA", [
        ("JOURNEE REPAS (QF 2)", 20, D("9.87")),
        ("JOURNEE SANS REPAS (QF 2)", 3, D("13.29")),
    ]),
    ("2006-00097", date(2009, 11, 30), (date(2009, 10, 1), date(2009, 10, 31)), "ROMEO", [
        ("JOURNEE SANS REPAS", 21, D("11.50")),
    ]),
    ("2006-00098", date(2009, 11, 30), (date(2009, 11, 1), date(2009, 11, 30)), "VALENTINA", [
        ("JOURNEE REPAS", 12, D("20.83")),
    ]),
]  # fmt: skip


def load(tenant, demo):
    session = demo.dbsession
    family = session.scalar(
        select(Family).where(Family.tenant_id == tenant.id, Family.name == "TEST")
    )
    children = {child.first_name: child for child in family.children}
    invoices = {}
    for number, issued_on, (start, end), first_name, lines in INVOICES:
        child = children[first_name]
        invoices[number] = historical_invoice(
            session,
            tenant,
            family,
            REGIE,
            number,
            issued_on,
            [LineSpec(text, quantity, price, ALE) for text, quantity, price in lines],
            referent=child.full_name,
            referent_child_id=child.id,
            establishment_label="ALE Primaire",
            accueil_label="EXTRASCOLAIRE",
            period_start=start,
            period_end=end,
        )
    InvoiceNumbering(session, tenant).ensure_at_least(REGIE, date(2009, 11, 30), 98)
    historical_payment(
        session, tenant, family, REGIE, [invoices["00001"]], date(2011, 1, 18),
        backend="payline", number="04083",
    )  # fmt: skip
