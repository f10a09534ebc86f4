"""Campaign priorities: rules over the family file, in words parents read.

The catalogue comes from ``portail_campaign_priorities(tenant)``: the commune plugins'
priorities first, in their order, then the core's not replaced (a plugin answering a
core code replaces it). The facts the rules read are loaded in a few bulk statements
per campaign (:func:`load_facts`), never one query per family.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import case, func, select

from portail_core.i18n import _
from portail_core.models.bookings import Enrolment, Period
from portail_core.models.campaigns import (
    EXPIRED,
    REFUSED,
    SUBMITTED,
    CampaignPeriod,
    CampaignRequest,
)
from portail_core.models.family import Child, Family, Guardian


@dataclass(frozen=True)
class FamilyFacts:
    """What a priority rule may read about one request's family and child.

    :param family: the ``family`` row (address, quotient familial…).
    :param child: the ``child`` row the request is for (PAI, school level…).
    :param guardians: how many legal guardians the family file names.
    :param working_guardians: how many of them give a work phone number.
    :param sibling_enrolled: a brother or sister is enrolled in a current period of one of
        the campaign's establishments.
    :param resident: the family's postal code is one of the commune's
        (``[settings.core] resident_postal_codes``; every family when the list is empty).
    :param earlier_refusal: a request of this family was refused, or its offer expired,
        in an earlier campaign of the commune.
    """

    family: Family
    child: Child
    guardians: int = 0
    working_guardians: int = 0
    sibling_enrolled: bool = False
    resident: bool = True
    earlier_refusal: bool = False
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Priority:
    """One priority a commune may choose for a campaign.

    :param code: stable identifier stored with campaigns (letters, digits, ``_``).
    :param label: the plain words parents and agents read (« Enfant bénéficiant d'un PAI »).
    :param rule: ``rule(facts) -> bool``, true when the request has this priority.
    """

    code: str
    label: str
    rule: Callable[[FamilyFacts], bool]

    def applies(self, facts):
        return bool(self.rule(facts))


def core_priorities():
    """The priorities every commune may choose, in the core's proposed order."""
    return [
        Priority(
            "both_working",
            _(
                "Les deux parents travaillent (deux responsables légaux avec un téléphone "
                "professionnel)"
            ),
            lambda facts: facts.guardians >= 2 and facts.working_guardians >= 2,
        ),
        Priority(
            "sibling_enrolled",
            _("Un frère ou une sœur est déjà inscrit(e) dans l'établissement"),
            lambda facts: facts.sibling_enrolled,
        ),
        Priority("resident", _("La famille habite la commune"), lambda facts: facts.resident),
        Priority(
            "pai",
            _("Enfant bénéficiant d'un PAI (projet d'accueil individualisé)"),
            lambda facts: facts.child.pai,
        ),
        Priority(
            "earlier_refusal",
            _("Demande refusée lors d'une campagne précédente"),
            lambda facts: facts.earlier_refusal,
        ),
    ]


def catalogue(tenant):
    """Every priority the tenant may choose: ``{code: Priority}`` in proposed order."""
    found = {}
    for contribution in tenant.hooks.call("portail_campaign_priorities", tenant=tenant):
        for priority in contribution or ():
            found.setdefault(priority.code, priority)
    return found


def chosen(tenant, campaign):
    """The campaign's priorities, in its order (codes no plugin answers are skipped)."""
    available = catalogue(tenant)
    return [available[code] for code in campaign.priority_codes if code in available]


def load_facts(dbsession, tenant, campaign, today):
    """``{request id: FamilyFacts}`` for every open request of a campaign, in bulk."""
    requests = select(CampaignRequest.id, CampaignRequest.family_id, CampaignRequest.child_id)
    requests = requests.where(
        CampaignRequest.tenant_id == tenant.id,
        CampaignRequest.campaign_id == campaign.id,
        CampaignRequest.state == SUBMITTED,
    )
    rows = dbsession.execute(requests).all()
    family_ids = select(CampaignRequest.family_id).where(CampaignRequest.campaign_id == campaign.id)
    families = {
        family.id: family
        for family in dbsession.scalars(
            select(Family).where(Family.tenant_id == tenant.id, Family.id.in_(family_ids))
        )
    }
    children = {
        child.id: child
        for child in dbsession.scalars(
            select(Child).where(Child.tenant_id == tenant.id, Child.family_id.in_(family_ids))
        )
    }
    guardians = _guardian_counts(dbsession, tenant, family_ids)
    enrolled = _enrolled_children(dbsession, tenant, campaign, family_ids, today)
    refused = _refused_families(dbsession, tenant, campaign)
    codes = tenant.plugin_settings("core").get("resident_postal_codes", ())
    facts = {}
    for request_id, family_id, child_id in rows:
        family = families[family_id]
        count, working = guardians.get(family_id, (0, 0))
        siblings = enrolled.get(family_id, set()) - {child_id}
        facts[request_id] = FamilyFacts(
            family=family,
            child=children[child_id],
            guardians=count,
            working_guardians=working,
            sibling_enrolled=bool(siblings),
            resident=not codes or family.postal_code in codes,
            earlier_refusal=family_id in refused,
        )
    return facts


def _guardian_counts(dbsession, tenant, family_ids):
    working = func.sum(case((Guardian.phone_work != "", 1), else_=0))
    query = (
        select(Guardian.family_id, func.count(Guardian.id), working)
        .where(Guardian.tenant_id == tenant.id, Guardian.family_id.in_(family_ids))
        .group_by(Guardian.family_id)
    )
    return {
        family_id: (count, int(work or 0)) for family_id, count, work in dbsession.execute(query)
    }


def _enrolled_children(dbsession, tenant, campaign, family_ids, today):
    """``{family id: {child id}}`` enrolled in current periods of the campaign's
    establishments (the campaign's own periods excluded: that is what is asked for)."""
    own = select(CampaignPeriod.period_id).where(CampaignPeriod.campaign_id == campaign.id)
    establishments = select(Period.establishment_id).where(Period.id.in_(own))
    query = (
        select(Child.family_id, Enrolment.child_id)
        .join(Child, Child.id == Enrolment.child_id)
        .join(Period, Period.id == Enrolment.period_id)
        .where(
            Enrolment.tenant_id == tenant.id,
            Child.family_id.in_(family_ids),
            Period.establishment_id.in_(establishments),
            Period.id.not_in(own),
            Period.end_date >= today,
        )
    )
    found = {}
    for family_id, child_id in dbsession.execute(query):
        found.setdefault(family_id, set()).add(child_id)
    return found


def _refused_families(dbsession, tenant, campaign):
    query = select(CampaignRequest.family_id).where(
        CampaignRequest.tenant_id == tenant.id,
        CampaignRequest.campaign_id != campaign.id,
        CampaignRequest.state.in_((REFUSED, EXPIRED)),
        CampaignRequest.submitted_at < campaign.opens_at,
    )
    return set(dbsession.scalars(query.distinct()))
