"""The family's private calendar address: made, shown once, replaced or revoked; and the
iCalendar feed itself, read by calendar applications without a login."""

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.response import Response
from pyramid.view import view_config

from portail_core.i18n import _
from portail_core.services.bookings import clock
from portail_core.services.bookings.feed import CalendarFeedService
from portail_core.views.bookings.requests import TEMPLATES, family_id_of

SHOWN_ONCE = "bookings.feed_url"


@view_config(
    route_name="bookings.feed",
    request_method="GET",
    renderer=TEMPLATES + "feed.pt",
    permission="parent",
)
def feed_page(request):
    service = CalendarFeedService(request.dbsession, request.tenant)
    return {
        "feed": service.current(family_id_of(request)),
        "new_url": request.session.pop(SHOWN_ONCE, None),
    }


@view_config(route_name="bookings.feed", request_method="POST", permission="parent")
def feed_change(request):
    service = CalendarFeedService(request.dbsession, request.tenant)
    family_id = family_id_of(request)
    if "revoquer" in request.POST:
        service.revoke(family_id)
        request.session.flash(
            request.localizer.translate(
                _("L'adresse du calendrier est révoquée : elle ne sert plus.")
            ),
            "success",
        )
    else:
        token = service.issue(family_id)
        request.session[SHOWN_ONCE] = request.route_url("bookings.feed_ics", token=token)
        request.session.flash(
            request.localizer.translate(
                _(
                    "Nouvelle adresse créée : copiez-la maintenant dans votre agenda "
                    "(elle ne sera plus affichée ; l'ancienne ne sert plus)."
                )
            ),
            "success",
        )
    return HTTPSeeOther(request.route_url("bookings.feed"))


@view_config(route_name="bookings.feed_ics", request_method="GET", require_csrf=False)
def feed_ics(request):
    service = CalendarFeedService(request.dbsession, request.tenant)
    family_id = service.family_for(request.matchdict["token"])
    if family_id is None:
        raise HTTPNotFound()
    body = service.ics(
        family_id, clock.now().date(), request.host.split(":")[0], request.tenant.branding.town
    )
    response = Response(body=body, content_type="text/calendar", charset="utf-8")
    response.content_disposition = 'attachment; filename="reservations.ics"'
    return response
