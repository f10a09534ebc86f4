"""Batz-sur-Mer's demonstration invoices, as in its tutorial ("Les factures").

Invoices 00286 and 00720 come from the former system and are left unpaid, so a parent
can pay them at once; invoice 00727 (3 × 1,75 €, 15/01 16/01 17/01) is made by a real
invoice run over BAPTISTE's accepted presences, published on 26/01/2018 and paid by TIPI
on 06/02/2018.
"""

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from portail_core.models.family import Family
from portail_core.services.billing.history_import import (
    historical_invoice,
    historical_payment,
    past_presences,
)
from portail_core.services.billing.invoice_numbers import InvoiceNumbering
from portail_core.services.billing.invoice_runs import InvoiceRunService
from portail_core.services.billing.invoices import LineSpec

REGIE = "periscolaire"
SCHOOL_YEAR = (date(2017, 9, 4), date(2018, 7, 6))
SECTION = "ACCUEIL PERISCOLAIRE / PERISCOLAIRE / PERISCOLAIRE 2017-2018"
LABELS = {
    "referent": "AABELIUM BAPTISTE",
    "establishment_label": "ACCUEIL PERISCOLAIRE",
    "accueil_label": "PERISCOLAIRE",
    "period_start": SCHOOL_YEAR[0],
    "period_end": SCHOOL_YEAR[1],
}


def load(tenant, demo):
    session = demo.dbsession
    family = session.scalar(
        select(Family).where(Family.tenant_id == tenant.id, Family.name == "AABELIUM")
    )
    child = family.children[0]
    soir = "Périscolaire Soir Ecole Alain BOUTLE"
    matin = "Périscolaire Matin Ecole Alain BOUTLE"
    historical_invoice(
        session, tenant, family, REGIE, "00286", date(2017, 10, 23),
        [LineSpec(f"{soir} : 16/10 17/10", 2, Decimal("2.20"), SECTION)],
        referent_child_id=child.id, **LABELS,
    )  # fmt: skip
    historical_invoice(
        session, tenant, family, REGIE, "00720", date(2018, 1, 2),
        [LineSpec(f"{matin} : 21/12", 1, Decimal("1.75"), SECTION)],
        referent_child_id=child.id, **LABELS,
    )  # fmt: skip
    InvoiceNumbering(session, tenant).ensure_at_least(REGIE, date(2018, 1, 26), 726)
    january = [date(2018, 1, 15), date(2018, 1, 16), date(2018, 1, 17)]
    past_presences(
        session, tenant, child, "periscolaire", "matin", january,
        period="PERISCOLAIRE 2017-2018", period_start=SCHOOL_YEAR[0], period_end=SCHOOL_YEAR[1],
    )  # fmt: skip
    runs = InvoiceRunService(session, tenant)
    run = runs.run(REGIE, *SCHOOL_YEAR)
    runs.publish(run, date(2018, 1, 26))
    [invoice] = runs.run_invoices(run)
    historical_payment(session, tenant, family, REGIE, [invoice], date(2018, 2, 6), backend="tipi")
