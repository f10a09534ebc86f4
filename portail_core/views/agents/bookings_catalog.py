"""Agents manage establishments' units (capacity, tariff), periods and closed days."""

from decimal import Decimal

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from portail_core import formatting
from portail_core.forms import FormError, FormView
from portail_core.i18n import _
from portail_core.schemas.bookings import ClosedDaysSchema, PeriodSchema, UnitSchema
from portail_core.services.bookings import clock
from portail_core.services.bookings.catalog import CatalogService
from portail_core.services.bookings.errors import BookingError, NotFound
from portail_core.services.bookings.processing import CANCEL, ProcessingService
from portail_core.views.agents import flash
from portail_core.views.bookings.mails import send_decisions, send_promotions

TEMPLATES = "portail_core:templates/agents/bookings/"
FORM_PAGE = "portail_core:templates/agents/form_page.pt"
#: Abbreviated weekdays, Monday first (``date.weekday()``), for the periods' opening days.
WEEKDAYS = (_("Lun"), _("Mar"), _("Mer"), _("Jeu"), _("Ven"), _("Sam"), _("Dim"))


def refusal_text(error):
    """A refusal's message as raised (``str()`` of an exception would lose its
    translation)."""
    return getattr(error, "message", None) or (error.args[0] if error.args else str(error))


def catalog(request):
    return CatalogService(request.dbsession, request.tenant)


def get_or_404(loader, object_id):
    try:
        return loader(int(object_id))
    except NotFound as exc:
        raise HTTPNotFound() from exc


@view_config(
    route_name="agents.bookings.establishments",
    renderer=TEMPLATES + "establishments.pt",
    permission="agent",
)
def establishments(request):
    return {"establishments": catalog(request).establishments(include_inactive=True)}


@view_config(route_name="agents.bookings.sync", request_method="POST", permission="agent")
def sync(request):
    report = catalog(request).sync()
    flash(request, report.message)
    return HTTPSeeOther(request.route_url("agents.bookings.establishments"))


@view_config(route_name="agents.bookings.unit_new", renderer=FORM_PAGE, permission="agent")
class NewUnitView(FormView):
    schema_class = UnitSchema
    buttons = (("submit", _("Créer l'accueil")),)
    form_id = "unit"

    def __init__(self, context, request):
        super().__init__(context, request)
        self.establishment = get_or_404(
            catalog(request).establishment, request.matchdict["establishment_id"]
        )
        self.title = _("Nouvel accueil — ${name}", mapping={"name": self.establishment.name})

    def appstruct(self):
        return {"active": True, "capacity": 20, "tariff": Decimal("0.00")}

    def submit_success(self, appstruct):
        unit = catalog(self.request).create_unit(
            self.establishment,
            appstruct["label"],
            appstruct["capacity"],
            appstruct["tariff"] or Decimal("0.00"),
        )
        flash(self.request, _("Accueil « ${unit} » créé.", mapping={"unit": unit.label}))
        return HTTPSeeOther(self.request.route_url("agents.bookings.establishments"))


@view_config(route_name="agents.bookings.unit_edit", renderer=FORM_PAGE, permission="agent")
class EditUnitView(FormView):
    schema_class = UnitSchema
    buttons = (("submit", _("Enregistrer")),)
    form_id = "unit"

    def __init__(self, context, request):
        super().__init__(context, request)
        self.unit = get_or_404(catalog(request).unit, request.matchdict["unit_id"])
        self.title = f"{self.unit.establishment.name} — {self.unit.label}"

    def extra(self):
        if self.unit.from_plugin:
            return {
                "intro": _(
                    "Le tarif de cet accueil est fixé par la configuration de la commune "
                    "(avec ses tranches de quotient familial) : il ne se modifie pas ici. "
                    "Une nouvelle capacité vaut à partir d'aujourd'hui ; les jours déjà plus "
                    "remplis gardent leurs places."
                )
            }
        return {"intro": _("Une nouvelle capacité vaut à partir d'aujourd'hui.")}

    def appstruct(self):
        unit = self.unit
        return {
            "label": unit.label,
            "capacity": unit.capacity,
            "tariff": unit.tariff,
            "active": unit.active,
        }

    def submit_success(self, appstruct):
        request = self.request
        promotions, above = catalog(request).update_unit(
            self.unit,
            appstruct["label"],
            appstruct["capacity"],
            appstruct["tariff"] if appstruct["tariff"] is not None else self.unit.tariff,
            appstruct["active"],
            request.user,
            clock.now(),
        )
        send_promotions(request, promotions)
        translate = request.localizer.translate
        parts = [translate(_("Accueil « ${unit} » enregistré.", mapping={"unit": self.unit.label}))]
        if promotions:
            promoted = _(
                "${count} demande(s) en liste d'attente ont reçu une place.",
                mapping={"count": len(promotions)},
            )
            parts.append(translate(promoted))
        if above:
            fmt = formatting.for_request(request)
            days = ", ".join(fmt.short_date(day) for day in above[:5])
            fuller = _(
                "${count} jour(s) ont déjà plus de places réservées (${days}…) : "
                "ils gardent ces places.",
                mapping={"count": len(above), "days": days},
            )
            parts.append(translate(fuller))
        request.session.flash(" ".join(parts), "success")
        return HTTPSeeOther(request.route_url("agents.bookings.establishments"))


@view_config(
    route_name="agents.bookings.periods", renderer=TEMPLATES + "periods.pt", permission="agent"
)
def periods(request):
    service = catalog(request)
    archived = request.params.get("archives") == "1"
    return {
        "periods": service.periods(include_archived=archived),
        "establishments": service.establishments(),
        "archived": archived,
        "weekdays": WEEKDAYS,
    }


class PeriodFormView(FormView):
    schema_class = PeriodSchema
    form_id = "period"
    period = None

    def bind(self):
        return {**super().bind(), "establishment": self.establishment}

    def submit_success(self, appstruct):
        values = {
            **appstruct,
            "weekdays": {int(day) for day in appstruct["weekdays"]},
            "units": {int(unit) for unit in appstruct["units"]},
            "auto_accept": {"true": True, "false": False}.get(appstruct["auto_accept"]),
        }
        try:
            period = catalog(self.request).save_period(self.period, self.establishment, values)
        except BookingError as exc:
            raise FormError(self.request.localizer.translate(refusal_text(exc))) from exc
        flash(self.request, _("Période « ${name} » enregistrée.", mapping={"name": period.name}))
        return HTTPSeeOther(self.request.route_url("agents.bookings.periods"))


@view_config(route_name="agents.bookings.period_new", renderer=FORM_PAGE, permission="agent")
class NewPeriodView(PeriodFormView):
    buttons = (("submit", _("Créer la période")),)

    def __init__(self, context, request):
        super().__init__(context, request)
        self.establishment = get_or_404(
            catalog(request).establishment, request.matchdict["establishment_id"]
        )
        self.title = _("Nouvelle période — ${name}", mapping={"name": self.establishment.name})

    def appstruct(self):
        return {
            "weekdays": {"0", "1", "2", "3", "4"},
            "units": {str(unit.id) for unit in self.establishment.units if unit.active},
        }


@view_config(route_name="agents.bookings.period_edit", renderer=FORM_PAGE, permission="agent")
class EditPeriodView(PeriodFormView):
    buttons = (("submit", _("Enregistrer")),)

    def __init__(self, context, request):
        super().__init__(context, request)
        self.period = get_or_404(catalog(request).period, request.matchdict["period_id"])
        self.establishment = self.period.establishment
        self.title = _("Modifier la période — ${title}", mapping={"title": self.period.title})

    def appstruct(self):
        period = self.period
        return {
            "name": period.name,
            "start_date": period.start_date,
            "end_date": period.end_date,
            "last_booking_day": period.last_booking_day,
            "weekdays": {str(day) for day in period.open_weekdays},
            "units": {str(offer.unit_id) for offer in period.offers},
            "auto_accept": "" if period.auto_accept is None else str(period.auto_accept).lower(),
            "when_full": period.when_full or "",
            "archived": period.archived,
        }


@view_config(
    route_name="agents.bookings.closed_days",
    renderer=TEMPLATES + "closed_days.pt",
    permission="agent",
)
class ClosedDaysView(FormView):
    schema_class = ClosedDaysSchema
    buttons = (("submit", _("Fermer ces jours")),)
    form_id = "closed"

    def __init__(self, context, request):
        super().__init__(context, request)
        self.period = get_or_404(catalog(request).period, request.matchdict["period_id"])
        self.title = _("Jours de fermeture — ${title}", mapping={"title": self.period.title})

    def extra(self):
        return {"period": self.period}

    def submit_success(self, appstruct):
        request = self.request
        service = catalog(request)
        reason = appstruct["reason"].strip()
        days = service.close_days(
            self.period, appstruct["first"], appstruct["last"] or appstruct["first"], reason
        )
        if not days:
            none = _("Aucun jour d'ouverture de la période dans cet intervalle.")
            raise FormError(request.localizer.translate(none), "first")
        # Lines already booked on a closed day are cancelled, and their families told.
        line_ids = service.live_line_ids_on(self.period, days)
        # The note is stored with the decisions and read by the families: the commune's words.
        note = f"Fermeture : {reason}" if reason else "Fermeture de l'accueil"  # i18n: ignore
        decisions = ProcessingService(request.dbsession, request.tenant).decide(
            line_ids, CANCEL, note, request.user, clock.now()
        )
        send_decisions(request, decisions, note)
        translate = request.localizer.translate
        message = translate(_("${count} jour(s) fermé(s).", mapping={"count": len(days)}))
        if decisions.decided:
            cancelled = _(
                "${count} présence(s) annulée(s), familles prévenues.",
                mapping={"count": len(decisions.decided)},
            )
            message += " " + translate(cancelled)
        request.session.flash(message, "success")
        return HTTPSeeOther(
            request.route_url("agents.bookings.closed_days", period_id=self.period.id)
        )


@view_config(route_name="agents.bookings.reopen", request_method="POST", permission="agent")
def reopen(request):
    service = catalog(request)
    period = get_or_404(service.period, request.matchdict["period_id"])
    try:
        day = service.reopen_day(period, int(request.matchdict["closed_id"]))
    except NotFound as exc:
        raise HTTPNotFound() from exc
    label = formatting.for_request(request).day_label(day)
    flash(request, _("Le ${day} est de nouveau ouvert.", mapping={"day": label}))
    return HTTPSeeOther(request.route_url("agents.bookings.closed_days", period_id=period.id))
