"""What a commune gives its portal's content: headings and default information pages.

The value the ``portail_content_defaults`` hook returns. The pages are only proposals:
they are copied into the database (where agents then edit them) by the demo, or by an
agent's click on « Créer les pages proposées par la commune ».
"""

from dataclasses import dataclass

from portail_core.i18n import _


@dataclass(frozen=True)
class DefaultPage:
    """An information page: ``body`` is HTML or plain text, sanitised when installed."""

    title: str
    body: str


@dataclass(frozen=True)
class DefaultSection:
    """A heading of the information menu and its pages, in menu order."""

    title: str
    pages: tuple[DefaultPage, ...] = ()


@dataclass(frozen=True)
class ContentDefaults:
    """Headings of the home page, the default information menu, extra legal text.

    ``legal_notice`` is HTML added to the core's « Mentions légales et CNIL » page (the
    publisher, the host, a data protection officer…); it is sanitised when shown.
    """

    news_heading: str = _("Nouvelles")
    downloads_heading: str = _("Téléchargements SEJ")
    menu_heading: str = _("Informations utiles")
    sections: tuple[DefaultSection, ...] = ()
    legal_notice: str = ""


def content_defaults(tenant):
    """The tenant's :class:`ContentDefaults` (its commune plugin's, else the core's)."""
    return tenant.hooks.call("portail_content_defaults", tenant=tenant)
