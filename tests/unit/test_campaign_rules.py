"""The waiting room's arithmetic and the lottery's ordering, without a database."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from portail_core.services.campaigns.lottery import draw_positions, ranking
from portail_core.services.campaigns.waiting_room import KEEP, admitted_at, cursor, lapsed

OPENS = datetime(2026, 6, 1, 7, 0, tzinfo=UTC)


def campaign(rate):
    return SimpleNamespace(opens_at=OPENS, rate_per_minute=rate)


def test_the_cursor_lets_the_rate_in_at_opening_then_the_rate_each_minute():
    room = campaign(100)
    assert cursor(room, OPENS - timedelta(seconds=1)) == 0
    assert cursor(room, OPENS) == 100
    assert cursor(room, OPENS + timedelta(seconds=30)) == 150
    assert cursor(room, OPENS + timedelta(minutes=2)) == 300


def test_a_position_is_admitted_when_the_cursor_reaches_it():
    room = campaign(60)
    assert admitted_at(room, 1) == admitted_at(room, 60) == OPENS
    assert admitted_at(room, 61) == OPENS + timedelta(seconds=1)
    assert cursor(room, admitted_at(room, 1234)) >= 1234
    assert cursor(room, admitted_at(room, 1234) - timedelta(seconds=1)) < 1234


def test_a_ticket_lapses_only_when_its_parent_left_before_its_turn():
    room = campaign(1)
    seen = OPENS
    assert not lapsed(room, 3, seen, OPENS + KEEP + timedelta(minutes=30))  # turn at +2 min
    assert lapsed(room, 20, seen, OPENS + KEEP + timedelta(seconds=1))  # turn at +19 min
    assert not lapsed(room, 20, seen, OPENS + KEEP)


def test_priorities_come_first_in_their_order_then_the_draw():
    rows = [(1, "01", 0), (2, "10", 3), (3, "11", 2), (4, "10", 1), (5, "00", 4)]
    assert ranking(rows) == [3, 4, 2, 1, 5]


def test_the_draw_depends_only_on_the_seed_and_the_ids():
    ids = list(range(1, 200))
    assert draw_positions("s", ids) == draw_positions("s", list(reversed(ids)))
    assert draw_positions("s", ids) != draw_positions("t", ids)
    assert sorted(draw_positions("s", ids).values()) == list(range(len(ids)))
