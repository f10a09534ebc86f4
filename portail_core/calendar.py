"""Europe/Paris time and French working days (weekends and public holidays excluded)."""

from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

PARIS = ZoneInfo("Europe/Paris")


def now_paris() -> datetime:
    """The current time as an aware datetime in Europe/Paris."""
    return datetime.now(PARIS)


def at_paris(day: date, hour: int, minute: int = 0) -> datetime:
    """The aware Europe/Paris datetime of a wall-clock time on a day (DST-safe)."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)


@lru_cache(maxsize=64)
def _french_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.France(years=year).keys())


def is_public_holiday(day: date) -> bool:
    return day in _french_holidays(day.year)


def is_working_day(day: date) -> bool:
    """Monday to Friday, and not a French public holiday."""
    return day.weekday() < 5 and not is_public_holiday(day)


def working_days_before(day: date, count: int) -> date:
    """The ``count``-th working day strictly before ``day`` (``day`` itself when 0)."""
    current = day
    remaining = count
    while remaining > 0:
        current -= timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current
