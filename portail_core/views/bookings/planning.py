"""The planning grid and the recap: the selection lives in the session between the steps.

The planning is a plain form (one checkbox per cell) that ``static/planning.js`` makes
instant; every button posts the week's cells first, so nothing ticked is lost. The
recap and the confirmation recompute everything from the database and the policy.
"""

from datetime import date

import colander
from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config, view_defaults
from sqlalchemy import select

from portail_core.i18n import _
from portail_core.models.family import Family
from portail_core.schemas.bookings import PlanningSchema
from portail_core.services.bookings import clock
from portail_core.services.bookings.booking import BookingService
from portail_core.services.bookings.context import load_context
from portail_core.services.bookings.draft import Draft, clear_draft, load_draft, save_draft
from portail_core.services.bookings.errors import BookingError, NotFound
from portail_core.services.bookings.planning import DESELECT, PERIOD, SELECT, WEEK, Planning
from portail_core.services.bookings.rules import WEEKDAY_NAMES
from portail_core.views.bookings.mails import send_confirmation, send_promotions
from portail_core.views.bookings.requests import TEMPLATES, dict_of, family_id_of, legends
from portail_core.views.campaigns.gate import guard

EMPTY = _("Votre sélection est vide : cliquez sur les jours à réserver ou à annuler.")


class _Closed(Exception):
    """The period no longer takes requests: back to the list with the message."""


class BookingStep:
    """What the planning and the recap share: the draft and its context."""

    def __init__(self, request):
        self.request = request
        self.period_id = int(request.matchdict["period_id"])
        self.child_id = int(request.matchdict["child_id"])
        self.family_id = family_id_of(request)
        self.now = clock.now()
        guard(request, self.period_id, self.family_id, self.now)
        draft = load_draft(request.session, self.period_id, self.child_id)
        child_ids = draft.child_ids if draft else (self.child_id,)
        try:
            self.context = load_context(
                request.dbsession,
                request.tenant,
                self.family_id,
                self.period_id,
                child_ids,
                self.now,
            )
        except NotFound as exc:
            raise HTTPNotFound() from exc
        except BookingError as exc:
            self.context = None
            self.closed_message = error_text(self.request, exc)
            return
        if draft is None:
            draft = Draft.new(self.context.period, [self.child_id])
        # Siblings no longer enrolled are dropped from the draft too.
        draft.child_ids = tuple(child.id for child in self.context.children)
        self.draft = draft

    def closed(self):
        self.request.session.flash(self.closed_message, "error")
        return HTTPSeeOther(self.request.route_url("bookings.list"))

    def url(self, route, **query):
        return self.request.route_url(
            route, period_id=self.period_id, child_id=self.child_id, _query=query
        )

    def common(self):
        context = self.context
        return {
            "context": context,
            "period": context.period,
            "rules": context.rules,
            "referent": context.referent,
            "siblings": context.children[1:],
            **legends(),
        }


@view_defaults(route_name="bookings.planning", permission="parent")
class PlanningView(BookingStep):
    @view_config(request_method="GET", renderer=TEMPLATES + "planning.pt")
    def show(self):
        if self.context is None:
            return self.closed()
        planning = Planning(self.request.dbsession, self.request.tenant, self.context, self.draft)
        week = planning.week(_date(self.request.params.get("semaine")))
        t = self.request.localizer.translate
        return {
            **self.common(),
            "week": week,
            "units": self.context.units,
            "weekday_names": [t(name).capitalize() for name in WEEKDAY_NAMES],
            "free": _("Libre"),
            "not_bookable": _("Non réservable"),
            "draft_empty": self.draft.empty,
        }

    @view_config(request_method="POST")
    def change(self):
        if self.context is None:
            return self.closed()
        request = self.request
        try:
            values = PlanningSchema().deserialize(
                dict_of(request.POST, ("cases", "jours", "unites"))
            )
        except colander.Invalid:
            request.session.flash(
                request.localizer.translate(_("Votre sélection n'a pas pu être lue : réessayez.")),
                "error",
            )
            return HTTPSeeOther(self.url("bookings.planning") + "#planning")
        monday = values["semaine"]
        planning = Planning(request.dbsession, request.tenant, self.context, self.draft)
        planning.apply_week(monday, values["cases"])
        self._apply_buttons(planning, values, monday)
        save_draft(request.session, self.draft)
        if values["retour"]:
            return HTTPSeeOther(
                request.route_url(
                    "bookings.choose", child_id=self.child_id, _query={"periode": self.period_id}
                )
            )
        if values["valider"]:
            if self.draft.empty:
                request.session.flash(request.localizer.translate(EMPTY), "error")
            else:
                return HTTPSeeOther(self.url("bookings.recap"))
        target = values["aller"] or monday
        return HTTPSeeOther(self.url("bookings.planning", semaine=target.isoformat()) + "#planning")

    def _apply_buttons(self, planning, values, monday):
        if values["colonne"]:
            action_scope, _sep, unit_id = values["colonne"].partition(":")
            action, _sep, scope = action_scope.partition("-")
            planning.apply_column(
                SELECT if action == "select" else DESELECT, scope, int(unit_id), monday
            )
        if values["auto"]:
            if not values["jours"]:
                self.request.session.flash(
                    self.request.localizer.translate(
                        _("Sélection automatique : cochez au moins un jour de la semaine.")
                    ),
                    "error",
                )
                return
            unit_ids = set(values["unites"]) or self.context.unit_ids
            scope = WEEK if values["portee"] == "week" else PERIOD
            planning.apply_weekdays(set(values["jours"]), unit_ids, scope, monday)


@view_defaults(route_name="bookings.recap", permission="parent")
class RecapView(BookingStep):
    def family(self):
        return self.request.dbsession.scalar(
            select(Family).where(
                Family.tenant_id == self.request.tenant.id, Family.id == self.family_id
            )
        )

    @view_config(request_method="GET", renderer=TEMPLATES + "recap.pt")
    def show(self):
        if self.context is None:
            return self.closed()
        service = BookingService(self.request.dbsession, self.request.tenant)
        plan = service.plan(self.context, self.draft, self.family())
        if plan.dropped:
            self.draft.discard([(u.id if u else None, day) for u, day, _reason in plan.dropped])
            save_draft(self.request.session, self.draft)
        if plan.empty and not plan.dropped:
            self.request.session.flash(self.request.localizer.translate(EMPTY), "error")
            return HTTPSeeOther(self.url("bookings.planning"))
        return {**self.common(), "plan": plan, "dates_for": _dates_for}

    @view_config(request_method="POST")
    def confirm(self):
        request = self.request
        if self.context is None:
            return self.closed()
        if "retour" in request.POST:
            return HTTPSeeOther(self.url("bookings.planning") + "#planning")
        service = BookingService(request.dbsession, request.tenant)
        try:
            done = service.confirm(self.context, self.draft, self.family_id, request.user, self.now)
        except BookingError as exc:
            save_draft(request.session, self.draft)
            request.session.flash(error_text(request, exc), "error")
            return HTTPSeeOther(self.url("bookings.recap"))
        clear_draft(request.session)
        send_promotions(request, done.promotions)
        if not done.reservations:
            request.session.flash(
                request.localizer.translate(_("Cette demande était déjà enregistrée.")), "info"
            )
            return HTTPSeeOther(request.route_url("bookings.list"))
        send_confirmation(request, done.reservations, self.context.period)
        ids = ",".join(str(reservation.id) for reservation in done.reservations)
        return HTTPSeeOther(request.route_url("bookings.saved", _query={"n": ids}))


def _dates_for(name):
    return _("Dates demandées pour ${child}", mapping={"child": name})


def error_text(request, exc):
    """A :class:`BookingError`'s message in the reader's language (its first argument,
    a translation string or plain text)."""
    return request.localizer.translate(exc.args[0]) if exc.args else str(exc)


def _date(value):
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
