"""Bookings: establishments and units, periods, enrolments, reservations and presence lines.

Establishments and units are copied from the commune plugins (``portail_establishments``)
into tenant-owned rows that agents edit. A **presence** line is one child at one unit on
one day. A booking line is *live* while pending, accepted or on the waiting list, and a
child has at most one live booking line per unit and day (a partial unique index). A
cancellation is a reservation of its own whose lines (``kind="cancellation"``) point at
the booking lines they cancelled. ``UnitDay`` counts the places a unit has taken on a day:
``booked`` (pending and accepted lines) can never exceed ``capacity`` (a CHECK constraint).
"""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Numeric,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portail_core.models.meta import Base
from portail_core.models.types import TenantOwned, UTCDateTime, utcnow

# Presence line states (the seeds' legend) and kinds.
PENDING = "pending"  # Présence en attente de traitement (holds a place)
ACCEPTED = "accepted"  # Présence acceptée (holds a place)
WAITING = "waiting"  # Liste d'attente (no place yet)
REFUSED = "refused"  # Aucune place disponible, or refused by an agent
CANCELLED = "cancelled"  # Annulée
JUSTIFIED = "justified"  # Absence justifiée (an accepted absence; holds no place)
LIVE_STATES = (PENDING, ACCEPTED, WAITING)
PLACE_STATES = (PENDING, ACCEPTED)
BOOKING = "booking"
CANCELLATION = "cancellation"

_LIVE_WHERE = text("kind = 'booking' AND state IN ('pending', 'accepted', 'waiting')")


class Establishment(TenantOwned, Base):
    """An establishment of the commune (ALE Primaire, RESTAURANT SCOLAIRE…).

    ``code``, ``name``, ``regie`` and ``kind`` come from the commune plugin and are kept
    in step by the synchronisation; the same attributes as
    :class:`portail_core.services.bookings.establishments.Establishment`, so a policy hook takes
    either.
    """

    __tablename__ = "establishment"
    __table_args__ = (UniqueConstraint("tenant_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(150))
    regie: Mapped[str] = mapped_column(String(60), default="")
    kind: Mapped[str] = mapped_column(String(40), default="periscolaire")
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)

    units = relationship("Unit", back_populates="establishment", order_by="Unit.position")


class Unit(TenantOwned, Base):
    """A unit of attendance (accueil) of an establishment, with its capacity per day.

    ``from_plugin`` units were declared by the commune plugin: their tariff is the
    plugin's (priced by :func:`portail_core.services.bookings.tariffs.tariff_for`); ``tariff`` is
    then only the flat price shown to agents. Agent-created units are priced at ``tariff``.
    """

    __tablename__ = "establishment_unit"
    __table_args__ = (
        UniqueConstraint("establishment_id", "code"),
        CheckConstraint("capacity >= 0", name="capacity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    establishment_id: Mapped[int] = mapped_column(ForeignKey("establishment.id"), index=True)
    code: Mapped[str] = mapped_column(String(60))
    label: Mapped[str] = mapped_column(String(150))
    capacity: Mapped[int]
    tariff: Mapped[Decimal] = mapped_column(Numeric(10, 2), default=Decimal("0.00"))
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)
    from_plugin: Mapped[bool] = mapped_column(default=False)

    establishment = relationship("Establishment", back_populates="units")


class Period(TenantOwned, Base):
    """A period open to bookings ("MERCREDIS / VACANCES Été 2026") of one establishment.

    ``weekdays`` holds seven "0"/"1", Monday first ("1101100": Mon Tue Thu Fri).
    ``auto_accept`` and ``when_full`` override the establishment's policy when set.
    """

    __tablename__ = "period"
    __table_args__ = (
        CheckConstraint("end_date >= start_date", name="dates_in_order"),
        Index("ix_period_establishment", "tenant_id", "establishment_id", "start_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    establishment_id: Mapped[int] = mapped_column(ForeignKey("establishment.id"))
    name: Mapped[str] = mapped_column(String(150))
    start_date: Mapped[date]
    end_date: Mapped[date]
    weekdays: Mapped[str] = mapped_column(String(7), default="1111100")
    last_booking_day: Mapped[date]
    auto_accept: Mapped[bool | None]
    when_full: Mapped[str | None] = mapped_column(String(20))
    archived: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    establishment = relationship("Establishment", lazy="joined")
    offers = relationship("PeriodUnit", back_populates="period", cascade="all, delete-orphan")
    closed_days = relationship(
        "ClosedDay", back_populates="period", order_by="ClosedDay.day", cascade="all, delete-orphan"
    )

    @property
    def open_weekdays(self):
        """The opening weekdays as numbers (0 is Monday)."""
        return {index for index, flag in enumerate(self.weekdays) if flag == "1"}

    @property
    def units(self):
        """The units offered, in the establishment's order."""
        units = [offer.unit for offer in self.offers]
        return sorted(units, key=lambda unit: (unit.position, unit.id))

    @property
    def title(self):
        """ "ALE Primaire / MERCREDIS / VACANCES Été 2026", as in the lists of the seeds."""
        return f"{self.establishment.name} / {self.name}"


class PeriodUnit(TenantOwned, Base):
    """A unit offered in a period."""

    __tablename__ = "period_unit"

    period_id: Mapped[int] = mapped_column(ForeignKey("period.id"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("establishment_unit.id"), primary_key=True)

    period = relationship("Period", back_populates="offers")
    unit = relationship("Unit", lazy="joined")


class ClosedDay(TenantOwned, Base):
    """A day the period is closed (holiday, training day…), with the reason parents read.

    ``unit_id`` is set when only that unit is closed ("Fermer une journée" for one
    accueil); otherwise the whole period is closed that day.
    """

    __tablename__ = "period_closed_day"
    __table_args__ = (
        UniqueConstraint("period_id", "day", "unit_id", name="uq_period_closed_day_unit"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id"), index=True)
    day: Mapped[date]
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("establishment_unit.id"))
    reason: Mapped[str] = mapped_column(String(150), default="")

    period = relationship("Period", back_populates="closed_days")
    unit = relationship("Unit", lazy="joined")


class Enrolment(TenantOwned, Base):
    """An agent enrolled a child in a period: only then may the family book it."""

    __tablename__ = "enrolment"
    __table_args__ = (UniqueConstraint("period_id", "child_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id"), index=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    period = relationship("Period")
    child = relationship("Child")


class ReservationCounter(TenantOwned, Base):
    """The last reservation number given in a commune; its row is the numbering lock."""

    __tablename__ = "reservation_counter"
    __table_args__ = (UniqueConstraint("tenant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    last_number: Mapped[int] = mapped_column(default=0)


class Reservation(TenantOwned, Base):
    """A request of a family for one child and one period, numbered per commune ("00049").

    Its state is derived from its lines (:mod:`portail_core.services.bookings.states`);
    ``first_day`` and ``last_day`` are the span of its lines, which never change day.
    """

    __tablename__ = "reservation"
    __table_args__ = (
        UniqueConstraint("tenant_id", "number"),
        Index("ix_reservation_family", "tenant_id", "family_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int]
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id"))
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    first_day: Mapped[date]
    last_day: Mapped[date]

    child = relationship("Child", lazy="joined")
    period = relationship("Period", lazy="joined")
    lines = relationship(
        "Presence", back_populates="reservation", order_by="[Presence.day, Presence.unit_id]"
    )

    @property
    def label(self):
        return f"{self.number:05d}"


class Presence(TenantOwned, Base):
    """One presence line: a child at a unit on a day, asked for in a reservation.

    Booking lines hold a place in the unit's ``UnitDay`` while pending or accepted.
    Cancellation lines are done at once (state ``cancelled``): ``cancels_id`` is the
    booking line they ended, ``late`` says the cancellation came after the policy's free
    cancellation delay (the day may be billed). ``waiting_since`` orders the waiting list.
    """

    __tablename__ = "presence"
    __table_args__ = (
        Index(
            "uq_presence_live",
            "child_id",
            "unit_id",
            "day",
            unique=True,
            sqlite_where=_LIVE_WHERE,
            postgresql_where=_LIVE_WHERE,
        ),
        Index("ix_presence_unit_day", "unit_id", "day", "state"),
        Index("ix_presence_child_day", "child_id", "day"),
        Index("ix_presence_queue", "tenant_id", "state", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reservation_id: Mapped[int] = mapped_column(ForeignKey("reservation.id"), index=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"))
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("establishment_unit.id"))
    day: Mapped[date]
    kind: Mapped[str] = mapped_column(String(12), default=BOOKING)
    state: Mapped[str] = mapped_column(String(12))
    cancels_id: Mapped[int | None] = mapped_column(ForeignKey("presence.id"))
    late: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(String(500), default="")
    waiting_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    reservation = relationship("Reservation", back_populates="lines")
    unit = relationship("Unit", lazy="joined")
    child = relationship("Child")


class UnitDay(TenantOwned, Base):
    """The places a unit has taken on a day: the capacity lock of that (unit, day).

    Every change of a line holding a place goes through this row, locked ``FOR UPDATE``
    (SQLite serialises writers anyway), and the CHECK keeps ``booked <= capacity`` even
    if a bug tried otherwise.
    """

    __tablename__ = "unit_day"
    __table_args__ = (
        UniqueConstraint("unit_id", "day"),
        CheckConstraint("booked >= 0", name="booked_positive"),
        CheckConstraint("booked <= capacity", name="within_capacity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("establishment_unit.id"))
    day: Mapped[date]
    capacity: Mapped[int]
    booked: Mapped[int] = mapped_column(default=0)


class CalendarFeed(TenantOwned, Base):
    """A family's private iCalendar address; only the SHA-256 of its token is stored."""

    __tablename__ = "calendar_feed"
    __table_args__ = (UniqueConstraint("family_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
