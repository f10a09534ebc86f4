"""Many parents confirm the last places of a unit at the same moment, on PostgreSQL.

Each thread is a parent with its own HTTP client, session and database transaction; they
wait at a barrier and confirm together. Exactly the capacity is taken, the others are
refused or put on the waiting list, nothing fails, and the rows say so.
"""

import threading
from datetime import date

import pytest
from sqlalchemy import func, select

from portail_core.models.bookings import (
    ACCEPTED,
    PENDING,
    REFUSED,
    WAITING,
    Presence,
    Reservation,
    UnitDay,
)
from portail_core.testing.bookings import (
    cell,
    enrol,
    freeze,
    make_family,
    make_period,
    open_planning,
    paris,
    set_cells,
)

pytestmark = pytest.mark.postgresql

MONDAY = date(2026, 6, 8)
CAPACITY = 5
PARENTS = 14  # the engine's pool holds 15 connections


@pytest.fixture(autouse=True)
def postgresql_only(database):
    if database.dialect != "postgresql":
        pytest.skip(
            "needs PostgreSQL: SQLite serialises every writer, so concurrent confirmations "
            "cannot race there (set PORTAIL_TEST_DATABASE_URL to a PostgreSQL URL)"
        )


CASES = {
    # Batz's restaurant: accepted at once, refused when full.
    "refuse": ("batz", "restaurant", None, ACCEPTED, REFUSED),
    # Balaruc's ALE: held for the agents, waiting list when full.
    "waiting_list": ("balaruc", "ale_primaire", "matin", PENDING, WAITING),
}


def prepare(app, dbsession, client_for, tenant_id, code, unit_code):
    """PARENTS families, each with a recap ready to confirm the same cell."""
    tenant = app.registry.tenants.get(tenant_id)
    period = make_period(dbsession, tenant, code, MONDAY, units=[unit_code] if unit_code else None)
    unit = period.units[0]
    unit.capacity = CAPACITY
    families = []
    for index in range(PARENTS):
        email = f"parent{index}@example.org"
        family = make_family(dbsession, tenant, f"F{index}", email, "Secret-2019-xyz", ["E"])
        enrol(dbsession, tenant, period, family.children)
        families.append((email, family))
    dbsession.commit()
    forms = []
    for email, family in families:
        client = client_for(tenant_id)
        client.login(email, "Secret-2019-xyz")
        planning = open_planning(client, family.children[0], period)
        recap = set_cells(planning, {cell(unit, MONDAY)}).submit("valider").follow()
        forms.append(recap.forms["recap"])
    return unit, forms


def confirm_together(forms):
    barrier = threading.Barrier(len(forms))
    results = [None] * len(forms)

    def run(index, form):
        barrier.wait()
        try:
            results[index] = form.submit("confirmer", expect_errors=True).status_int
        except Exception as exc:  # noqa: BLE001 - reported below, the test fails on it
            results[index] = repr(exc)

    threads = [threading.Thread(target=run, args=item) for item in enumerate(forms)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@pytest.mark.parametrize("case", sorted(CASES))
def test_parallel_confirmations_never_exceed_capacity(
    case, app, dbsession, client_for, monkeypatch, mailbox
):
    tenant_id, code, unit_code, granted, others = CASES[case]
    freeze(monkeypatch, paris(2026, 6, 1, 9))
    unit, forms = prepare(app, dbsession, client_for, tenant_id, code, unit_code)

    results = confirm_together(forms)

    assert results == [303] * PARENTS  # every parent got an answer, none an error
    dbsession.expire_all()
    states = dict(
        dbsession.execute(
            select(Presence.state, func.count(Presence.id))
            .where(Presence.unit_id == unit.id, Presence.day == MONDAY)
            .group_by(Presence.state)
        ).all()
    )
    assert states == {granted: CAPACITY, others: PARENTS - CAPACITY}
    slot = dbsession.execute(
        select(UnitDay.booked, UnitDay.capacity).where(UnitDay.unit_id == unit.id)
    ).one()
    assert tuple(slot) == (CAPACITY, CAPACITY)
    numbers = dbsession.scalars(
        select(Reservation.number).where(Reservation.tenant_id == tenant_id)
    ).all()
    assert sorted(numbers) == list(range(1, PARENTS + 1))  # one each, no gap, no twin
    per_child = dbsession.execute(
        select(Presence.child_id, func.count(Presence.id)).group_by(Presence.child_id)
    ).all()
    assert {count for _, count in per_child} == {1}
    assert len(mailbox) == PARENTS
