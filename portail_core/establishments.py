"""Establishments and units as a commune plugin declares them (``portail_establishments``)."""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Unit:
    """A unit of attendance (accueil): Matin, Midi, JOURNÉE REPAS…

    ``tariff`` is the flat price in euros as a ``Decimal``; richer tariffs (quotient
    familial brackets) are the billing engine's business.
    """

    code: str
    label: str
    capacity: int
    tariff: Decimal = Decimal("0.00")


@dataclass(frozen=True)
class Establishment:
    """An establishment of a commune (ALE Primaire, Restaurant scolaire…) and its units."""

    code: str
    name: str
    regie: str
    units: tuple[Unit, ...] = ()
    kind: str = "periscolaire"
