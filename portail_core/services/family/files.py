"""The family file's rules and queries: families, guardians, children, sheets, pick-up persons.

Every query is scoped to the service's tenant; every change goes through
:class:`~portail_core.services.audit.trail.AuditTrail` so that it is recorded.
"""

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import selectinload

from portail_core.i18n import _
from portail_core.models.accounts import User
from portail_core.models.family import (
    Child,
    ChildAuthorisation,
    ChildVaccination,
    Family,
    Guardian,
    PickupPerson,
)
from portail_core.models.households import ChildHousehold
from portail_core.paging import Pager
from portail_core.services.audit.trail import AuditTrail
from portail_core.services.family.labels import (
    ADDRESS_LABELS,
    CHILD_IDENTITY_LABELS,
    FAMILY_LABELS,
    GUARDIAN_LABELS,
    MEDICAL_LABELS,
    QUOTIENT_LABELS,
    pickup_summary,
)

SEARCH_PER_PAGE = 20


def _like(text):
    """A case-insensitive "contains" pattern with the user's % and _ taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class FamilyService:
    def __init__(self, dbsession, tenant):
        self.dbsession = dbsession
        self.tenant = tenant
        self.history = AuditTrail(dbsession, tenant)

    # -- look-ups -----------------------------------------------------------------------
    def family(self, family_id):
        """The family with its guardians, logins and children, or ``None``."""
        return self.dbsession.scalar(
            select(Family)
            .where(Family.tenant_id == self.tenant.id, Family.id == family_id)
            .options(selectinload(Family.guardians), selectinload(Family.users))
        )

    def child(self, family_id, child_id, include_archived=False):
        """A child of that family (or shared with it, see models.households) with its
        whole sheet, or ``None``."""
        query = select(Child).where(
            Child.tenant_id == self.tenant.id,
            or_(
                Child.family_id == family_id,
                exists().where(
                    ChildHousehold.child_id == Child.id,
                    ChildHousehold.family_id == family_id,
                    ChildHousehold.tenant_id == self.tenant.id,
                ),
            ),
            Child.id == child_id,
        )
        if not include_archived:
            query = query.where(Child.archived.is_(False))
        return self.dbsession.scalar(
            query.options(
                selectinload(Child.vaccinations),
                selectinload(Child.authorisations),
                selectinload(Child.pickup_persons),
            )
        )

    def pickup_person(self, child, person_id):
        return next((p for p in child.pickup_persons if p.id == person_id), None)

    def search(self, text, number=1, per_page=SEARCH_PER_PAGE):
        """Families whose name, a child's name or an e-mail contains ``text``: (rows, pager)."""
        where = [Family.tenant_id == self.tenant.id]
        text = (text or "").strip()
        if text:
            pattern = _like(text)
            where.append(
                or_(
                    Family.name.ilike(pattern, escape="\\"),
                    exists().where(
                        Child.family_id == Family.id,
                        or_(
                            Child.first_name.ilike(pattern, escape="\\"),
                            Child.last_name.ilike(pattern, escape="\\"),
                        ),
                    ),
                    exists().where(
                        User.family_id == Family.id, User.email.ilike(pattern, escape="\\")
                    ),
                    exists().where(
                        Guardian.family_id == Family.id,
                        or_(
                            Guardian.email.ilike(pattern, escape="\\"),
                            Guardian.last_name.ilike(pattern, escape="\\"),
                        ),
                    ),
                )
            )
        total = self.dbsession.scalar(select(func.count(Family.id)).where(*where))
        pager = Pager(number, per_page, total)
        rows = self.dbsession.scalars(
            select(Family)
            .where(*where)
            .options(selectinload(Family.users), selectinload(Family.guardians))
            .order_by(Family.name, Family.id)
            .offset(pager.offset)
            .limit(per_page)
        ).all()
        return rows, pager

    # -- the family file ----------------------------------------------------------------
    def create_family(self, name, guardian_values, actor):
        family = Family(tenant_id=self.tenant.id, name=name.strip().upper())
        self.dbsession.add(family)
        self.dbsession.flush()
        self.history.change(
            family, _("Famille"), _("Création du dossier"), None, family.name, actor
        )
        self._set_guardian(family, 1, guardian_values, actor)
        return family

    def update_family(self, family, address, guardians, actor):
        """Change the address and the guardians (``{1: values, 2: values or None}``)."""
        self.history.apply(
            family, address, ADDRESS_LABELS, family=family, subject=_("Famille"), actor=actor
        )
        for position, values in sorted(guardians.items()):
            self._set_guardian(family, position, values, actor)

    def update_agent_fields(self, family, values, actor):
        """What only agents change: the family's name, its quotient familial and validity."""
        labels = {**FAMILY_LABELS, **QUOTIENT_LABELS}
        self.history.apply(family, values, labels, family=family, subject=_("Famille"), actor=actor)

    def _set_guardian(self, family, position, values, actor):
        # The history is written in French, the reference text; the page translates the
        # labels it knows when it shows them.
        subject = f"Responsable légal {position}"  # i18n: ignore
        guardian = family.guardian(position)
        if values is None:
            if guardian is not None:
                self.history.change(
                    family, subject, _("Responsable légal"), guardian.full_name, None, actor
                )
                family.guardians.remove(guardian)
            return
        if guardian is None:
            guardian = Guardian(tenant_id=self.tenant.id, position=position)
            for name in GUARDIAN_LABELS:
                setattr(guardian, name, "")
            family.guardians.append(guardian)
        self.history.apply(
            guardian, values, GUARDIAN_LABELS, family=family, subject=subject, actor=actor
        )

    # -- children -----------------------------------------------------------------------
    def add_child(self, family, values, actor):
        child = Child(tenant_id=self.tenant.id, family=family, last_name="", first_name="")
        self.dbsession.add(child)
        self.dbsession.flush()
        self.history.change(
            family, _("Enfants"), _("Ajout d'un enfant"), None, _identity(values), actor
        )
        self.update_identity(child, values, actor, record=False)
        return child

    def update_identity(self, child, values, actor, record=True):
        values = {**values, "last_name": values["last_name"].strip().upper()}
        if not record:
            for name in CHILD_IDENTITY_LABELS:
                if name in values:
                    setattr(child, name, values[name])
            return
        self.history.apply(
            child,
            values,
            CHILD_IDENTITY_LABELS,
            family=child.family,
            subject=child.full_name,
            actor=actor,
            child=child,
        )

    def set_archived(self, child, archived, actor):
        self.history.apply(
            child,
            {"archived": archived},
            {"archived": _("Archivé")},
            family=child.family,
            subject=child.full_name,
            actor=actor,
            child=child,
        )

    def update_sheet(self, child, values, lists, actor):
        """Save a child sheet: school level, medical data, vaccinations, authorisations."""
        context = {
            "family": child.family,
            "subject": child.full_name,
            "actor": actor,
            "child": child,
        }
        labels = dict(MEDICAL_LABELS)
        if "school_level" in values:
            labels["school_level"] = CHILD_IDENTITY_LABELS["school_level"]
        self.history.apply(child, values, labels, **context)
        self._save_vaccinations(child, values.get("vaccinations", {}), lists.vaccines, context)
        self._save_authorisations(
            child, values.get("authorisations", {}), lists.authorisations, context
        )

    def _save_vaccinations(self, child, answers, vaccines, context):
        by_label = {v.vaccine: v for v in child.vaccinations}
        for label in vaccines:
            answer = answers.get(label)
            if answer is None:
                continue
            row = by_label.get(label)
            if row is None:
                row = ChildVaccination(
                    tenant_id=self.tenant.id, vaccine=label, done=False, last_date=None
                )
                child.vaccinations.append(row)
            labels = {
                "done": f"Vaccin {label} — effectué",  # i18n: ignore
                "last_date": f"Vaccin {label} — dernière vaccination",  # i18n: ignore
            }
            self.history.apply(row, answer, labels, **context)

    def _save_authorisations(self, child, answers, authorisations, context):
        by_label = {a.authorisation: a for a in child.authorisations}
        for label in authorisations:
            if label not in answers:
                continue
            row = by_label.get(label)
            if row is None:
                row = ChildAuthorisation(
                    tenant_id=self.tenant.id, authorisation=label, granted=None
                )
                child.authorisations.append(row)
            self.history.apply(row, {"granted": answers[label]}, {"granted": label}, **context)

    # -- persons allowed to pick a child up ---------------------------------------------
    def add_pickup(self, child, values, actor):
        person = PickupPerson(tenant_id=self.tenant.id, **values)
        child.pickup_persons.append(person)
        self._record_pickup(child, None, pickup_summary(person), actor)
        return person

    def update_pickup(self, child, person, values, actor):
        before = pickup_summary(person)
        for name, value in values.items():
            setattr(person, name, value)
        after = pickup_summary(person)
        if before != after:
            self._record_pickup(child, before, after, actor)

    def remove_pickup(self, child, person, actor):
        self._record_pickup(child, pickup_summary(person), None, actor)
        child.pickup_persons.remove(person)

    def _record_pickup(self, child, old, new, actor):
        self.history.change(
            child.family,
            child.full_name,
            _("Personne autorisée à venir chercher l'enfant"),
            old,
            new,
            actor,
            child,
        )


def _identity(values):
    birth = values.get("birth_date")
    born = f", né(e) le {birth:%d/%m/%Y}" if birth else ""  # i18n: ignore (the history)
    return f"{values['last_name'].strip().upper()} {values['first_name']}{born}"
