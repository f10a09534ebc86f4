"""Campaigns of a commune: the agents' list and form, the parents' open campaigns and wishes."""

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from portail_core.i18n import _
from portail_core.models.bookings import Period, Unit
from portail_core.models.campaigns import (
    LOTTERY,
    SUBMITTED,
    WITHDRAWN,
    Campaign,
    CampaignPeriod,
    CampaignRequest,
    CampaignUnit,
)
from portail_core.models.family import Child
from portail_core.services.campaigns import schedule
from portail_core.services.campaigns.errors import CampaignError, NotFound

WEEKDAYS = (
    _("Lundi"),
    _("Mardi"),
    _("Mercredi"),
    _("Jeudi"),
    _("Vendredi"),
    _("Samedi"),
    _("Dimanche"),
)


class CampaignService:
    def __init__(self, dbsession, tenant):
        self.dbsession = dbsession
        self.tenant = tenant

    def _query(self):
        return (
            select(Campaign)
            .where(Campaign.tenant_id == self.tenant.id)
            .options(selectinload(Campaign.periods), selectinload(Campaign.units))
        )

    def all(self):
        return self.dbsession.scalars(self._query().order_by(Campaign.opens_at.desc())).all()

    def get(self, campaign_id):
        campaign = self.dbsession.scalar(self._query().where(Campaign.id == campaign_id))
        if campaign is None:
            raise NotFound()
        return campaign

    def choices(self):
        """The periods and units an agent may put in a campaign."""
        periods = self.dbsession.scalars(
            select(Period)
            .where(Period.tenant_id == self.tenant.id, Period.archived.is_(False))
            .order_by(Period.start_date)
        ).all()
        units = self.dbsession.scalars(
            select(Unit)
            .where(Unit.tenant_id == self.tenant.id, Unit.active.is_(True))
            .options(joinedload(Unit.establishment))
            .order_by(Unit.establishment_id, Unit.position, Unit.id)
        ).all()
        return periods, units

    def save(self, campaign, values, agent=None):
        """Create (``campaign`` None) or change a campaign from validated form values."""
        if campaign is not None and campaign.seed is not None:
            raise CampaignError(_("Le tirage a eu lieu : la campagne ne peut plus être modifiée."))
        periods, units = self.choices()
        period_ids = {p.id for p in periods} & set(values["periods"])
        unit_ids = {u.id for u in units} & set(values["units"])
        if not period_ids:
            raise CampaignError(_("Choisissez au moins une période."))
        if campaign is None:
            campaign = Campaign(tenant_id=self.tenant.id, created_by_id=agent and agent.id)
            self.dbsession.add(campaign)
        for name in ("title", "mode", "opens_at", "closes_at", "rate_per_minute", "places"):
            setattr(campaign, name, values[name])
        campaign.offer_hours = values["offer_hours"]
        campaign.priorities = ",".join(values["priorities"])
        campaign.periods = [
            CampaignPeriod(tenant_id=self.tenant.id, period_id=pid) for pid in sorted(period_ids)
        ]
        campaign.units = [
            CampaignUnit(tenant_id=self.tenant.id, unit_id=uid) for uid in sorted(unit_ids)
        ]
        self.dbsession.flush()
        schedule.changed(self.dbsession, self.tenant.id)  # the gate sees it at once here
        return campaign

    # -- parents -----------------------------------------------------------------------

    def visible(self):
        """Campaigns parents see: those not finished (closed ones still carry offers)."""
        return self.dbsession.scalars(
            self._query().where(Campaign.finished_at.is_(None)).order_by(Campaign.opens_at)
        ).all()

    def family_requests(self, family_id, campaign_id=None):
        query = select(CampaignRequest).where(
            CampaignRequest.tenant_id == self.tenant.id,
            CampaignRequest.family_id == family_id,
            CampaignRequest.state != WITHDRAWN,
        )
        if campaign_id is not None:
            query = query.where(CampaignRequest.campaign_id == campaign_id)
        return self.dbsession.scalars(query.order_by(CampaignRequest.id)).all()

    def request_of(self, request_id, family_id):
        request = self.dbsession.scalar(
            select(CampaignRequest).where(
                CampaignRequest.tenant_id == self.tenant.id,
                CampaignRequest.id == request_id,
                CampaignRequest.family_id == family_id,
            )
        )
        if request is None:
            raise NotFound()
        return request

    def submit(self, campaign, family_id, wishes, now):
        """Record a family's wishes: ``{child id: (unit ids, weekday set)}``.

        Sending again during the window replaces the wishes; the time of sending plays no
        part in the draw.
        """
        if campaign.mode != LOTTERY or not campaign.opens_at <= now < campaign.closes_at:
            raise CampaignError(_("Les demandes de cette campagne ne sont pas ouvertes."))
        children = set(
            self.dbsession.scalars(
                select(Child.id).where(
                    Child.tenant_id == self.tenant.id,
                    Child.family_id == family_id,
                    Child.archived.is_(False),
                )
            )
        )
        offered = {link.unit_id for link in campaign.units}
        existing = {r.child_id: r for r in self.family_requests(family_id, campaign.id)}
        for child_id, (unit_ids, weekdays) in wishes.items():
            if child_id not in children or not set(unit_ids) <= offered:
                raise NotFound()
            request = existing.pop(child_id, None) or self._withdrawn(campaign, child_id)
            if request is None:
                request = CampaignRequest(
                    tenant_id=self.tenant.id,
                    campaign_id=campaign.id,
                    family_id=family_id,
                    child_id=child_id,
                )
                self.dbsession.add(request)
            request.state = SUBMITTED
            request.unit_ids = ",".join(str(u) for u in sorted(unit_ids))
            request.weekdays = "".join("1" if d in weekdays else "0" for d in range(7))
            request.submitted_at = now
        for request in existing.values():  # children no longer asked for
            request.state = WITHDRAWN
        self.dbsession.flush()

    def _withdrawn(self, campaign, child_id):
        return self.dbsession.scalar(
            select(CampaignRequest).where(
                CampaignRequest.campaign_id == campaign.id, CampaignRequest.child_id == child_id
            )
        )

    def ranking(self, campaign):
        """The ranking rows, in rank order (then the not yet drawn, by child)."""
        return self.dbsession.scalars(
            select(CampaignRequest)
            .where(
                CampaignRequest.tenant_id == self.tenant.id,
                CampaignRequest.campaign_id == campaign.id,
                CampaignRequest.state != WITHDRAWN,
            )
            .options(
                selectinload(CampaignRequest.family), selectinload(CampaignRequest.adjusted_by)
            )
            .order_by(CampaignRequest.rank.is_(None), CampaignRequest.rank, CampaignRequest.id)
        ).all()


def weekday_labels(mask):
    return [WEEKDAYS[index] for index, flag in enumerate(mask) if flag == "1"]
