"""French formatting as the seeds show it."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from portail_core import formatting


def test_day_label_as_in_the_planning():
    assert formatting.day_label(date(2015, 7, 1)) == "mer. 01 juil. 2015"


def test_money_from_decimal_and_cents():
    assert (
        formatting.money(Decimal("237.27")).replace("\u202f", " ").replace("\xa0", " ")
        == "237,27 €"
    )
    assert formatting.money(525).replace("\xa0", " ").replace("\u202f", " ") == "5,25 €"
    assert (
        formatting.money(Decimal("1234.5")).replace("\u202f", " ").replace("\xa0", " ")
        == "1 234,50 €"
    )


def test_money_refuses_floats():
    with pytest.raises(TypeError):
        formatting.money(5.25)


def test_age_as_in_the_child_list():
    assert formatting.age(date(2011, 1, 1), date(2018, 2, 15)) == "7 ans et 1 mois"
    assert formatting.age(date(2025, 3, 10), date(2025, 11, 9)) == "7 mois"
    assert formatting.age(date(2024, 1, 31), date(2025, 2, 1)) == "1 an et 0 mois"


def test_date_time_is_in_paris_time():
    assert formatting.date_time(datetime(2015, 5, 22, 14, 37, tzinfo=UTC)) == "22/05/2015 à 16:37"
