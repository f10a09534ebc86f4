"""Agents' campaigns: the list, the form, the campaign's page (waiting room figures or the
ranking with its reasons), the draw, the adjustment of one rank, publication and closing."""

from datetime import datetime

import colander
import deform
from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from portail_core.calendar import PARIS
from portail_core.forms import FormError, FormView
from portail_core.i18n import _
from portail_core.models.campaigns import LOTTERY, QUEUE
from portail_core.schemas.campaigns import (
    MODE_CHOICES,
    AdjustSchema,
    CampaignSchema,
    parse_hour,
    priority_nodes,
    ranked_codes,
)
from portail_core.services.bookings import clock
from portail_core.services.campaigns.campaigns import CampaignService, weekday_labels
from portail_core.services.campaigns.errors import CampaignError, NotFound
from portail_core.services.campaigns.lottery import Lottery, replay
from portail_core.services.campaigns.offers import Offers
from portail_core.services.campaigns.priorities import catalogue
from portail_core.services.campaigns.waiting_room import WaitingRoom
from portail_core.views.bookings.requests import dict_of
from portail_core.views.campaigns.mails import send_outcomes
from portail_core.views.campaigns.parents import STATES

TEMPLATES = "portail_core:templates/agents/campaigns/"
FORM_PAGE = "portail_core:templates/agents/form_page.pt"
MODES = dict(MODE_CHOICES)


def service(request):
    return CampaignService(request.dbsession, request.tenant)


def campaign_or_404(request):
    try:
        return service(request).get(int(request.matchdict["campaign_id"]))
    except NotFound as exc:
        raise HTTPNotFound() from exc


def _paris(day, hour_text):
    hour, minute = parse_hour(hour_text)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)


@view_config(route_name="agents.campaigns", renderer=TEMPLATES + "list.pt", permission="agent")
def campaign_list(request):
    return {"campaigns": service(request).all(), "modes": MODES, "now": clock.now()}


class CampaignFormView(FormView):
    schema_class = CampaignSchema
    buttons = (("submit", _("Enregistrer la campagne")),)
    form_id = "campaign"
    campaign = None

    def bind(self):
        periods, units = service(self.request).choices()
        return {**super().bind(), "periods": periods, "units": units}

    def make_form(self):
        self.priorities = list(catalogue(self.request.tenant).values())
        schema = priority_nodes(CampaignSchema(), self.priorities).bind(**self.bind())
        return deform.Form(schema, buttons=self.make_buttons(), formid=self.form_id)

    def extra(self):
        return {
            "intro": _(
                "Les heures sont celles de Paris. En mode salle d'attente, les pages de "
                "réservation des périodes choisies ne s'ouvrent qu'à leur tour aux familles, au "
                "rythme fixé ; en mode tirage au sort, les familles déposent leurs demandes "
                "jusqu'à la clôture, puis le classement suit les priorités dans l'ordre choisi."
            )
        }

    def submit_success(self, appstruct):
        codes, clash = ranked_codes(appstruct, self.priorities)
        if clash:
            raise FormError(_("Deux priorités ne peuvent pas avoir le même rang."), clash)
        opens_at = _paris(appstruct["opens_on"], appstruct["opens_hour"])
        closes_at = _paris(appstruct["closes_on"], appstruct["closes_hour"])
        if closes_at <= opens_at:
            raise FormError(_("La clôture doit venir après l'ouverture."), "closes_on")
        if appstruct["mode"] == LOTTERY and appstruct["places"] < 1:
            raise FormError(_("Indiquez le nombre de places à attribuer."), "places")
        values = {
            **appstruct,
            "opens_at": opens_at,
            "closes_at": closes_at,
            "priorities": codes,
            "periods": {int(v) for v in appstruct["periods"]},
            "units": {int(v) for v in appstruct["units"]},
        }
        try:
            campaign = service(self.request).save(self.campaign, values, self.request.user)
        except CampaignError as exc:
            raise FormError(self.request.localizer.translate(exc.args[0])) from exc
        message = _("Campagne « ${title} » enregistrée.", mapping={"title": campaign.title})
        self.request.session.flash(self.request.localizer.translate(message), "success")
        return HTTPSeeOther(
            self.request.route_url("agents.campaigns.view", campaign_id=campaign.id)
        )


@view_config(route_name="agents.campaigns.new", renderer=FORM_PAGE, permission="agent")
class NewCampaignView(CampaignFormView):
    title = _("Nouvelle campagne d'inscription")

    def appstruct(self):
        defaults = {"mode": QUEUE, "rate_per_minute": 60, "offer_hours": 48, "places": 0}
        defaults.update({"opens_hour": "09:00", "closes_hour": "18:00"})
        for rank, priority in enumerate(self.priorities, 1):
            defaults[f"priorite_{priority.code}"] = rank
        return defaults


@view_config(route_name="agents.campaigns.edit", renderer=FORM_PAGE, permission="agent")
class EditCampaignView(CampaignFormView):
    def __init__(self, context, request):
        super().__init__(context, request)
        self.campaign = campaign_or_404(request)
        self.title = _("Modifier la campagne « ${title} »", mapping={"title": self.campaign.title})
        if self.campaign.seed is not None:
            raise HTTPNotFound()

    def appstruct(self):
        campaign = self.campaign
        opens, closes = campaign.opens_at.astimezone(PARIS), campaign.closes_at.astimezone(PARIS)
        values = {
            "title": campaign.title,
            "mode": campaign.mode,
            "opens_on": opens.date(),
            "opens_hour": opens.strftime("%H:%M"),
            "closes_on": closes.date(),
            "closes_hour": closes.strftime("%H:%M"),
            "periods": {str(link.period_id) for link in campaign.periods},
            "units": {str(link.unit_id) for link in campaign.units},
            "rate_per_minute": campaign.rate_per_minute,
            "places": campaign.places,
            "offer_hours": campaign.offer_hours,
        }
        for rank, code in enumerate(campaign.priority_codes, 1):
            values[f"priorite_{code}"] = rank
        return values


@view_config(
    route_name="agents.campaigns.view",
    request_method="GET",
    renderer=TEMPLATES + "campaign.pt",
    permission="agent",
)
def campaign_view(request):
    campaign = campaign_or_404(request)
    now = clock.now()
    available = catalogue(request.tenant)
    values = {
        "campaign": campaign,
        "modes": MODES,
        "now": now,
        "priorities": [available[c] for c in campaign.priority_codes if c in available],
        "weekday_labels": weekday_labels,
        "states": STATES,
    }
    if campaign.mode == QUEUE:
        values["stats"] = WaitingRoom(request.dbsession, request.tenant).statistics(campaign, now)
        return values
    units = {link.unit_id: link.unit.label for link in campaign.units}
    values["rows"] = service(request).ranking(campaign)
    values["unit_labels"] = lambda row: ", ".join(units.get(u, "?") for u in row.unit_id_list)
    values["verification"] = (
        replay(request.dbsession, request.tenant, campaign) if campaign.seed else None
    )
    return values


ACTIONS = {
    "tirage": "draw",
    "publication": "publish",
    "expirations": "expire",
    "cloture": "finish",
}


@view_config(route_name="agents.campaigns.action", request_method="POST", permission="agent")
def campaign_action(request):
    campaign = campaign_or_404(request)
    action = ACTIONS.get(request.matchdict["action"])
    if action is None or campaign.mode != LOTTERY:
        raise HTTPNotFound()
    now = clock.now()
    target = request.route_url("agents.campaigns.view", campaign_id=campaign.id)
    offers = Offers(request.dbsession, request.tenant)
    try:
        if action == "draw":
            count = Lottery(request.dbsession, request.tenant).draw(campaign, now)
            message = _(
                "Tirage effectué : ${count} demande(s) classée(s).", mapping={"count": count}
            )
            request.session.flash(request.localizer.translate(message), "success")
            return HTTPSeeOther(target)
        outcomes = getattr(offers, action)(campaign, now)
    except CampaignError as exc:
        request.session.flash(request.localizer.translate(exc.args[0]), "error")
        return HTTPSeeOther(target)
    sent = send_outcomes(request, campaign, outcomes)
    message = _(
        "${offered} place(s) proposée(s), ${refused} refus, ${expired} proposition(s) "
        "expirée(s) ; ${sent} e-mail(s) envoyé(s).",
        mapping={
            "offered": len(outcomes.offered),
            "refused": len(outcomes.refused),
            "expired": len(outcomes.expired),
            "sent": sent,
        },
    )
    request.session.flash(request.localizer.translate(message), "success")
    return HTTPSeeOther(target)


@view_config(route_name="agents.campaigns.adjust", request_method="POST", permission="agent")
def adjust(request):
    campaign = campaign_or_404(request)
    target = request.route_url("agents.campaigns.view", campaign_id=campaign.id)
    try:
        values = AdjustSchema().deserialize(dict_of(request.POST))
    except colander.Invalid as exc:
        messages = exc.asdict()
        message = messages.get("motif") or messages.get("rang") or _("Ajustement illisible.")
        request.session.flash(request.localizer.translate(message), "error")
        return HTTPSeeOther(target + "#classement")
    try:
        moved = Lottery(request.dbsession, request.tenant).adjust(
            campaign, values["demande"], values["rang"], values["motif"], request.user, clock.now()
        )
    except CampaignError as exc:
        request.session.flash(request.localizer.translate(exc.args[0]), "error")
        return HTTPSeeOther(target + "#classement")
    message = _(
        "${child} passe du rang ${old} au rang ${new}.",
        mapping={"child": moved.child.full_name, "old": moved.adjusted_from, "new": moved.rank},
    )
    request.session.flash(request.localizer.translate(message), "success")
    return HTTPSeeOther(target + "#classement")
