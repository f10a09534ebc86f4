"""Batz-sur-Mer's campaign priorities: siblings first, a child with a PAI, then families
whose quotient familial is under 800 € (its own rule), then working parents."""

from decimal import Decimal

from portail_commune_batz.i18n import _
from portail_core.hookspecs import hookimpl
from portail_core.services.campaigns.priorities import Priority, core_priorities

ORDER = ("sibling_enrolled", "pai", "low_quotient", "both_working")
QUOTIENT_LIMIT = Decimal("800")


def _low_quotient(facts):
    quotient = facts.family.quotient_familial
    return quotient is not None and quotient < QUOTIENT_LIMIT


@hookimpl
def portail_campaign_priorities(tenant):
    core = {priority.code: priority for priority in core_priorities()}
    own = {
        "low_quotient": Priority(
            "low_quotient", _("Quotient familial inférieur à 800 €"), _low_quotient
        )
    }
    available = {**core, **own}
    return [available[code] for code in ORDER]
