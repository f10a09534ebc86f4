"""Which language a request is answered in, and the header's language switch.

The account's choice wins, then the switch's cookie (a visitor not logged in), then the
browser's ``Accept-Language`` on a first visit; always among the languages the tenant
offers, its first being the default.
"""

from urllib.parse import urlsplit

from pyramid.httpexceptions import HTTPSeeOther

from portail_core.i18n import offered_languages

COOKIE = "langue"
COOKIE_MAX_AGE = 365 * 24 * 3600


def negotiate_locale(request):
    offered = offered_languages(request.tenant_or_none)
    if len(offered) == 1:
        return offered[0]
    user = request.user if request.tenant_or_none is not None else None
    for chosen in (getattr(user, "language", None), request.cookies.get(COOKIE)):
        if chosen in offered:
            return chosen
    return request.accept_language.lookup(offered, default=offered[0])


def _local_path(value, request):
    """``value`` if it is a path of this site, else the home page: never an open redirect."""
    parts = urlsplit(value or "")
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or "\\" in value:
        return request.route_url("home")
    return request.application_url + value


def switch_language(request):
    """POST ``language`` (CSRF-checked like every form): keep the choice and go back."""
    language = request.POST.get("language")
    target = _local_path(request.POST.get("came_from"), request)
    response = HTTPSeeOther(location=target)
    if language not in offered_languages(request.tenant):
        return response
    response.set_cookie(
        COOKIE,
        language,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.registry.settings.get("portail.secure_cookies", True),
    )
    if request.user is not None:
        request.user.language = language
    return response


def includeme(config):
    config.set_locale_negotiator(negotiate_locale)
    config.add_route("language.switch", "/langue")
    config.add_view(switch_language, route_name="language.switch", request_method="POST")
