"""Public content pages: news, downloads, information pages, the legal and CNIL page.

Everything is loaded by (tenant, id): another commune's id is a 404. Unpublished or
future items are 404 too, except for the commune's agents, who preview them here.
"""

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.renderers import get_renderer
from pyramid.response import Response
from pyramid.view import view_config

from portail_core.calendar import now_paris
from portail_core.services.content.contact import RETENTION as MESSAGES_RETENTION
from portail_core.services.content.defaults import content_defaults
from portail_core.services.content.downloads import DownloadService, attachment_name
from portail_core.services.content.pages import NewsService, PageService
from portail_core.services.content.richtext import sanitize
from portail_core.services.privacy.retention import retention_years
from portail_core.storage import StorageError

NEWS_PER_PAGE = 10
MACROS = "portail_core:templates/content/macros.pt"


def is_agent(request):
    return request.user is not None and request.user.is_agent


def human_size(size):
    """ "245 Ko", "1,2 Mo": the weight of a download, in French."""
    # A no-break space, as French typography wants, and so "Ko" never wraps alone.
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))}\u00a0Ko"
    return f"{size / (1024 * 1024):.1f}\u00a0Mo".replace(".", ",")


def public_context(request, current_page=None):
    """What every public content page shows: headings, the information menu, helpers."""
    return {
        "labels": content_defaults(request.tenant),
        "menu": PageService(request.dbsession, request.tenant).menu(),
        "current_page": current_page,
        "content_macros": get_renderer(MACROS).implementation(),
        "human_size": human_size,
    }


def downloads_of(request):
    return DownloadService(request.dbsession, request.tenant, request.files)


def page_number(request):
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


@view_config(route_name="content.news", renderer="portail_core:templates/content/news.pt")
def news_list(request):
    service = NewsService(request.dbsession, request.tenant)
    today = now_paris().date()
    families = request.user is not None
    number = page_number(request)
    total = service.count_visible(today, families)
    items = service.visible(
        today, families, limit=NEWS_PER_PAGE, offset=(number - 1) * NEWS_PER_PAGE
    )
    pages = max(1, -(-total // NEWS_PER_PAGE))
    return {"news": items, "page": number, "pages": pages, **public_context(request)}


@view_config(route_name="content.news_item", renderer="portail_core:templates/content/news_item.pt")
def news_item(request):
    item = NewsService(request.dbsession, request.tenant).get(int(request.matchdict["news_id"]))
    if item is None:
        raise HTTPNotFound()
    draft = not item.published or item.published_on > now_paris().date()
    if not is_agent(request):
        if draft:
            raise HTTPNotFound()
        if item.for_families_only and request.user is None:
            login = request.route_url("accounts.login", _query={"came_from": request.path})
            return HTTPSeeOther(login)
    return {"item": item, "draft": draft, **public_context(request)}


@view_config(route_name="content.downloads", renderer="portail_core:templates/content/downloads.pt")
def downloads_list(request):
    return {"downloads": downloads_of(request).listing(), **public_context(request)}


@view_config(route_name="content.download")
def download_file(request):
    service = downloads_of(request)
    download = service.get(
        int(request.matchdict["download_id"]), published_only=not is_agent(request)
    )
    if download is None:
        raise HTTPNotFound()
    try:
        data = service.read(download)
    except (OSError, StorageError):
        raise HTTPNotFound() from None
    response = Response(body=data, content_type=download.content_type)
    # Always an attachment: a PDF is never rendered inside the portal's origin.
    response.content_disposition = f'attachment; filename="{attachment_name(download.title)}"'
    return response


@view_config(route_name="content.page", renderer="portail_core:templates/content/page.pt")
def info_page(request):
    page = PageService(request.dbsession, request.tenant).get_page(
        int(request.matchdict["page_id"])
    )
    if page is None or not (page.published or is_agent(request)):
        raise HTTPNotFound()
    return {"page": page, **public_context(request, current_page=page)}


@view_config(route_name="content.legal", renderer="portail_core:templates/content/legal.pt")
def legal(request):
    context = public_context(request)
    # The commune plugin's text is trusted code, but goes through the same sanitiser.
    context["legal_extra"] = sanitize(context["labels"].legal_notice)
    context["families_years"] = retention_years(request.tenant)
    context["messages_days"] = MESSAGES_RETENTION.days
    return context
