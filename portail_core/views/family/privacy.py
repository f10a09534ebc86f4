"""« Télécharger mes données »: the parent downloads the family's whole file as one ZIP."""

from pyramid.httpexceptions import HTTPNotFound
from pyramid.response import Response
from pyramid.view import view_config

from portail_core.calendar import now_paris
from portail_core.i18n import _
from portail_core.models.types import utcnow
from portail_core.services.audit.trail import AuditTrail
from portail_core.services.privacy.export import FamilyExport


@view_config(route_name="family.export", request_method="POST", permission="parent")
def export(request):
    """A POST (with the session's CSRF token): the download is written in the trail."""
    family = request.user.family
    if family is None:
        raise HTTPNotFound()
    body = FamilyExport(request.dbsession, request.tenant, request.files).zip_bytes(
        family.id, utcnow(), request.localizer
    )
    AuditTrail(request.dbsession, request.tenant).change(
        family,
        _("Famille"),  # the history keeps the French text and translates it when shown
        _("Téléchargement des données"),
        None,
        _("Archive ZIP"),
        request.user,
        action="export",
        target_type="family",
        target_id=family.id,
    )
    name = f"mes-donnees-{request.tenant.id}-{now_paris():%Y-%m-%d}.zip"
    return Response(
        body=body,
        content_type="application/zip",
        content_disposition=f'attachment; filename="{name}"',
        cache_control="no-store",
    )
