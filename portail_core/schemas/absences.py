"""The forms of absences (« Déclarer une absence ») and of « Fermer une journée »."""

import colander

from portail_core.i18n import _
from portail_core.schemas import CSRFSchema
from portail_core.schemas.family_nodes import REQUIRED

DATE_ERROR = _("Date attendue, par exemple 12/03/2026.")


class FrenchDate(colander.Date):
    """A date typed as JJ/MM/AAAA or given by a date field (AAAA-MM-JJ)."""

    def deserialize(self, node, cstruct):
        if isinstance(cstruct, str) and "/" in cstruct:
            day, _sep, rest = cstruct.strip().partition("/")
            month, _sep, year = rest.partition("/")
            cstruct = f"{year}-{month.zfill(2)}-{day.zfill(2)}"
        try:
            return super().deserialize(node, cstruct)
        except colander.Invalid:
            raise colander.Invalid(node, DATE_ERROR) from None


def _date(name, title, required=True):
    return colander.SchemaNode(
        FrenchDate(),
        name=name,
        title=title,
        missing=colander.required if required else None,
        missing_msg=REQUIRED,
    )


def absence_schema(children):
    """Which child, from which day to which day (the certificate is checked apart)."""
    schema = CSRFSchema()
    schema.add(
        colander.SchemaNode(
            colander.String(),
            name="child",
            title=_("Enfant"),
            missing_msg=_("Choisissez l'enfant absent."),
            validator=colander.OneOf(
                [str(child.id) for child in children], msg_err=_("Choisissez l'enfant absent.")
            ),
        )
    )
    schema.add(_date("first_day", _("Premier jour d'absence")))
    schema.add(_date("last_day", _("Dernier jour d'absence"), required=False))
    return schema


def closure_schema():
    """What to close (an establishment or one unit), which day, and why."""
    schema = CSRFSchema()
    schema.add(
        colander.SchemaNode(
            colander.String(),
            name="target",
            title=_("Accueil ou établissement"),
            missing_msg=_("Choisissez l'accueil ou l'établissement à fermer."),
        )
    )
    schema.add(_date("day", _("Date de fermeture")))
    schema.add(
        colander.SchemaNode(
            colander.String(),
            name="reason",
            title=_("Motif"),
            preparer=lambda value: value.strip() if isinstance(value, str) else value,
            missing_msg=_("Indiquez le motif de la fermeture : les familles le liront."),
            validator=colander.Length(
                min=1,
                max=150,
                min_err=_("Indiquez le motif de la fermeture : les familles le liront."),
                max_err=_("Au plus 150 caractères."),
            ),
        )
    )
    return schema
