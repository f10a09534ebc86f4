"""Error pages: French, inside the commune's layout, never a traceback."""

import logging

from pyramid.csrf import get_csrf_token
from pyramid.exceptions import BadCSRFToken, URLDecodeError
from pyramid.httpexceptions import HTTPException, HTTPSeeOther
from pyramid.renderers import render_to_response
from pyramid.response import Response
from pyramid.view import exception_view_config, forbidden_view_config, notfound_view_config

from portail_core.i18n import _
from portail_core.limits import BodyTooLarge, UnreadableRequest
from portail_core.tenancy import is_operator_request
from portail_core.views.limits import RateLimited

log = logging.getLogger(__name__)
ERROR_PAGE = "portail_core:templates/errors/error.pt"


def error_page(request, status, title, message):
    if request.tenant_or_none is None:
        text = request.localizer.translate(title)
        return Response(text, status=status, content_type="text/plain", charset="utf-8")
    response = render_to_response(ERROR_PAGE, {"title": title, "message": message}, request=request)
    response.status = status
    return response


@notfound_view_config()
def not_found(request):
    return error_page(
        request,
        404,
        _("Page introuvable"),
        _("La page demandée n'existe pas ou n'est pas accessible depuis votre compte."),
    )


@forbidden_view_config()
def forbidden(request):
    if is_operator_request(request) and request.user is None:
        return HTTPSeeOther(request.route_url("operator.login"))
    if request.tenant_or_none is not None and request.user is None:
        request.session.flash(
            request.localizer.translate(_("Connectez-vous pour accéder à cette page.")), "info"
        )
        return HTTPSeeOther(
            request.route_url("accounts.login", _query={"came_from": request.path_qs})
        )
    return error_page(
        request, 403, _("Accès refusé"), _("Votre compte ne donne pas accès à cette page.")
    )


@exception_view_config(BadCSRFToken)
def bad_csrf(request):
    get_csrf_token(request)
    return error_page(
        request,
        400,
        _("Formulaire expiré"),
        _(
            "Ce formulaire a expiré (par exemple après une longue inactivité). "
            "Revenez à la page précédente, rechargez-la et recommencez."
        ),
    )


@exception_view_config(RateLimited)
def rate_limited(exc, request):
    """A limit reached outside a form (a link followed too often): 429, French, when to retry."""
    response = error_page(request, 429, _("Trop de tentatives"), exc.message)
    response.headers.update(exc.headers)
    return response


@exception_view_config(BodyTooLarge)
def body_too_large(exc, request):
    megabytes = max(1, exc.limit // (1024 * 1024))
    return error_page(
        request,
        413,
        _("Envoi trop volumineux"),
        _(
            "Les données envoyées dépassent la taille maximale acceptée (${megabytes} Mo). "
            "Revenez à la page précédente et joignez un fichier plus léger : la taille "
            "maximale de chaque fichier est indiquée à côté de son champ.",
            mapping={"megabytes": megabytes},
        ),
    )


@exception_view_config(UnreadableRequest)
@exception_view_config(URLDecodeError)
@exception_view_config(UnicodeError)
def unreadable_request(exc, request):
    return error_page(
        request,
        400,
        _("Requête illisible"),
        _(
            "L'adresse ou le formulaire envoyé contient des caractères illisibles. "
            "Revenez à la page précédente et recommencez."
        ),
    )


@exception_view_config(Exception)
def server_error(exc, request):
    if isinstance(exc, HTTPException):  # a raised redirect or 4xx is an answer, not a fault
        return exc
    log.exception("unexpected error on %s", request.path)
    return error_page(
        request,
        500,
        _("Une erreur est survenue"),
        _(
            "Une erreur inattendue nous empêche d'afficher cette page. Aucune donnée n'a été "
            "perdue : réessayez dans quelques instants. Si le problème continue, contactez le "
            "Service Enfance Jeunesse."
        ),
    )
