"""Who pays a billed day when a child lives in two households (shared custody).

A billable row (:meth:`InvoiceRunService.billable_rows`) carries the child's primary
household and, when custody is shared, the second household's quotient familial, the
custody schedule and the unit's split. :func:`payers` turns it into the part(s) billed:

- a split unit: the primary household pays ``100 - p`` %, the second ``p`` %, each at the
  price of its own quotient familial (parts 1 and 2, one on each household's invoice);
- else the household whose day it is (alternate weeks, fixed weekdays), priced with its
  quotient familial; on a free schedule the household that booked.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from types import SimpleNamespace

from portail_core.models.households import HUNDRED, ChildHousehold
from portail_core.services.bookings.tariffs import profile_of, unit_tariff

CENT = Decimal("0.01")
WHOLE = 0
PRIMARY_PART = 1
SECOND_PART = 2


@dataclass(frozen=True)
class Part:
    """One household's part of a billed day."""

    family_id: int
    row: object  # the row as that household is priced: its QF and postal code
    part: int = WHOLE
    percent: Decimal | None = None

    def amount(self, price):
        """The household's price for its part of the day, to the cent."""
        if self.percent is None:
            return price
        return (price * self.percent / HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)

    @property
    def suffix(self):
        if self.percent is None:
            return ""
        return f" (part {self.percent.normalize():f} %)"


class Payers:
    """The parts of each billable row; custody schedules are built once per link."""

    def __init__(self):
        self._links = {}

    def parts(self, row):
        if row.link_id is None:
            return [Part(row.family_id, row)]
        second = SimpleNamespace(
            **row._mapping,
        )
        second.family_id = row.second_family_id
        second.quotient_familial = row.second_quotient_familial
        second.quotient_familial_valid_until = row.second_quotient_familial_valid_until
        second.postal_code = row.second_postal_code
        if row.second_percent is not None:
            percent = Decimal(row.second_percent)
            parts = [
                Part(row.family_id, row, PRIMARY_PART, HUNDRED - percent),
                Part(second.family_id, second, SECOND_PART, percent),
            ]
            return [part for part in parts if part.percent > 0]
        owner = self._link(row).household_of(row.day, row.family_id)
        if owner is None:
            owner = row.booker_id
        return (
            [Part(second.family_id, second)]
            if owner == second.family_id
            else [Part(row.family_id, row)]
        )

    def _link(self, row):
        link = self._links.get(row.link_id)
        if link is None:
            link = self._links[row.link_id] = ChildHousehold(
                family_id=row.second_family_id,
                schedule=row.schedule,
                start_date=row.start_date,
                first_household=row.first_household,
                weekdays=row.weekdays,
            )
        return link


class PriceBook:
    """Prices presences with the plugin's unit tariff (or the agents' flat one)."""

    def __init__(self, tenant):
        self.tenant = tenant
        self.codes = tenant.plugin_settings("core").get("resident_postal_codes", ())
        self.plugin_units = {
            (establishment.code, unit.code): unit
            for establishment in tenant.hooks.establishments()
            for unit in establishment.units
        }
        self._tariffs = {}
        self._prices = {}

    def unit(self, row):
        plugin_unit = self.plugin_units.get((row.establishment_code, row.unit_code))
        return plugin_unit if row.from_plugin and plugin_unit is not None else None

    def label(self, row):
        plugin_unit = self.unit(row)
        return plugin_unit.invoice_label if plugin_unit else row.unit_label

    def price(self, row):
        # The price only depends on the unit, the QF (if still valid that day) and the
        # residence: thousands of presences share a handful of answers.
        qf_valid = row.quotient_familial_valid_until is None or (
            row.day <= row.quotient_familial_valid_until
        )
        key = (row.unit_id, row.from_plugin, row.quotient_familial, qf_valid, row.postal_code)
        price = self._prices.get(key)
        if price is None:
            profile = profile_of(row, row.day, self.codes)
            price = self._prices[key] = self._tariff(row).price(profile.quotient, profile.resident)
        return price

    def _tariff(self, row):
        key = (row.establishment_code, row.unit_code, row.unit_id)
        tariff = self._tariffs.get(key)
        if tariff is None:
            unit = self.unit(row) or FlatUnit(row.unit_code, row.unit_tariff)
            tariff = self._tariffs[key] = unit_tariff(unit, self.tenant, row.establishment_code)
        return tariff


@dataclass(frozen=True)
class FlatUnit:
    code: str
    tariff: Decimal
