"""Parents' reservations: the list, a detail, "+ Nouvelle réservation" and the choice of
the establishment and period. The planning and the recap are in ``bookings_planning``."""

import colander
from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config
from sqlalchemy import select

from portail_core.i18n import _
from portail_core.models.family import Child
from portail_core.models.households import of_household
from portail_core.schemas.bookings import ChooseSchema
from portail_core.services.bookings import clock
from portail_core.services.bookings.absences import ABSENCE_ICONS, AbsenceService
from portail_core.services.bookings.draft import Draft, save_draft
from portail_core.services.bookings.enrolments import EnrolmentService
from portail_core.services.bookings.errors import NotFound
from portail_core.services.bookings.queries import PER_PAGE_CHOICES, ReservationQueries
from portail_core.services.bookings.rules import PeriodRules, policy_for
from portail_core.services.bookings.states import (
    PRESENCE,
    PRESENCE_LEGEND,
    RESERVATION,
    RESERVATION_LEGEND,
    line_label,
)

TEMPLATES = "portail_core:templates/bookings/"


def family_id_of(request):
    """The logged-in parent's family; an account without one has no reservations."""
    family_id = request.user.family_id
    if family_id is None:
        raise HTTPNotFound()
    return family_id


def int_param(request, name, default=None):
    try:
        return int(request.params.get(name, ""))
    except ValueError:
        return default


def current_children(request):
    return request.dbsession.scalars(
        select(Child)
        .where(
            Child.tenant_id == request.tenant.id,
            of_household(Child, family_id_of(request), request.tenant.id),
            Child.archived.is_(False),
        )
        .order_by(Child.birth_date, Child.first_name)
    ).all()


def legends():
    return {
        "reservation_legend": RESERVATION_LEGEND,
        "presence_legend": PRESENCE_LEGEND,
        "reservation_states": RESERVATION,
        "presence_states": PRESENCE,
        "line_label": line_label,
    }


@view_config(route_name="bookings.list", renderer=TEMPLATES + "list.pt", permission="parent")
def reservation_list(request):
    per_page = int_param(request, "par_page", PER_PAGE_CHOICES[0])
    search = request.params.get("q", "")[:100]
    sort = request.params.get("tri", "date")
    page = ReservationQueries(request.dbsession, request.tenant).page(
        family_id=family_id_of(request),
        search=search,
        number=int_param(request, "page", 1),
        per_page=per_page,
        sort=sort,
    )
    return {
        "page": page,
        "search": search,
        "sort": sort,
        "per_page_choices": PER_PAGE_CHOICES,
        "absences": AbsenceService(request.dbsession, request.tenant).for_family(
            family_id_of(request)
        ),
        "absence_icons": ABSENCE_ICONS,
        **legends(),
    }


@view_config(route_name="bookings.detail", renderer=TEMPLATES + "detail.pt", permission="parent")
def reservation_detail(request):
    queries = ReservationQueries(request.dbsession, request.tenant)
    try:
        reservation = queries.detail(
            int(request.matchdict["reservation_id"]), family_id_of(request)
        )
    except NotFound as exc:
        raise HTTPNotFound() from exc
    state = queries.states([reservation.id])[reservation.id]
    return {
        "reservation": reservation,
        "state": state,
        "ranks": queries.waiting_ranks(reservation.lines),
        "presences_of": _presences_of,
        **legends(),
    }


def _presences_of(label):
    return _("Les présences de la réservation n° ${number}", mapping={"number": label})


@view_config(route_name="bookings.saved", renderer=TEMPLATES + "saved.pt", permission="parent")
def reservations_saved(request):
    """ "Demande de réservation enregistrée": the reservations one confirmation made."""
    ids = []
    for value in request.params.get("n", "").split(",")[:20]:
        if value.isdigit():
            ids.append(int(value))
    queries = ReservationQueries(request.dbsession, request.tenant)
    family_id = family_id_of(request)
    reservations = []
    for reservation_id in ids:
        try:
            reservations.append(queries.detail(reservation_id, family_id))
        except NotFound as exc:
            raise HTTPNotFound() from exc
    if not reservations:
        raise HTTPNotFound()
    return {
        "reservations": reservations,
        "states": queries.states(ids),
        "ranks": queries.waiting_ranks([line for r in reservations for line in r.lines]),
        **legends(),
    }


@view_config(route_name="bookings.new", renderer=TEMPLATES + "new.pt", permission="parent")
def new_reservation(request):
    """ "+ Nouvelle réservation": the family's children to choose from."""
    return {"children": current_children(request)}


def _child(request, children):
    child_id = int(request.matchdict["child_id"])
    child = next((child for child in children if child.id == child_id), None)
    if child is None:
        raise HTTPNotFound()
    return child


@view_config(route_name="bookings.choose", renderer=TEMPLATES + "choose.pt", permission="parent")
def choose_period(request):
    """ "Choix de l'établissement et de la période", then "Continuer" to the planning."""
    children = current_children(request)
    child = _child(request, children)
    now = clock.now()
    service = EnrolmentService(request.dbsession, request.tenant)
    periods = service.open_periods_for(child, now.date())
    errors = {}
    chosen = next(
        (period for period in periods if period.id == int_param(request, "periode")), None
    )
    if request.method == "POST":
        try:
            values = ChooseSchema().deserialize(dict_of(request.POST, ("enfants",)))
        except colander.Invalid as exc:
            values, errors = {"periode": None, "enfants": ()}, exc.asdict()
        chosen = next((p for p in periods if p.id == values["periode"]), None)
        if chosen is None:
            errors["periode"] = _("Choisissez une période ouverte à la réservation.")
        if not errors:
            siblings = {s.id for s in service.enrolled_siblings(chosen, child, children)}
            asked = [child_id for child_id in values["enfants"] if child_id in siblings]
            draft = Draft.new(chosen, [child.id, *asked])
            save_draft(request.session, draft)
            return HTTPSeeOther(
                request.route_url("bookings.planning", period_id=chosen.id, child_id=child.id)
            )
    selection = None
    if chosen is not None:
        rules = PeriodRules(chosen, policy_for(request.tenant, chosen), now)
        siblings = service.enrolled_siblings(chosen, child, children)
        selection = {"period": chosen, "rules": rules, "siblings": siblings}
    return {
        "child": child,
        "groups": group_by_establishment(periods),
        "chosen": chosen,
        "selection": selection,
        "errors": errors,
    }


def group_by_establishment(periods):
    groups = {}
    for period in periods:
        groups.setdefault(period.establishment, []).append(period)
    return sorted(groups.items(), key=lambda item: item[0].position)


def dict_of(post, multiple=()):
    """A POST as a dict for colander: ``multiple`` keys as lists, the others as strings."""
    values = {}
    for key in post:
        if key in multiple:
            values[key] = post.getall(key)
        else:
            values[key] = post.get(key)
    return values
