"""Reusable colander nodes of the family file: names, phones, e-mails, postal codes, dates."""

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

import colander

from portail_core.calendar import now_paris
from portail_core.i18n import _

PHONE_RE = re.compile(r"^\+?[0-9 .()/-]{6,25}$")
POSTAL_CODE_RE = re.compile(r"^[0-9]{5}$")
EMAIL_MESSAGE = _("Adresse e-mail invalide (exemple : prenom.nom@exemple.fr).")
REQUIRED = _("Ce champ est obligatoire.")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def text_node(title, max_length=100, required=False, **kwargs):
    """A trimmed string; optional ones default to ``""``."""
    validator = colander.Length(
        min=1 if required else 0,
        max=max_length,
        min_err=REQUIRED,
        max_err=_("Au plus ${max} caractères."),  # colander gives ${max}
    )
    extra = {"missing_msg": REQUIRED} if required else {"missing": ""}
    return colander.SchemaNode(
        colander.String(), title=title, preparer=_strip, validator=validator, **extra, **kwargs
    )


def _phone_validator(node, value):
    digits = sum(char.isdigit() for char in value)
    if value and (not PHONE_RE.match(value) or not 6 <= digits <= 15):
        raise colander.Invalid(node, _("Numéro de téléphone invalide (exemple : 06 12 34 56 78)."))


def phone_node(title, required=False, **kwargs):
    extra = {"missing_msg": REQUIRED} if required else {"missing": ""}
    validator = colander.All(
        colander.Length(min=1 if required else 0, min_err=REQUIRED), _phone_validator
    )
    return colander.SchemaNode(
        colander.String(), title=title, preparer=_strip, validator=validator, **extra, **kwargs
    )


def _email_validator(node, value):
    if value:
        colander.Email(msg=EMAIL_MESSAGE)(node, value)
        colander.Length(max=254)(node, value)


def optional_email_node(title=_("Adresse e-mail"), **kwargs):
    return colander.SchemaNode(
        colander.String(),
        title=title,
        missing="",
        preparer=lambda value: value.strip().lower() if isinstance(value, str) else value,
        validator=_email_validator,
        **kwargs,
    )


def _postal_code_validator(node, value):
    if value and not POSTAL_CODE_RE.match(value):
        raise colander.Invalid(node, _("Code postal invalide : 5 chiffres (exemple : 44740)."))


def postal_code_node(title=_("Code postal"), **kwargs):
    return colander.SchemaNode(
        colander.String(),
        title=title,
        missing="",
        preparer=_strip,
        validator=_postal_code_validator,
        **kwargs,
    )


def choice_node(title, choices, required=False, **kwargs):
    """One label of a list (a commune's list, civilities); ``""`` when optional and empty."""
    allowed = list(choices) + ([] if required else [""])
    extra = {} if required else {"missing": ""}
    return colander.SchemaNode(
        colander.String(),
        title=title,
        validator=colander.OneOf(allowed, msg_err=_("Choisissez une valeur de la liste.")),
        **extra,
        **kwargs,
    )


class FrenchDate(colander.Date):
    """A date typed as 31/12/2018 (text input) or 2018-12-31 (date input)."""

    def deserialize(self, node, cstruct):
        if cstruct in (colander.null, None, ""):
            return colander.null
        text = str(cstruct).strip()
        for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        raise colander.Invalid(node, _("Date invalide (exemple : 31/12/2018)."))

    def serialize(self, node, appstruct):
        if appstruct in (colander.null, None):
            return colander.null
        return appstruct.isoformat()


def not_in_future(node, value):
    if value is not None and value > now_paris().date():
        raise colander.Invalid(node, _("Cette date est dans le futur."))


def _birth_date_validator(node, value):
    not_in_future(node, value)
    if value < date(1990, 1, 1):
        raise colander.Invalid(node, _("Date de naissance invalide (avant 1990)."))


def date_node(title, required=False, **kwargs):
    extra = {"missing_msg": REQUIRED} if required else {"missing": None}
    return colander.SchemaNode(FrenchDate(), title=title, **extra, **kwargs)


def birth_date_node(title=_("Date de naissance"), **kwargs):
    return date_node(title, required=True, validator=_birth_date_validator, **kwargs)


class FrenchDecimal(colander.SchemaType):
    """An amount typed "612,50" or "612.50", kept as :class:`~decimal.Decimal` (never float)."""

    def serialize(self, node, appstruct):
        if appstruct in (colander.null, None):
            return colander.null
        return f"{appstruct:.2f}".replace(".", ",")

    def deserialize(self, node, cstruct):
        if cstruct in (colander.null, None, ""):
            return colander.null
        text = str(cstruct).strip().replace(" ", "").replace(",", ".")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise colander.Invalid(node, _("Nombre invalide (exemple : 612,50).")) from None
        if not value.is_finite():
            raise colander.Invalid(node, _("Nombre invalide (exemple : 612,50)."))
        return value.quantize(Decimal("0.01"))
