"""Agents process requests: the queue, all reservations, a reservation's detail.

Decisions (accept, refuse, cancel, with a reason) apply per line, per reservation or to a
ticked selection across reservations; the families are told by e-mail after commit.
"""

import colander
from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from portail_core.i18n import _
from portail_core.schemas.bookings import DecisionSchema
from portail_core.services.bookings import clock
from portail_core.services.bookings.catalog import CatalogService
from portail_core.services.bookings.errors import NotFound
from portail_core.services.bookings.processing import ACCEPT, ProcessingService
from portail_core.services.bookings.queries import PER_PAGE_CHOICES, ReservationQueries
from portail_core.views.agents.bookings_catalog import TEMPLATES
from portail_core.views.bookings.mails import send_decisions
from portail_core.views.bookings.requests import dict_of, int_param, legends

#: What became of the decided lines, by action (whole sentences: the word order differs).
DECIDED = {
    "accept": _("${count} présence(s) acceptée(s)"),
    "refuse": _("${count} présence(s) refusée(s)"),
    "cancel": _("${count} présence(s) annulée(s)"),
}


def queries(request):
    return ReservationQueries(request.dbsession, request.tenant)


@view_config(
    route_name="agents.bookings.queue",
    request_method="GET",
    renderer=TEMPLATES + "queue.pt",
    permission="agent",
)
def queue(request):
    period_id = int_param(request, "periode")
    page = queries(request).queue(period_id=period_id, number=int_param(request, "page", 1))
    lines = [line for reservation, _state in page.items for line in reservation.lines]
    return {
        "page": page,
        "period_id": period_id,
        "periods": CatalogService(request.dbsession, request.tenant).periods(),
        "ranks": queries(request).waiting_ranks(lines),
        **legends(),
    }


def apply_decision(request, target, reservation_id=None):
    """Validate the posted decision, apply it, flash what happened, tell the families.

    :param reservation_id: only lines of this reservation may be decided (its page).
    """
    try:
        values = DecisionSchema().deserialize(dict_of(request.POST, ("lignes",)))
    except colander.Invalid as exc:
        messages = exc.asdict(translate=request.localizer.translate)
        text = messages.get("motif") or request.localizer.translate(_("Choisissez une action."))
        request.session.flash(text, "error")
        return HTTPSeeOther(target)
    service = ProcessingService(request.dbsession, request.tenant)
    now = clock.now()
    if values["tout"]:
        action, _colon, whole = values["tout"].partition(":")
        if reservation_id is not None and int(whole) != reservation_id:
            raise HTTPNotFound()
        decisions = service.decide_reservation(
            int(whole), action, values["motif"], request.user, now
        )
    else:
        action, ids = values["action"], values["lignes"]
        if values["ligne"]:
            action, _colon, line_id = values["ligne"].partition(":")
            ids = [int(line_id)]
        decisions = service.decide(
            ids, action, values["motif"], request.user, now, reservation_id=reservation_id
        )
    if not decisions.decided and not decisions.full:
        none = _("Aucune ligne à traiter : cochez des présences.")
        request.session.flash(request.localizer.translate(none), "info")
        return HTTPSeeOther(target)
    send_decisions(request, decisions, values["motif"])
    parts = []
    if decisions.decided:
        parts.append(_(DECIDED[action], mapping={"count": len(decisions.decided)}))
    if decisions.full:
        full = _("${count} non acceptée(s) faute de place", mapping={"count": len(decisions.full)})
        parts.append(full)
    if decisions.promotions:
        promoted = _(
            "${count} place(s) donnée(s) à la liste d'attente",
            mapping={"count": len(decisions.promotions)},
        )
        parts.append(promoted)
    level = "success" if decisions.decided else "error"
    text = " ; ".join(request.localizer.translate(part) for part in parts) + "."
    request.session.flash(text, level)
    return HTTPSeeOther(target)


@view_config(route_name="agents.bookings.queue", request_method="POST", permission="agent")
def decide(request):
    query = {"page": request.POST.get("page", "1")}
    if request.POST.get("periode", "").isdigit():
        query["periode"] = request.POST["periode"]
    return apply_decision(request, request.route_url("agents.bookings.queue", _query=query))


@view_config(
    route_name="agents.bookings.reservations",
    renderer=TEMPLATES + "reservations.pt",
    permission="agent",
)
def reservations(request):
    search = request.params.get("q", "")[:100]
    page = queries(request).page(
        family_id=None,
        search=search,
        number=int_param(request, "page", 1),
        per_page=int_param(request, "par_page", 25),
        sort=request.params.get("tri", "date"),
    )
    return {"page": page, "search": search, "per_page_choices": PER_PAGE_CHOICES, **legends()}


@view_config(
    route_name="agents.bookings.reservation",
    request_method="GET",
    renderer=TEMPLATES + "reservation.pt",
    permission="agent",
)
def reservation(request):
    try:
        row = queries(request).detail(int(request.matchdict["reservation_id"]))
    except NotFound as exc:
        raise HTTPNotFound() from exc
    return {
        "reservation": row,
        "state": queries(request).states([row.id])[row.id],
        "ranks": queries(request).waiting_ranks(row.lines),
        "accept": ACCEPT,
        **legends(),
    }


@view_config(route_name="agents.bookings.reservation", request_method="POST", permission="agent")
def decide_on_reservation(request):
    reservation_id = int(request.matchdict["reservation_id"])
    try:
        queries(request).detail(reservation_id)
    except NotFound as exc:
        raise HTTPNotFound() from exc
    target = request.route_url("agents.bookings.reservation", reservation_id=reservation_id)
    return apply_decision(request, target, reservation_id)
