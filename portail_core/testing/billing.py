"""Arrange billing data in tests: families, presences to bill, published invoices.

Presences are written as rows (see :mod:`portail_core.services.billing.history_import`)
so billing tests do not depend on the booking screens.
"""

from datetime import date
from decimal import Decimal

from portail_core.models.family import Child, Family
from portail_core.services.billing.history_import import past_presences, period_row, unit_row
from portail_core.services.billing.invoices import BillingService, LineSpec

__all__ = ["book", "family_with_child", "period_row", "published_invoice", "unit_row"]

book = past_presences


def family_with_child(dbsession, tenant_id, name, first_name="ENFANT", **family_fields):
    family = Family(tenant_id=tenant_id, name=name, **family_fields)
    child = Child(
        tenant_id=tenant_id, last_name=name, first_name=first_name, birth_date=date(2012, 5, 1)
    )
    family.children.append(child)
    dbsession.add(family)
    dbsession.flush()
    return family, child


def published_invoice(dbsession, tenant, family, regie_id, amounts, number=None, day=None):
    """A published invoice of one line per amount (quantity 1)."""
    service = BillingService(dbsession, tenant)
    lines = [
        LineSpec(f"Prestation {index}", 1, Decimal(amount)) for index, amount in enumerate(amounts)
    ]
    day = day or date(2018, 1, 26)
    invoice = service.create_invoice(family, regie_id, day.replace(day=1), day, lines)
    dbsession.flush()
    if number:
        service.import_published(invoice, number, day)
    else:
        service.publish(invoice, day)
    dbsession.flush()
    return invoice
