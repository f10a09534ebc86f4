"""« Déclarer une absence »: a parent declares a child's absence with a medical certificate.

The certificate follows the documents' rules (pdf, jpg, png, gif, 2 Mo at most, checked by
content) and becomes one of the family's « Pièces justificatives »; a refused form keeps
what was typed and the file already chosen. The absence then waits for an agent.
"""

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from portail_core import formatting
from portail_core.i18n import _
from portail_core.rawforms import RawForm
from portail_core.schemas.absences import absence_schema
from portail_core.services.bookings import clock
from portail_core.services.bookings.absences import AbsenceError, AbsenceService, check_range
from portail_core.services.family.documents import MAX_DOCUMENT_SIZE, DocumentService
from portail_core.services.family.files import FamilyService
from portail_core.services.family.lists import family_lists
from portail_core.uploads import KeptUploads
from portail_core.views.bookings.requests import TEMPLATES, current_children, family_id_of
from portail_core.views.family.documents import ACCEPTED
from portail_core.views.family.file import family_macros
from portail_core.views.family.uploads import read_upload

CERTIFICATE = "Certificat médical"  # i18n: ignore (the document type, as configured)

LABELS = {
    "first_day": _("Premier jour d'absence"),
    "first_day_hint": _("Au format JJ/MM/AAAA."),
    "last_day": _("Dernier jour d'absence"),
    "last_day_hint": _("Laissez vide pour une seule journée."),
}


@view_config(
    route_name="bookings.absence_new",
    renderer=TEMPLATES + "absence_form.pt",
    permission="parent",
)
def declare_absence(request):
    children = current_children(request)
    form = RawForm(request, absence_schema(children).bind(request=request))
    service = AbsenceService(request.dbsession, request.tenant)
    policy = service.policy
    kept_uploads = KeptUploads(request)
    kept = None
    if request.method == "POST":
        appstruct = form.validate()
        upload, kept = read_upload(request, kept_uploads, form)
        if appstruct is not None:
            first = appstruct["first_day"]
            last = appstruct["last_day"] or first
            try:
                check_range(policy, first, last, clock.now().date())
            except AbsenceError as refusal:
                form.add_error(refusal.field, refusal.message)
        if appstruct is not None and upload is not None and not form.errors:
            child = next(c for c in children if str(c.id) == appstruct["child"])
            _save(request, service, child, first, last, upload)
            if kept is not None:
                kept_uploads.discard(kept.token)
            request.session.flash(
                request.localizer.translate(
                    _(
                        "Votre déclaration d'absence est envoyée : le Service Enfance Jeunesse "
                        "va examiner le certificat."
                    )
                ),
                "success",
            )
            return HTTPSeeOther(request.route_url("bookings.list"))
        if upload is not None and kept is None:
            kept = kept_uploads.keep(upload["filename"], upload["mime_type"], upload["data"])
    return {
        "form": form,
        "children": children,
        "kept": kept,
        "accepted": ACCEPTED,
        "max_size": MAX_DOCUMENT_SIZE,
        "rules": policy.rules_text(),
        "labels": LABELS,
        "fm": family_macros(),
    }


def _save(request, service, child, first, last, upload):
    family = FamilyService(request.dbsession, request.tenant).family(family_id_of(request))
    types = family_lists(request.tenant).document_types
    # The document's name is stored: in French, the portal's reference language.
    name = f"Certificat médical — absence du {formatting.short_date(first)}"  # i18n: ignore
    if last != first:
        name += f" au {formatting.short_date(last)}"
    document = DocumentService(request.dbsession, request.tenant, request.files).create(
        family,
        child,
        {"name": name[:150], "doc_type": CERTIFICATE if CERTIFICATE in types else ""},
        upload,
        request.user,
    )
    service.declare(family, child, first, last, document, request.user, clock.now())
