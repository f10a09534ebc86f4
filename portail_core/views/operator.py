"""The operator's pages, on the operator host only: installed plugins and their tenants."""

from pyramid.view import view_config

from portail_core.plugins import plugin_report
from portail_core.views.accounts import LoginView


def _report(request):
    registry = request.registry
    return plugin_report(registry.plugin_manager, list(registry.tenants))


@view_config(
    route_name="operator.login",
    renderer="portail_core:templates/operator/login.pt",
)
class OperatorLoginView(LoginView):
    title = "Connexion opérateur"
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
