"""Offers of a lottery campaign: places offered in rank order, accepted, declined or expired.

Every change returns the rows whose family must be told, so the caller mails them after
commit. Accepting is one conditional ``UPDATE`` (an offer expiring at the same moment
cannot be accepted too); filling places locks the campaign's row for that transaction.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, select, update
from zope.sqlalchemy import mark_changed

from portail_core.i18n import _
from portail_core.models.campaigns import (
    ACCEPTED,
    DECLINED,
    EXPIRED,
    OFFERED,
    REFUSED,
    WAITING,
    Campaign,
    CampaignRequest,
)
from portail_core.services.bookings.enrolments import EnrolmentService
from portail_core.services.campaigns.errors import CampaignError


@dataclass
class Outcomes:
    """The requests whose families get an e-mail, by what happened to them."""

    offered: list = field(default_factory=list)
    waiting: list = field(default_factory=list)
    refused: list = field(default_factory=list)
    expired: list = field(default_factory=list)

    def all(self):
        return self.offered + self.waiting + self.refused + self.expired


class Offers:
    def __init__(self, dbsession, tenant):
        self.dbsession = dbsession
        self.tenant = tenant

    def _requests(self, campaign, *states):
        return list(
            self.dbsession.scalars(
                select(CampaignRequest)
                .where(
                    CampaignRequest.tenant_id == self.tenant.id,
                    CampaignRequest.campaign_id == campaign.id,
                    CampaignRequest.state.in_(states),
                )
                .order_by(CampaignRequest.rank)
            )
        )

    def _lock(self, campaign):
        return self.dbsession.scalar(
            select(Campaign)
            .where(Campaign.tenant_id == self.tenant.id, Campaign.id == campaign.id)
            .with_for_update()
        )

    def publish(self, campaign, now):
        """Publish the ranking: the first ``places`` get an offer, the others wait."""
        campaign = self._lock(campaign)
        if campaign.seed is None:
            raise CampaignError(_("Faites d'abord le tirage au sort."))
        if campaign.published_at is not None:
            raise CampaignError(_("Le classement est déjà publié."))
        campaign.published_at = now
        outcomes = self.fill(campaign, now)
        outcomes.waiting = self._requests(campaign, WAITING)
        return outcomes

    def fill(self, campaign, now):
        """Offer the free places to the next waiting requests, in rank order."""
        outcomes = Outcomes()
        if campaign.published_at is None or campaign.finished_at is not None:
            return outcomes
        taken = self.dbsession.scalar(
            select(func.count(CampaignRequest.id)).where(
                CampaignRequest.campaign_id == campaign.id,
                CampaignRequest.state.in_((OFFERED, ACCEPTED)),
            )
        )
        free = campaign.places - taken
        if free <= 0:
            return outcomes
        for request in self._requests(campaign, WAITING)[:free]:
            request.state = OFFERED
            request.offered_at = now
            request.offer_expires_at = now + timedelta(hours=campaign.offer_hours)
            outcomes.offered.append(request)
        return outcomes

    def accept(self, request, family_id, now):
        """The family accepts its offer: the child is enrolled in the campaign's periods."""
        done = self.dbsession.execute(
            update(CampaignRequest)
            .where(
                CampaignRequest.id == request.id,
                CampaignRequest.tenant_id == self.tenant.id,
                CampaignRequest.family_id == family_id,
                CampaignRequest.state == OFFERED,
                CampaignRequest.offer_expires_at > now,
            )
            .values(state=ACCEPTED, decided_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        if not done:
            raise CampaignError(_("Cette proposition n'est plus valable."))
        mark_changed(self.dbsession)
        self.dbsession.refresh(request)
        enrolments = EnrolmentService(self.dbsession, self.tenant)
        for link in request.campaign.periods:
            enrolments.enrol(link.period, [request.child_id])
        return request

    def decline(self, request, family_id, now):
        """The family declines: the place goes to the next request."""
        if request.family_id != family_id or request.state != OFFERED:
            raise CampaignError(_("Cette proposition n'est plus valable."))
        campaign = self._lock(request.campaign)
        request.state = DECLINED
        request.decided_at = now
        return self.fill(campaign, now)

    def expire(self, campaign, now):
        """Offers not accepted in time pass to the next families."""
        campaign = self._lock(campaign)
        outcomes = Outcomes()
        for request in self._requests(campaign, OFFERED):
            if request.offer_expires_at <= now:
                request.state = EXPIRED
                request.decided_at = now
                outcomes.expired.append(request)
        if outcomes.expired:
            outcomes.offered = self.fill(campaign, now).offered
        return outcomes

    def finish(self, campaign, now):
        """Close the campaign: requests still waiting are refused."""
        campaign = self._lock(campaign)
        if campaign.published_at is None:
            raise CampaignError(_("Publiez d'abord le classement."))
        outcomes = Outcomes()
        for request in self._requests(campaign, WAITING):
            request.state = REFUSED
            request.decided_at = now
            outcomes.refused.append(request)
        campaign.finished_at = now
        return outcomes

    def due(self, now):
        """The published, unfinished campaigns with an offer past its time."""
        expired = select(CampaignRequest.campaign_id).where(
            CampaignRequest.tenant_id == self.tenant.id,
            CampaignRequest.state == OFFERED,
            CampaignRequest.offer_expires_at <= now,
        )
        return list(
            self.dbsession.scalars(
                select(Campaign).where(
                    Campaign.tenant_id == self.tenant.id, Campaign.id.in_(expired)
                )
            )
        )


def waiting_rank(dbsession, request):
    """The request's place on the waiting list (1 is next)."""
    before = dbsession.scalar(
        select(func.count(CampaignRequest.id)).where(
            CampaignRequest.campaign_id == request.campaign_id,
            CampaignRequest.state == WAITING,
            CampaignRequest.rank < request.rank,
        )
    )
    return before + 1
