"""Shared custody: a child of one family (its primary household) living in a second one.

``Child.family_id`` stays the primary household; a :class:`ChildHousehold` row links the
child to the second household, with the custody schedule that says whose day a day is,
whether both households may book every day, and per-unit splits of what is billed.
Each household keeps its own guardians, address, quotient familial, logins and invoices.
"""

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Numeric,
    String,
    UniqueConstraint,
    exists,
    false,
    func,
    or_,
)
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from portail_core.models.accounts import User
from portail_core.models.family import Guardian
from portail_core.models.meta import Base
from portail_core.models.types import TenantOwned

# ChildHousehold.schedule
ALTERNATE = "alternate"  # alternate weeks, from ``start_date``'s week
WEEKDAYS = "weekdays"  # fixed weekdays (``weekdays``: the second household's)
FREE = "free"  # no schedule: the household that books pays
SCHEDULES = (ALTERNATE, WEEKDAYS, FREE)

# Guardian.restriction
NO_AUTHORITY = "no_authority"
COURT = "court"
RESTRICTIONS = (NO_AUTHORITY, COURT)

HUNDRED = Decimal("100")


def _monday(day):
    return day - timedelta(days=day.weekday())


class ChildHousehold(TenantOwned, Base):
    """The second household of a child and the custody schedule between the two.

    ``alternate``: the week of ``start_date`` belongs to ``first_household`` (1: the
    primary household, 2: the second), then the households alternate every week.
    ``weekdays``: seven "0"/"1", Monday first, the second household's weekdays.
    ``free``: any day is either's. ``allow_both`` lets both book every day whatever the
    schedule (each day is still billed to the household whose day it is).
    """

    __tablename__ = "child_household"
    __table_args__ = (
        UniqueConstraint("child_id"),
        CheckConstraint("first_household IN (1, 2)", name="first_household_valid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"))
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id"), index=True)
    schedule: Mapped[str] = mapped_column(String(12), default=FREE)
    start_date: Mapped[date | None]
    first_household: Mapped[int] = mapped_column(default=1)
    weekdays: Mapped[str] = mapped_column(String(7), default="0000000")
    allow_both: Mapped[bool] = mapped_column(default=False, server_default=false())

    child = relationship("Child", back_populates="household")
    family = relationship("Family")
    shares = relationship(
        "HouseholdShare",
        back_populates="link",
        order_by="HouseholdShare.unit_id",
        cascade="all, delete-orphan",
    )

    def household_of(self, day, primary_id):
        """The id of the household whose day ``day`` is, or ``None`` (free schedule)."""
        if self.schedule == ALTERNATE and self.start_date is not None:
            weeks = (_monday(day) - _monday(self.start_date)).days // 7
            first_is_second = self.first_household == 2
            second = first_is_second if weeks % 2 == 0 else not first_is_second
            return self.family_id if second else primary_id
        if self.schedule == WEEKDAYS:
            flags = (self.weekdays or "0000000").ljust(7, "0")
            return self.family_id if flags[day.weekday()] == "1" else primary_id
        return None

    def may_book(self, family_id, day, primary_id):
        """Whether ``family_id`` (one of the two households) may book the child that day."""
        if self.allow_both:
            return True
        owner = self.household_of(day, primary_id)
        return owner is None or owner == family_id

    def share_of(self, unit_id):
        """The second household's percentage of a unit's billed days, or ``None``."""
        return next((s.second_percent for s in self.shares if s.unit_id == unit_id), None)


class HouseholdShare(TenantOwned, Base):
    """A split of one unit's billed days: the second household pays ``second_percent`` %,
    the primary household the rest, each priced with its own quotient familial."""

    __tablename__ = "household_share"
    __table_args__ = (
        UniqueConstraint("link_id", "unit_id"),
        CheckConstraint("second_percent >= 0 AND second_percent <= 100", name="percent_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("child_household.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("establishment_unit.id"))
    second_percent: Mapped[Decimal] = mapped_column(Numeric(5, 2))

    link = relationship("ChildHousehold", back_populates="shares")
    unit = relationship("Unit", lazy="joined")


# ``User.restricted``: the login's e-mail is a restricted guardian's of its family. A
# column of the user's own query (a correlated EXISTS): every request knows it without
# one more statement.
User.restricted = column_property(
    exists()
    .where(
        Guardian.family_id == User.family_id,
        Guardian.tenant_id == User.tenant_id,
        Guardian.restriction != "",
        Guardian.email != "",
        func.lower(Guardian.email) == func.lower(User.email),
    )
    .correlate_except(Guardian)
)


def of_household(child, family_id, tenant_id):
    """SQL: ``child`` (the Child entity or an alias) is the family's own or shared with it."""
    return or_(
        child.family_id == family_id,
        exists().where(
            ChildHousehold.child_id == child.id,
            ChildHousehold.family_id == family_id,
            ChildHousehold.tenant_id == tenant_id,
        ),
    )
