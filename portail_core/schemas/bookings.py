"""Schemas of the bookings area: the parents' raw forms (planning, choice) and the agents'.

The planning grid is a plain HTML form (deform would be awkward for it); its values are
still validated here with colander, and carry the CSRF token.
"""

import re

import colander
import deform

from portail_core.i18n import _
from portail_core.schemas import CSRFSchema
from portail_core.services.bookings.rules import WEEKDAY_NAMES

CELL_RE = re.compile(r"^\d{1,9}:\d{4}-\d{2}-\d{2}$")
COLUMN_RE = re.compile(r"^(select|deselect)-(period|week):\d{1,9}$")
WHEN_FULL_CHOICES = (
    ("", _("Selon la règle de la commune")),
    ("refuse", _("Refuser (« Aucune place disponible »)")),
    ("waiting_list", "Liste d'attente"),
)
AUTO_ACCEPT_CHOICES = (
    ("", _("Selon la règle de la commune")),
    ("true", _("Acceptation immédiate")),
    ("false", _("Demandes traitées par un agent")),
)


class _Ids(colander.SequenceSchema):
    item = colander.SchemaNode(colander.Int(), validator=colander.Range(min=1))


class _Cells(colander.SequenceSchema):
    cell = colander.SchemaNode(colander.String(), validator=colander.Regex(CELL_RE))


class _Weekdays(colander.SequenceSchema):
    day = colander.SchemaNode(colander.Int(), validator=colander.Range(0, 6))


class ChooseSchema(CSRFSchema):
    """ "Choix de l'établissement et de la période": the period and the siblings."""

    periode = colander.SchemaNode(
        colander.Int(), missing=None, missing_msg=_("Choisissez une période.")
    )
    enfants = _Ids(missing=())


class PlanningSchema(CSRFSchema):
    """The week's checked cells and the button pressed (one of the optional ones)."""

    semaine = colander.SchemaNode(colander.Date())
    cases = _Cells(missing=())
    aller = colander.SchemaNode(colander.Date(), missing=None)
    colonne = colander.SchemaNode(
        colander.String(), missing=None, validator=colander.Regex(COLUMN_RE)
    )
    auto = colander.SchemaNode(colander.String(), missing=None)
    jours = _Weekdays(missing=())
    unites = _Ids(missing=())
    portee = colander.SchemaNode(
        colander.String(), missing="period", validator=colander.OneOf(["period", "week"])
    )
    valider = colander.SchemaNode(colander.String(), missing=None)
    retour = colander.SchemaNode(colander.String(), missing=None)


ACTION_RE = re.compile(r"^(accept|refuse|cancel):\d{1,9}$")


class DecisionSchema(CSRFSchema):
    """An agent's decision: ``action`` on the ticked ``lignes``, or a button's
    ``ligne``/``tout`` ("<action>:<line or reservation id>"), with a reason."""

    lignes = _Ids(missing=())
    action = colander.SchemaNode(
        colander.String(), missing=None, validator=colander.OneOf(["accept", "refuse", "cancel"])
    )
    ligne = colander.SchemaNode(
        colander.String(), missing=None, validator=colander.Regex(ACTION_RE)
    )
    tout = colander.SchemaNode(colander.String(), missing=None, validator=colander.Regex(ACTION_RE))
    motif = colander.SchemaNode(
        colander.String(),
        missing="",
        validator=colander.Length(max=500, max_err=_("Le motif tient en 500 caractères au plus.")),
    )

    def validator(self, node, values):
        if not (values["action"] or values["ligne"] or values["tout"]):
            raise colander.Invalid(node, _("Choisissez une action."))


class EnrolSchema(CSRFSchema):
    enfants = _Ids(missing=())
    source = colander.SchemaNode(colander.Int(), missing=None)


def date_widget():
    return deform.widget.TextInputWidget(input_type="date")


def _period_dates(node, values):
    if values["end_date"] < values["start_date"]:
        error = colander.Invalid(node)
        error["end_date"] = _("La fin doit être le même jour que le début, ou après.")
        raise error


@colander.deferred
def deferred_units_widget(node, kw):
    units = [(str(unit.id), unit.label) for unit in kw["establishment"].units]
    return deform.widget.CheckboxChoiceWidget(values=units)


class _WeekdaySet(colander.SchemaNode):
    schema_type = colander.Set
    title = _("Jours d'ouverture")
    widget = deform.widget.CheckboxChoiceWidget(
        values=[(str(index), name.capitalize()) for index, name in enumerate(WEEKDAY_NAMES)],
        inline=True,
    )
    validator = colander.Length(min=1, min_err=_("Cochez au moins un jour d'ouverture."))


class PeriodSchema(CSRFSchema):
    name = colander.SchemaNode(
        colander.String(),
        title=_("Nom de la période"),
        description=_("Par exemple « MERCREDIS / VACANCES Été 2026 »."),
        validator=colander.Length(min=2, max=150),
    )
    start_date = colander.SchemaNode(colander.Date(), title=_("Du"), widget=date_widget())
    end_date = colander.SchemaNode(colander.Date(), title=_("Au"), widget=date_widget())
    last_booking_day = colander.SchemaNode(
        colander.Date(),
        title=_("Date limite de réservation"),
        description=_("« Vous avez jusqu'au … pour valider vos réservations »."),
        widget=date_widget(),
    )
    weekdays = _WeekdaySet()
    units = colander.SchemaNode(
        colander.Set(),
        title=_("Accueils proposés"),
        widget=deferred_units_widget,
        validator=colander.Length(min=1, min_err=_("Cochez au moins un accueil.")),
    )
    auto_accept = colander.SchemaNode(
        colander.String(),
        title=_("Traitement des demandes"),
        missing="",
        widget=deform.widget.SelectWidget(values=AUTO_ACCEPT_CHOICES),
        validator=colander.OneOf([value for value, _ in AUTO_ACCEPT_CHOICES]),
    )
    when_full = colander.SchemaNode(
        colander.String(),
        title=_("Quand un accueil est complet"),
        missing="",
        widget=deform.widget.SelectWidget(values=WHEN_FULL_CHOICES),
        validator=colander.OneOf([value for value, _ in WHEN_FULL_CHOICES]),
    )
    archived = colander.SchemaNode(
        colander.Boolean(),
        title=_("Archivée (n'apparaît plus aux familles)"),
        missing=False,
        widget=deform.widget.CheckboxWidget(),
    )

    def validator(self, node, values):
        _period_dates(node, values)


class UnitSchema(CSRFSchema):
    label = colander.SchemaNode(
        colander.String(), title=_("Libellé"), validator=colander.Length(min=1, max=150)
    )
    capacity = colander.SchemaNode(
        colander.Int(),
        title=_("Capacité (places par jour)"),
        validator=colander.Range(0, 10000, min_err=_("La capacité ne peut pas être négative.")),
    )
    tariff = colander.SchemaNode(
        colander.Decimal("0.01"),
        title=_("Tarif (€)"),
        missing=None,
        validator=colander.Range(min=0, min_err=_("Le tarif ne peut pas être négatif.")),
    )
    active = colander.SchemaNode(
        colander.Boolean(), title=_("Proposé à la réservation"), missing=False
    )


class ClosedDaysSchema(CSRFSchema):
    first = colander.SchemaNode(colander.Date(), title=_("Fermé du"), widget=date_widget())
    last = colander.SchemaNode(
        colander.Date(),
        title=_("au (inclus)"),
        missing=None,
        description=_("Laissez vide pour fermer un seul jour."),
        widget=date_widget(),
    )
    reason = colander.SchemaNode(
        colander.String(),
        title=_("Motif affiché aux familles"),
        missing="",
        validator=colander.Length(max=150),
    )
