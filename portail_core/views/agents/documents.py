"""Agents check the documents families send: a queue, then validate or refuse with a reason."""

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from portail_core.forms import FormError, FormView
from portail_core.i18n import _
from portail_core.mail import send_templated
from portail_core.models.family_records import DOCUMENT_STATUSES, RECEIVED
from portail_core.paging import page_number
from portail_core.schemas.family import RefusalSchema
from portail_core.services.family.documents import DocumentError
from portail_core.views.family.documents import document_service, file_response
from portail_core.views.family.file import family_macros

TEMPLATES = "portail_core:templates/agents/"


@view_config(route_name="agents.documents", renderer=TEMPLATES + "documents.pt", permission="agent")
def queue(request):
    """The documents to check (« Reçu »), oldest first; ``?etat=valide|refuse`` for the others."""
    status = request.params.get("etat", RECEIVED)
    if status not in DOCUMENT_STATUSES:
        status = RECEIVED
    rows, pager = document_service(request).queue(status, page_number(request.params.get("page")))
    return {
        "documents": rows,
        "pager": pager,
        "status": status,
        "statuses": DOCUMENT_STATUSES,
        "query": {"etat": status},
        "fm": family_macros(),
    }


def _document(request):
    document = document_service(request).get(int(request.matchdict["document_id"]))
    if document is None:
        raise HTTPNotFound()
    return document


@view_config(route_name="agents.documents.file", permission="agent")
def agent_document_file(request):
    return file_response(request, document_service(request), _document(request))


@view_config(
    route_name="agents.documents.review", renderer=TEMPLATES + "document.pt", permission="agent"
)
class ReviewView(FormView):
    """One document: look at it, then « Valider » or « Refuser » with a reason."""

    schema_class = RefusalSchema
    form_id = "review"
    buttons = (("validate", _("Valider le document")), ("refuse", _("Refuser le document")))

    def __init__(self, context, request):
        super().__init__(context, request)
        self.document = _document(request)
        self.title = _("Document « ${name} »", mapping={"name": self.document.name})

    def appstruct(self):
        return {"reason": self.document.refusal_reason}

    def extra(self):
        preview = _("Aperçu du document ${name}", mapping={"name": self.document.name})
        return {"document": self.document, "preview_alt": self.request.localizer.translate(preview)}

    def validate_success(self, appstruct):
        document_service(self.request).validate(self.document, self.request.user)
        return self._done(
            _("Le document « ${name} » est validé.", mapping={"name": self.document.name})
        )

    def refuse_success(self, appstruct):
        try:
            document_service(self.request).refuse(
                self.document, appstruct["reason"], self.request.user
            )
        except DocumentError as refusal:
            raise FormError(refusal.message, field=refusal.field) from refusal
        self._tell_the_family()
        return self._done(
            _(
                "Le document « ${name} » est refusé ; la famille verra le motif.",
                mapping={"name": self.document.name},
            )
        )

    def _tell_the_family(self):
        """Each active login of the family learns of the refusal and its reason."""
        for user in self.document.family.users:
            if user.active and user.activated_at is not None:
                send_templated(
                    self.request,
                    user.email,
                    "Un document a été refusé",
                    "document_refused",
                    user=user,
                    document=self.document,
                    link=self.request.route_url("family.documents"),
                )

    def _done(self, message):
        self.request.session.flash(self.request.localizer.translate(message), "success")
        return HTTPSeeOther(self.request.route_url("agents.documents"))
