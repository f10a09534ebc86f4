"""Families (foyers) and their children."""

from datetime import date, datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portail_core.models.meta import Base
from portail_core.models.types import TenantOwned, UTCDateTime, utcnow


class Family(TenantOwned, Base):
    """A household: its logins, its children."""

    __tablename__ = "family"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    users = relationship("User", back_populates="family")
    children = relationship(
        "Child", back_populates="family", order_by="Child.birth_date", lazy="selectin"
    )


class Child(TenantOwned, Base):
    __tablename__ = "child"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id"), index=True)
    last_name: Mapped[str] = mapped_column(String(100))
    first_name: Mapped[str] = mapped_column(String(100))
    birth_date: Mapped[date | None]
    birth_place: Mapped[str] = mapped_column(String(100), default="")
    archived: Mapped[bool] = mapped_column(default=False)

    family = relationship("Family", back_populates="children")

    @property
    def full_name(self):
        return f"{self.last_name} {self.first_name}"
