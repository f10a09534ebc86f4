"""Demonstration content for commune plugins: news, PDF downloads, the default pages.

A commune's demo module calls these from its ``portail_demo_data`` with the
:class:`portail_core.demo.builder.DemoBuilder` it received::

    content = ContentDemo(demo)
    content.install_pages()
    content.news("Titre", "Texte…", days_ago=3)
    content.download("Règlement ALP ALE", ["Article 1 …"])
"""

from datetime import timedelta

from fpdf import FPDF

from portail_core.calendar import now_paris
from portail_core.models.content import PUBLIC
from portail_core.services.content.defaults import content_defaults
from portail_core.services.content.downloads import DownloadService
from portail_core.services.content.pages import NewsService, PageService

# The PDF core fonts speak Latin-1: typographic signs outside it get a plain equivalent.
_LATIN1 = str.maketrans({"’": "'", "—": "-", "–": "-", "€": "EUR", "œ": "oe", "…": "..."})


def _latin1(text):
    return text.translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")


def demo_pdf(title, paragraphs, issuer=""):
    """A small real PDF: a title, an issuer line and paragraphs."""
    pdf = FPDF(format="A4")
    pdf.set_title(_latin1(title))
    pdf.add_page()
    pdf.set_font("helvetica", "B", 18)
    pdf.multi_cell(0, 10, _latin1(title), new_x="LMARGIN", new_y="NEXT")
    if issuer:
        pdf.set_font("helvetica", "I", 11)
        pdf.multi_cell(0, 7, _latin1(issuer), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("helvetica", "", 11)
    for paragraph in paragraphs:
        pdf.multi_cell(0, 6, _latin1(paragraph), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    return bytes(pdf.output())


class ContentDemo:
    """Adds a commune's demo news and downloads, and copies its default pages."""

    def __init__(self, demo):
        self.demo = demo
        self.tenant = demo.tenant
        self.today = now_paris().date()

    def install_pages(self):
        """Copy the pages the commune plugin proposes (``portail_content_defaults``)."""
        service = PageService(self.demo.dbsession, self.tenant)
        return service.install_defaults(content_defaults(self.tenant))

    def news(self, title, body, days_ago=0, visibility=PUBLIC, published=True):
        """A news item published ``days_ago`` days before today (negative: to come)."""
        return NewsService(self.demo.dbsession, self.tenant).create(
            title,
            body,
            visibility,
            self.today - timedelta(days=days_ago),
            published,
        )

    def download(self, title, paragraphs, published=True):
        """A downloadable PDF generated from ``paragraphs``; needs the demo's FileStore."""
        if self.demo.files is None:
            raise RuntimeError("the demo builder has no FileStore: downloads cannot be added")
        service = DownloadService(self.demo.dbsession, self.tenant, self.demo.files)
        data = demo_pdf(title, paragraphs, self.tenant.branding.town)
        return service.add(title, data, published=published)
