"""The pieces an online payment is made of: its gateway attempt rebuilt from the row, its
number and reference, amounts in cents, and row locks that hold on SQLite as on PostgreSQL.
"""

import json
import secrets
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from zope.sqlalchemy import mark_changed

from portail_core.models.online_payments import PaymentCounter
from portail_core.payments.types import PaymentAttempt

INSERTS = {"postgresql": pg_insert, "sqlite": sqlite_insert}


def cents(amount):
    """A Decimal amount of euros as integer cents (exact: amounts have two decimals)."""
    return int((Decimal(amount) * 100).to_integral_value(rounding=ROUND_HALF_UP))


def new_reference(number, day):
    """``PAY-2025-000042-3FA2C1``: readable, unique (the random tail keeps two communes'
    references apart) and accepted by every gateway (letters, digits and dashes)."""
    return f"PAY-{day.year}-{number:06d}-{secrets.token_hex(3).upper()}"


def references_of(payment):
    return json.loads(payment.gateway_references or "{}")


def invoice_label(numbers):
    """ "Facture n° 00286" or "Factures n° 00286, 00720" (sent to the gateway as a label)."""
    if len(numbers) == 1:
        return f"Facture n° {numbers[0]}"  # i18n: ignore (the gateway's label, French)
    return f"Factures n° {', '.join(numbers)}"


def attempt_of(payment, **values):
    """The :class:`PaymentAttempt` a stored payment stands for (to check a result against
    it, or to ask the gateway about it); ``values`` add what only the start needs (the
    browser's return URLs, the payer's names)."""
    numbers = tuple(allocation.invoice.number or "" for allocation in payment.allocations)
    return PaymentAttempt(
        reference=payment.reference,
        amount_cents=cents(payment.amount),
        tenant_id=payment.tenant_id,
        regie_id=payment.regie,
        return_url=values.pop("return_url", ""),
        cancel_url=values.pop("cancel_url", ""),
        notify_url=payment.notify_url or "",
        mode=payment.mode or "",
        payer_email=payment.payer_email or "",
        payer_id=str(payment.family_id),
        label=invoice_label(numbers),
        invoice_numbers=numbers,
        number=payment.attempt_number,
        created_at=payment.created_at,
        gateway_key=payment.gateway_key or "",
        references=references_of(payment),
        **values,
    )


def lock_rows(dbsession, model, ids):
    """Lock the rows ``ids`` of ``model`` until the transaction ends, before reading them
    for a decision (whether an invoice is still free, whether a payment is still open).

    PostgreSQL: ``SELECT … FOR UPDATE`` in id order (no deadlock between two lockers).
    SQLite ignores ``FOR UPDATE``; a write takes the database's write lock at once
    instead (the driver only opens the transaction at the first write), so every read
    after it sees what the other writers committed.
    """
    ids = sorted(set(ids))
    if not ids:
        return
    if dbsession.get_bind().dialect.name == "sqlite":
        dbsession.execute(
            update(model)
            .where(model.id.in_(ids))
            .values(tenant_id=model.tenant_id)
            .execution_options(synchronize_session=False)
        )
        mark_changed(dbsession)
    else:
        dbsession.execute(
            select(model.id).where(model.id.in_(ids)).order_by(model.id).with_for_update()
        )


def next_attempt_number(dbsession, tenant_id):
    """The next attempt number of the tenant: one counter row, incremented in place, so
    concurrent starts serialise on it and never share a number."""
    dialect = dbsession.get_bind().dialect.name
    dbsession.execute(
        INSERTS[dialect](PaymentCounter)
        .values(tenant_id=tenant_id, last_value=0)
        .on_conflict_do_nothing(index_elements=["tenant_id"])
    )
    number = dbsession.scalar(
        update(PaymentCounter)
        .where(PaymentCounter.tenant_id == tenant_id)
        .values(last_value=PaymentCounter.last_value + 1)
        .returning(PaymentCounter.last_value)
        .execution_options(synchronize_session=False)
    )
    mark_changed(dbsession)
    return number
