"""The agents' content tools: the hub, the news editor and the received messages.

Downloads and information pages have their own modules (``downloads.py``, ``pages.py``).
"""

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from portail_core.calendar import now_paris
from portail_core.forms import FormView
from portail_core.i18n import _
from portail_core.schemas.accounts import ConfirmSchema
from portail_core.schemas.content import NewsSchema
from portail_core.services.content.contact import ContactService
from portail_core.services.content.pages import NewsService
from portail_core.views.agents import flash
from portail_core.views.content import page_number

TEMPLATES = "portail_core:templates/agents/content/"
FORM_PAGE = TEMPLATES + "form_page.pt"
CONFIRM_PAGE = TEMPLATES + "confirm.pt"
MESSAGES_PER_PAGE = 20


def news_service(request):
    return NewsService(request.dbsession, request.tenant)


def news_or_404(request):
    item = news_service(request).get(int(request.matchdict["news_id"]))
    if item is None:
        raise HTTPNotFound()
    return item


@view_config(route_name="agents.content", renderer=TEMPLATES + "hub.pt", permission="agent")
def hub(request):
    return {}


@view_config(route_name="agents.news", renderer=TEMPLATES + "news.pt", permission="agent")
def news_list(request):
    return {"news": news_service(request).all(), "today": now_paris().date()}


class NewsFormView(FormView):
    schema_class = NewsSchema
    form_id = "news"

    def extra(self):
        return {"back": self.request.route_url("agents.news"), "editor": True}

    def values(self, appstruct):
        keys = ("title", "body", "visibility", "published_on", "published")
        return {key: appstruct[key] for key in keys}


@view_config(route_name="agents.news.new", renderer=FORM_PAGE, permission="agent")
class NewNewsView(NewsFormView):
    title = _("Nouvelle actualité")
    buttons = (("submit", _("Enregistrer")),)

    def submit_success(self, appstruct):
        item = news_service(self.request).create(**self.values(appstruct))
        flash(
            self.request,
            _("La nouvelle « ${title} » est enregistrée.", mapping={"title": item.title}),
        )
        return HTTPSeeOther(self.request.route_url("agents.news"))


@view_config(route_name="agents.news.edit", renderer=FORM_PAGE, permission="agent")
class EditNewsView(NewsFormView):
    title = _("Modifier la nouvelle")
    buttons = (("submit", _("Enregistrer")),)

    def __init__(self, context, request):
        super().__init__(context, request)
        self.item = news_or_404(request)

    def appstruct(self):
        item = self.item
        return {
            "title": item.title,
            "body": item.body_html,
            "visibility": item.visibility,
            "published_on": item.published_on,
            "published": item.published,
        }

    def extra(self):
        preview = self.request.route_url("content.news_item", news_id=self.item.id)
        return {**super().extra(), "preview": preview}

    def submit_success(self, appstruct):
        news_service(self.request).update(self.item, **self.values(appstruct))
        title = self.item.title
        flash(self.request, _("La nouvelle « ${title} » est modifiée.", mapping={"title": title}))
        return HTTPSeeOther(self.request.route_url("agents.news"))


@view_config(route_name="agents.news.delete", renderer=CONFIRM_PAGE, permission="agent")
class DeleteNewsView(FormView):
    schema_class = ConfirmSchema
    buttons = (("submit", _("Supprimer définitivement")),)
    title = _("Supprimer une nouvelle")
    form_id = "delete-news"

    def __init__(self, context, request):
        super().__init__(context, request)
        self.item = news_or_404(request)

    def extra(self):
        return {
            "question": _(
                "Supprimer la nouvelle « ${title} » ? Elle disparaîtra du portail.",
                mapping={"title": self.item.title},
            ),
            "back": self.request.route_url("agents.news"),
        }

    def submit_success(self, appstruct):
        news_service(self.request).delete(self.item)
        title = self.item.title
        flash(self.request, _("La nouvelle « ${title} » est supprimée.", mapping={"title": title}))
        return HTTPSeeOther(self.request.route_url("agents.news"))


@view_config(route_name="agents.messages", renderer=TEMPLATES + "messages.pt", permission="agent")
def messages(request):
    service = ContactService(request.dbsession, request.tenant)
    number = page_number(request)
    pages = max(1, -(-service.count() // MESSAGES_PER_PAGE))
    rows = service.recent(limit=MESSAGES_PER_PAGE, offset=(number - 1) * MESSAGES_PER_PAGE)
    return {"messages": rows, "page": number, "pages": pages}
