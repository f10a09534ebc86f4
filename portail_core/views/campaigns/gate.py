"""The booking pages' gate: a period opened by a first-come campaign is reached through
its waiting room until the campaign closes."""

from pyramid.httpexceptions import HTTPSeeOther

from portail_core.services.campaigns.waiting_room import WaitingRoom


def guard(request, period_id, family_id, now):
    """Send a family not yet admitted to the waiting room (then back to this page)."""
    room = WaitingRoom(request.dbsession, request.tenant)
    campaign = room.gate(period_id, now)
    if campaign is None or room.is_admitted(campaign, family_id, now):
        return
    raise HTTPSeeOther(
        request.route_url(
            "campaigns.waiting", campaign_id=campaign.id, _query={"suite": request.path_qs}
        )
    )
