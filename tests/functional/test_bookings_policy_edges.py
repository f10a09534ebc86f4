"""Batz's restaurant policy at its edges, through the portal: 2 working days, 12:00 Paris.

Friday 11:59 and 12:01 before a Tuesday, a public-holiday Monday, and the weekends of the
changes to and from summer time (the clock is given in UTC to prove the conversion).
"""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from portail_core.models.bookings import ACCEPTED, Presence
from portail_core.testing.bookings import (
    cell,
    enrol,
    freeze,
    make_family,
    make_period,
    open_planning,
    paris,
    planning_week,
    set_cells,
)


@pytest.fixture
def canteen(app, dbsession, monkeypatch):
    tenant = app.registry.tenants.get("batz")
    freeze(monkeypatch, paris(2026, 3, 1, 9))
    family = make_family(
        dbsession, tenant, "AABELIUM", "famille.aabelium@example.org", "Baptiste-2018", ["B"]
    )
    spring = make_period(dbsession, tenant, "restaurant", date(2026, 3, 9), days=40)
    autumn = make_period(dbsession, tenant, "restaurant", date(2026, 10, 19), days=19)
    enrol(dbsession, tenant, spring, family.children)
    enrol(dbsession, tenant, autumn, family.children)
    dbsession.commit()
    return family.children[0], spring, autumn


def utc(*args):
    return datetime(*args, tzinfo=UTC)


CASES = [
    # (now, day asked, bookable, reason shown when not)
    (paris(2026, 3, 13, 11, 59), date(2026, 3, 17), True, None),
    (paris(2026, 3, 13, 12, 1), date(2026, 3, 17), False, "ven. 13 mars 2026 à 12:00"),
    # Easter Monday 6 April: Tuesday 7 closes Thursday 2 at noon.
    (paris(2026, 4, 2, 11, 59), date(2026, 4, 7), True, None),
    (paris(2026, 4, 2, 12, 1), date(2026, 4, 7), False, "jeu. 02 avr. 2026 à 12:00"),
    # Summer time starts Sunday 29 March: Friday 27 noon is 11:00 UTC.
    (utc(2026, 3, 27, 10, 59), date(2026, 3, 31), True, None),
    (utc(2026, 3, 27, 11, 1), date(2026, 3, 31), False, "ven. 27 mars 2026 à 12:00"),
    # Winter time starts Sunday 25 October: Friday 23 noon is 10:00 UTC.
    (utc(2026, 10, 23, 9, 59), date(2026, 10, 27), True, None),
    (utc(2026, 10, 23, 10, 1), date(2026, 10, 27), False, "ven. 23 oct. 2026 à 12:00"),
]


@pytest.mark.parametrize(("now", "day", "bookable", "reason"), CASES)
def test_deadline_edges_in_the_planning_and_the_confirmation(
    batz, canteen, dbsession, monkeypatch, now, day, bookable, reason
):
    child, spring, autumn = canteen
    period = spring if day.month < 6 else autumn
    repas = period.units[0]
    freeze(monkeypatch, now)
    batz.login("famille.aabelium@example.org", "Baptiste-2018")
    open_planning(batz, child, period)
    monday = date.fromordinal(day.toordinal() - day.weekday())
    page = planning_week(batz, child, period, monday)
    assert (cell(repas, day) in page.text) is bookable
    if not bookable:
        assert f"Délai dépassé (au plus tard le {reason})" in page.text
        return
    recap = set_cells(page, {cell(repas, day)}).submit("valider").follow()
    recap.forms["recap"].submit("confirmer").follow()
    line = dbsession.scalar(select(Presence))
    assert (line.day, line.state) == (day, ACCEPTED)


def test_a_public_holiday_monday_is_shown_closed(batz, canteen, monkeypatch):
    child, spring, _ = canteen
    freeze(monkeypatch, paris(2026, 3, 30, 9))
    batz.login("famille.aabelium@example.org", "Baptiste-2018")
    open_planning(batz, child, spring)
    page = planning_week(batz, child, spring, date(2026, 4, 6))
    row = next(tr for tr in page.html.select("table.bk-grid tbody tr") if "06 avr." in tr.text)
    assert "Jour férié" in row.text
    assert row.select("input") == []


def test_a_recap_made_at_1159_cannot_be_confirmed_at_1201(batz, canteen, dbsession, monkeypatch):
    child, spring, _ = canteen
    repas = spring.units[0]
    freeze(monkeypatch, paris(2026, 3, 13, 11, 59))
    batz.login("famille.aabelium@example.org", "Baptiste-2018")
    page = open_planning(batz, child, spring)
    recap = set_cells(page, {cell(repas, date(2026, 3, 17))}).submit("valider").follow()
    freeze(monkeypatch, paris(2026, 3, 13, 12, 1))
    back = recap.forms["recap"].submit("confirmer").follow().follow()  # nothing left: planning
    assert "Certaines dates ne peuvent plus être demandées" in back.text
    assert "Délai dépassé" in back.text
    assert dbsession.scalars(select(Presence)).all() == []
