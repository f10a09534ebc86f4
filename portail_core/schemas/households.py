"""Forms of shared custody (agents): the schedule, the splits, a guardian's restriction."""

from decimal import Decimal, InvalidOperation

import colander
import deform

from portail_core.i18n import _
from portail_core.schemas import CSRFSchema
from portail_core.schemas.family_nodes import FrenchDate

SCHEDULES = (
    ("alternate", _("Semaines alternées")),
    ("weekdays", _("Jours fixes de la semaine")),
    ("free", _("Libre : chaque foyer réserve ses jours")),
)
FIRST_HOUSEHOLD = (("1", _("Le foyer principal")), ("2", _("Le second foyer")))
WEEKDAYS = (
    ("0", _("Lundi")),
    ("1", _("Mardi")),
    ("2", _("Mercredi")),
    ("3", _("Jeudi")),
    ("4", _("Vendredi")),
    ("5", _("Samedi")),
    ("6", _("Dimanche")),
)
RESTRICTIONS = (
    ("", _("Aucune")),
    ("no_authority", _("Sans autorité parentale")),
    ("court", _("Restriction par décision de justice")),
)


class Percent(colander.SchemaType):
    """A percentage typed "50" or "33,5"; empty is no split (``None``)."""

    def serialize(self, node, appstruct):
        if appstruct in (colander.null, None):
            return ""
        return f"{Decimal(appstruct).normalize():f}".replace(".", ",")

    def deserialize(self, node, cstruct):
        text = str(cstruct or "").strip().replace(",", ".").rstrip("%").strip()
        if not text:
            return None
        try:
            value = Decimal(text).quantize(Decimal("0.01"))
        except InvalidOperation:
            raise colander.Invalid(node, _("Indiquez un pourcentage (exemple : 50).")) from None
        if not Decimal(0) <= value <= Decimal(100):
            raise colander.Invalid(node, _("Le pourcentage est compris entre 0 et 100."))
        return value


def _schedule_complete(form, value):
    if value["schedule"] == "alternate" and value["start_date"] is None:
        error = colander.Invalid(form, _("Indiquez une semaine de départ."))
        error["start_date"] = _("Indiquez une date de la première semaine.")
        raise error
    if value["schedule"] == "weekdays" and not value["weekdays"]:
        error = colander.Invalid(form, _("Cochez au moins un jour du second foyer."))
        error["weekdays"] = _("Cochez au moins un jour du second foyer.")
        raise error


class CustodySchema(CSRFSchema):
    """The custody schedule; one split field per unit is added by :func:`custody_schema`."""

    schedule = colander.SchemaNode(
        colander.String(),
        title=_("Calendrier de garde"),
        widget=deform.widget.RadioChoiceWidget(values=SCHEDULES),
        validator=colander.OneOf([code for code, _label in SCHEDULES]),
        missing_msg=_("Choisissez un calendrier de garde."),
    )
    start_date = colander.SchemaNode(
        FrenchDate(),
        title=_("Semaines alternées : une date de la première semaine"),
        missing=None,
        widget=deform.widget.TextInputWidget(type="date"),
    )
    first_household = colander.SchemaNode(
        colander.String(),
        title=_("Semaines alternées : foyer de cette première semaine"),
        widget=deform.widget.RadioChoiceWidget(values=FIRST_HOUSEHOLD),
        validator=colander.OneOf(["1", "2"]),
        missing="1",
    )
    weekdays = colander.SchemaNode(
        colander.Set(),
        title=_("Jours fixes : les jours du second foyer"),
        widget=deform.widget.CheckboxChoiceWidget(values=WEEKDAYS, inline=True),
        missing=set(),
    )
    allow_both = colander.SchemaNode(
        colander.Boolean(),
        title=_("Les deux foyers peuvent réserver tous les jours"),
        description=_("Chaque jour reste facturé au foyer qui en a la garde."),
        missing=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, validator=_schedule_complete, **kwargs)


def share_name(unit):
    return f"share_{unit.id}"


def custody_schema(units):
    """The custody form with the split of each unit (part of the second household, %)."""
    schema = CustodySchema()
    for unit in units:
        schema.add(
            colander.SchemaNode(
                Percent(),
                name=share_name(unit),
                title=_(
                    "Partage ${unit} : part du second foyer (%)",
                    mapping={"unit": unit.label},
                ),
                missing=None,
            )
        )
    return schema


def weekdays_text(chosen):
    """The model's seven "0"/"1" from the checked weekdays ("0" is Monday)."""
    return "".join("1" if str(index) in chosen else "0" for index in range(7))


class RestrictionSchema(CSRFSchema):
    restriction = colander.SchemaNode(
        colander.String(),
        title=_("Restriction"),
        widget=deform.widget.SelectWidget(values=RESTRICTIONS),
        validator=colander.OneOf([code for code, _label in RESTRICTIONS]),
        missing="",
    )
    restriction_note = colander.SchemaNode(
        colander.String(),
        title=_("Précision (décision, date)"),
        missing="",
        validator=colander.Length(max=300, max_err=_("Au plus 300 caractères.")),
    )
