"""Registration campaigns: an opening day behind a waiting room, or requests then a lottery.

A campaign covers periods (and units) of one commune. In ``queue`` mode the periods'
booking pages are reached through a waiting room: a ``WaitingTicket``'s ``position`` is the
family's order of arrival, and it is let in once the admission cursor (the minutes since
opening × the rate the agent set) has passed it. In ``lottery`` mode parents send one
``CampaignRequest`` per child; the draw ranks them by the campaign's priorities, ties
broken by a random draw from the recorded ``Campaign.seed``, so a run can be replayed.
"""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portail_core.models.meta import Base
from portail_core.models.types import TenantOwned, UTCDateTime, utcnow

QUEUE = "queue"  # Premier arrivé, premier servi, derrière une salle d'attente
LOTTERY = "lottery"  # Demandes puis tirage au sort
MODES = (QUEUE, LOTTERY)

# States of a lottery request (the ranking row).
SUBMITTED = "submitted"  # Demande enregistrée, en attente du tirage
WAITING = "waiting"  # Classée, en liste d'attente
OFFERED = "offered"  # Une place est proposée, à accepter avant offer_expires_at
ACCEPTED = "accepted"  # Place acceptée : l'enfant est inscrit aux périodes
DECLINED = "declined"  # Place refusée par la famille
EXPIRED = "expired"  # Proposition non acceptée à temps
REFUSED = "refused"  # Aucune place à la clôture
WITHDRAWN = "withdrawn"  # Demande retirée par la famille avant le tirage
OPEN_STATES = (SUBMITTED, WAITING, OFFERED)


class Campaign(TenantOwned, Base):
    """A registration campaign of a commune for some periods and units.

    ``priorities`` are the codes of the chosen priorities, in order, comma-separated
    (frozen by the draw). ``tickets_issued`` is the waiting room's counter: taking a
    ticket increments it in one statement, so positions follow arrivals.
    """

    __tablename__ = "campaign"
    __table_args__ = (
        CheckConstraint("closes_at > opens_at", name="dates_in_order"),
        CheckConstraint("rate_per_minute > 0", name="rate_positive"),
        CheckConstraint("places >= 0", name="places_positive"),
        CheckConstraint("offer_hours > 0", name="offer_hours_positive"),
        Index("ix_campaign_opening", "tenant_id", "opens_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(150))
    mode: Mapped[str] = mapped_column(String(10))
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    rate_per_minute: Mapped[int] = mapped_column(default=60)
    places: Mapped[int] = mapped_column(default=0)
    offer_hours: Mapped[int] = mapped_column(default=48)
    priorities: Mapped[str] = mapped_column(String(500), default="")
    tickets_issued: Mapped[int] = mapped_column(default=0)
    seed: Mapped[str | None] = mapped_column(String(64))
    drawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    periods = relationship(
        "CampaignPeriod", back_populates="campaign", cascade="all, delete-orphan"
    )
    units = relationship("CampaignUnit", back_populates="campaign", cascade="all, delete-orphan")

    @property
    def priority_codes(self):
        return [code for code in self.priorities.split(",") if code]


class CampaignPeriod(TenantOwned, Base):
    """A period a campaign opens; indexed by period for the booking pages' gate."""

    __tablename__ = "campaign_period"

    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id"), primary_key=True, index=True)

    campaign = relationship("Campaign", back_populates="periods")
    period = relationship("Period", lazy="joined")


class CampaignUnit(TenantOwned, Base):
    """A unit a campaign offers (parents of a lottery choose among them)."""

    __tablename__ = "campaign_unit"

    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("establishment_unit.id"), primary_key=True)

    campaign = relationship("Campaign", back_populates="units")
    unit = relationship("Unit", lazy="joined")


class WaitingTicket(TenantOwned, Base):
    """A family's place in a campaign's waiting room.

    ``position`` is the order of arrival; ``last_seen_at`` is refreshed by the waiting
    page, so a parent who closes the tab keeps the position for a few minutes. A ticket
    that lapsed before its turn gets a new position at the back.
    """

    __tablename__ = "waiting_ticket"
    __table_args__ = (
        UniqueConstraint("campaign_id", "family_id", name="uq_waiting_ticket_family"),
        UniqueConstraint("campaign_id", "position", name="uq_waiting_ticket_position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"))
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id"))
    position: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CampaignRequest(TenantOwned, Base):
    """A lottery wish for one child (units, weekdays), and its row in the ranking.

    The draw records ``matches`` (one "1"/"0" per priority, in the campaign's order),
    ``draw`` (the position in the seeded shuffle) and ``drawn_rank``; ``rank`` is the
    final rank, which an agent may change with a written reason (``adjusted_*``).
    """

    __tablename__ = "campaign_request"
    __table_args__ = (
        UniqueConstraint("campaign_id", "child_id"),
        Index("ix_campaign_request_rank", "campaign_id", "rank"),
        Index("ix_campaign_request_family", "tenant_id", "family_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"))
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id"))
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"))
    unit_ids: Mapped[str] = mapped_column(String(200), default="")
    weekdays: Mapped[str] = mapped_column(String(7), default="1111100")
    state: Mapped[str] = mapped_column(String(12), default=SUBMITTED)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    matches: Mapped[str] = mapped_column(String(20), default="")
    draw: Mapped[int | None]
    drawn_rank: Mapped[int | None]
    rank: Mapped[int | None]
    offered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    offer_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    adjusted_reason: Mapped[str] = mapped_column(String(500), default="")
    adjusted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    adjusted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    adjusted_from: Mapped[int | None]

    campaign = relationship("Campaign")
    child = relationship("Child", lazy="joined")
    family = relationship("Family")
    adjusted_by = relationship("User")

    @property
    def unit_id_list(self):
        return [int(value) for value in self.unit_ids.split(",") if value]
