"""Arranging campaigns in tests: a campaign over periods, a lottery request, agents' logins.

Plain functions on a session (commit what you arrange), through the campaigns' services.
"""

from portail_core.models.campaigns import CampaignRequest
from portail_core.services.campaigns.campaigns import CampaignService

AGENTS = {
    "balaruc": ("sej@balaruc.example.org", "Agent-Balaruc-2019"),
    "batz": ("sej@batz.example.org", "Agent-Batz-2018"),
}


def make_campaign(dbsession, tenant, periods, mode, opens_at, closes_at, **values):
    """A campaign over ``periods`` (all their units), saved as the agents' form does."""
    return CampaignService(dbsession, tenant).save(
        None,
        {
            "title": values.get("title", f"CAMPAGNE {mode.upper()}"),
            "mode": mode,
            "opens_at": opens_at,
            "closes_at": closes_at,
            "periods": {period.id for period in periods},
            "units": {unit.id for period in periods for unit in period.units},
            "rate_per_minute": values.get("rate_per_minute", 60),
            "places": values.get("places", 0),
            "offer_hours": values.get("offer_hours", 48),
            "priorities": values.get("priorities", []),
        },
    )


def request_for(dbsession, tenant, campaign, child, weekdays="1111100"):
    """A lottery request for ``child`` (the campaign's first unit), as parents send."""
    row = CampaignRequest(
        tenant_id=tenant.id,
        campaign_id=campaign.id,
        family_id=child.family_id,
        child_id=child.id,
        unit_ids=str(campaign.units[0].unit_id) if campaign.units else "",
        weekdays=weekdays,
        submitted_at=campaign.opens_at,
    )
    dbsession.add(row)
    dbsession.flush()
    return row
