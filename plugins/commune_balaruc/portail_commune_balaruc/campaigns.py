"""Balaruc-le-Vieux's campaign priorities: residents first, then working parents, and
single-parent families (its own rule) before siblings."""

from portail_commune_balaruc.i18n import _
from portail_core.hookspecs import hookimpl
from portail_core.services.campaigns.priorities import Priority, core_priorities

ORDER = ("resident", "both_working", "single_parent", "sibling_enrolled", "pai")


@hookimpl
def portail_campaign_priorities(tenant):
    core = {priority.code: priority for priority in core_priorities()}
    own = {
        "single_parent": Priority(
            "single_parent",
            _("Famille monoparentale (un seul responsable légal dans le dossier)"),
            lambda facts: facts.guardians == 1,
        )
    }
    available = {**core, **own}
    return [available[code] for code in ORDER]
