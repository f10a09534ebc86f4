"""Agents edit the information menu: sections (rubriques) and their pages, in order."""

from abc import ABC, abstractmethod

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from portail_core.forms import FormError, FormView
from portail_core.i18n import _
from portail_core.schemas.accounts import ConfirmSchema
from portail_core.schemas.content import PageSchema, SectionSchema
from portail_core.services.content.defaults import content_defaults
from portail_core.services.content.ordering import DOWN, UP
from portail_core.services.content.pages import ContentError, PageService
from portail_core.views.agents import flash
from portail_core.views.agents.content import CONFIRM_PAGE, FORM_PAGE, TEMPLATES


def pages_service(request):
    return PageService(request.dbsession, request.tenant)


def page_or_404(request):
    page = pages_service(request).get_page(int(request.matchdict["page_id"]))
    if page is None:
        raise HTTPNotFound()
    return page


def section_or_404(request, section_id=None):
    section_id = section_id if section_id is not None else request.matchdict["section_id"]
    section = pages_service(request).get_section(int(section_id))
    if section is None:
        raise HTTPNotFound()
    return section


def pages_url(request, anchor=None):
    kwargs = {"_anchor": anchor} if anchor else {}
    return request.route_url("agents.pages", **kwargs)


def direction_of(request):
    direction = request.POST.get("direction")
    if direction not in (UP, DOWN):
        raise HTTPNotFound()
    return direction


@view_config(route_name="agents.pages", renderer=TEMPLATES + "pages.pt", permission="agent")
def pages(request):
    defaults = content_defaults(request.tenant)
    return {"sections": pages_service(request).sections(), "proposed": defaults.sections}


@view_config(route_name="agents.pages.defaults", request_method="POST", permission="agent")
def install_defaults(request):
    service = pages_service(request)
    if service.has_pages():
        flash(request, _("Le menu contient déjà des rubriques : rien n'a été ajouté."), "info")
    else:
        created = service.install_defaults(content_defaults(request.tenant))
        done = _("${count} pages proposées par la commune sont créées.", mapping={"count": created})
        flash(request, done)
    return HTTPSeeOther(pages_url(request))


class SectionFormView(FormView):
    schema_class = SectionSchema
    buttons = (("submit", _("Enregistrer")),)
    form_id = "section"

    def extra(self):
        return {"back": pages_url(self.request)}


@view_config(route_name="agents.sections.new", renderer=FORM_PAGE, permission="agent")
class NewSectionView(SectionFormView):
    title = _("Nouvelle rubrique du menu")

    def submit_success(self, appstruct):
        section = pages_service(self.request).create_section(appstruct["title"])
        flash(
            self.request, _("La rubrique « ${title} » est créée.", mapping={"title": section.title})
        )
        return HTTPSeeOther(pages_url(self.request, f"section-{section.id}"))


@view_config(route_name="agents.sections.edit", renderer=FORM_PAGE, permission="agent")
class EditSectionView(SectionFormView):
    title = _("Renommer la rubrique")

    def __init__(self, context, request):
        super().__init__(context, request)
        self.section = section_or_404(request)

    def appstruct(self):
        return {"title": self.section.title}

    def submit_success(self, appstruct):
        self.section.title = appstruct["title"]
        flash(
            self.request,
            _("La rubrique « ${title} » est renommée.", mapping={"title": self.section.title}),
        )
        return HTTPSeeOther(pages_url(self.request, f"section-{self.section.id}"))


@view_config(route_name="agents.sections.move", request_method="POST", permission="agent")
def move_section(request):
    section = section_or_404(request)
    pages_service(request).move_section(section, direction_of(request))
    return HTTPSeeOther(pages_url(request, f"section-{section.id}"))


class DeleteConfirmation(FormView, ABC):
    """ "Supprimer …?" for a section or a page: ask, delete, say so, back to the list."""

    schema_class = ConfirmSchema

    @abstractmethod
    def question(self):
        """The question the page asks."""

    @abstractmethod
    def delete(self):
        """Delete the item; a :class:`ContentError` becomes the form's message."""

    @abstractmethod
    def done(self):
        """The message once deleted."""

    def extra(self):
        return {"question": self.question(), "back": pages_url(self.request)}

    def submit_success(self, appstruct):
        try:
            self.delete()
        except ContentError as exc:
            message = exc.args[0] if exc.args else str(exc)
            raise FormError(self.request.localizer.translate(message)) from exc
        flash(self.request, self.done())
        return HTTPSeeOther(pages_url(self.request))


@view_config(route_name="agents.sections.delete", renderer=CONFIRM_PAGE, permission="agent")
class DeleteSectionView(DeleteConfirmation):
    buttons = (("submit", _("Supprimer la rubrique")),)
    title = _("Supprimer une rubrique")
    form_id = "delete-section"

    def __init__(self, context, request):
        super().__init__(context, request)
        self.section = section_or_404(request)

    def question(self):
        return _(
            "Supprimer la rubrique « ${title} » du menu ?", mapping={"title": self.section.title}
        )

    def delete(self):
        pages_service(self.request).delete_section(self.section)

    def done(self):
        return _("La rubrique « ${title} » est supprimée.", mapping={"title": self.section.title})


class PageFormView(FormView):
    schema_class = PageSchema
    buttons = (("submit", _("Enregistrer")),)
    form_id = "page"

    def bind(self):
        return {**super().bind(), "sections": pages_service(self.request).sections()}

    def extra(self):
        return {"back": pages_url(self.request), "editor": True}

    def section(self, appstruct):
        return section_or_404(self.request, appstruct["section_id"])


@view_config(route_name="agents.pages.new", renderer=FORM_PAGE, permission="agent")
class NewPageView(PageFormView):
    title = _("Nouvelle page d'information")

    def __call__(self):
        if not pages_service(self.request).has_pages():
            flash(self.request, _("Créez d'abord une rubrique du menu."), "info")
            return HTTPSeeOther(self.request.route_url("agents.sections.new"))
        return super().__call__()

    def appstruct(self):
        section_id = self.request.GET.get("rubrique", "")
        return {"section_id": int(section_id)} if section_id.isdigit() else {}

    def submit_success(self, appstruct):
        page = pages_service(self.request).create_page(
            self.section(appstruct), appstruct["title"], appstruct["body"], appstruct["published"]
        )
        flash(self.request, _("La page « ${title} » est créée.", mapping={"title": page.title}))
        return HTTPSeeOther(pages_url(self.request, f"section-{page.section_id}"))


@view_config(route_name="agents.pages.edit", renderer=FORM_PAGE, permission="agent")
class EditPageView(PageFormView):
    title = _("Modifier la page")

    def __init__(self, context, request):
        super().__init__(context, request)
        self.page = page_or_404(request)

    def appstruct(self):
        page = self.page
        return {
            "title": page.title,
            "section_id": page.section_id,
            "body": page.body_html,
            "published": page.published,
        }

    def extra(self):
        preview = self.request.route_url("content.page", page_id=self.page.id)
        return {**super().extra(), "preview": preview}

    def submit_success(self, appstruct):
        pages_service(self.request).update_page(
            self.page,
            self.section(appstruct),
            appstruct["title"],
            appstruct["body"],
            appstruct["published"],
        )
        flash(
            self.request,
            _("La page « ${title} » est modifiée.", mapping={"title": self.page.title}),
        )
        return HTTPSeeOther(pages_url(self.request, f"section-{self.page.section_id}"))


@view_config(route_name="agents.pages.move", request_method="POST", permission="agent")
def move_page(request):
    page = page_or_404(request)
    pages_service(request).move_page(page, direction_of(request))
    return HTTPSeeOther(pages_url(request, f"section-{page.section_id}"))


@view_config(route_name="agents.pages.delete", renderer=CONFIRM_PAGE, permission="agent")
class DeletePageView(DeleteConfirmation):
    buttons = (("submit", _("Supprimer définitivement")),)
    title = _("Supprimer une page")
    form_id = "delete-page"

    def __init__(self, context, request):
        super().__init__(context, request)
        self.page = page_or_404(request)

    def question(self):
        return _(
            "Supprimer la page « ${title} » ? Pour la retirer seulement "
            "du menu, décochez plutôt « Publiée ».",
            mapping={"title": self.page.title},
        )

    def delete(self):
        pages_service(self.request).delete_page(self.page)

    def done(self):
        return _("La page « ${title} » est supprimée.", mapping={"title": self.page.title})
