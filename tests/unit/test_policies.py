"""Booking deadlines at the edges: cut-off hour, weekends, public holidays, DST."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from portail_core.calendar import is_working_day, working_days_before
from portail_core.services.bookings.policies import BookingPolicy
from portail_core.testing.fixtures import french

PARIS = ZoneInfo("Europe/Paris")
BATZ = BookingPolicy(min_working_days=2, cutoff=time(12, 0), auto_accept=True)


def paris(*args):
    return datetime(*args, tzinfo=PARIS)


def test_friday_1159_books_tuesday_but_1201_does_not():
    tuesday = date(2026, 3, 17)
    assert BATZ.booking_deadline(tuesday) == paris(2026, 3, 13, 12, 0)
    assert BATZ.can_book(tuesday, paris(2026, 3, 13, 11, 59))
    assert not BATZ.can_book(tuesday, paris(2026, 3, 13, 12, 1))


def test_public_holiday_monday_is_not_a_working_day():
    # Easter Monday 2026 is 6 April: booking Wednesday 8 April closes Friday 3 April.
    assert not is_working_day(date(2026, 4, 6))
    assert BATZ.booking_deadline(date(2026, 4, 8)) == paris(2026, 4, 3, 12, 0)


def test_weekend_of_the_change_to_summer_time():
    # Clocks go forward on Sunday 29 March 2026; Tuesday 31 closes Friday 27 at 12:00 CET.
    deadline = BATZ.booking_deadline(date(2026, 3, 31))
    assert deadline == paris(2026, 3, 27, 12, 0)
    assert deadline.utcoffset().total_seconds() == 3600
    assert BATZ.booking_deadline(date(2026, 4, 1)).utcoffset().total_seconds() == 7200


def test_weekend_of_the_change_to_winter_time():
    # Clocks go back on Sunday 25 October 2026; Tuesday 27 closes Friday 23 at 12:00 CEST.
    deadline = BATZ.booking_deadline(date(2026, 10, 27))
    assert deadline == paris(2026, 10, 23, 12, 0)
    utc_noon_minus = datetime(2026, 10, 23, 9, 59, tzinfo=ZoneInfo("UTC"))
    assert BATZ.can_book(date(2026, 10, 27), utc_noon_minus)  # 11:59 in Paris
    assert not BATZ.can_book(
        date(2026, 10, 27), datetime(2026, 10, 23, 10, 1, tzinfo=ZoneInfo("UTC"))
    )


@pytest.mark.parametrize(
    ("day", "count", "expected"),
    [
        (date(2026, 3, 17), 0, date(2026, 3, 17)),
        (date(2026, 3, 16), 1, date(2026, 3, 13)),
        (date(2026, 5, 15), 1, date(2026, 5, 13)),  # 14 May 2026 is Ascension Day
        (date(2026, 1, 2), 1, date(2025, 12, 31)),  # 1 January
    ],
)
def test_working_days_before(day, count, expected):
    assert working_days_before(day, count) == expected


def test_free_cancellation_window():
    policy = BookingPolicy(min_working_days=0, free_cancellation_working_days=2)
    assert policy.cancellation_is_free(date(2026, 3, 17), paris(2026, 3, 13, 11, 0))
    assert not policy.cancellation_is_free(date(2026, 3, 17), paris(2026, 3, 16, 9, 0))


def test_rules_text_as_parents_read_it():
    assert [french(text) for text in BATZ.rules_text()] == [
        "Vous devez réserver au minimum 2 jours ouvrés avant la date souhaitée",
        "Heure limite : 12:00",
    ]


def test_tenant_file_parameters_reach_the_policy(app):
    from portail_core.services.bookings.establishments import Establishment

    batz = app.registry.tenants.get("batz")
    restaurant = Establishment(code="restaurant", name="RESTAURANT SCOLAIRE", regie="periscolaire")
    loisirs = Establishment(code="accueil_loisirs", name="ACCUEIL DE LOISIRS", regie="periscolaire")
    assert batz.hooks.booking_policy(restaurant) == BATZ.__class__(
        min_working_days=2,
        cutoff=time(12, 0),
        auto_accept=True,
        when_full="refuse",
        free_cancellation_working_days=2,
    )
    held = batz.hooks.booking_policy(loisirs)
    assert held.auto_accept is False and held.when_full == "waiting_list"
    assert held.min_working_days == 2  # the commune's default, kept by the override
