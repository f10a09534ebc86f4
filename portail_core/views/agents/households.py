"""Agents link a child to a second household, set the custody and record restrictions.

Everything goes through :class:`FamilyScope`: the family and child of the URL are the
tenant's, or the page is a 404.
"""

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from portail_core.forms import FormView
from portail_core.i18n import _
from portail_core.schemas.households import (
    RestrictionSchema,
    custody_schema,
    share_name,
    weekdays_text,
)
from portail_core.services.family.households import HouseholdError, HouseholdService
from portail_core.views.family.scope import FamilyScope

TEMPLATES = "portail_core:templates/agents/"


def _flash(request, message, kind="success"):
    request.session.flash(request.localizer.translate(message), kind)


@view_config(
    route_name="agents.family.child.household",
    renderer=TEMPLATES + "household.pt",
    permission="agent",
)
class CustodyView(FormView):
    """The child's second household: search and link one, or set the custody."""

    form_id = "custody"
    buttons = (("submit", _("Enregistrer")),)

    def __init__(self, context, request):
        super().__init__(context, request)
        self.scope = FamilyScope(request)
        self.child = self.scope.child
        self.service = HouseholdService(request.dbsession, request.tenant)
        self.link = self.child.household
        self.units = self.service.units() if self.link is not None else []
        self.title = _("Garde partagée de ${child}", mapping={"child": self.child.full_name})

    def schema_class(self):
        return custody_schema(self.units)

    def __call__(self):
        if self.link is None:
            return self.response("")
        return super().__call__()

    def appstruct(self):
        link = self.link
        values = {
            "schedule": link.schedule,
            "start_date": link.start_date,
            "first_household": str(link.first_household),
            "weekdays": {str(i) for i, flag in enumerate(link.weekdays) if flag == "1"},
            "allow_both": link.allow_both,
        }
        for unit in self.units:
            values[share_name(unit)] = link.share_of(unit.id)
        return values

    def extra(self):
        request = self.request
        query = request.params.get("q", "").strip()[:100]
        results = []
        if self.link is None and query:
            rows, _pager = self.scope.service.search(query, per_page=10)
            results = [family for family in rows if family.id != self.child.family_id]
        return {
            "child": self.child,
            "link": self.link,
            "primary": self.child.family,
            "query": query,
            "results": results,
            "scope": self.scope,
            "description": self.service.describe(self.link) if self.link else "",
        }

    def submit_success(self, appstruct):
        values = {
            "schedule": appstruct["schedule"],
            "start_date": appstruct["start_date"],
            "first_household": appstruct["first_household"],
            "weekdays": weekdays_text(appstruct["weekdays"]),
            "allow_both": appstruct["allow_both"],
        }
        shares = {unit.id: appstruct[share_name(unit)] for unit in self.units}
        self.service.set_custody(self.child, values, shares, self.scope.actor)
        _flash(self.request, _("La garde partagée est enregistrée."))
        return HTTPSeeOther(self.request.path_url)


def _custody_url(request, scope, child):
    return request.route_url(
        "agents.family.child.household", family_id=scope.family.id, child_id=child.id
    )


@view_config(
    route_name="agents.family.child.household.link", request_method="POST", permission="agent"
)
def link_household(request):
    scope = FamilyScope(request)
    child = scope.child
    try:
        family_id = int(request.POST.get("household", ""))
    except ValueError:
        family_id = None
    service = HouseholdService(request.dbsession, request.tenant)
    try:
        if family_id is None:
            raise HouseholdError(_("Choisissez le second foyer dans la liste."))
        link = service.link(child, family_id, scope.actor)
    except HouseholdError as refusal:
        _flash(request, refusal.args[0], "error")
    else:
        _flash(
            request,
            _(
                "${child} est lié(e) au foyer ${family} : choisissez le calendrier de garde.",
                mapping={"child": child.full_name, "family": link.family.name},
            ),
        )
    return HTTPSeeOther(_custody_url(request, scope, child))


@view_config(
    route_name="agents.family.child.household.unlink", request_method="POST", permission="agent"
)
def unlink_household(request):
    scope = FamilyScope(request)
    child = scope.child
    HouseholdService(request.dbsession, request.tenant).unlink(child, scope.actor)
    _flash(
        request,
        _(
            "Le second foyer est retiré de la fiche de ${child}.",
            mapping={"child": child.full_name},
        ),
    )
    return HTTPSeeOther(_custody_url(request, scope, child))


@view_config(
    route_name="agents.family.guardian.restriction",
    renderer=TEMPLATES + "form_page.pt",
    permission="agent",
)
class RestrictionView(FormView):
    """Record that a guardian has no parental authority, or a court's restriction."""

    schema_class = RestrictionSchema
    form_id = "restriction"
    buttons = (("submit", _("Enregistrer")),)

    def __init__(self, context, request):
        super().__init__(context, request)
        self.scope = FamilyScope(request)
        self.guardian = self.scope.family.guardian(int(request.matchdict["position"]))
        if self.guardian is None:
            raise HTTPNotFound()
        self.title = _("Restriction de ${guardian}", mapping={"guardian": self.guardian.full_name})

    def extra(self):
        return {
            "intro": _(
                "Un responsable sans autorité parentale ou visé par une décision de justice "
                "ne voit rien du dossier famille avec son compte, et la liste des personnes "
                "autorisées à venir chercher l'enfant indique qu'il ne le peut pas."
            )
        }

    def appstruct(self):
        return {
            "restriction": self.guardian.restriction,
            "restriction_note": self.guardian.restriction_note,
        }

    def submit_success(self, appstruct):
        HouseholdService(self.request.dbsession, self.request.tenant).set_restriction(
            self.guardian, appstruct["restriction"], appstruct["restriction_note"], self.scope.actor
        )
        _flash(self.request, _("La restriction est enregistrée."))
        return HTTPSeeOther(self.scope.home_url())
