"""The demo's campaigns: in each commune an opening behind a waiting room, a lottery open to
requests and a lottery ready to draw, all usable as loaded."""

import pytest
from sqlalchemy import select

from portail_core.models.campaigns import Campaign, CampaignRequest
from portail_core.services.bookings import clock
from portail_core.services.campaigns.lottery import Lottery, replay
from portail_core.testing.campaigns import AGENTS

PARENTS = {
    "balaruc": ("valentina.test@example.org", "Valentina-2019"),
    "batz": ("famille.aabelium@example.org", "Baptiste-2018"),
}


@pytest.mark.parametrize("commune", sorted(PARENTS))
def test_the_demo_campaigns_are_ready_to_try(commune, demo_data, dbsession, client_for):
    tenant = demo_data.get(commune)
    campaigns = dbsession.scalars(
        select(Campaign).where(Campaign.tenant_id == commune).order_by(Campaign.id)
    ).all()
    assert [c.mode for c in campaigns] == ["queue", "lottery", "lottery"]
    parent = client_for(commune)
    parent.login(*PARENTS[commune])
    page = parent.get("/inscriptions")
    assert "Entrer dans la salle d'attente" in page.text and "Faire ma demande" in page.text
    page = parent.get(f"/salle-d-attente/{campaigns[0].id}")
    assert "C'est votre tour" in page.text
    closed = campaigns[2]
    count = Lottery(dbsession, tenant).draw(closed, clock.now())
    dbsession.flush()
    assert count == 10 and replay(dbsession, tenant, closed).ok
    ranked = dbsession.scalars(
        select(CampaignRequest)
        .where(CampaignRequest.campaign_id == closed.id)
        .order_by(CampaignRequest.rank)
    ).all()
    assert ranked[0].matches > ranked[-1].matches  # priorities told them apart
    dbsession.rollback()
    agent = client_for(commune)
    agent.login(*AGENTS[commune])
    page = agent.get(f"/agents/campagnes/{closed.id}")
    assert "Effectuer le tirage au sort" in page.text
