"""News and information pages of a commune: what visitors, families and agents see.

Every query is scoped to the tenant. Rich text is sanitised here, before it is stored.
"""

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portail_core.i18n import _
from portail_core.models.content import FAMILIES, PUBLIC, InfoPage, InfoSection, NewsItem
from portail_core.services.content.ordering import move, next_position
from portail_core.services.content.richtext import sanitize


class ContentError(ValueError):
    """A refused change; the message is French and meant for the agent."""


class NewsService:
    """News items: the visible ones for the home page, all of them for the agents."""

    def __init__(self, dbsession, tenant):
        self.dbsession = dbsession
        self.tenant = tenant

    def _visible_filter(self, today, families):
        visibilities = (PUBLIC, FAMILIES) if families else (PUBLIC,)
        return (
            NewsItem.tenant_id == self.tenant.id,
            NewsItem.published.is_(True),
            NewsItem.published_on <= today,
            NewsItem.visibility.in_(visibilities),
        )

    def visible(self, today, families, limit=10, offset=0):
        """Published items of the day or before, newest first; ``families``: logged in."""
        return self.dbsession.scalars(
            select(NewsItem)
            .where(*self._visible_filter(today, families))
            .order_by(NewsItem.published_on.desc(), NewsItem.id.desc())
            .limit(limit)
            .offset(offset)
        ).all()

    def count_visible(self, today, families):
        return self.dbsession.scalar(
            select(func.count(NewsItem.id)).where(*self._visible_filter(today, families))
        )

    def get(self, news_id):
        """The tenant's item of that id, whatever its state, or None."""
        return self.dbsession.scalar(
            select(NewsItem).where(NewsItem.tenant_id == self.tenant.id, NewsItem.id == news_id)
        )

    def all(self):
        return self.dbsession.scalars(
            select(NewsItem)
            .where(NewsItem.tenant_id == self.tenant.id)
            .order_by(NewsItem.published_on.desc(), NewsItem.id.desc())
        ).all()

    def create(self, title, body, visibility, published_on, published=True):
        item = NewsItem(tenant_id=self.tenant.id)
        self.update(item, title, body, visibility, published_on, published)
        self.dbsession.add(item)
        self.dbsession.flush()
        return item

    def update(self, item, title, body, visibility, published_on, published):
        if visibility not in (PUBLIC, FAMILIES):
            raise ContentError(_("Visibilité inconnue."))
        item.title = title
        item.body_html = sanitize(body)
        item.visibility = visibility
        item.published_on = published_on
        item.published = published
        return item

    def delete(self, item):
        self.dbsession.delete(item)


class PageService:
    """The information menu: sections in order, each with its pages in order."""

    def __init__(self, dbsession, tenant):
        self.dbsession = dbsession
        self.tenant = tenant

    def sections(self):
        """Every section with all its pages (agents' view), in menu order: two queries."""
        return self.dbsession.scalars(
            select(InfoSection)
            .where(InfoSection.tenant_id == self.tenant.id)
            .options(selectinload(InfoSection.pages))
            .order_by(InfoSection.position, InfoSection.id)
        ).all()

    def menu(self):
        """``(section, published pages)`` pairs for the menu, empty sections left out."""
        return [
            (section, pages)
            for section in self.sections()
            if (pages := [page for page in section.pages if page.published])
        ]

    def get_section(self, section_id):
        return self.dbsession.scalar(
            select(InfoSection).where(
                InfoSection.tenant_id == self.tenant.id, InfoSection.id == section_id
            )
        )

    def get_page(self, page_id):
        return self.dbsession.scalar(
            select(InfoPage)
            .where(InfoPage.tenant_id == self.tenant.id, InfoPage.id == page_id)
            .options(selectinload(InfoPage.section))
        )

    def create_section(self, title):
        positions = self.dbsession.scalars(
            select(InfoSection.position).where(InfoSection.tenant_id == self.tenant.id)
        ).all()
        section = InfoSection(tenant_id=self.tenant.id, title=title)
        section.position = next_position(positions)
        self.dbsession.add(section)
        self.dbsession.flush()
        return section

    def delete_section(self, section):
        if section.pages:
            raise ContentError(
                _(
                    "La rubrique « ${title} » contient encore des pages : déplacez-les "
                    "ou supprimez-les d'abord.",
                    mapping={"title": section.title},
                )
            )
        self.dbsession.delete(section)

    def move_section(self, section, direction):
        return move(self.sections(), section, direction)

    def create_page(self, section, title, body, published=True):
        page = InfoPage(
            tenant_id=self.tenant.id,
            title=title,
            body_html=sanitize(body),
            published=published,
            position=next_position(p.position for p in section.pages),
        )
        self.dbsession.add(page)
        page.section = section
        self.dbsession.flush()
        return page

    def update_page(self, page, section, title, body, published):
        if section.tenant_id != self.tenant.id:
            raise ContentError(_("Rubrique inconnue."))
        if section is not page.section:
            page.position = next_position(p.position for p in section.pages)
            page.section = section
        page.title = title
        page.body_html = sanitize(body)
        page.published = published
        return page

    def delete_page(self, page):
        page.section.pages.remove(page)
        self.dbsession.delete(page)

    def move_page(self, page, direction):
        return move(page.section.pages, page, direction)

    def has_pages(self):
        return bool(
            self.dbsession.scalar(
                select(func.count(InfoSection.id)).where(InfoSection.tenant_id == self.tenant.id)
            )
        )

    def install_defaults(self, defaults):
        """Copy the commune's proposed sections and pages, once, into an empty menu.

        Return the number of pages created (0 when the menu already had a section).
        """
        if self.has_pages():
            return 0
        created = 0
        for section_defaults in defaults.sections:
            section = self.create_section(section_defaults.title)
            for page in section_defaults.pages:
                self.create_page(section, page.title, page.body)
                created += 1
        return created
