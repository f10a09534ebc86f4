"""Parents' campaigns: « Inscriptions » (open campaigns, wishes, outcomes, offers to answer)
and the waiting room of a first-come opening."""

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from portail_core.i18n import _
from portail_core.models.campaigns import LOTTERY, OFFERED, QUEUE
from portail_core.services.bookings import clock
from portail_core.services.campaigns.campaigns import WEEKDAYS, CampaignService
from portail_core.services.campaigns.errors import CampaignError, NotFound
from portail_core.services.campaigns.offers import Offers, waiting_rank
from portail_core.services.campaigns.priorities import chosen
from portail_core.services.campaigns.waiting_room import REFRESH_SECONDS, WaitingRoom
from portail_core.views.bookings.requests import current_children, family_id_of
from portail_core.views.campaigns.mails import send_outcomes

TEMPLATES = "portail_core:templates/campaigns/"
STATES = {
    "submitted": _("Demande enregistrée, en attente du tirage au sort"),
    "waiting": _("En liste d'attente"),
    "offered": _("Place proposée : à accepter"),
    "accepted": _("Place acceptée : enfant inscrit"),
    "declined": _("Place refusée"),
    "expired": _("Proposition expirée"),
    "refused": _("Aucune place attribuée"),
}


def service(request):
    return CampaignService(request.dbsession, request.tenant)


@view_config(route_name="campaigns.list", renderer=TEMPLATES + "list.pt", permission="parent")
def campaign_list(request):
    family_id = family_id_of(request)
    campaigns = service(request).visible()
    requests = service(request).family_requests(family_id)
    by_campaign = {}
    for row in requests:
        by_campaign.setdefault(row.campaign_id, []).append(row)
    ranks = {
        row.id: waiting_rank(request.dbsession, row)
        for row in requests
        if row.state == "waiting" and row.campaign.published_at
    }
    return {
        "campaigns": campaigns,
        "by_campaign": by_campaign,
        "ranks": ranks,
        "states": STATES,
        "now": clock.now(),
        "QUEUE": QUEUE,
        "requests_for": _requests_for,
    }


def _requests_for(title):
    return _("Vos demandes pour ${campaign}", mapping={"campaign": title})


def _lottery_or_404(request):
    try:
        campaign = service(request).get(int(request.matchdict["campaign_id"]))
    except NotFound as exc:
        raise HTTPNotFound() from exc
    if campaign.mode != LOTTERY:
        raise HTTPNotFound()
    return campaign


def _wishes(request, children, offered_units):
    """``{child id: (unit ids, weekdays)}`` from the form, and the errors by field."""
    wishes, errors = {}, {}
    for child in children:
        if request.POST.get(f"enfant-{child.id}") != "oui":
            continue
        units = {int(v) for v in request.POST.getall(f"unites-{child.id}") if v.isdigit()}
        days = {int(v) for v in request.POST.getall(f"jours-{child.id}") if v.isdigit()}
        units &= offered_units
        days &= set(range(7))
        if not units:
            errors[f"unites-{child.id}"] = _(
                "Cochez au moins un accueil pour ${child}.", mapping={"child": child.first_name}
            )
        if not days:
            errors[f"jours-{child.id}"] = _(
                "Cochez au moins un jour pour ${child}.", mapping={"child": child.first_name}
            )
        wishes[child.id] = (units, days)
    return wishes, errors


@view_config(route_name="campaigns.wishes", renderer=TEMPLATES + "wishes.pt", permission="parent")
def wishes(request):
    """The lottery's form: children, units and days; sending time plays no part."""
    campaign = _lottery_or_404(request)
    family_id = family_id_of(request)
    children = current_children(request)
    now = clock.now()
    existing = {
        row.child_id: row for row in service(request).family_requests(family_id, campaign.id)
    }
    offered = {link.unit_id for link in campaign.units}
    errors, posted = {}, None
    if request.method == "POST":
        posted, errors = _wishes(request, children, offered)
        if not errors:
            try:
                service(request).submit(campaign, family_id, posted, now)
            except NotFound as exc:
                raise HTTPNotFound() from exc
            except CampaignError as exc:
                request.session.flash(
                    request.localizer.translate(exc.args[0]) if exc.args else str(exc), "error"
                )
                return HTTPSeeOther(request.route_url("campaigns.list"))
            request.session.flash(
                request.localizer.translate(
                    _("Votre demande est enregistrée. Vous pouvez la modifier jusqu'à la clôture.")
                ),
                "success",
            )
            return HTTPSeeOther(request.route_url("campaigns.list"))
    return {
        "campaign": campaign,
        "children": children,
        "existing": existing,
        "posted": posted,
        "errors": errors,
        "open": campaign.opens_at <= now < campaign.closes_at,
        "priorities": chosen(request.tenant, campaign),
        "weekdays": WEEKDAYS,
    }


@view_config(route_name="campaigns.respond", request_method="POST", permission="parent")
def respond(request):
    """ "Accepter la place" or "Refuser la place" of an offer."""
    family_id = family_id_of(request)
    try:
        row = service(request).request_of(int(request.matchdict["request_id"]), family_id)
    except NotFound as exc:
        raise HTTPNotFound() from exc
    offers, now = Offers(request.dbsession, request.tenant), clock.now()
    answer = request.POST.get("reponse")
    try:
        if answer == "accepter" and row.state == OFFERED:
            offers.accept(row, family_id, now)
            request.session.flash(
                request.localizer.translate(
                    _(
                        "Place acceptée : ${child} est inscrit(e). Vous pouvez réserver.",
                        mapping={"child": row.child.full_name},
                    )
                ),
                "success",
            )
        elif answer == "refuser":
            outcomes = offers.decline(row, family_id, now)
            send_outcomes(request, row.campaign, outcomes)
            request.session.flash(
                request.localizer.translate(_("Vous avez refusé la place proposée.")), "info"
            )
        else:
            raise CampaignError(_("Cette proposition n'est plus valable."))
    except CampaignError as exc:
        request.session.flash(
            request.localizer.translate(exc.args[0]) if exc.args else str(exc), "error"
        )
    return HTTPSeeOther(request.route_url("campaigns.list"))


def safe_next(request):
    """Where to go once admitted: a booking page of this portal, never elsewhere."""
    target = request.params.get("suite", "")
    if target.startswith("/reservations/") and "//" not in target:
        return request.application_url + target
    return request.route_url("bookings.new")


@view_config(route_name="campaigns.waiting", renderer=TEMPLATES + "waiting.pt", permission="parent")
def waiting(request):
    """The waiting room: position, estimate, a meta refresh; the way in once admitted."""
    room, now = WaitingRoom(request.dbsession, request.tenant), clock.now()
    campaign = room.campaign(int(request.matchdict["campaign_id"]), now)
    if campaign is None:
        raise HTTPNotFound()
    turn = room.turn(campaign, family_id_of(request), now)
    return {
        "campaign": campaign,
        "turn": turn,
        "now": now,
        "closed": now >= campaign.closes_at,
        "next_url": safe_next(request),
        "refresh": REFRESH_SECONDS,
    }
