"""« Pièces justificatives »: the family sends documents, lists them, views and downloads them.

Only the family (and its commune's agents, in their area) reach a document: it is loaded
by (tenant, family, id). A refused upload keeps what was typed, and a file that was fine
is kept aside (:mod:`portail_core.uploads`) so that it need not be chosen again.
"""

from urllib.parse import quote

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.response import Response
from pyramid.view import view_config

from portail_core.i18n import _
from portail_core.paging import page_number
from portail_core.rawforms import RawForm
from portail_core.schemas.documents import FAMILY_FILE, document_schema
from portail_core.services.family.documents import MAX_DOCUMENT_SIZE, DocumentService
from portail_core.uploads import KeptUploads
from portail_core.views.family.file import TEMPLATES, family_macros
from portail_core.views.family.scope import FamilyScope
from portail_core.views.family.uploads import read_upload

ACCEPTED = ".pdf,.jpg,.jpeg,.gif,.png,application/pdf,image/jpeg,image/png,image/gif"


def document_service(request):
    return DocumentService(request.dbsession, request.tenant, request.files)


def file_response(request, service, document):
    """The document's bytes; ``?telecharger=1`` as an attachment, else shown in the browser."""
    disposition = "attachment" if request.params.get("telecharger") else "inline"
    response = Response(body=service.read(document), content_type=document.mime_type)
    ascii_name = document.filename.encode("ascii", "replace").decode().replace("?", "_")
    response.headers["Content-Disposition"] = (
        f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(document.filename)}"
    )
    # A user's file never runs script here. Pictures are shown in a sandbox; PDF files
    # keep the browser's viewer (which a sandbox would block) and nothing else.
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; img-src 'self'; sandbox"
        if document.mime_type.startswith("image/")
        else "default-src 'none'; object-src 'self'; frame-ancestors 'none'"
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@view_config(
    route_name="family.documents", renderer=TEMPLATES + "documents.pt", permission="parent"
)
def documents(request):
    """« Mes documents / Dossier / Voir », 5 a page, with each document's status."""
    scope = FamilyScope(request)
    rows, pager = document_service(request).page_for_family(
        scope.family.id, page_number(request.params.get("page"))
    )
    return {"family": scope.family, "documents": rows, "pager": pager, "fm": family_macros()}


def _family_document(request):
    scope = FamilyScope(request)
    document = document_service(request).for_family(
        scope.family.id, int(request.matchdict["document_id"])
    )
    if document is None:
        raise HTTPNotFound()
    return document


@view_config(
    route_name="family.documents.view", renderer=TEMPLATES + "document.pt", permission="parent"
)
def document_view(request):
    return {"document": _family_document(request)}


@view_config(route_name="family.documents.file", permission="parent")
def document_file(request):
    return file_response(request, document_service(request), _family_document(request))


@view_config(
    route_name="family.documents.new", renderer=TEMPLATES + "document_form.pt", permission="parent"
)
class DocumentUploadView:
    """« + Ajouter un document »: a file, what it concerns, its name and its type."""

    def __init__(self, context, request):
        self.request = request
        self.scope = FamilyScope(request)
        self.kept_uploads = KeptUploads(request)

    def __call__(self):
        request, scope = self.request, self.scope
        children = scope.family.current_children
        schema = document_schema(children, scope.lists).bind(request=request)
        form = RawForm(request, schema, {"concerns": FAMILY_FILE})
        kept = None
        if request.method == "POST":
            appstruct = form.validate()
            upload, kept = self.read_upload(form)
            if appstruct is not None and upload is not None and not form.errors:
                self.save(appstruct, upload, children)
                if kept is not None:
                    self.kept_uploads.discard(kept.token)
                message = _("Votre document est envoyé : il sera vérifié.")
                request.session.flash(request.localizer.translate(message), "success")
                return HTTPSeeOther(request.route_url("family.documents"))
            if upload is not None and kept is None:
                kept = self.kept_uploads.keep(
                    upload["filename"], upload["mime_type"], upload["data"]
                )
        return {
            "form": form,
            "family": scope.family,
            "children": children,
            "lists": scope.lists,
            "kept": kept,
            "accepted": ACCEPTED,
            "max_size": MAX_DOCUMENT_SIZE,
            "fm": family_macros(),
        }

    def read_upload(self, form):
        """The upload as ``(upload dict or None, KeptUpload or None)``; errors go to the form."""
        return read_upload(self.request, self.kept_uploads, form)

    def save(self, appstruct, upload, children):
        concerns = appstruct["concerns"]
        child = next((c for c in children if str(c.id) == concerns), None)
        values = {"name": appstruct["name"], "doc_type": appstruct["doc_type"]}
        document_service(self.request).create(
            self.scope.family, child, values, upload, self.scope.actor
        )
