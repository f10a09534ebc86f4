"""Establishments and units as a commune plugin declares them (``portail_establishments``)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - imported for annotations only
    from portail_core.services.bookings.tariffs import Tariff


@dataclass(frozen=True)
class Unit:
    """A unit of attendance (accueil): Matin, Midi, JOURNÉE REPAS…

    ``tariff`` is the flat price in euros as a ``Decimal``, or a
    :class:`portail_core.services.bookings.tariffs.Tariff` of quotient-familial brackets (with
    optional non-resident prices); price it with ``services.bookings.tariffs.tariff_for``.
    ``billing_label`` is the unit's name on invoice lines when it differs from ``label``
    (e.g. "Périscolaire Matin Ecole Alain BOUTLE").
    """

    code: str
    label: str
    capacity: int
    tariff: Decimal | Tariff = Decimal("0.00")
    billing_label: str = ""

    @property
    def invoice_label(self) -> str:
        return self.billing_label or self.label


@dataclass(frozen=True)
class Establishment:
    """An establishment of a commune (ALE Primaire, Restaurant scolaire…) and its units."""

    code: str
    name: str
    regie: str
    units: tuple[Unit, ...] = ()
    kind: str = "periscolaire"
