"""The core's own hook implementations: defaults every tenant gets unless a plugin answers.

Registered as the plugin ``core`` before any other and marked ``trylast``.
"""

from datetime import time

import colander

from portail_core.branding import Branding
from portail_core.hookspecs import hookimpl
from portail_core.i18n import AVAILABLE as AVAILABLE_LANGUAGES
from portail_core.services.bookings.policies import (
    REFUSE,
    WAITING_LIST,
    AbsencePolicy,
    BookingPolicy,
)
from portail_core.services.bookings.tariffs import TariffsSettings
from portail_core.services.campaigns.priorities import core_priorities
from portail_core.services.content.defaults import ContentDefaults
from portail_core.services.family.lists import FamilyLists, FamilyListsSettings
from portail_core.services.privacy.retention import DEFAULT_FAMILIES_YEARS
from portail_core.services.reminders.settings import RemindersSettings


def _parse_hour(value):
    hour, _, minute = value.partition(":")
    return time(int(hour), int(minute or 0))


def _hour_validator(node, value):
    try:
        _parse_hour(value)
    except ValueError:
        raise colander.Invalid(
            node, "Heure attendue au format HH:MM, par exemple 12:00"
        ) from None  # i18n: ignore


class BookingPolicySettings(colander.MappingSchema):
    min_working_days = colander.SchemaNode(
        colander.Int(), missing=0, validator=colander.Range(0, 30)
    )
    cutoff = colander.SchemaNode(colander.String(), missing="12:00", validator=_hour_validator)
    auto_accept = colander.SchemaNode(colander.Boolean(), missing=False)
    when_full = colander.SchemaNode(
        colander.String(), missing=REFUSE, validator=colander.OneOf([REFUSE, WAITING_LIST])
    )
    free_cancellation_working_days = colander.SchemaNode(
        colander.Int(), missing=0, validator=colander.Range(0, 30)
    )


class SecuritySettings(colander.MappingSchema):
    """``[settings.core.security]``: ``agents_mfa = "required"`` makes every agent of the
    commune use two-step login (an agent without it is sent to enrol after the password)."""

    agents_mfa = colander.SchemaNode(
        colander.String(), missing="optional", validator=colander.OneOf(["optional", "required"])
    )


class RetentionSettings(colander.MappingSchema):
    """``[settings.core.retention]``: how long the files of families gone are kept."""

    # Years after the last invoice (or the last activity) before a family is anonymised.
    families_years = colander.SchemaNode(
        colander.Int(), missing=DEFAULT_FAMILIES_YEARS, validator=colander.Range(1, 30)
    )


class CoreSettings(colander.MappingSchema):
    """``[settings.core]`` of a tenant file.

    ``booking`` is the commune's default policy; ``booking_by_establishment.<code>``
    overrides some of its keys for one establishment.
    """

    booking = BookingPolicySettings(missing={})
    security = SecuritySettings(missing={"agents_mfa": "optional"})
    booking_by_establishment = colander.SchemaNode(colander.Mapping(unknown="preserve"), missing={})
    # Lists replacing the commune plugin's in family files (vaccines, authorisations…).
    family_lists = FamilyListsSettings(missing={})
    # Tariffs replacing the commune plugin's: tariffs.<establishment>.<unit> (billing).
    tariffs = TariffsSettings(missing={})
    # Postal codes of the commune's residents; empty: every family pays the resident price.
    # Reminders e-mailed to families (portail-reminders); every one on by default.
    reminders = RemindersSettings(missing=colander.drop)
    # The portal's public address, for the links of e-mails that commands send (reminders);
    # empty: http://<first host>/.
    portal_url = colander.SchemaNode(colander.String(), missing="")
    resident_postal_codes = colander.SchemaNode(
        colander.List(), missing=(), preparer=lambda value: tuple(str(v) for v in value or ())
    )
    retention = RetentionSettings(missing={"families_years": DEFAULT_FAMILIES_YEARS})
    # The interface languages the portal offers, its default first (French, the reference
    # text, unless the commune chooses otherwise): the header's switch lists them.
    languages = colander.SchemaNode(
        colander.List(),
        missing=AVAILABLE_LANGUAGES,
        preparer=lambda value: value if value is colander.null else tuple(str(v) for v in value),
        validator=colander.All(
            colander.Length(min=1, min_err="au moins une langue"),  # i18n: ignore
            lambda node, value: _known_languages(node, value),
        ),
    )

    def deserialize(self, cstruct=colander.null):
        values = super().deserialize(cstruct)
        overrides = {}
        for code, override in values["booking_by_establishment"].items():
            merged = {**(cstruct or {}).get("booking", {}), **(override or {})}
            try:
                overrides[code] = BookingPolicySettings().deserialize(merged)
            except colander.Invalid as exc:
                error = colander.Invalid(self)
                for key, message in exc.asdict().items():
                    error[self["booking_by_establishment"].name] = f"{code}.{key} : {message}"
                raise error from exc
        values["booking_by_establishment"] = overrides
        values["reminders"] = self["reminders"].deserialize((cstruct or {}).get("reminders"))
        return values


def _known_languages(node, value):
    unknown = [language for language in value if language not in AVAILABLE_LANGUAGES]
    if unknown:
        raise colander.Invalid(
            node,
            f"langue(s) inconnue(s) : {', '.join(unknown)} "  # i18n: ignore (integrators)
            f"(disponibles : {', '.join(AVAILABLE_LANGUAGES)})",
        )


def policy_from_settings(values):
    """Build a :class:`BookingPolicy` from validated ``BookingPolicySettings`` values."""
    values = dict(values or {})
    if "cutoff" in values:
        values["cutoff"] = _parse_hour(values["cutoff"])
    return BookingPolicy(**values)


@hookimpl(trylast=True)
def portail_plugin_settings_schema():
    return CoreSettings()


@hookimpl(trylast=True)
def portail_branding(tenant):
    return Branding(
        town=tenant.name, service="Service Enfance Jeunesse", email=tenant.contact_email
    )


@hookimpl(trylast=True)
def portail_booking_policy(tenant, establishment):
    core = tenant.plugin_settings("core")
    by_establishment = core.get("booking_by_establishment", {})
    return policy_from_settings(by_establishment.get(establishment.code, core.get("booking")))


@hookimpl(trylast=True)
def portail_content_defaults(tenant):
    return ContentDefaults()


@hookimpl(trylast=True)
def portail_family_lists(tenant):
    return FamilyLists()


@hookimpl(trylast=True)
def portail_absence_policy(tenant):
    return AbsencePolicy()


@hookimpl(trylast=True)
def portail_campaign_priorities(tenant):
    return core_priorities()
