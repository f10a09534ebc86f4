"""The operator's pages, on the operator host only: installed plugins and their tenants, the
journal of the agents' actions in every commune."""

from pyramid.view import view_config

from portail_core.i18n import _
from portail_core.paging import page_number
from portail_core.plugins import plugin_report
from portail_core.services.audit.queries import AgentActions, page_label, shown_actor
from portail_core.views.accounts import LoginView
from portail_core.views.family.file import family_macros


def _report(request):
    registry = request.registry
    return plugin_report(registry.plugin_manager, list(registry.tenants))


@view_config(
    route_name="operator.login",
    renderer="portail_core:templates/operator/login.pt",
)
class OperatorLoginView(LoginView):
    title = _("Connexion opérateur")
    form_id = "operator-login"
    two_step_route = "operator.two_step"
    enrol_route = None  # no commune to require it: operators choose

    def landing_url(self, user):
        return self.request.route_url("operator.plugins")


@view_config(
    route_name="operator.plugins",
    renderer="portail_core:templates/operator/plugins.pt",
    permission="operator",
)
def plugins_page(request):
    return {"plugins": _report(request), "tenants": list(request.registry.tenants)}


@view_config(route_name="operator.plugins_json", renderer="json", permission="operator")
def plugins_json(request):
    return {
        "plugins": _report(request),
        "tenants": [
            {"id": t.id, "name": t.name, "hosts": list(t.hosts), "plugins": list(t.plugins)}
            for t in request.registry.tenants
        ],
    }


@view_config(
    route_name="operator.journal",
    renderer="portail_core:templates/operator/journal.pt",
    permission="operator",
)
def journal(request):
    """The agents' actions, newest first, in every commune or in the one chosen."""
    tenants = list(request.registry.tenants)
    chosen = request.params.get("commune", "")
    if chosen not in {tenant.id for tenant in tenants}:
        chosen = ""
    entries, pager = AgentActions(request.dbsession).page(
        page_number(request.params.get("page")), tenant_id=chosen or None
    )
    names = {tenant.id: tenant.name for tenant in tenants}
    return {
        "entries": entries,
        "pager": pager,
        "tenants": tenants,
        "chosen": chosen,
        "names": names,
        "page_label": page_label,
        "shown_actor": shown_actor,
        "query": {"commune": chosen} if chosen else {},
        "fm": family_macros(),
    }
