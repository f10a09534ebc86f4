"""Forms of the family file: guardians and address, QF, child identity, pick-up persons.

The family file and the child sheet are raw HTML forms (compound grids) validated with
these schemas; field names in the HTML are the dotted paths (``guardian_1.email``).
"""

import colander
import deform

from portail_core.i18n import _
from portail_core.schemas import CSRFSchema
from portail_core.schemas.family_nodes import (
    REQUIRED,
    FrenchDecimal,
    birth_date_node,
    choice_node,
    date_node,
    optional_email_node,
    phone_node,
    postal_code_node,
    text_node,
)
from portail_core.services.family.labels import (
    ADDRESS_LABELS,
    CIVILITIES,
    GUARDIAN_LABELS,
    PICKUP_LABELS,
)


def address_nodes():
    return [
        text_node(ADDRESS_LABELS["address_line1"], 200, name="address_line1"),
        text_node(ADDRESS_LABELS["address_line2"], 200, name="address_line2"),
        postal_code_node(name="postal_code"),
        text_node(ADDRESS_LABELS["city"], 100, name="city"),
    ]


class AddressSchema(colander.MappingSchema):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for node in address_nodes():
            self.add(node)


def _guardian_complete(required):
    """Guardian 1 is required; guardian 2 only once one of its fields is filled."""

    def validator(node, value):
        if not required and not any(value.values()):
            return
        error = colander.Invalid(node)
        for name in ("civility", "last_name", "first_name"):
            if not value[name]:
                error[name] = REQUIRED
        if error.children:
            raise error

    return validator


class GuardianSchema(colander.MappingSchema):
    """A legal guardian; every field optional here, completeness checked as a whole."""

    def __init__(self, *args, required=True, **kwargs):
        kwargs.setdefault("validator", _guardian_complete(required))
        super().__init__(*args, **kwargs)
        self.add(choice_node(GUARDIAN_LABELS["civility"], CIVILITIES, name="civility"))
        self.add(text_node(GUARDIAN_LABELS["last_name"], name="last_name"))
        self.add(text_node(GUARDIAN_LABELS["first_name"], name="first_name"))
        for name in ("phone_mobile", "phone_home", "phone_work"):
            self.add(phone_node(GUARDIAN_LABELS[name], name=name))
        self.add(optional_email_node(GUARDIAN_LABELS["email"], name="email"))
        for node in address_nodes():
            self.add(node)


class FamilyFileSchema(CSRFSchema):
    """What a family edits: its address and its two legal guardians."""

    address = AddressSchema()
    guardian_1 = GuardianSchema(title=_("Responsable légal 1"))
    guardian_2 = GuardianSchema(title=_("Responsable légal 2"), required=False)


def _quotient_range(node, value):
    if value is not None and not 0 <= value <= 99999:
        raise colander.Invalid(node, _("Le quotient familial doit être compris entre 0 et 99 999."))


class AgentFamilyFileSchema(FamilyFileSchema):
    """Agents also change the family's name and its quotient familial with its validity."""

    name = text_node(_("Nom de la famille"), required=True)
    quotient_familial = colander.SchemaNode(
        FrenchDecimal(), title=_("Quotient familial"), missing=None, validator=_quotient_range
    )
    quotient_familial_valid_until = date_node(_("Quotient familial valable jusqu'au"))


@colander.deferred
def _school_level_widget(node, kw):
    levels = kw["lists"].school_levels
    return deform.widget.SelectWidget(
        values=[("", _("— Non renseigné —"))] + [(v, v) for v in levels]
    )


@colander.deferred
def _school_level_validator(node, kw):
    allowed = ["", *kw["lists"].school_levels]
    return colander.OneOf(allowed, msg_err=_("Choisissez une valeur de la liste."))


class ChildIdentitySchema(CSRFSchema):
    """Agents: a child's identity (bound with ``lists``, the commune's family lists)."""

    last_name = text_node(_("Nom"), required=True)
    first_name = text_node(_("Prénom"), required=True)
    birth_date = birth_date_node(
        _("Né(e) le"), widget=deform.widget.TextInputWidget(input_type="date")
    )
    birth_place = text_node(
        _("Lieu de naissance"),
        description=_("Commune, ou département entre parenthèses, par exemple (35)."),
    )
    school_level = colander.SchemaNode(
        colander.String(),
        title=_("Niveau scolaire"),
        missing="",
        widget=_school_level_widget,
        validator=_school_level_validator,
    )


class PickupPersonSchema(CSRFSchema):
    """A person allowed to pick a child up."""

    last_name = text_node(PICKUP_LABELS["last_name"], required=True)
    first_name = text_node(PICKUP_LABELS["first_name"], required=True)
    link = text_node(
        PICKUP_LABELS["link"], required=True, description=_("Par exemple : grand-mère, voisin.")
    )
    phone = phone_node(
        PICKUP_LABELS["phone"],
        required=True,
        widget=deform.widget.TextInputWidget(input_type="tel", attributes={"autocomplete": "tel"}),
    )


class RefusalSchema(CSRFSchema):
    """Agents: validate a document, or refuse it with a reason the family reads."""

    reason = colander.SchemaNode(
        colander.String(),
        title=_("Motif du refus (lu par la famille)"),
        missing="",
        preparer=lambda value: value.strip() if isinstance(value, str) else value,
        validator=colander.Length(max=500, max_err=_("Au plus 500 caractères.")),
        widget=deform.widget.TextAreaWidget(rows=3),
    )


class FamilySearchSchema(colander.MappingSchema):
    """Agents' search (a GET form): family name, child name or e-mail."""

    q = text_node(_("Rechercher une famille"), 100)
