"""Agents link a child to a second household and set the custody between the two.

The rules live on :class:`~portail_core.models.households.ChildHousehold`; here are the
tenant-scoped look-ups and changes, each recorded in the child's trail.
"""

from decimal import Decimal

from sqlalchemy import select

from portail_core.i18n import _
from portail_core.models.bookings import Unit
from portail_core.models.family import Family, Guardian
from portail_core.models.households import FREE, HouseholdShare
from portail_core.models.households import ChildHousehold as Link
from portail_core.services.audit.trail import AuditTrail

# Written in the trail (French, as every trail value: not translated).
SCHEDULE_LABELS = {
    "alternate": "Semaines alternées",  # i18n: ignore
    "weekdays": "Jours fixes",
    "free": "Libre",
}
RESTRICTION_LABELS = {
    "": "Aucune",
    "no_authority": "Sans autorité parentale",  # i18n: ignore
    "court": "Restriction par décision de justice",  # i18n: ignore
}


class HouseholdError(Exception):
    """A link that cannot be made (the message is shown beside the form)."""


class HouseholdService:
    def __init__(self, dbsession, tenant):
        self.dbsession = dbsession
        self.tenant = tenant
        self.history = AuditTrail(dbsession, tenant)

    def family(self, family_id):
        return self.dbsession.scalar(
            select(Family).where(Family.tenant_id == self.tenant.id, Family.id == family_id)
        )

    def units(self):
        """The commune's active units, for the splits (one query)."""
        return self.dbsession.scalars(
            select(Unit)
            .where(Unit.tenant_id == self.tenant.id, Unit.active.is_(True))
            .order_by(Unit.establishment_id, Unit.position, Unit.id)
        ).all()

    def link(self, child, family_id, actor):
        """Make ``family_id`` the child's second household (free schedule to start with)."""
        if child.household is not None:
            raise HouseholdError(_("Cet enfant a déjà un second foyer."))
        family = self.family(family_id)
        if family is None:
            raise HouseholdError(_("Ce foyer n'existe pas."))
        if family.id == child.family_id:
            raise HouseholdError(
                _("Le second foyer doit être une autre famille que celle de l'enfant.")
            )
        link = Link(tenant_id=self.tenant.id, child=child, family_id=family.id, schedule=FREE)
        self.dbsession.add(link)
        self.dbsession.flush()
        self._record(child, "Second foyer", None, family.name, actor)
        return link

    def unlink(self, child, actor):
        link = child.household
        if link is None:
            return
        name = link.family.name
        self.dbsession.delete(link)
        child.household = None
        self.dbsession.flush()
        self._record(child, "Second foyer", name, None, actor)

    def set_custody(self, child, values, shares, actor):
        """The schedule (``schedule``, ``start_date``, ``first_household``, ``weekdays``,
        ``allow_both``) and the splits ``{unit_id: Decimal percent or None}``."""
        link = child.household
        before = self.describe(link)
        link.schedule = values["schedule"]
        link.start_date = values.get("start_date")
        link.first_household = int(values.get("first_household") or 1)
        link.weekdays = values.get("weekdays") or "0000000"
        link.allow_both = bool(values.get("allow_both"))
        existing = {share.unit_id: share for share in link.shares}
        for unit_id, percent in shares.items():
            share = existing.get(unit_id)
            if percent is None:
                if share is not None:
                    link.shares.remove(share)
            elif share is None:
                share = HouseholdShare(
                    tenant_id=self.tenant.id, unit_id=unit_id, second_percent=percent
                )
                link.shares.append(share)
            else:
                share.second_percent = percent
        self.dbsession.flush()
        after = self.describe(link)
        if after != before:
            self._record(child, "Garde partagée", before, after, actor)  # i18n: ignore

    def describe(self, link):
        """The custody as one line of the trail."""
        parts = [SCHEDULE_LABELS[link.schedule]]
        if link.schedule == "alternate" and link.start_date:
            who = "second foyer" if link.first_household == 2 else "foyer principal"
            parts.append(f"semaine du {link.start_date:%d/%m/%Y} : {who}")  # i18n: ignore
        if link.schedule == "weekdays":
            names = ("lun", "mar", "mer", "jeu", "ven", "sam", "dim")
            days = [n for n, flag in zip(names, link.weekdays, strict=False) if flag == "1"]
            parts.append("second foyer : " + (" ".join(days) or "aucun jour"))  # i18n: ignore
        if link.allow_both:
            parts.append("les deux foyers réservent tous les jours")  # i18n: ignore
        for share in link.shares:
            percent = Decimal(share.second_percent).normalize()
            parts.append(f"{share.unit.label} : {percent:f} % au second foyer")  # i18n: ignore
        return " ; ".join(parts)

    def set_restriction(self, guardian: Guardian, restriction, note, actor):
        old = RESTRICTION_LABELS.get(guardian.restriction, guardian.restriction)
        guardian.restriction = restriction
        guardian.restriction_note = (note or "").strip()[:300]
        new = RESTRICTION_LABELS[restriction]
        if old != new:
            self.history.change(guardian.family, guardian.full_name, "Restriction", old, new, actor)

    def _record(self, child, field, old, new, actor):
        self.history.change(child.family, child.full_name, field, old, new, actor, child=child)
