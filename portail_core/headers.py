"""Security headers on every response, with a strict Content-Security-Policy.

No inline script or style is ever needed: scripts and styles are files under ``static/``.
Plugins that post to an outside gateway add its origin through
``portail.csp_form_action`` (space separated) in the settings.
"""

from pyramid.tweens import INGRESS

BASE_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def build_csp(settings):
    policy = dict(BASE_CSP)
    extra = settings.get("portail.csp_form_action", "").split()
    if extra:
        policy["form-action"] = " ".join(["'self'", *extra])
    return "; ".join(f"{key} {value}" for key, value in policy.items())


def security_headers_tween_factory(handler, registry):
    settings = registry.settings
    headers = {
        "Content-Security-Policy": build_csp(settings),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    if settings.get("portail.secure_cookies"):
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"

    def security_headers_tween(request):
        response = handler(request)
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        if request.environ.get("PATH_INFO", "").startswith("/static/"):  # maybe not UTF-8
            return response
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    return security_headers_tween


def includeme(config):
    # Outermost, so that even the bare 404 of an unknown host carries the headers.
    config.add_tween("portail_core.headers.security_headers_tween_factory", under=INGRESS)
