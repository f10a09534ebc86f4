"""The commune's published content: news, downloads, information pages, contact messages.

Every row belongs to a tenant. Rich text (``body_html``) is stored already sanitised
(:mod:`portail_core.services.content.richtext`); templates render it as stored.
"""

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portail_core.models.meta import Base
from portail_core.models.types import TenantOwned, UTCDateTime, utcnow

PUBLIC = "public"
FAMILIES = "families"
VISIBILITIES = (PUBLIC, FAMILIES)


class NewsItem(TenantOwned, Base):
    """A news item of the home page, shown from ``published_on`` while ``published``."""

    __tablename__ = "news_item"
    __table_args__ = (Index("ix_news_item_listing", "tenant_id", "published_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body_html: Mapped[str] = mapped_column(Text, default="")
    # "public": everyone; "families": only logged-in families (and agents).
    visibility: Mapped[str] = mapped_column(String(10), default=PUBLIC)
    published: Mapped[bool] = mapped_column(default=True)
    published_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @property
    def for_families_only(self):
        return self.visibility == FAMILIES


class Download(TenantOwned, Base):
    """A PDF the commune publishes (« Téléchargements SEJ »); the file is in the FileStore."""

    __tablename__ = "download"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    file_key: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    position: Mapped[int] = mapped_column(default=0)
    published: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class InfoSection(TenantOwned, Base):
    """A heading of the information menu (« Les tarifs »…), holding pages in order."""

    __tablename__ = "info_section"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=0)

    pages = relationship(
        "InfoPage", back_populates="section", order_by="(InfoPage.position, InfoPage.id)"
    )


class InfoPage(TenantOwned, Base):
    """An information page (« Tarifs ALSH »…) under a section of the menu."""

    __tablename__ = "info_page"

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("info_section.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    body_html: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    published: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    section = relationship("InfoSection", back_populates="pages")


class ContactMessage(TenantOwned, Base):
    """A « Contactez-nous » message: kept for the agents and to limit the sending rate."""

    __tablename__ = "contact_message"
    __table_args__ = (Index("ix_contact_message_recent", "tenant_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    phone: Mapped[str] = mapped_column(String(30), default="")
    subject: Mapped[str] = mapped_column(String(150))
    body: Mapped[str] = mapped_column(Text)
    client_address: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
