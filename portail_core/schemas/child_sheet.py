"""The child sheet form (a raw HTML grid): school level, medical data, vaccinations, authorisations.

The schema depends on the commune's lists, so it is built per request by
:func:`child_sheet_schema`. In the HTML, vaccine *i* is ``vaccines.v<i>.done`` /
``vaccines.v<i>.last_date`` and authorisation *i* is ``authorisations.a<i>`` (``oui``/``non``):
indexes, not labels, since labels hold spaces and slashes.
"""

import colander

from portail_core.i18n import _
from portail_core.schemas import CSRFSchema
from portail_core.schemas.family_nodes import (
    choice_node,
    date_node,
    not_in_future,
    phone_node,
    text_node,
)
from portail_core.services.family.labels import ALLERGIES, MEDICAL_LABELS

YES, NO = "oui", "non"


def _flag(title, name):
    return colander.SchemaNode(colander.Boolean(), title=title, name=name, missing=False)


def _vaccines_node(vaccines):
    node = colander.SchemaNode(colander.Mapping(), name="vaccines", missing={})
    for index, label in enumerate(vaccines):
        item = colander.SchemaNode(colander.Mapping(), name=f"v{index}", title=label, missing={})
        item.add(_flag(_("${vaccine} : effectué", mapping={"vaccine": label}), "done"))
        item.add(
            date_node(
                _("${vaccine} : dernière vaccination", mapping={"vaccine": label}),
                name="last_date",
                validator=not_in_future,
            )
        )
        node.add(item)
    return node


def _authorisations_node(authorisations):
    node = colander.SchemaNode(colander.Mapping(), name="authorisations", missing={})
    for index, label in enumerate(authorisations):
        node.add(
            colander.SchemaNode(
                colander.String(),
                name=f"a{index}",
                title=label,
                missing=NO,
                validator=colander.OneOf([YES, NO], msg_err=_("Répondez Oui ou Non.")),
            )
        )
    return node


def child_sheet_schema(lists, with_school_level=True):
    """The sheet's schema for a commune's lists (``services.family.lists.FamilyLists``)."""
    schema = CSRFSchema()
    if with_school_level:
        schema.add(choice_node(_("Niveau scolaire"), lists.school_levels, name="school_level"))
    for flag, details, _title in ALLERGIES:
        schema.add(_flag(MEDICAL_LABELS[flag], flag))
        schema.add(text_node(MEDICAL_LABELS[details], 500, name=details))
    schema.add(choice_node(MEDICAL_LABELS["diet"], lists.diets, name="diet"))
    schema.add(_flag(MEDICAL_LABELS["pai"], "pai"))
    schema.add(text_node(MEDICAL_LABELS["doctor_name"], 150, name="doctor_name"))
    schema.add(phone_node(MEDICAL_LABELS["doctor_phone"], name="doctor_phone"))
    schema.add(text_node(MEDICAL_LABELS["recommendations"], 2000, name="recommendations"))
    schema.add(_vaccines_node(lists.vaccines))
    schema.add(_authorisations_node(lists.authorisations))
    return schema


def sheet_values(appstruct, lists):
    """The validated form as the service takes it: vaccines and authorisations by label."""
    values = {
        k: v for k, v in appstruct.items() if k not in ("csrf_token", "vaccines", "authorisations")
    }
    vaccinations = {}
    for index, label in enumerate(lists.vaccines):
        answer = appstruct["vaccines"].get(f"v{index}") or {}
        last_date = answer.get("last_date")
        # A date of injection means the vaccine was given, ticked or not.
        vaccinations[label] = {
            "done": bool(answer.get("done")) or last_date is not None,
            "last_date": last_date,
        }
    values["vaccinations"] = vaccinations
    values["authorisations"] = {
        label: appstruct["authorisations"].get(f"a{index}", NO) == YES
        for index, label in enumerate(lists.authorisations)
    }
    return values


def sheet_form_values(child, lists):
    """A child's stored sheet as the form's flat values (``{"vaccines.v0.done": "true"}``)."""
    values = {name: getattr(child, name) for name in MEDICAL_LABELS}
    values["school_level"] = child.school_level
    for flag, _details, _title in ALLERGIES:
        values[flag] = "true" if values[flag] else ""
    values["pai"] = "true" if child.pai else ""
    by_vaccine = {v.vaccine: v for v in child.vaccinations}
    for index, label in enumerate(lists.vaccines):
        row = by_vaccine.get(label)
        values[f"vaccines.v{index}.done"] = "true" if row is not None and row.done else ""
        last = row.last_date if row is not None else None
        values[f"vaccines.v{index}.last_date"] = last.isoformat() if last else ""
    by_authorisation = {a.authorisation: a.granted for a in child.authorisations}
    for index, label in enumerate(lists.authorisations):
        values[f"authorisations.a{index}"] = YES if by_authorisation.get(label) else NO
    return values
