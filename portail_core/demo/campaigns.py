"""Demonstration campaigns: an opening behind a waiting room, a lottery open to requests,
and a lottery whose requests are in, ready for the agents' draw.

Everything goes through the campaigns' services, as the agents' and parents' pages do.
"""

from datetime import date, timedelta

from portail_core.models.campaigns import LOTTERY, QUEUE
from portail_core.services.campaigns.campaigns import CampaignService
from portail_core.services.campaigns.priorities import catalogue

# Families of the closed lottery: (name, first name, postal code, work phones, PAI).
LOTTERY_FAMILIES = (
    ("ARNAUD", "LÉO", None, 2, False),
    ("BERNARD", "JADE", None, 1, False),
    ("CARON", "NOAH", "00000", 2, False),
    ("DUMAS", "LOUISE", None, 0, True),
    ("ESTEVE", "GABRIEL", None, 2, False),
    ("FABRE", "ROSE", "00000", 0, False),
    ("GARNIER", "ADAM", None, 1, False),
    ("HENRY", "ALICE", None, 2, True),
    ("ISNARD", "RAPHAËL", None, 0, False),
    ("JOLY", "LINA", None, 2, False),
)


class CampaignDemo:
    """Builds a commune's demo campaigns on top of its :class:`BookingDemo`."""

    def __init__(self, bookings, demo):
        self.bookings = bookings
        self.demo = demo
        self.dbsession = bookings.dbsession
        self.tenant = bookings.tenant
        self.now = bookings.now
        self.service = CampaignService(self.dbsession, self.tenant)

    def _save(self, title, mode, period, opens_at, closes_at, **values):
        codes = list(catalogue(self.tenant))
        return self.service.save(
            None,
            {
                "title": title,
                "mode": mode,
                "opens_at": opens_at,
                "closes_at": closes_at,
                "periods": {period.id},
                "units": {unit.id for unit in period.units},
                "rate_per_minute": values.get("rate_per_minute", 60),
                "places": values.get("places", 0),
                "offer_hours": values.get("offer_hours", 48),
                "priorities": values.get("priorities", codes),
            },
        )

    def queue(self, title, period, rate_per_minute=30):
        """A first-come opening that started a minute ago, for three weeks."""
        return self._save(
            title,
            QUEUE,
            period,
            self.now - timedelta(minutes=1),
            self.now + timedelta(weeks=3),
            rate_per_minute=rate_per_minute,
        )

    def open_lottery(self, title, period, places):
        """A lottery taking requests since yesterday, for two weeks."""
        return self._save(
            title,
            LOTTERY,
            period,
            self.now - timedelta(days=1),
            self.now + timedelta(weeks=2),
            places=places,
        )

    def closed_lottery(self, title, period, places, domain):
        """A lottery whose window closed an hour ago, with the demo families' requests."""
        campaign = self._save(
            title,
            LOTTERY,
            period,
            self.now - timedelta(days=7),
            self.now - timedelta(hours=1),
            places=places,
        )
        units = {unit.id for unit in period.units[:1]}
        resident = self.tenant.plugin_settings("core").get("resident_postal_codes", ())
        for index, (name, first, postal, working, pai) in enumerate(LOTTERY_FAMILIES):
            family = self.demo.family(
                name,
                f"famille.{name.lower()}@{domain}",
                f"Tirage-{name.capitalize()}-2026",
                "Parent",
                name,
                children=[(first, date(2018, 1 + index, 10), "")],
            )
            family.postal_code = postal or (resident[0] if resident else "")
            self._guardians(family, working)
            self.dbsession.flush()
            child = family.children[0]
            child.pai = pai
            self._request(campaign, family, child, units)
        return campaign

    def _guardians(self, family, working):
        from portail_core.models.family import Guardian

        for position in (1, 2):
            family.guardians.append(
                Guardian(
                    tenant_id=self.tenant.id,
                    position=position,
                    last_name=family.name,
                    first_name="Parent" if position == 1 else "Second parent",
                    phone_work=f"04 67 00 00 0{position}" if position <= working else "",
                )
            )

    def _request(self, campaign, family, child, units):
        from portail_core.models.campaigns import CampaignRequest

        self.dbsession.add(
            CampaignRequest(
                tenant_id=self.tenant.id,
                campaign_id=campaign.id,
                family_id=family.id,
                child_id=child.id,
                unit_ids=",".join(str(u) for u in sorted(units)),
                weekdays="1111100",
                submitted_at=campaign.opens_at + timedelta(hours=1),
            )
        )
