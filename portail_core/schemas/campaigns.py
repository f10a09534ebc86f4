"""Schemas of the campaigns area: the agents' campaign form, the ranking's adjustment."""

import re

import colander
import deform

from portail_core.i18n import _
from portail_core.models.campaigns import LOTTERY, QUEUE
from portail_core.schemas import CSRFSchema

HOUR_RE = re.compile(r"^([01]?\d|2[0-3])[:h]([0-5]\d)$")
MODE_CHOICES = (
    (QUEUE, _("Premier arrivé, premier servi, derrière une salle d'attente")),
    (LOTTERY, _("Demandes pendant la période, puis tirage au sort")),
)


def _date_widget():
    return deform.widget.TextInputWidget(input_type="date")


def _hour_node(title):
    return colander.SchemaNode(
        colander.String(),
        title=title,
        description=_("Heure de Paris, par exemple 09:00."),
        validator=colander.Regex(HOUR_RE, _("Heure attendue au format HH:MM, par exemple 09:00.")),
        widget=deform.widget.TextInputWidget(input_type="time"),
    )


@colander.deferred
def deferred_periods_widget(node, kw):
    return deform.widget.CheckboxChoiceWidget(
        values=[(str(period.id), period.title) for period in kw["periods"]]
    )


@colander.deferred
def deferred_units_widget(node, kw):
    return deform.widget.CheckboxChoiceWidget(
        values=[(str(unit.id), f"{unit.establishment.name} — {unit.label}") for unit in kw["units"]]
    )


def parse_hour(text):
    match = HOUR_RE.match(text)
    return int(match.group(1)), int(match.group(2))


class CampaignSchema(CSRFSchema):
    """A campaign; :func:`priority_nodes` adds one rank field per priority of the commune."""

    title = colander.SchemaNode(
        colander.String(),
        title=_("Nom de la campagne"),
        description=_("Par exemple « Inscriptions VACANCES Été 2027 »."),
        validator=colander.Length(min=2, max=150),
    )
    mode = colander.SchemaNode(
        colander.String(),
        title=_("Mode d'attribution des places"),
        widget=deform.widget.RadioChoiceWidget(values=MODE_CHOICES),
        validator=colander.OneOf([value for value, _ in MODE_CHOICES]),
        missing_msg=_("Choisissez un mode."),
    )
    opens_on = colander.SchemaNode(colander.Date(), title=_("Ouverture le"), widget=_date_widget())
    opens_hour = _hour_node("à")
    closes_on = colander.SchemaNode(colander.Date(), title=_("Clôture le"), widget=_date_widget())
    closes_hour = _hour_node("à")
    periods = colander.SchemaNode(
        colander.Set(),
        title=_("Périodes concernées"),
        widget=deferred_periods_widget,
        validator=colander.Length(min=1, min_err=_("Cochez au moins une période.")),
    )
    units = colander.SchemaNode(
        colander.Set(),
        title=_("Accueils concernés"),
        missing=(),
        widget=deferred_units_widget,
    )
    rate_per_minute = colander.SchemaNode(
        colander.Int(),
        title=_("Salle d'attente : familles admises par minute"),
        missing=60,
        validator=colander.Range(1, 10000, min_err=_("Au moins une famille par minute.")),
    )
    places = colander.SchemaNode(
        colander.Int(),
        title=_("Tirage au sort : nombre de places"),
        missing=0,
        validator=colander.Range(0, 100000, min_err=_("Le nombre de places ne peut être négatif.")),
    )
    offer_hours = colander.SchemaNode(
        colander.Int(),
        title=_("Tirage au sort : délai pour accepter une place (heures)"),
        missing=48,
        validator=colander.Range(1, 24 * 30, min_err=_("Au moins une heure.")),
    )


def priority_nodes(schema, priorities):
    """Add a « rang » select per priority: 0 leaves it out, 1 is the first applied."""
    count = len(priorities)
    values = [("0", "Non retenue")] + [
        (str(n), _("Priorité n° ${rank}", mapping={"rank": n})) for n in range(1, count + 1)
    ]
    for priority in priorities:
        schema.add(
            colander.SchemaNode(
                colander.Int(),
                name=f"priorite_{priority.code}",
                title=priority.label,
                missing=0,
                validator=colander.Range(0, count),
                widget=deform.widget.SelectWidget(values=values),
            )
        )
    return schema


def ranked_codes(appstruct, priorities):
    """The chosen priorities' codes in rank order; two with one rank is an error."""
    ranks = {}
    for priority in priorities:
        rank = appstruct.get(f"priorite_{priority.code}", 0)
        if rank:
            if rank in ranks:
                return None, f"priorite_{priority.code}"
            ranks[rank] = priority.code
    return [ranks[rank] for rank in sorted(ranks)], None


class AdjustSchema(CSRFSchema):
    demande = colander.SchemaNode(colander.Int(), missing_msg=_("Demande inconnue."))
    rang = colander.SchemaNode(
        colander.Int(),
        missing_msg=_("Indiquez le nouveau rang."),
        validator=colander.Range(min=1, min_err=_("Le rang commence à 1.")),
    )
    motif = colander.SchemaNode(
        colander.String(),
        missing_msg=_("Écrivez le motif de l'ajustement."),
        validator=colander.Length(min=3, max=500, min_err=_("Écrivez le motif de l'ajustement.")),
    )
