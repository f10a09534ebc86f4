"""« Voir / Modifier la fiche enfant »: medical data, authorisations, pick-up persons.

The same views serve the parent (``/famille/enfants/<id>``) and agents
(``/agents/familles/<family>/enfants/<id>``); :class:`FamilyScope` finds the child.
"""

import deform
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from portail_core.forms import FormView
from portail_core.i18n import _
from portail_core.rawforms import RawForm
from portail_core.schemas.child_sheet import child_sheet_schema, sheet_form_values, sheet_values
from portail_core.schemas.family import PickupPersonSchema
from portail_core.services.family.labels import (
    ALLERGIES,
    ALLERGY_DETAILS,
    MEDICAL_LABELS,
    PICKUP_LABELS,
)
from portail_core.views.family.file import TEMPLATES, family_macros
from portail_core.views.family.scope import FamilyScope

PARENT_FORM_PAGE = "portail_core:templates/accounts/form_page.pt"
AGENT_FORM_PAGE = "portail_core:templates/agents/form_page.pt"


def sheet_url(scope, anchor=None):
    return scope.url("family.child", child_id=scope.child.id, _anchor=anchor)


@view_config(route_name="family.child", renderer=TEMPLATES + "child_sheet.pt", permission="parent")
@view_config(
    route_name="agents.family.child", renderer=TEMPLATES + "child_sheet.pt", permission="agent"
)
def child_sheet(request):
    scope = FamilyScope(request)
    child, lists = scope.child, scope.lists
    form = RawForm(
        request, child_sheet_schema(lists).bind(request=request), sheet_form_values(child, lists)
    )
    if request.method == "POST" and (appstruct := form.validate()) is not None:
        scope.service.update_sheet(child, sheet_values(appstruct, lists), lists, scope.actor)
        message = _("La fiche de ${child} est enregistrée.", mapping={"child": child.full_name})
        request.session.flash(request.localizer.translate(message), "success")
        return HTTPSeeOther(sheet_url(scope))
    return {
        "scope": scope,
        "family": scope.family,
        "child": child,
        "lists": lists,
        "form": form,
        "allergies": [
            (flag, details, MEDICAL_LABELS[flag], ALLERGY_DETAILS[flag])
            for flag, details, _title in ALLERGIES
        ],
        "fm": family_macros(),
    }


@view_config(route_name="family.pickup.new", renderer=PARENT_FORM_PAGE, permission="parent")
@view_config(route_name="family.pickup.edit", renderer=PARENT_FORM_PAGE, permission="parent")
@view_config(route_name="agents.family.pickup.new", renderer=AGENT_FORM_PAGE, permission="agent")
@view_config(route_name="agents.family.pickup.edit", renderer=AGENT_FORM_PAGE, permission="agent")
class PickupPersonView(FormView):
    """Add or change a person allowed to pick the child up."""

    schema_class = PickupPersonSchema
    form_id = "pickup-person"
    buttons = (("submit", _("Enregistrer")),)

    def __init__(self, context, request):
        super().__init__(context, request)
        self.scope = FamilyScope(request)
        self.person = self.scope.pickup_person if "person_id" in request.matchdict else None
        mapping = {"child": self.scope.child.full_name}
        if self.person:
            title = _("Modifier une personne autorisée à venir chercher ${child}", mapping=mapping)
        else:
            title = _("Ajouter une personne autorisée à venir chercher ${child}", mapping=mapping)
        self.title = request.localizer.translate(title)

    def make_buttons(self):
        back = sheet_url(self.scope, "personnes")
        return [
            *super().make_buttons(),
            deform.Button("cancel", _("Annuler"), type="link", value=back),
        ]

    def appstruct(self):
        if self.person is None:
            return {}
        return {name: getattr(self.person, name) for name in PICKUP_LABELS}

    def submit_success(self, appstruct):
        scope = self.scope
        values = {name: appstruct[name] for name in PICKUP_LABELS}
        if self.person is None:
            scope.service.add_pickup(scope.child, values, scope.actor)
            message = _(
                "${name} est ajouté(e) à la liste.",
                mapping={"name": f"{values['first_name']} {values['last_name']}"},
            )
        else:
            scope.service.update_pickup(scope.child, self.person, values, scope.actor)
            message = _("La personne autorisée est modifiée.")
        self.request.session.flash(self.request.localizer.translate(message), "success")
        return HTTPSeeOther(sheet_url(scope, "personnes"))


@view_config(route_name="family.pickup.delete", request_method="POST", permission="parent")
@view_config(route_name="agents.family.pickup.delete", request_method="POST", permission="agent")
def delete_pickup_person(request):
    scope = FamilyScope(request)
    person = scope.pickup_person
    scope.service.remove_pickup(scope.child, person, scope.actor)
    message = _(
        "${name} est retiré(e) de la liste.",
        mapping={"name": f"{person.first_name} {person.last_name}"},
    )
    request.session.flash(request.localizer.translate(message), "success")
    return HTTPSeeOther(sheet_url(scope, "personnes"))
