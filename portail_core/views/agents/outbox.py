"""Agents: « Courriels », every e-mail the portal sent or will send for the commune, with
its state (waiting, sent, failed and why), and « Renvoyer » for a failed one."""

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from portail_core.i18n import _
from portail_core.models.outbox import OUTBOX_STATES
from portail_core.paging import page_number
from portail_core.services.outbox.listing import STATE_LABELS, OutboxListing
from portail_core.services.reminders.settings import reminder_settings
from portail_core.views.family.file import family_macros

TEMPLATES = "portail_core:templates/agents/"


def listing(request):
    return OutboxListing(request.dbsession, request.tenant)


@view_config(route_name="agents.outbox", renderer=TEMPLATES + "outbox.pt", permission="agent")
def outbox(request):
    state = request.params.get("etat", "")
    state = state if state in OUTBOX_STATES else ""
    search = request.params.get("q", "").strip()[:254]
    service = listing(request)
    rows, pager = service.page(state or None, search, page_number(request.params.get("page")))
    reminders = reminder_settings(request.tenant)
    return {
        "messages": rows,
        "pager": pager,
        "counts": service.counts(),
        "state": state,
        "search": search,
        "labels": STATE_LABELS,
        "query": {"etat": state, "q": search},
        "reminders": reminders,
        "vaccines_text": _vaccines_text(request, reminders.vaccines),
        "fm": family_macros(),
    }


def _vaccines_text(request, vaccines):
    """« DTP : 10 ans, … »: how long each vaccine stays valid, in the agent's language."""
    translate = request.localizer.translate
    return ", ".join(
        translate(_("${name} : ${years} ans", mapping={"name": name, "years": years}))
        for name, years in sorted((vaccines or {}).items())
    )


def _message(request):
    message = listing(request).message(int(request.matchdict["message_id"]))
    if message is None:
        raise HTTPNotFound()
    return message


@view_config(
    route_name="agents.outbox.message", renderer=TEMPLATES + "outbox_message.pt", permission="agent"
)
def message_view(request):
    return {"message": _message(request), "labels": STATE_LABELS}


@view_config(route_name="agents.outbox.retry", request_method="POST", permission="agent")
def retry(request):
    message = _message(request)
    if listing(request).retry(message):
        text = _(
            "Le courriel à ${recipient} est renvoyé.", mapping={"recipient": message.recipient}
        )
        request.session.flash(request.localizer.translate(text), "success")
    else:
        text = _("Seul un courriel en échec peut être renvoyé.")
        request.session.flash(request.localizer.translate(text), "error")
    return HTTPSeeOther(request.route_url("agents.outbox.message", message_id=message.id))
