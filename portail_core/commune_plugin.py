"""The base every commune plugin is built on: its branding and establishments as data.

A commune ships a ``commune.toml`` in its package (``[branding]`` and one
``[[establishments]]`` table each, with its ``units``); :class:`CommunePlugin` answers
``portail_branding``, ``portail_establishments`` and ``portail_pyramid_configure`` (the
commune's static folder) from it, checked once at start. A commune's ``__init__`` then only
names these three hooks and adds what is its own (content, lists, demo data)::

    commune = CommunePlugin("portail_commune_x", "commune_x")
    portail_branding = commune.portail_branding
    portail_establishments = commune.portail_establishments
    portail_pyramid_configure = commune.portail_pyramid_configure
"""

import tomllib
from dataclasses import fields
from decimal import Decimal, InvalidOperation
from importlib import resources

from portail_core.branding import Branding
from portail_core.hookspecs import hookimpl
from portail_core.services.bookings.establishments import Establishment, Unit

DATA_FILE = "commune.toml"
BRANDING_KEYS = {f.name for f in fields(Branding)} - {"email"}
UNIT_KEYS = {"code", "label", "capacity", "price", "billing_label"}
ESTABLISHMENT_KEYS = {"code", "name", "regie", "kind", "units"}


class CommuneDataError(ValueError):
    """A commune's ``commune.toml`` is wrong; the message names the file and the key."""


def _check_keys(source, where, values, allowed):
    unknown = sorted(set(values) - allowed)
    if unknown:
        raise CommuneDataError(
            f"{source} : clé inconnue dans {where} : {', '.join(unknown)}"
        )  # i18n: ignore


def _unit(source, values):
    _check_keys(source, "units", values, UNIT_KEYS)
    try:
        price = Decimal(str(values.get("price", "0.00")))
    except InvalidOperation:
        raise CommuneDataError(
            f"{source} : prix invalide pour {values.get('code')}"
        ) from None  # i18n: ignore
    return Unit(
        values["code"],
        values["label"],
        int(values["capacity"]),
        price,
        billing_label=values.get("billing_label", ""),
    )


def _establishment(source, values):
    _check_keys(source, "establishments", values, ESTABLISHMENT_KEYS)
    units = tuple(_unit(source, unit) for unit in values.get("units", ()))
    extra = {"kind": values["kind"]} if "kind" in values else {}
    return Establishment(values["code"], values["name"], values["regie"], units, **extra)


class CommunePlugin:
    """The hooks a commune answers from its data file (see the module's docstring)."""

    def __init__(self, package, plugin_id):
        self.package = package
        self.plugin_id = plugin_id
        source = f"{package}/{DATA_FILE}"
        data = tomllib.loads(resources.files(package).joinpath(DATA_FILE).read_text("utf-8"))
        branding = dict(data["branding"])
        _check_keys(source, "branding", branding, BRANDING_KEYS)
        branding.setdefault("logo", f"{package}:static/logo.svg")
        branding["address_lines"] = tuple(branding.get("address_lines", ()))
        self.branding_values = branding
        self.establishments = tuple(_establishment(source, e) for e in data["establishments"])

    @property
    def static_name(self):
        return "static-" + self.plugin_id.removeprefix("commune_")

    @hookimpl
    def portail_branding(self, tenant):
        return Branding(email=tenant.contact_email, **self.branding_values)

    @hookimpl
    def portail_establishments(self, tenant):
        return list(self.establishments)

    @hookimpl
    def portail_pyramid_configure(self, config):
        config.add_static_view(self.static_name, f"{self.package}:static", cache_max_age=3600)
