"""Templates: Chameleon, the master layouts, branding fragments, deform in French.

Every page gets, through a ``BeforeRender`` subscriber, the tenant, its branding, the
user, the CSRF token, the French formatters and the layout macros.
"""

import deform
from pyramid.csrf import get_csrf_token
from pyramid.events import BeforeRender, subscriber
from pyramid.i18n import make_localizer
from pyramid.path import AssetResolver
from pyramid.renderers import get_renderer
from pyramid.response import Response

from portail_core import formatting
from portail_core.calendar import now_paris

CORE_FRAGMENTS = {
    "header": "portail_core:templates/fragments/header.pt",
    "contact": "portail_core:templates/fragments/contact.pt",
    "footer": "portail_core:templates/fragments/footer.pt",
    "login": "portail_core:templates/fragments/login.pt",
}


def _french_localizer():
    resolver = AssetResolver()
    dirs = [resolver.resolve(spec).abspath() for spec in ("colander:locale", "deform:locale")]
    return make_localizer("fr", dirs)


def configure_deform():
    """Deform renders with our accessible templates first, and speaks French."""
    resolver = AssetResolver()
    search_path = (
        resolver.resolve("portail_core:templates/deform").abspath(),
        resolver.resolve("deform:templates").abspath(),
    )
    localizer = _french_localizer()
    deform.Form.set_default_renderer(
        deform.ZPTRendererFactory(search_path, translator=localizer.translate)
    )
    return localizer


class FragmentRenderer:
    """Renders a branding fragment: the commune's template if it gave one, else the core's.

    A fragment is part of a page already being rendered: its template is called with the
    page's values directly, without a second trip through Pyramid's rendering machinery.
    """

    def __init__(self, request, values):
        self.request = request
        self.values = values

    def __call__(self, name):
        tenant = self.request.tenant_or_none
        spec = CORE_FRAGMENTS[name]
        if tenant is not None:
            spec = tenant.branding.fragments.get(name, spec)
        return get_renderer(spec).implementation()(**self.values)


@subscriber(BeforeRender)
def add_renderer_globals(event):
    request = event.get("request")
    if request is None or "layout" in event:
        return
    if event.get("renderer_name", "").endswith(".txt"):
        return  # an e-mail: it gets its own values, and must not take the page's messages
    tenant = request.tenant_or_none
    event["tenant"] = tenant
    event["branding"] = tenant.branding if tenant is not None else None
    event["user"] = request.user if tenant is not None else None
    event["fmt"] = formatting
    event["today"] = now_paris().date()
    event["csrf_token"] = get_csrf_token(request)
    event["layout"] = get_renderer("portail_core:templates/layout.pt").implementation()
    event["agent_layout"] = get_renderer("portail_core:templates/agents/layout.pt").implementation()
    event["fragment"] = FragmentRenderer(request, dict(event))
    event["flashes"] = {queue: _pop_flash(request, queue) for queue in ("success", "error", "info")}


def _pop_flash(request, queue):
    # Popping marks the session changed, which stores it again: only pop what is there.
    return request.session.pop_flash(queue) if request.session.peek_flash(queue) else []


def theme_css(request):
    """The commune's colours as CSS variables: no inline style needed, so a strict CSP."""
    branding = request.tenant.branding
    css = (
        ":root {\n"
        f"  --primary: {branding.primary_colour};\n"
        f"  --accent: {branding.accent_colour};\n"
        "}\n"
    )
    response = Response(css, content_type="text/css", charset="utf-8")
    response.cache_control.max_age = 3600
    response.cache_control.public = True
    return response


def includeme(config):
    config.include("pyramid_chameleon")
    settings = config.get_settings()
    settings.setdefault("pyramid.default_locale_name", "fr")
    config.add_translation_dirs("colander:locale/", "deform:locale/")
    configure_deform()
    config.add_static_view("static", "portail_core:static", cache_max_age=3600)
    config.add_static_view("static-deform", "deform:static", cache_max_age=3600)
    config.add_route("branding.theme", "/theme.css")
    config.add_view(theme_css, route_name="branding.theme", http_cache=3600)
    config.scan(".rendering")
