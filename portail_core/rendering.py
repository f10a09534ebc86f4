"""Templates: Chameleon, the master layouts, branding fragments, deform in the reader's
language.

Every page gets, through a ``BeforeRender`` subscriber, the tenant, its branding, the
user, the CSRF token, the formatters of the request's language, the languages of the
header's switch and the layout macros.
"""

import deform
from pyramid.csrf import get_csrf_token
from pyramid.events import BeforeRender, subscriber
from pyramid.i18n import make_localizer
from pyramid.path import AssetResolver
from pyramid.renderers import get_renderer
from pyramid.response import Response
from pyramid.threadlocal import get_current_request

from portail_core import formatting
from portail_core.calendar import now_paris
from portail_core.i18n import NATIVE_NAMES, _, offered_languages

CORE_FRAGMENTS = {
    "header": "portail_core:templates/fragments/header.pt",
    "contact": "portail_core:templates/fragments/contact.pt",
    "footer": "portail_core:templates/fragments/footer.pt",
    "login": "portail_core:templates/fragments/login.pt",
    "languages": "portail_core:templates/fragments/languages.pt",
}


def _french_localizer():
    resolver = AssetResolver()
    dirs = [resolver.resolve(spec).abspath() for spec in ("colander:locale", "deform:locale")]
    return make_localizer("fr", dirs)


def _deform_translator(term):
    """Deform's texts and errors in the language of the request being answered (French
    outside a request, e.g. a form rendered by a command)."""
    request = get_current_request()
    localizer = request.localizer if request is not None else _french_localizer()
    return localizer.translate(term)


def configure_deform():
    """Deform renders with our accessible templates first, in the reader's language."""
    resolver = AssetResolver()
    search_path = (
        resolver.resolve("portail_core:templates/deform").abspath(),
        resolver.resolve("deform:templates").abspath(),
    )
    deform.Form.set_default_renderer(
        deform.ZPTRendererFactory(search_path, translator=_deform_translator)
    )


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
    event["fmt"] = formatting.for_request(request)
    event["_"] = _  # labels passed to macros: _("Nom") is translated where it is inserted
    event["languages"] = [(code, NATIVE_NAMES[code]) for code in offered_languages(tenant)]
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
    configure_deform()
    config.add_static_view("static", "portail_core:static", cache_max_age=3600)
    config.add_static_view("static-deform", "deform:static", cache_max_age=3600)
    config.add_route("branding.theme", "/theme.css")
    config.add_view(theme_css, route_name="branding.theme", http_cache=3600)
    config.scan(".rendering")
