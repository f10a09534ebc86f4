"""Tariffs: the price of one unit of attendance for one family on one day.

A unit's tariff is a flat ``Decimal`` or a :class:`Tariff` of quotient-familial brackets,
each optionally with a non-resident price. A commune plugin sets it on its ``Unit``; the
tenant file may replace it under ``[settings.core.tariffs.<establishment>.<unit>]``.
The booking recap's estimate and the invoice runs both price through :func:`tariff_for`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import colander

CENT = Decimal("0.01")


def _money(value) -> Decimal:
    if isinstance(value, float):
        raise TypeError("a price is a Decimal (or a string), never a float")
    return Decimal(value).quantize(CENT)


@dataclass(frozen=True)
class Bracket:
    """One quotient-familial bracket: families whose QF is at most ``up_to`` pay ``price``.

    ``up_to=None`` is the top bracket (no upper bound, and the price of a family whose QF
    is unknown or out of date). ``non_resident_price`` is what families living outside the
    commune pay instead, when the commune sets one.
    """

    price: Decimal
    up_to: Decimal | None = None
    non_resident_price: Decimal | None = None

    def __post_init__(self):
        object.__setattr__(self, "price", _money(self.price))
        if self.up_to is not None:
            object.__setattr__(self, "up_to", Decimal(self.up_to))
        if self.non_resident_price is not None:
            object.__setattr__(self, "non_resident_price", _money(self.non_resident_price))
        if self.price < 0 or (self.non_resident_price or 0) < 0:
            raise ValueError("a price cannot be negative")


@dataclass(frozen=True)
class Tariff:
    """A price list by quotient familial: brackets in ascending ``up_to``, the last open."""

    brackets: tuple[Bracket, ...]

    def __post_init__(self):
        brackets = tuple(self.brackets)
        object.__setattr__(self, "brackets", brackets)
        if not brackets or brackets[-1].up_to is not None:
            raise ValueError("the last bracket of a tariff has no upper bound (up_to=None)")
        bounds = [bracket.up_to for bracket in brackets[:-1]]
        if None in bounds or bounds != sorted(set(bounds)):
            raise ValueError("brackets must have strictly ascending upper bounds")

    @classmethod
    def flat(cls, price, non_resident_price=None) -> Tariff:
        """One price for everyone (optionally another for non-residents)."""
        return cls((Bracket(price, None, non_resident_price),))

    def bracket_for(self, quotient: Decimal | None) -> Bracket:
        if quotient is None:
            return self.brackets[-1]
        for bracket in self.brackets:
            if bracket.up_to is None or quotient <= bracket.up_to:
                return bracket
        return self.brackets[-1]  # pragma: no cover - the last bracket is always open

    def price(self, quotient: Decimal | None = None, resident: bool = True) -> Decimal:
        """The unit price for a QF (``None``: unknown) and a residence."""
        bracket = self.bracket_for(quotient)
        if not resident and bracket.non_resident_price is not None:
            return bracket.non_resident_price
        return bracket.price


@dataclass(frozen=True)
class FamilyProfile:
    """What a tariff needs to know of a family on a given day."""

    quotient: Decimal | None = None
    resident: bool = True


def as_tariff(value) -> Tariff:
    """A unit's ``tariff`` attribute (flat ``Decimal`` or :class:`Tariff`) as a Tariff."""
    return value if isinstance(value, Tariff) else Tariff.flat(value)


def profile_of(family, day: date, resident_postal_codes=()) -> FamilyProfile:
    """The family's QF if it is still valid on ``day`` (else unknown), and its residence.

    ``family`` may be ``None`` (an estimate for nobody in particular: the top bracket).
    A QF without a validity date is taken as valid; an expired one as unknown, so the
    family pays the top bracket until the agents record the new one. A family is
    non-resident only when the commune lists its postal codes
    (``[settings.core] resident_postal_codes``) and the family's is not among them.
    """
    if family is None:
        return FamilyProfile()
    quotient = family.quotient_familial
    valid_until = family.quotient_familial_valid_until
    if quotient is not None and valid_until is not None and day > valid_until:
        quotient = None
    resident = not resident_postal_codes or family.postal_code in resident_postal_codes
    return FamilyProfile(Decimal(quotient) if quotient is not None else None, resident)


def unit_tariff(unit, tenant=None, establishment=None) -> Tariff:
    """The tariff in force for a unit: the tenant file's if it sets one, else the plugin's."""
    if tenant is not None and establishment is not None:
        code = getattr(establishment, "code", establishment)
        tariffs = tenant.plugin_settings("core").get("tariffs", {})
        override = tariffs.get(code, {}).get(unit.code)
        if override is not None:
            return override
    return as_tariff(unit.tariff)


def tariff_for(unit, family, day: date, *, tenant=None, establishment=None) -> Decimal:
    """The price (a ``Decimal`` in euros, 2 places) of one ``unit`` for ``family`` on ``day``.

    :param unit: a :class:`portail_core.services.bookings.establishments.Unit`.
    :param family: the family being billed (a ``Family`` row), or ``None`` for the
        top-bracket price. Its quotient familial counts only while valid on ``day``.
    :param day: the date of attendance.
    :param tenant: with ``establishment`` (object or code), lets the tenant file's
        ``[settings.core.tariffs]`` replace the plugin's tariff, and its
        ``resident_postal_codes`` tell residents from non-residents. Pass both whenever you
        have them; without them the plugin's tariff and the resident price are used.

    Never returns a float; never raises for a family without a QF.
    """
    postal_codes = tenant.plugin_settings("core").get("resident_postal_codes", ()) if tenant else ()
    profile = profile_of(family, day, postal_codes)
    return unit_tariff(unit, tenant, establishment).price(profile.quotient, profile.resident)


def describe(tariff, localizer=None) -> list[str]:
    """The tariff as parents read it: ["QF jusqu'à 500 : 1,20 €", "Au-delà : 1,75 €"], in
    the localizer's language (French without one)."""
    from portail_core.formatting import for_language
    from portail_core.i18n import _

    formats = localizer.formats if localizer is not None else for_language("fr")
    translate = localizer.translate if localizer is not None else (lambda text: text.interpolate())
    tariff = as_tariff(tariff)
    lines = []
    previous = None
    for bracket in tariff.brackets:
        price = formats.money(bracket.price)
        if len(tariff.brackets) == 1:
            text = _("Tarif : ${price}", mapping={"price": price})
        elif bracket.up_to is None:
            text = _(
                "QF au-delà de ${limit} : ${price}", mapping={"limit": previous, "price": price}
            )
        else:
            text = _(
                "QF jusqu'à ${limit} : ${price}", mapping={"limit": bracket.up_to, "price": price}
            )
        text = translate(text)
        if bracket.non_resident_price is not None:
            other = formats.money(bracket.non_resident_price)
            text += " " + translate(_("(hors commune : ${price})", mapping={"price": other}))
        lines.append(text)
        previous = bracket.up_to
    return lines


# --- tenant file: [settings.core.tariffs.<establishment>.<unit>] -----------------------


class BracketSettings(colander.MappingSchema):
    up_to = colander.SchemaNode(colander.Decimal(), missing=None)
    price = colander.SchemaNode(colander.Decimal(), validator=colander.Range(min=0))
    non_resident_price = colander.SchemaNode(
        colander.Decimal(), missing=None, validator=colander.Range(min=0)
    )


class _Brackets(colander.SequenceSchema):
    bracket = BracketSettings()


class UnitTariffSettings(colander.MappingSchema):
    """``price = "1.75"`` (flat) or ``brackets = [{ up_to = "500", price = "1.20" }, …]``."""

    price = colander.SchemaNode(colander.Decimal(), missing=None, validator=colander.Range(min=0))
    non_resident_price = colander.SchemaNode(
        colander.Decimal(), missing=None, validator=colander.Range(min=0)
    )
    brackets = _Brackets(missing=())


def tariff_from_settings(values) -> Tariff:
    if values["brackets"]:
        return Tariff(
            tuple(
                Bracket(item["price"], item["up_to"], item["non_resident_price"])
                for item in values["brackets"]
            )
        )
    return Tariff.flat(values["price"], values["non_resident_price"])


class TariffsSettings(colander.SchemaNode):
    """Deserialises ``{establishment: {unit: tariff}}`` into :class:`Tariff` objects."""

    def __init__(self, *args, **kwargs):
        super().__init__(colander.Mapping(unknown="preserve"), *args, **kwargs)

    def deserialize(self, cstruct=colander.null):
        values = super().deserialize(cstruct)
        if values in (colander.null, None):
            return {}
        tariffs = {}
        for establishment, units in values.items():
            tariffs[establishment] = {}
            for unit, spec in (units or {}).items():
                tariffs[establishment][unit] = self._one(f"{establishment}.{unit}", spec)
        return tariffs

    def _one(self, key, spec):
        try:
            values = UnitTariffSettings().deserialize(spec)
        except colander.Invalid as exc:
            details = "; ".join(f"{key}.{field} : {msg}" for field, msg in exc.asdict().items())
            raise colander.Invalid(self, details) from exc
        if values["price"] is None and not values["brackets"]:
            raise colander.Invalid(
                self, f"{key} : indiquez « price » ou « brackets »"
            )  # i18n: ignore
        try:
            return tariff_from_settings(values)
        except ValueError as exc:
            raise colander.Invalid(self, f"{key} : {exc}") from exc
