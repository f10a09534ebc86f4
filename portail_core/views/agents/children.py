"""Agents add a child to a family, correct its identity, archive or restore it."""

import deform
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from portail_core.forms import FormView
from portail_core.i18n import _
from portail_core.schemas.family import ChildIdentitySchema
from portail_core.services.family.labels import CHILD_IDENTITY_LABELS
from portail_core.views.family.scope import FamilyScope

FORM_PAGE = "portail_core:templates/agents/form_page.pt"


@view_config(route_name="agents.family.child.new", renderer=FORM_PAGE, permission="agent")
@view_config(route_name="agents.family.child.identity", renderer=FORM_PAGE, permission="agent")
class ChildIdentityView(FormView):
    schema_class = ChildIdentitySchema
    form_id = "child-identity"
    buttons = (("submit", _("Enregistrer")),)

    def __init__(self, context, request):
        super().__init__(context, request)
        self.scope = FamilyScope(request)
        self.child = self.scope.child if "child_id" in request.matchdict else None
        family = self.scope.family.name
        self.title = (
            _("État civil de ${child}", mapping={"child": self.child.full_name})
            if self.child
            else _("Ajouter un enfant à la famille ${family}", mapping={"family": family})
        )

    def bind(self):
        return {**super().bind(), "lists": self.scope.lists}

    def make_buttons(self):
        back = self.scope.home_url()
        return [
            *super().make_buttons(),
            deform.Button("cancel", _("Annuler"), type="link", value=back),
        ]

    def appstruct(self):
        if self.child is None:
            return {"last_name": self.scope.family.name}
        return {name: getattr(self.child, name) for name in CHILD_IDENTITY_LABELS}

    def submit_success(self, appstruct):
        scope, request = self.scope, self.request
        values = {name: appstruct[name] for name in CHILD_IDENTITY_LABELS}
        if self.child is None:
            child = scope.service.add_child(scope.family, values, scope.actor)
            done = _("${child} est ajouté(e) à la famille.", mapping={"child": child.full_name})
        else:
            scope.service.update_identity(self.child, values, scope.actor)
            done = _("L'état civil de l'enfant est enregistré.")
        request.session.flash(request.localizer.translate(done), "success")
        return HTTPSeeOther(scope.home_url())


@view_config(route_name="agents.family.child.archive", request_method="POST", permission="agent")
def archive_child(request):
    """Archive a child (it leaves the family's pages, keeps its history), or restore it."""
    scope = FamilyScope(request)
    child = scope.child
    scope.service.set_archived(child, not child.archived, scope.actor)
    mapping = {"child": child.full_name}
    done = (
        _("${child} est archivé(e).", mapping=mapping)
        if child.archived
        else _("${child} est restauré(e).", mapping=mapping)
    )
    request.session.flash(request.localizer.translate(done), "success")
    return HTTPSeeOther(scope.home_url())
