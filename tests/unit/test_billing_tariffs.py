"""The tariff engine: flat prices, quotient-familial brackets, residents, tenant file."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from portail_core.services.bookings.establishments import Unit
from portail_core.services.bookings.tariffs import Bracket, Tariff, describe, tariff_for

D = Decimal
DAY = date(2018, 1, 15)


@dataclass
class FakeFamily:
    quotient_familial: Decimal | None = None
    quotient_familial_valid_until: date | None = None
    postal_code: str = "44740"


BRACKETS = Tariff(
    (
        Bracket(D("1.20"), up_to=D("500"), non_resident_price=D("2.00")),
        Bracket(D("1.50"), up_to=D("900")),
        Bracket(D("1.75"), non_resident_price=D("2.50")),
    )
)


class FakeTenant:
    def __init__(self, core):
        self.core = core

    def plugin_settings(self, plugin_id):
        return self.core if plugin_id == "core" else {}


def test_a_flat_decimal_tariff_stays_valid():
    unit = Unit("matin", "Périscolaire Matin", 40, D("1.75"))
    assert tariff_for(unit, FakeFamily(D("300")), DAY) == D("1.75")
    assert tariff_for(unit, None, DAY) == D("1.75")


@pytest.mark.parametrize(
    ("quotient", "price"),
    [
        (D("0"), "1.20"),
        (D("500"), "1.20"),
        (D("500.01"), "1.50"),
        (D("900"), "1.50"),
        (D("901"), "1.75"),
        (None, "1.75"),
    ],
)
def test_brackets_by_quotient_familial(quotient, price):
    unit = Unit("matin", "Matin", 40, BRACKETS)
    assert tariff_for(unit, FakeFamily(quotient), DAY) == D(price)


def test_an_expired_quotient_pays_the_top_bracket():
    unit = Unit("matin", "Matin", 40, BRACKETS)
    family = FakeFamily(D("300"), quotient_familial_valid_until=date(2017, 12, 31))
    assert tariff_for(unit, family, DAY) == D("1.75")
    assert tariff_for(unit, family, date(2017, 12, 31)) == D("1.20")


def test_non_residents_pay_their_price_when_the_commune_lists_its_postal_codes():
    unit = Unit("matin", "Matin", 40, BRACKETS)
    tenant = FakeTenant({"resident_postal_codes": ("44740",), "tariffs": {}})
    outsider = FakeFamily(D("300"), postal_code="44350")
    assert tariff_for(unit, outsider, DAY, tenant=tenant, establishment="peri") == D("2.00")
    assert tariff_for(unit, FakeFamily(D("300")), DAY, tenant=tenant, establishment="peri") == D(
        "1.20"
    )
    # A bracket without a non-resident price charges its own price to everyone.
    assert tariff_for(unit, FakeFamily(D("700"), postal_code="1"), DAY, tenant=tenant,
                      establishment="peri") == D("1.50")  # fmt: skip
    # Without the list, every family is resident.
    assert tariff_for(unit, outsider, DAY) == D("1.20")


def test_the_tenant_file_tariff_replaces_the_plugins():
    unit = Unit("matin", "Matin", 40, D("1.75"))
    tenant = FakeTenant({"tariffs": {"peri": {"matin": Tariff.flat("0.90")}}})
    assert tariff_for(unit, None, DAY, tenant=tenant, establishment="peri") == D("0.90")
    assert tariff_for(unit, None, DAY, tenant=tenant, establishment="autre") == D("1.75")


def test_a_tariff_refuses_floats_and_bad_brackets():
    with pytest.raises(TypeError):
        Tariff.flat(1.75)
    with pytest.raises(ValueError):
        Tariff((Bracket(D("1"), up_to=D("500")),))
    with pytest.raises(ValueError):
        Tariff((Bracket(D("1"), up_to=D("900")), Bracket(D("2"), up_to=D("500")), Bracket(D("3"))))
    with pytest.raises(ValueError):
        Bracket(D("-1"))


def test_describe_reads_like_a_price_list():
    lines = describe(BRACKETS)
    assert lines[0] == "QF jusqu'à 500 : 1,20\xa0€ (hors commune : 2,00\xa0€)"
    assert lines[-1].startswith("QF au-delà de 900 : 1,75")
    assert describe(D("3.10")) == ["Tarif : 3,10\xa0€"]
