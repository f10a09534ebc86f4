"""Agents see the occupancy of a period, print the daily list of a unit, export a CSV."""

from datetime import date

from pyramid.response import Response
from pyramid.view import view_config

from portail_core.services.bookings import clock
from portail_core.services.bookings.reports import ReportService
from portail_core.services.bookings.rules import PeriodRules, monday_of, policy_for
from portail_core.views.agents.bookings_catalog import TEMPLATES, catalog, get_or_404


def reports(request):
    return ReportService(request.dbsession, request.tenant)


def _day(value, default):
    try:
        return date.fromisoformat(value) if value else default
    except ValueError:
        return default


@view_config(
    route_name="agents.bookings.occupancy",
    renderer=TEMPLATES + "occupancy.pt",
    permission="agent",
)
def occupancy(request):
    period = get_or_404(catalog(request).period, request.matchdict["period_id"])
    rules = PeriodRules(period, policy_for(request.tenant, period), clock.now())
    days = rules.days()
    units = period.units
    return {
        "period": period,
        "rules": rules,
        "days": days,
        "units": units,
        "table": reports(request).occupancy(period, days, units),
        "monday_of": monday_of,
    }


@view_config(route_name="agents.bookings.export", permission="agent")
def export(request):
    period = get_or_404(catalog(request).period, request.matchdict["period_id"])
    body = "\ufeff" + reports(request).export_csv(period)  # the BOM lets Excel read UTF-8
    response = Response(body=body.encode("utf-8"), content_type="text/csv", charset="utf-8")
    response.content_disposition = f'attachment; filename="reservations-periode-{period.id}.csv"'
    return response


@view_config(
    route_name="agents.bookings.daily", renderer=TEMPLATES + "daily.pt", permission="agent"
)
def daily_list(request):
    service = catalog(request)
    establishments = service.establishments()
    units = [unit for establishment in establishments for unit in establishment.units]
    day = _day(request.params.get("jour"), clock.now().date())
    unit = None
    if request.params.get("unite", "").isdigit():
        unit = get_or_404(service.unit, request.params["unite"])
    lines = reports(request).daily_list(unit, day) if unit is not None else []
    return {
        "establishments": establishments,
        "units": units,
        "unit": unit,
        "day": day,
        "lines": lines,
    }
