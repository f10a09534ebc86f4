"""Bookings' pure rules: the communes' policies, a period's days, states, the draft."""

from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from portail_core.services.bookings.draft import ADD, REMOVE, Draft
from portail_core.services.bookings.establishments import Establishment
from portail_core.services.bookings.policies import REFUSE, WAITING_LIST, BookingPolicy
from portail_core.services.bookings.rules import PeriodRules, policy_for
from portail_core.services.bookings.states import (
    R_ACCEPTED,
    R_CANCELLED,
    R_MIXED,
    R_REFUSED,
    R_WAITING,
    reservation_state,
)
from portail_core.testing.fixtures import french

PARIS = ZoneInfo("Europe/Paris")
UTC = ZoneInfo("UTC")
BATZ_RESTAURANT = BookingPolicy(min_working_days=2, cutoff=time(12, 0), auto_accept=True)


@dataclass
class FakeClosed:
    day: date
    reason: str


@dataclass
class FakePeriod:
    start_date: date
    end_date: date
    last_booking_day: date
    weekdays: str = "1111100"
    archived: bool = False
    closed_days: list = field(default_factory=list)
    establishment: object = None
    auto_accept: bool | None = None
    when_full: str | None = None

    @property
    def open_weekdays(self):
        return {i for i, flag in enumerate(self.weekdays) if flag == "1"}


def rules_at(now, **kwargs):
    period = FakePeriod(date(2026, 3, 2), date(2026, 4, 30), date(2026, 4, 30), **kwargs)
    return PeriodRules(period, BATZ_RESTAURANT, now)


def test_communes_policies_come_from_their_tenant_files(app):
    balaruc = app.registry.tenants.get("balaruc")
    batz = app.registry.tenants.get("batz")
    ale = Establishment("ale_primaire", "ALE Primaire", "periscolaire")
    restaurant = Establishment("restaurant", "RESTAURANT SCOLAIRE", "periscolaire")
    loisirs = Establishment("accueil_loisirs", "ACCUEIL DE LOISIRS", "periscolaire")
    assert balaruc.hooks.booking_policy(ale) == BookingPolicy(
        2, time(12, 0), False, WAITING_LIST, 2
    )
    assert balaruc.hooks.booking_policy(restaurant).auto_accept is True
    assert balaruc.hooks.booking_policy(restaurant).when_full == REFUSE
    assert batz.hooks.booking_policy(restaurant) == BookingPolicy(2, time(12, 0), True, REFUSE, 2)
    assert batz.hooks.booking_policy(loisirs).when_full == WAITING_LIST
    assert batz.hooks.booking_policy(loisirs).auto_accept is False


def test_a_period_overrides_acceptance_and_fullness(app):
    batz = app.registry.tenants.get("batz")
    restaurant = Establishment("restaurant", "RESTAURANT SCOLAIRE", "periscolaire")
    period = FakePeriod(
        date(2026, 3, 2), date(2026, 3, 6), date(2026, 3, 6), establishment=restaurant
    )
    assert policy_for(batz, period).auto_accept is True
    period.auto_accept, period.when_full = False, WAITING_LIST
    policy = policy_for(batz, period)
    assert (policy.auto_accept, policy.when_full, policy.min_working_days) == (
        False,
        WAITING_LIST,
        2,
    )


def test_friday_1159_and_1201_before_a_tuesday():
    tuesday = date(2026, 3, 17)
    assert rules_at(datetime(2026, 3, 13, 11, 59, tzinfo=PARIS)).status(tuesday).bookable
    late = rules_at(datetime(2026, 3, 13, 12, 1, tzinfo=PARIS)).status(tuesday)
    assert not late.bookable
    assert french(late.reason) == "Délai dépassé (au plus tard le ven. 13 mars 2026 à 12:00)"


def test_public_holiday_monday_is_closed_and_skipped_by_the_deadline():
    rules = rules_at(datetime(2026, 4, 2, 13, 0, tzinfo=PARIS))
    assert rules.status(date(2026, 4, 6)).reason == "Jour férié"  # Easter Monday
    # Wednesday 8 April: Tuesday 7 and Friday 3 are the two working days before.
    assert rules.status(date(2026, 4, 8)).bookable
    after = rules_at(datetime(2026, 4, 3, 12, 1, tzinfo=PARIS))
    assert not after.status(date(2026, 4, 8)).bookable


@pytest.mark.parametrize(
    ("now_utc", "day", "bookable"),
    [
        # Summer time starts Sunday 29 March 2026: Friday 27 is still CET (UTC+1).
        (datetime(2026, 3, 27, 10, 59, tzinfo=UTC), date(2026, 3, 31), True),
        (datetime(2026, 3, 27, 11, 1, tzinfo=UTC), date(2026, 3, 31), False),
        # Wednesday 1 April closes Monday 30 March at 12:00 CEST (UTC+2).
        (datetime(2026, 3, 30, 9, 59, tzinfo=UTC), date(2026, 4, 1), True),
        (datetime(2026, 3, 30, 10, 1, tzinfo=UTC), date(2026, 4, 1), False),
    ],
)
def test_weekend_of_the_change_to_summer_time(now_utc, day, bookable):
    assert rules_at(now_utc).status(day).bookable is bookable


def test_weekend_of_the_change_to_winter_time():
    period = FakePeriod(date(2026, 10, 19), date(2026, 11, 6), date(2026, 11, 6))
    # Winter time starts Sunday 25 October 2026; Friday 23 is CEST (UTC+2).
    before = PeriodRules(period, BATZ_RESTAURANT, datetime(2026, 10, 23, 9, 59, tzinfo=UTC))
    after = PeriodRules(period, BATZ_RESTAURANT, datetime(2026, 10, 23, 10, 1, tzinfo=UTC))
    assert before.status(date(2026, 10, 27)).bookable
    assert not after.status(date(2026, 10, 27)).bookable
    # Monday 26 (CET) closes Thursday 22 at 12:00 CEST = 10:00 UTC.
    assert not before.status(date(2026, 10, 26)).bookable


def test_closed_days_opening_weekdays_and_last_booking_day():
    now = datetime(2026, 3, 2, 8, 0, tzinfo=PARIS)
    rules = rules_at(now, weekdays="1101100", closed_days=[FakeClosed(date(2026, 3, 12), "Grève")])
    days = rules.days()
    assert date(2026, 3, 11) not in days  # a Wednesday: not an opening day
    assert french(rules.status(date(2026, 3, 12)).reason) == "Fermé : Grève"
    assert " ".join(french(label) for label in rules.opening_days()) == "Lun Mar Jeu Ven"
    assert rules.weeks()[0] == date(2026, 3, 2)
    closed = rules_at(datetime(2026, 5, 1, 8, tzinfo=PARIS))
    assert not closed.open_for_booking
    assert closed.status(date(2026, 4, 30)).reason == "Réservations closes pour cette période"


@pytest.mark.parametrize(
    ("counts", "state"),
    [
        ({"pending": 1, "accepted": 2}, R_WAITING),
        ({"waiting": 1}, R_WAITING),
        ({"accepted": 3}, R_ACCEPTED),
        ({"accepted": 1, "refused": 1}, R_MIXED),
        ({"accepted": 1, "cancelled": 2}, R_MIXED),
        ({"refused": 2}, R_REFUSED),
        ({"refused": 1, "cancelled": 1}, R_REFUSED),
        ({"cancelled": 2}, R_CANCELLED),
        ({}, R_CANCELLED),
    ],
)
def test_reservation_state_is_derived_from_its_lines(counts, state):
    assert reservation_state(counts) == state


def test_draft_records_requests_and_cancellations_and_survives_the_session():
    period = FakePeriod(date(2026, 3, 2), date(2026, 9, 30), date(2026, 9, 30))
    period.id = 7
    draft = Draft.new(period, [3, 4])
    draft.want(1, date(2026, 3, 2), True, live=False)
    draft.want(1, date(2026, 9, 30), True, live=False)
    draft.want(2, date(2026, 3, 4), False, live=True)
    draft.want(2, date(2026, 3, 5), True, live=True)  # already booked: nothing to ask
    again = Draft.from_session(draft.to_session())
    assert again.cells(ADD) == {(1, date(2026, 3, 2)), (1, date(2026, 9, 30))}
    assert again.cells(REMOVE) == {(2, date(2026, 3, 4))}
    assert again.child_ids == (3, 4)
    again.want(1, date(2026, 3, 2), False, live=False)
    again.want(2, date(2026, 3, 4), True, live=True)
    assert again.cells(REMOVE) == set()
    # A day before the draft's first day (the period moved) shifts the masks safely.
    again.want(1, date(2026, 2, 23), True, live=False)
    assert again.cells(ADD) == {(1, date(2026, 2, 23)), (1, date(2026, 9, 30))}
    assert len(str(again.to_session())) < 300


def test_a_tampered_draft_is_ignored():
    assert Draft.from_session({"period": "x"}) is None
    assert Draft.from_session({"period": 1, "children": [], "base": 1}) is None
    draft = Draft.from_session({"period": 1, "children": [2], "base": 5, "add": {"u": "zz"}})
    assert draft.empty
