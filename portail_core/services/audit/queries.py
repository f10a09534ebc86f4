"""Reading the audit trail: a family's « Historique », and the agents' actions for the operator."""

from sqlalchemy import func, or_, select

from portail_core.i18n import _
from portail_core.models.audit import AuditEntry
from portail_core.paging import Pager
from portail_core.services.audit.trail import AGENT, OPERATOR, PARENT, RECORDED_KINDS, SYSTEM

PER_PAGE = 20
OPERATOR_PER_PAGE = 50
AGENT_ROLES = ("agent",)


def _page(dbsession, where, number, per_page):
    total = dbsession.scalar(select(func.count(AuditEntry.id)).where(*where))
    pager = Pager(number, per_page, total)
    entries = dbsession.scalars(
        select(AuditEntry)
        .where(*where)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .offset(pager.offset)
        .limit(per_page)
    ).all()
    return entries, pager


class FamilyTrail:
    """The trail of one family of the tenant (what parents and agents read)."""

    def __init__(self, dbsession, tenant):
        self.dbsession = dbsession
        self.tenant = tenant

    def page(self, family_id, number, per_page=PER_PAGE, shared_child_ids=()):
        """One page of the family's trail, newest first: ``(entries, pager)``.

        :param shared_child_ids: children the family shares with another household
            (shared custody): the changes of their sheets are read too, whichever
            household's trail they were written in; nothing else of that household.
        """
        mine = AuditEntry.family_id == family_id
        if shared_child_ids:
            sheet = or_(*(AuditEntry.page.like(prefix + "%") for prefix in SHEET_PAGES))
            mine = or_(mine, AuditEntry.child_id.in_(list(shared_child_ids)) & sheet)
        where = (AuditEntry.tenant_id == self.tenant.id, mine)
        return _page(self.dbsession, where, number, per_page)


# The pages a child's sheet is changed from (its trail is shared by both households).
SHEET_PAGES = ("family.child", "family.pickup", "agents.family.child", "agents.family.pickup")


class AgentActions:
    """The agents' actions in every commune: the operator's journal (across tenants on
    purpose: the operator runs the whole deployment)."""

    def __init__(self, dbsession):
        self.dbsession = dbsession

    def page(self, number, tenant_id=None, per_page=OPERATOR_PER_PAGE):
        where = [AuditEntry.actor_role.in_(AGENT_ROLES)]
        if tenant_id:
            where.append(AuditEntry.tenant_id == tenant_id)
        return _page(self.dbsession, where, number, per_page)


# Where a change was made from, as families and agents read it (by route name prefix).
PAGE_LABELS = (
    ("agents.family", _("Espace agents — dossier famille")),
    ("agents.families", _("Espace agents — familles")),
    ("agents.documents", _("Espace agents — pièces justificatives")),
    ("agents.bookings", _("Espace agents — réservations")),
    ("agents.billing", _("Espace agents — facturation")),
    ("agents.payments", _("Espace agents — paiements en ligne")),
    ("agents", _("Espace agents")),
    ("family.documents", _("Pièces justificatives")),
    ("family.child", _("Fiche enfant")),
    ("family.pickup", _("Fiche enfant")),
    ("family.export", _("Télécharger mes données")),
    ("family", _("Modifier les informations de la famille")),
    ("bookings", _("Les réservations")),
    ("payments.notify", _("Notification de la banque")),
    ("payments", _("Paiement en ligne")),
    ("billing", _("Mes Factures & Paiements")),
    ("accounts", _("Mon compte")),
)


def page_label(page):
    """ "Fiche enfant" for ``family.child``; a console command's name as it is."""
    for prefix, label in PAGE_LABELS:
        if page == prefix or page.startswith(prefix + "."):
            return label
    return page or "—"


# How a reader sees each kind of actor, in their language.
_SHOWN_ACTORS = {
    PARENT: _("${name} (famille)"),
    AGENT: _("${name} (agent)"),
    OPERATOR: _("${name} (opérateur)"),
}


def shown_actor(entry):
    """Who acted, in the reader's language: the recorded name with its kind translated
    ("Sophie TEST (family)"), "System" for a command or an automatic change."""
    if entry.actor_role == SYSTEM:
        return _("Système")
    suffix = f" ({RECORDED_KINDS.get(entry.actor_role)})"
    if entry.actor_role not in _SHOWN_ACTORS or not entry.actor_label.endswith(suffix):
        return entry.actor_label
    name = entry.actor_label[: -len(suffix)]
    return _(_SHOWN_ACTORS[entry.actor_role], mapping={"name": name})
