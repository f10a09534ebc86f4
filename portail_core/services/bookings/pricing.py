"""The estimated cost of a request, priced like invoices through ``services.tariffs``.

A unit the commune plugin declares is priced by its tariff (quotient-familial brackets,
tenant-file overrides); a unit agents created is priced at its flat ``tariff``.
"""

from decimal import Decimal

from portail_core.services.bookings.tariffs import tariff_for


class Pricer:
    """Prices units for one family; the plugin's units are looked up once per request."""

    def __init__(self, tenant, family):
        self.tenant = tenant
        self.family = family
        self._declared = None

    def _plugin_unit(self, unit):
        if self._declared is None:
            self._declared = {
                (establishment.code, declared.code): declared
                for establishment in self.tenant.hooks.establishments()
                for declared in establishment.units
            }
        return self._declared.get((unit.establishment.code, unit.code))

    def price(self, unit, day) -> Decimal:
        declared = self._plugin_unit(unit) if unit.from_plugin else None
        return tariff_for(
            declared or unit,
            self.family,
            day,
            tenant=self.tenant,
            establishment=unit.establishment.code,
        )
