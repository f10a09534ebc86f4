"""The commune's home page: welcome, news, downloads and the information menu."""

from pyramid.view import view_config

from portail_core.calendar import now_paris
from portail_core.services.content.pages import NewsService
from portail_core.views.content import downloads_of, public_context

HOME_NEWS = 5


def welcome_blocks(text):
    """The welcome text as ``("p", text)`` and ``("ul", items)`` blocks.

    Paragraphs are separated by a blank line; a paragraph whose lines all start with
    « - » is a bulleted list.
    """
    blocks = []
    for paragraph in (text or "").split("\n\n"):
        lines = [line.strip() for line in paragraph.strip().splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.startswith("- ") for line in lines):
            blocks.append(("ul", [line[2:] for line in lines]))
        else:
            blocks.append(("p", " ".join(lines)))
    return blocks


@view_config(route_name="home", renderer="portail_core:templates/home.pt")
def home(request):
    today = now_paris().date()
    # One more than shown, to know whether « Toutes les nouvelles » is needed.
    news = NewsService(request.dbsession, request.tenant).visible(
        today, families=request.user is not None, limit=HOME_NEWS + 1
    )
    return {
        "welcome": welcome_blocks(request.tenant.branding.welcome_text),
        "news": news[:HOME_NEWS],
        "more_news": len(news) > HOME_NEWS,
        "downloads": downloads_of(request).listing(),
        **public_context(request),
    }
