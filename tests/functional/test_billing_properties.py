"""Money is exact: lines add up to totals, and paid + due = billed whatever happens.

Hypothesis drives the real services on the test database: random lines, then a random
sequence of counter payments, online payments (validated or refused) and credits over
random subsets of invoices. After every step, for each invoice and for the family's
statement, paid + due = billed, nothing is negative and nothing exceeds its total.
"""

from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portail_core.services.billing.invoices import BillingError, BillingService, LineSpec
from portail_core.services.billing.ledger import ZERO, balance_of
from portail_core.services.billing.statements import StatementService
from portail_core.services.payments.recording import PaymentService
from portail_core.testing.billing import family_with_child

prices = st.decimals(min_value=Decimal("0"), max_value=Decimal("999.99"), places=2)
lines = st.lists(st.tuples(st.integers(1, 31), prices), min_size=1, max_size=6)
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("3000"), places=2)
operations = st.lists(
    st.tuples(
        st.sampled_from(["counter", "online_ok", "online_ko", "online_open", "credit"]),
        st.lists(st.integers(0, 3), min_size=1, max_size=4, unique=True),
        amounts,
    ),
    max_size=8,
)
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(st.lists(lines, min_size=1, max_size=4))
def test_lines_add_up_to_the_total(dbsession, tenant, invoices):
    family, _ = family_with_child(dbsession, "balaruc", "PROP")
    service = BillingService(dbsession, tenant)
    for specs in invoices:
        invoice = service.create_invoice(
            family,
            "periscolaire",
            date(2018, 1, 1),
            date(2018, 1, 31),
            [LineSpec(f"L{i}", quantity, price) for i, (quantity, price) in enumerate(specs)],
        )
        dbsession.flush()
        assert invoice.total == sum(line.amount for line in invoice.lines)
        assert invoice.total == sum(quantity * price for quantity, price in specs)
        for line in invoice.lines:
            assert line.amount == line.quantity * line.unit_price
    dbsession.rollback()


def _check(invoices, statement):
    for invoice in invoices:
        balance = balance_of(invoice)
        assert balance.paid + balance.due == balance.billed
        assert balance.due >= ZERO and balance.available >= ZERO
        assert balance.paid + balance.pending + balance.credited <= balance.total
    assert statement.paid + statement.due == statement.billed


def _apply(dbsession, tenant, family, invoices, operation):
    kind, picks, amount = operation
    chosen = [invoices[index % len(invoices)].id for index in picks]
    payments = PaymentService(dbsession, tenant)
    if kind == "counter":
        payments.record_counter_payment(family, "periscolaire", "especes", amount, chosen)
    elif kind == "credit":
        BillingService(dbsession, tenant).credit(invoices[picks[0] % len(invoices)], amount, "x")
    else:
        payment = payments.start_online(family, "periscolaire", "systempay", chosen)
        if kind == "online_ok":
            payments.validate(payment, f"T{payment.id}")
        elif kind == "online_ko":
            payments.refuse(payment)


@SETTINGS
@given(st.lists(lines, min_size=1, max_size=4), operations)
def test_paid_plus_due_equals_billed(dbsession, tenant, invoices_lines, steps):
    family, _ = family_with_child(dbsession, "balaruc", "PROP")
    billing = BillingService(dbsession, tenant)
    invoices = []
    for specs in invoices_lines:
        invoice = billing.create_invoice(
            family,
            "periscolaire",
            date(2018, 1, 1),
            date(2018, 1, 31),
            [LineSpec("L", quantity, price) for quantity, price in specs],
        )
        dbsession.flush()
        invoices.append(billing.publish(invoice, date(2018, 2, 1)))
    dbsession.flush()
    statements = StatementService(dbsession, tenant)
    for step in steps:
        try:
            with dbsession.begin_nested():
                _apply(dbsession, tenant, family, invoices, step)
        except BillingError:
            pass  # a refused operation must leave the books as they were
        dbsession.flush()
        dbsession.expire_all()
        _check(invoices, statements.statements(family.id)[0])
    dbsession.rollback()
