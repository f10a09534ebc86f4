"""Agents enrol children in a period: one by one, a ticked selection, or a whole period's."""

import colander
from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from portail_core.i18n import _
from portail_core.schemas.bookings import EnrolSchema
from portail_core.services.bookings.enrolments import EnrolmentService
from portail_core.services.bookings.errors import BookingError, NotFound
from portail_core.views.agents.bookings_catalog import (
    TEMPLATES,
    catalog,
    flash,
    get_or_404,
    refusal_text,
)
from portail_core.views.bookings.requests import dict_of


def _period(request):
    return get_or_404(catalog(request).period, request.matchdict["period_id"])


@view_config(
    route_name="agents.bookings.enrolments",
    request_method="GET",
    renderer=TEMPLATES + "enrolments.pt",
    permission="agent",
)
def enrolments(request):
    period = _period(request)
    service = EnrolmentService(request.dbsession, request.tenant)
    others = [row for row in catalog(request).periods(include_archived=True) if row.id != period.id]
    return {
        "period": period,
        "enrolments": service.enrolled(period),
        "candidates": service.candidates(period),
        "other_periods": others,
    }


@view_config(route_name="agents.bookings.enrolments", request_method="POST", permission="agent")
def enrol(request):
    period = _period(request)
    service = EnrolmentService(request.dbsession, request.tenant)
    target = request.route_url("agents.bookings.enrolments", period_id=period.id)
    try:
        values = EnrolSchema().deserialize(dict_of(request.POST, ("enfants",)))
        if values["source"] is not None and "copier" in request.POST:
            added = service.copy_from(period, values["source"], request.user)
        else:
            added = service.enrol(period, values["enfants"], request.user)
    except colander.Invalid:
        flash(request, _("Choix invalide : cochez des enfants de la liste."), "error")
        return HTTPSeeOther(target)
    except NotFound as exc:
        raise HTTPNotFound() from exc
    except BookingError as exc:
        flash(request, refusal_text(exc), "error")
        return HTTPSeeOther(target)
    if added:
        flash(request, _("${count} enfant(s) inscrit(s) à la période.", mapping={"count": added}))
    else:
        flash(request, _("Aucun nouvel enfant inscrit : cochez au moins un enfant."), "info")
    return HTTPSeeOther(target)


@view_config(route_name="agents.bookings.unenrol", request_method="POST", permission="agent")
def unenrol(request):
    period = _period(request)
    service = EnrolmentService(request.dbsession, request.tenant)
    try:
        child = service.unenrol(period, int(request.matchdict["enrolment_id"]))
    except NotFound as exc:
        raise HTTPNotFound() from exc
    except BookingError as exc:
        flash(request, refusal_text(exc), "error")
    else:
        gone = _("${child} n'est plus inscrit à la période.", mapping={"child": child.full_name})
        flash(request, gone)
    return HTTPSeeOther(request.route_url("agents.bookings.enrolments", period_id=period.id))
