"""The family file: « Modifier les informations de la famille », « Enfants », « Historique ».

Parents work on their own family (``/famille``); agents on any family of their commune
(``/agents/familles/<id>/…``) through the same views, plus the name and the QF.
"""

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.renderers import get_renderer
from pyramid.view import view_config

from portail_core.i18n import _
from portail_core.paging import page_number
from portail_core.rawforms import RawForm, flatten
from portail_core.schemas.family import AgentFamilyFileSchema, FamilyFileSchema
from portail_core.schemas.family_nodes import FrenchDecimal
from portail_core.services.audit.queries import FamilyTrail, page_label, shown_actor
from portail_core.services.family.labels import ADDRESS_LABELS, CIVILITIES, GUARDIAN_LABELS
from portail_core.views.family.scope import FamilyScope

TEMPLATES = "portail_core:templates/family/"


def family_macros():
    return get_renderer(TEMPLATES + "macros.pt").implementation()


def copy_address(values, position):
    """Copy the family's address into guardian ``position``'s (the seed's arrow)."""
    for name in ADDRESS_LABELS:
        values[f"guardian_{position}.{name}"] = values.get(f"address.{name}", "")


@view_config(route_name="family.edit", renderer=TEMPLATES + "family_form.pt", permission="parent")
@view_config(
    route_name="agents.family.edit", renderer=TEMPLATES + "family_form.pt", permission="agent"
)
class FamilyFileView:
    """Guardians and address; agents also edit the family's name and quotient familial."""

    def __init__(self, context, request):
        self.request = request
        self.scope = FamilyScope(request)

    def schema(self):
        schema_class = AgentFamilyFileSchema if self.scope.is_agent else FamilyFileSchema
        return schema_class().bind(request=self.request)

    def initial(self, family):
        values = {"address": {name: getattr(family, name) for name in ADDRESS_LABELS}}
        for position in (1, 2):
            guardian = family.guardian(position)
            values[f"guardian_{position}"] = {
                name: getattr(guardian, name) if guardian else "" for name in GUARDIAN_LABELS
            }
        if self.scope.is_agent:
            valid_until = family.quotient_familial_valid_until
            values["name"] = family.name
            values["quotient_familial"] = (
                FrenchDecimal().serialize(None, family.quotient_familial) or ""
            )
            values["quotient_familial_valid_until"] = valid_until.isoformat() if valid_until else ""
        return flatten(values)

    def __call__(self):
        request = self.request
        family = self.scope.family
        form = RawForm(request, self.schema(), self.initial(family))
        notice = None
        if request.method == "POST":
            position = request.POST.get("copy_address")
            if position in ("1", "2"):
                form.values = {k: v for k, v in request.POST.items() if isinstance(v, str)}
                copy_address(form.values, position)
                notice = _(
                    "L'adresse de la famille est recopiée dans celle du responsable légal "
                    "${position}. Cliquez sur « Enregistrer » pour la garder.",
                    mapping={"position": position},
                )
            elif (appstruct := form.validate()) is not None:
                self.save(family, appstruct)
                message = _("Les informations de la famille sont enregistrées.")
                request.session.flash(request.localizer.translate(message), "success")
                target = (
                    request.route_url("agents.families.view", family_id=family.id)
                    if self.scope.is_agent
                    else request.route_url("family.edit")
                )
                return HTTPSeeOther(target)
        return {
            "form": form,
            "family": family,
            "scope": self.scope,
            "notice": notice,
            "civilities": CIVILITIES,
            "fm": family_macros(),
        }

    def save(self, family, appstruct):
        service = self.scope.service
        second = appstruct["guardian_2"]
        guardians = {1: appstruct["guardian_1"], 2: second if any(second.values()) else None}
        service.update_family(family, appstruct["address"], guardians, self.scope.actor)
        if self.scope.is_agent:
            agent_values = {
                "name": appstruct["name"].upper(),
                "quotient_familial": appstruct["quotient_familial"],
                "quotient_familial_valid_until": appstruct["quotient_familial_valid_until"],
            }
            service.update_agent_fields(family, agent_values, self.scope.actor)


@view_config(route_name="family.children", renderer=TEMPLATES + "children.pt", permission="parent")
def children(request):
    """« Enfants »: each child as "AABELIUM BAPTISTE (7 ans et 1 mois)" with its details."""
    scope = FamilyScope(request)
    return {"family": scope.family, "scope": scope}


@view_config(route_name="family.history", renderer=TEMPLATES + "history.pt", permission="parent")
@view_config(
    route_name="agents.family.history", renderer=TEMPLATES + "history.pt", permission="agent"
)
def history(request):
    """« Historique »: the family's audit trail (file, sheets, documents, bookings, invoices,
    payments), newest first, 20 a page."""
    scope = FamilyScope(request)
    entries, pager = FamilyTrail(request.dbsession, request.tenant).page(
        scope.family.id,
        page_number(request.params.get("page")),
        shared_child_ids=[child.id for child in scope.family.shared_children],
    )
    return {
        "family": scope.family,
        "scope": scope,
        "entries": entries,
        "pager": pager,
        "page_label": page_label,
        "shown_actor": shown_actor,
        "fm": family_macros(),
    }
