"""Enrolments: an agent lets a child book a period (the seed's FAQ: without it, the period
does not appear for that child). One by one, or many children at once."""

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from portail_core.i18n import _
from portail_core.models.bookings import LIVE_STATES, Enrolment, Period, Presence
from portail_core.models.family import Child, Family
from portail_core.services.bookings.errors import BookingError, NotFound


class EnrolmentService:
    def __init__(self, dbsession, tenant):
        self.dbsession = dbsession
        self.tenant = tenant

    def enrolled(self, period):
        """The period's enrolments with their children and families, by name."""
        return self.dbsession.scalars(
            select(Enrolment)
            .join(Child, Child.id == Enrolment.child_id)
            .where(Enrolment.tenant_id == self.tenant.id, Enrolment.period_id == period.id)
            .options(joinedload(Enrolment.child).joinedload(Child.family))
            .order_by(Child.last_name, Child.first_name)
        ).all()

    def candidates(self, period):
        """The commune's current children not enrolled in the period yet, by name."""
        enrolled = select(Enrolment.child_id).where(
            Enrolment.tenant_id == self.tenant.id, Enrolment.period_id == period.id
        )
        return self.dbsession.scalars(
            select(Child)
            .join(Family, Family.id == Child.family_id)
            .where(
                Child.tenant_id == self.tenant.id,
                Child.archived.is_(False),
                Child.id.not_in(enrolled),
            )
            .options(joinedload(Child.family))
            .order_by(Child.last_name, Child.first_name)
        ).all()

    def enrol(self, period, child_ids, agent=None):
        """Enrol the tenant's children among ``child_ids``; returns how many were added."""
        child_ids = set(child_ids)
        if not child_ids:
            return 0
        valid = set(
            self.dbsession.scalars(
                select(Child.id).where(
                    Child.tenant_id == self.tenant.id,
                    Child.id.in_(child_ids),
                    Child.archived.is_(False),
                )
            )
        )
        if valid != child_ids:
            raise BookingError(_("Un des enfants choisis n'existe pas dans cette commune."))
        already = set(
            self.dbsession.scalars(
                select(Enrolment.child_id).where(
                    Enrolment.tenant_id == self.tenant.id,
                    Enrolment.period_id == period.id,
                    Enrolment.child_id.in_(valid),
                )
            )
        )
        for child_id in sorted(valid - already):
            self.dbsession.add(
                Enrolment(
                    tenant_id=self.tenant.id,
                    period_id=period.id,
                    child_id=child_id,
                    created_by_id=agent.id if agent is not None else None,
                )
            )
        self.dbsession.flush()
        return len(valid - already)

    def copy_from(self, period, source_id, agent=None):
        """Enrol in ``period`` every current child enrolled in another period."""
        source = self.dbsession.scalar(
            select(Period).where(Period.tenant_id == self.tenant.id, Period.id == source_id)
        )
        if source is None:
            raise NotFound()
        ids = self.dbsession.scalars(
            select(Enrolment.child_id)
            .join(Child, Child.id == Enrolment.child_id)
            .where(
                Enrolment.tenant_id == self.tenant.id,
                Enrolment.period_id == source.id,
                Child.archived.is_(False),
            )
        ).all()
        return self.enrol(period, ids, agent)

    def unenrol(self, period, enrolment_id):
        """Remove an enrolment, unless the child still has live lines in the period."""
        enrolment = self.dbsession.scalar(
            select(Enrolment).where(
                Enrolment.tenant_id == self.tenant.id,
                Enrolment.period_id == period.id,
                Enrolment.id == enrolment_id,
            )
        )
        if enrolment is None:
            raise NotFound()
        live = self.dbsession.scalar(
            select(func.count(Presence.id)).where(
                Presence.tenant_id == self.tenant.id,
                Presence.period_id == period.id,
                Presence.child_id == enrolment.child_id,
                Presence.state.in_(LIVE_STATES),
            )
        )
        if live:
            raise BookingError(
                _(
                    "${child} a encore ${count} présence(s) en cours sur cette période : "
                    "annulez-les avant de retirer l'inscription.",
                    mapping={"child": enrolment.child.full_name, "count": live},
                )
            )
        child = enrolment.child
        self.dbsession.delete(enrolment)
        self.dbsession.flush()
        return child

    def open_periods_for(self, child, today):
        """The periods a child may book now: enrolled, not archived, still taking requests."""
        return self.dbsession.scalars(
            select(Period)
            .join(Enrolment, Enrolment.period_id == Period.id)
            .where(
                Period.tenant_id == self.tenant.id,
                Enrolment.child_id == child.id,
                Period.archived.is_(False),
                Period.last_booking_day >= today,
            )
            .order_by(Period.establishment_id, Period.start_date)
        ).all()

    def enrolled_siblings(self, period, child, family_children):
        """The family's other current children enrolled in the same period."""
        others = [other for other in family_children if other.id != child.id]
        if not others:
            return []
        ids = set(
            self.dbsession.scalars(
                select(Enrolment.child_id).where(
                    Enrolment.tenant_id == self.tenant.id,
                    Enrolment.period_id == period.id,
                    Enrolment.child_id.in_([other.id for other in others]),
                )
            )
        )
        return [other for other in others if other.id in ids]
