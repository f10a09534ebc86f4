"""Agents publish the commune's downloads: upload a PDF, rename, reorder, unpublish, delete."""

from pathlib import PurePath

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from portail_core.forms import FormError, FormView
from portail_core.i18n import _
from portail_core.schemas.accounts import ConfirmSchema
from portail_core.schemas.content import EditDownloadSchema, NewDownloadSchema
from portail_core.services.content.downloads import read_upload
from portail_core.services.content.ordering import DOWN, UP
from portail_core.storage import StorageError
from portail_core.views.agents import flash
from portail_core.views.agents.content import CONFIRM_PAGE, FORM_PAGE, TEMPLATES
from portail_core.views.content import downloads_of, human_size


def download_or_404(request):
    download = downloads_of(request).get(
        int(request.matchdict["download_id"]), published_only=False
    )
    if download is None:
        raise HTTPNotFound()
    return download


def after_transaction(request, on_commit=None, on_abort=None):
    """Run a file operation once the transaction's fate is known.

    A file written for a row that is then rolled back would be an orphan; a file deleted
    before its row's removal is committed would leave a row pointing at nothing.
    """

    def hook(committed):
        action = on_commit if committed else on_abort
        if action is not None:
            action()

    request.tm.get().addAfterCommitHook(hook)


def storage_refusal(request, exc):
    """A :class:`FormError` beside the file field, in the agent's language."""
    message = exc.args[0] if exc.args else str(exc)
    return FormError(request.localizer.translate(message), field="upload")


def uploaded_pdf(request, upload):
    """The bytes of an uploaded PDF, or a :class:`FormError` beside the file field."""
    try:
        return read_upload(upload["fp"])
    except StorageError as exc:
        raise storage_refusal(request, exc) from exc


@view_config(route_name="agents.downloads", renderer=TEMPLATES + "downloads.pt", permission="agent")
def downloads(request):
    return {"downloads": downloads_of(request).listing(published_only=False), "size": human_size}


@view_config(route_name="agents.downloads.new", renderer=FORM_PAGE, permission="agent")
class NewDownloadView(FormView):
    schema_class = NewDownloadSchema
    buttons = (("submit", _("Publier le document")),)
    title = _("Nouveau document à télécharger")
    form_id = "new-download"

    def extra(self):
        return {"back": self.request.route_url("agents.downloads")}

    def submit_success(self, appstruct):
        request = self.request
        upload = appstruct["upload"]
        data = uploaded_pdf(request, upload)
        filename = upload.get("filename") or request.localizer.translate(_("Document"))
        title = appstruct["title"] or PurePath(filename).stem[:200]
        service = downloads_of(request)
        try:
            download = service.add(title, data, published=appstruct["published"])
        except StorageError as exc:
            raise storage_refusal(request, exc) from exc
        key = download.file_key
        after_transaction(request, on_abort=lambda: service.forget_file(key))
        flash(
            request,
            _("Le document « ${title} » est enregistré.", mapping={"title": download.title}),
        )
        return HTTPSeeOther(request.route_url("agents.downloads"))


@view_config(route_name="agents.downloads.edit", renderer=FORM_PAGE, permission="agent")
class EditDownloadView(FormView):
    schema_class = EditDownloadSchema
    buttons = (("submit", _("Enregistrer")),)
    title = _("Modifier le document")
    form_id = "edit-download"

    def __init__(self, context, request):
        super().__init__(context, request)
        self.download = download_or_404(request)

    def appstruct(self):
        return {"title": self.download.title, "published": self.download.published}

    def extra(self):
        request = self.request
        return {
            "back": request.route_url("agents.downloads"),
            "intro": _(
                "Fichier actuel : PDF, ${size}.", mapping={"size": human_size(self.download.size)}
            ),
            "preview": request.route_url("content.download", download_id=self.download.id),
        }

    def submit_success(self, appstruct):
        request = self.request
        service = downloads_of(request)
        if appstruct["upload"]:
            data = uploaded_pdf(request, appstruct["upload"])
            try:
                old_key = service.replace_file(self.download, data)
            except StorageError as exc:
                raise storage_refusal(request, exc) from exc
            new_key = self.download.file_key
            after_transaction(
                request,
                on_commit=lambda: service.forget_file(old_key),
                on_abort=lambda: service.forget_file(new_key),
            )
        service.update(self.download, appstruct["title"], appstruct["published"])
        title = self.download.title
        flash(request, _("Le document « ${title} » est modifié.", mapping={"title": title}))
        return HTTPSeeOther(request.route_url("agents.downloads"))


@view_config(route_name="agents.downloads.move", request_method="POST", permission="agent")
def move_download(request):
    download = download_or_404(request)
    direction = request.POST.get("direction")
    if direction not in (UP, DOWN):
        raise HTTPNotFound()
    downloads_of(request).move(download, direction)
    return HTTPSeeOther(request.route_url("agents.downloads", _anchor=f"download-{download.id}"))


@view_config(route_name="agents.downloads.delete", renderer=CONFIRM_PAGE, permission="agent")
class DeleteDownloadView(FormView):
    schema_class = ConfirmSchema
    buttons = (("submit", _("Supprimer définitivement")),)
    title = _("Supprimer un document")
    form_id = "delete-download"

    def __init__(self, context, request):
        super().__init__(context, request)
        self.download = download_or_404(request)

    def extra(self):
        return {
            "question": _(
                "Supprimer le document « ${title} » et son fichier ? "
                "Pour le retirer seulement du portail, décochez plutôt « Publié ».",
                mapping={"title": self.download.title},
            ),
            "back": self.request.route_url("agents.downloads"),
        }

    def submit_success(self, appstruct):
        request = self.request
        service = downloads_of(request)
        key = service.delete(self.download)
        after_transaction(request, on_commit=lambda: service.forget_file(key))
        title = self.download.title
        flash(request, _("Le document « ${title} » est supprimé.", mapping={"title": title}))
        return HTTPSeeOther(request.route_url("agents.downloads"))
