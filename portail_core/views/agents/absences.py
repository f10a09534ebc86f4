"""Agents examine the absences families declared: the certificate, the days booked, and
accept (« absence justifiée ») or refuse with a reason; the family is told by e-mail."""

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from portail_core import formatting
from portail_core.i18n import _
from portail_core.mail import send_templated
from portail_core.models.absences import ABSENCE_ACCEPTED, ABSENCE_PENDING, ABSENCE_REFUSED
from portail_core.paging import page_number
from portail_core.services.bookings import clock
from portail_core.services.bookings.absences import ABSENCE_ICONS, AbsenceError, AbsenceService
from portail_core.views.agents.bookings_catalog import TEMPLATES
from portail_core.views.bookings.mails import family_emails, send_promotions
from portail_core.views.family.file import family_macros

TABS = (
    (ABSENCE_PENDING, _("À examiner")),
    (ABSENCE_ACCEPTED, _("Acceptées")),
    (ABSENCE_REFUSED, _("Refusées")),
)


def service(request):
    return AbsenceService(request.dbsession, request.tenant)


@view_config(
    route_name="agents.absences",
    request_method="GET",
    renderer=TEMPLATES + "absences.pt",
    permission="agent",
)
def absences(request):
    state = request.params.get("etat", ABSENCE_PENDING)
    if state not in dict(TABS):
        state = ABSENCE_PENDING
    rows, pager = service(request).queue(state, page_number(request.params.get("page")))
    return {
        "absences": rows,
        "pager": pager,
        "state": state,
        "tabs": TABS,
        "booked": service(request).booked_counts(rows),
        "icons": ABSENCE_ICONS,
        "query": {"etat": state},
        "fm": family_macros(),
    }


@view_config(route_name="agents.absences.decide", request_method="POST", permission="agent")
def decide(request):
    absences = service(request)
    absence = absences.get(int(request.matchdict["absence_id"]))
    if absence is None:
        raise HTTPNotFound()
    note = request.POST.get("motif", "")[:500]
    back = HTTPSeeOther(request.route_url("agents.absences"))
    try:
        if request.POST.get("decision") == "accept":
            result = absences.accept(absence, note, request.user, clock.now())
        else:
            result = absences.refuse(absence, note, request.user, clock.now())
    except AbsenceError as refusal:
        request.session.flash(request.localizer.translate(refusal.message), "error")
        return back
    who = absence.child.full_name
    if absence.state == ABSENCE_ACCEPTED:
        translate = request.localizer.translate
        message = translate(
            _(
                "Absence de ${child} acceptée : ${count} présence(s) en absence justifiée, "
                "dont ${credited} remboursée(s).",
                mapping={"child": who, "count": len(result.justified), "credited": result.credited},
            )
        )
        if result.promotions:
            promoted = _(
                "${count} place(s) donnée(s) à la liste d'attente.",
                mapping={"count": len(result.promotions)},
            )
            message += " " + translate(promoted)
    else:
        message = request.localizer.translate(
            _("Absence de ${child} refusée.", mapping={"child": who})
        )
    _tell_family(request, absence, result)
    send_promotions(request, result.promotions)
    request.session.flash(message, "success")
    return back


def _tell_family(request, absence, result):
    days = [f"  {formatting.day_label(line.day)} — {line.unit.label}" for line in result.justified]
    for email in family_emails(request, [absence.family_id]).get(absence.family_id, ()):
        send_templated(
            request,
            email,
            f"Votre déclaration d'absence a été {absence.state_label.lower()}",
            "absence_decided",
            absence=absence,
            period_text=(
                f"du {formatting.short_date(absence.first_day)} "
                f"au {formatting.short_date(absence.last_day)}"
            ),
            details="\n".join(days),
            url=request.route_url("bookings.list"),
        )
