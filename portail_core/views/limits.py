"""Rate limits seen from the views: a French refusal, status 429 and ``Retry-After``."""

import math

from portail_core.forms import FormError
from portail_core.i18n import _
from portail_core.security import request_tenant_id
from portail_core.services.accounts.throttle import RateLimiter

MESSAGES = {
    "login": _(
        "Trop de tentatives de connexion ont échoué. Par sécurité, réessayez dans "
        "${wait}, ou cliquez sur « Identifiant ou Mot de passe oublié ? »."
    ),
    "two_step": _("Trop de codes erronés ont été saisis. Par sécurité, réessayez dans ${wait}."),
    "reset": _(
        "Plusieurs liens ont déjà été demandés pour cette adresse. Par sécurité, "
        "réessayez dans ${wait}, et pensez à regarder dans vos courriers indésirables."
    ),
    "activation": _(
        "Trop de tentatives ont été faites avec ce lien ou depuis votre connexion. "
        "Par sécurité, réessayez dans ${wait}."
    ),
    "contact": _(
        "Vous avez déjà envoyé plusieurs messages récemment. Merci de patienter "
        "${wait} avant d'en envoyer un autre, ou écrivez directement à ${email}."
    ),
}


class RateLimited(FormError):
    """Too many attempts: the form comes back with the message, a 429 and ``Retry-After``."""

    status = 429

    def __init__(self, message, retry_after):
        super().__init__(message)
        self.retry_after = retry_after
        self.headers = {"Retry-After": str(retry_after)}


def client_address(request):
    return request.client_addr or "inconnue"


def limiter(request):
    limits = request.registry.settings["portail.rate_limits"]
    return RateLimiter(request.dbsession, request_tenant_id(request), limits)


def wait_phrase(seconds):
    """``90`` → « 2 minutes »; hours past two hours."""
    minutes = max(1, math.ceil(seconds / 60))
    if minutes >= 120:
        hours = math.ceil(minutes / 60)
        return _("${count} heures", mapping={"count": hours})
    return _("1 minute") if minutes == 1 else _("${count} minutes", mapping={"count": minutes})


def check(request, action, account=None, **values):
    """Raise :class:`RateLimited` when ``action`` is over a limit for this account or the
    request's address."""
    seconds = limiter(request).retry_after(action, account, client_address(request))
    if seconds:
        template = MESSAGES[action]
        message = _(template, mapping={"wait": wait_phrase(seconds), **values})
        raise RateLimited(message, seconds)


def hit(request, action, account=None):
    limiter(request).hit(action, account, client_address(request))


def clear(request, action, account):
    limiter(request).clear(action, account)
