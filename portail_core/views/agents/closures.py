"""« Fermer une journée »: an agent closes a unit or a whole establishment for a date.

The first POST checks the form and shows what the closure touches (families, children,
bookings) with a confirmation button; only the second POST closes the day, cancels its
bookings without charge and sends each family concerned one e-mail.
"""

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from portail_core import formatting
from portail_core.i18n import _
from portail_core.rawforms import RawForm
from portail_core.schemas.absences import closure_schema
from portail_core.services.bookings import clock
from portail_core.services.bookings.closures import DayClosureService
from portail_core.services.bookings.errors import BookingError
from portail_core.views.agents.bookings_catalog import TEMPLATES, refusal_text
from portail_core.views.bookings.mails import send_closure
from portail_core.views.family.file import family_macros

#: The texts of the form's fields (inserted by the shared field macro, which translates them).
LABELS = {
    "day": _("Date de fermeture"),
    "day_hint": _("Au format JJ/MM/AAAA."),
    "reason": _("Motif (lu par les familles)"),
    "reason_hint": _("Par exemple : grève, neige, travaux."),
}


def _checked(request, service):
    """The form and, when it is valid, the closure's target and reason."""
    form = RawForm(request, closure_schema().bind(request=request))
    appstruct = form.validate()
    if appstruct is None:
        return form, None, None
    try:
        target = service.target(appstruct["target"], appstruct["day"])
    except BookingError as refusal:
        form.add_error("target", request.localizer.translate(refusal_text(refusal)))
        return form, None, None
    return form, target, appstruct["reason"]


def _page(request, service, form, **values):
    return {
        "form": form,
        "establishments": service.establishments(),
        "fm": family_macros(),
        "impact": None,
        "labels": LABELS,
        **values,
    }


@view_config(
    route_name="agents.closures.new", renderer=TEMPLATES + "closure.pt", permission="agent"
)
def closure_form(request):
    service = DayClosureService(request.dbsession, request.tenant)
    if request.method != "POST":
        return _page(request, service, RawForm(request, closure_schema()))
    form, target, reason = _checked(request, service)
    if target is None:
        return _page(request, service, form)
    return _page(request, service, form, impact=service.impact(target), reason=reason)


@view_config(
    route_name="agents.closures.confirm",
    request_method="POST",
    renderer=TEMPLATES + "closure.pt",
    permission="agent",
)
def closure_confirm(request):
    service = DayClosureService(request.dbsession, request.tenant)
    form, target, reason = _checked(request, service)
    if target is None:
        return _page(request, service, form)
    impact = service.close(target, reason, request.user, clock.now())
    send_closure(request, impact, reason)
    done = _(
        "${target} fermé le ${day} : ${bookings} réservation(s) annulée(s) sans frais, "
        "${families} famille(s) prévenue(s) par e-mail.",
        mapping={
            "target": target.label,
            "day": formatting.for_request(request).day_label(target.day),
            "bookings": impact.bookings,
            "families": len(impact.families),
        },
    )
    request.session.flash(request.localizer.translate(done), "success")
    return HTTPSeeOther(request.route_url("agents.closures.new"))
