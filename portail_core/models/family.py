"""The family file: households, legal guardians, children and their sheets.

A child's sheet holds its identity, school level and medical data (columns of ``child``),
its vaccinations, authorisations and the persons allowed to pick it up (own tables).
Supporting documents and the history of changes live in :mod:`portail_core.models.family_records`.
"""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portail_core.models.meta import Base
from portail_core.models.types import TenantOwned, UTCDateTime, utcnow


def _text(length=200):
    """A string column that is never NULL: empty when not given (also for existing rows)."""
    return mapped_column(String(length), default="", server_default="")


class AddressMixin:
    """A postal address, as the family and each guardian have one."""

    address_line1: Mapped[str] = _text()
    address_line2: Mapped[str] = _text()
    postal_code: Mapped[str] = _text(10)
    city: Mapped[str] = _text(100)

    @property
    def address_lines(self):
        town = f"{self.postal_code} {self.city}".strip()
        return [line for line in (self.address_line1, self.address_line2, town) if line]


class Family(AddressMixin, TenantOwned, Base):
    """A household: its logins, legal guardians, address, quotient familial and children.

    The quotient familial (QF) and its validity date are set by agents only.
    """

    __tablename__ = "family"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    quotient_familial: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    quotient_familial_valid_until: Mapped[date | None]
    # Set when the retention anonymised the family (its logins are closed).
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    users = relationship("User", back_populates="family")
    children = relationship(
        "Child", back_populates="family", order_by="Child.birth_date", lazy="selectin"
    )
    # Children of another family living here too (shared custody, models.households).
    shared_children = relationship(
        "Child",
        secondary="child_household",
        order_by="Child.birth_date",
        viewonly=True,
        lazy="selectin",
    )
    guardians = relationship(
        "Guardian",
        back_populates="family",
        order_by="Guardian.position",
        cascade="all, delete-orphan",
    )

    @property
    def current_children(self):
        """The children not archived (archived ones keep their history, out of sight),
        the household's own first, then those it shares with another household."""
        return [child for child in (*self.children, *self.shared_children) if not child.archived]

    def guardian(self, position):
        return next((g for g in self.guardians if g.position == position), None)


class Guardian(AddressMixin, TenantOwned, Base):
    """A legal guardian (responsable légal) of a family: position 1 or 2."""

    __tablename__ = "guardian"
    __table_args__ = (UniqueConstraint("family_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id"), index=True)
    position: Mapped[int] = mapped_column(default=1)
    civility: Mapped[str] = _text(20)
    last_name: Mapped[str] = _text(100)
    first_name: Mapped[str] = _text(100)
    phone_mobile: Mapped[str] = _text(30)
    phone_home: Mapped[str] = _text(30)
    phone_work: Mapped[str] = _text(30)
    email: Mapped[str] = _text(254)
    # "" or a restriction of models.households: no parental authority, or a court's.
    # A restricted guardian sees nothing of the family file and may not pick children up.
    restriction: Mapped[str] = _text(20)
    restriction_note: Mapped[str] = _text(300)

    family = relationship("Family", back_populates="guardians")

    @property
    def restricted(self):
        return bool(self.restriction)

    @property
    def full_name(self):
        return " ".join(part for part in (self.civility, self.last_name, self.first_name) if part)


class Child(TenantOwned, Base):
    """A child of a family, with its sheet (school level, medical data)."""

    __tablename__ = "child"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id"), index=True)
    last_name: Mapped[str] = mapped_column(String(100))
    first_name: Mapped[str] = mapped_column(String(100))
    birth_date: Mapped[date | None]
    birth_place: Mapped[str] = mapped_column(String(100), default="")
    archived: Mapped[bool] = mapped_column(default=False)
    school_level: Mapped[str] = _text(50)
    allergy_food: Mapped[bool] = mapped_column(default=False, server_default=false())
    allergy_food_details: Mapped[str] = _text(500)
    allergy_medication: Mapped[bool] = mapped_column(default=False, server_default=false())
    allergy_medication_details: Mapped[str] = _text(500)
    allergy_other: Mapped[bool] = mapped_column(default=False, server_default=false())
    allergy_other_details: Mapped[str] = _text(500)
    diet: Mapped[str] = _text(100)
    pai: Mapped[bool] = mapped_column(default=False, server_default=false())
    doctor_name: Mapped[str] = _text(150)
    doctor_phone: Mapped[str] = _text(30)
    recommendations: Mapped[str] = mapped_column(Text, default="", server_default="")

    family = relationship("Family", back_populates="children")
    # The second household when custody is shared (one query with the child: joined).
    household = relationship("ChildHousehold", back_populates="child", uselist=False, lazy="joined")
    vaccinations = relationship(
        "ChildVaccination", back_populates="child", cascade="all, delete-orphan"
    )
    authorisations = relationship(
        "ChildAuthorisation", back_populates="child", cascade="all, delete-orphan"
    )
    pickup_persons = relationship(
        "PickupPerson",
        back_populates="child",
        order_by="PickupPerson.id",
        cascade="all, delete-orphan",
    )

    @property
    def full_name(self):
        return f"{self.last_name} {self.first_name}"

    @property
    def has_allergy(self):
        return self.allergy_food or self.allergy_medication or self.allergy_other


class ChildVaccination(TenantOwned, Base):
    """One vaccine of the commune's list for a child: done or not, date of the last injection.

    ``vaccine`` is the label of the commune's list (``portail_family_lists``).
    """

    __tablename__ = "child_vaccination"
    __table_args__ = (UniqueConstraint("child_id", "vaccine"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    vaccine: Mapped[str] = mapped_column(String(100))
    done: Mapped[bool] = mapped_column(default=False)
    last_date: Mapped[date | None]

    child = relationship("Child", back_populates="vaccinations")


class ChildAuthorisation(TenantOwned, Base):
    """The yes/no answer to one authorisation of the commune's list for a child."""

    __tablename__ = "child_authorisation"
    __table_args__ = (UniqueConstraint("child_id", "authorisation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    authorisation: Mapped[str] = mapped_column(String(200))
    granted: Mapped[bool] = mapped_column(default=False)

    child = relationship("Child", back_populates="authorisations")


class PickupPerson(TenantOwned, Base):
    """A person allowed to pick a child up (besides its legal guardians)."""

    __tablename__ = "pickup_person"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    last_name: Mapped[str] = mapped_column(String(100))
    first_name: Mapped[str] = mapped_column(String(100))
    link: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")

    child = relationship("Child", back_populates="pickup_persons")

    @property
    def full_name(self):
        return f"{self.last_name} {self.first_name}"
