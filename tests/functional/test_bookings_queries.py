"""The planning page and the confirmation send as many SQL statements for a period of 10 days
as for 200, and for one child as for four siblings."""

from datetime import date

import pytest
from sqlalchemy import func, select

from portail_core.models.bookings import Presence, Reservation
from portail_core.services.bookings import clock
from portail_core.services.campaigns import schedule
from portail_core.testing.bookings import enrol, freeze, make_family, make_period, paris

START = date(2026, 6, 8)
EVERY_DAY = (0, 1, 2, 3, 4, 5, 6)


def measure(client, app, dbsession, query_counter, days, children):
    """Queries of the planning page and of the confirmation for one scenario."""
    tenant = app.registry.tenants.get("balaruc")
    email = f"famille{days}x{children}@example.org"
    names = [f"ENFANT{i}" for i in range(children)]
    family = make_family(dbsession, tenant, f"F{days}X{children}", email, "Secret-2019-xyz", names)
    period = make_period(
        dbsession, tenant, "ale_primaire", START, days=days, weekdays=EVERY_DAY, units=["matin"]
    )
    period.units[0].capacity = 1000
    enrol(dbsession, tenant, period, family.children)
    dbsession.commit()
    client.login(email, "Secret-2019-xyz")
    referent, *siblings = family.children
    choose = client.get(f"/reservations/nouvelle/{referent.id}", params={"periode": period.id})
    form = choose.forms["choose"]
    for box in form.fields.get("enfants", ()):
        box.checked = True
    planning_url = form.submit().location
    # The waiting room's schedule is read once per process and TTL (its own test): warm.
    schedule.openings(dbsession, tenant, clock.now())
    with query_counter as counted:
        page = client.get(planning_url)
    planning = bookings_statements(counted)  # the counter is reused: count now
    unit = period.units[0]
    page = page.forms["planning"].submit("colonne", value=f"select-period:{unit.id}").follow()
    recap = page.forms["planning"].submit("valider").follow()
    with query_counter as counted:
        recap.forms["recap"].submit("confirmer", status=303)
    confirmation = bookings_statements(counted)
    client.logout()
    made = dbsession.scalar(
        select(func.count(Presence.id)).join(Reservation).where(Reservation.family_id == family.id)
    )
    return planning, confirmation, made


def bookings_statements(counter):
    """The statements of the request minus the session store's own (it may write or not,
    depending on when the session cookie was issued, whatever the page does) and minus the
    outbox's delivery (inline after commit in the tests; the worker's job in production)."""
    return len(
        [
            s
            for s in counter.statements
            if "web_session" not in s and not s.lstrip().startswith("UPDATE outbox_message")
        ]
    )


@pytest.fixture
def scenarios(balaruc, app, dbsession, query_counter, monkeypatch):
    freeze(monkeypatch, paris(2026, 6, 1, 9))
    results = {}
    for days, children in ((10, 1), (200, 1), (10, 4), (200, 4)):
        results[(days, children)] = measure(balaruc, app, dbsession, query_counter, days, children)
    return results


def test_query_counts_do_not_grow_with_days_or_children(scenarios):
    planning = {key: value[0] for key, value in scenarios.items()}
    confirmation = {key: value[1] for key, value in scenarios.items()}
    assert len(set(planning.values())) == 1, planning
    assert len(set(confirmation.values())) == 1, confirmation
    # The budgets (today 4 and 11: the confirmation e-mail is an outbox row written in
    # the request's transaction, the audit trail's entries one INSERT; the waiting
    # room's gate reads its per-process schedule, no statement): a new query per page
    # must be a deliberate choice.
    assert planning[(10, 1)] <= 4 and confirmation[(10, 1)] <= 11
    # And the requests were real: every bookable day of every child got its line.
    made = {key: value[2] for key, value in scenarios.items()}
    assert made[(200, 4)] == 4 * made[(200, 1)] > 4 * made[(10, 1)] > 0, made
