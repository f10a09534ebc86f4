"""Absences with a certificate: a family declares them, an agent accepts or refuses them.

Accepting turns the child's booked days of the range into « absence justifiée »: their
places are freed (the first waiting line of each cell gets one, as its period's policy
says) and each day gets a presence credit saying whether the commune gives it back
(``portail_absence_policy``: a "jour de carence" is not). The invoice runs read those
credits. Every step is a fixed number of statements, whatever the number of days.
"""

from dataclasses import dataclass, field

from sqlalchemy import func, select

from portail_core.calendar import PARIS
from portail_core.formatting import ShortDate
from portail_core.i18n import _
from portail_core.models.absences import (
    ABSENCE_ACCEPTED,
    ABSENCE_PENDING,
    ABSENCE_REFUSED,
    CAUSE_ABSENCE,
    Absence,
    PresenceCredit,
)
from portail_core.models.bookings import (
    BOOKING,
    CANCELLED,
    JUSTIFIED,
    PLACE_STATES,
    WAITING,
    Presence,
)
from portail_core.models.types import utcnow
from portail_core.paging import Pager
from portail_core.services.bookings.capacity import (
    CapacityLedger,
    insert_ignoring_duplicates,
    set_line_states,
)
from portail_core.services.bookings.rules import policy_for

# The icons of an absence's state, in the style of the reservations' legend.
ABSENCE_ICONS = {ABSENCE_PENDING: "?", ABSENCE_ACCEPTED: "✓", ABSENCE_REFUSED: "✗"}
MAX_DAYS = 92  # a declaration covers at most about a term
QUEUE_PER_PAGE = 20
FAMILY_LIMIT = 20


class AbsenceError(ValueError):
    """A declaration or a decision refused; ``field`` is where the French message goes."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass
class AbsenceDecision:
    """What accepting or refusing an absence did, for the message and the e-mails."""

    absence: Absence
    justified: list = field(default_factory=list)  # Presence lines now « absence justifiée »
    credited: int = 0
    promotions: list = field(default_factory=list)


def check_range(policy, first_day, last_day, today):
    """Refuse a range the commune does not take; :class:`AbsenceError` says why."""
    if last_day < first_day:
        raise AbsenceError("last_day", _("Le dernier jour d'absence précède le premier."))
    if (last_day - first_day).days + 1 > MAX_DAYS:
        raise AbsenceError(
            "last_day",
            _("Une déclaration couvre au plus ${count} jours.", mapping={"count": MAX_DAYS}),
        )
    deadline = policy.declaration_deadline(first_day)
    if today > deadline:
        raise AbsenceError(
            "first_day",
            _(
                "Le délai pour justifier cette absence est dépassé : le certificat devait être "
                "transmis au plus tard le ${day}.",
                mapping={"day": ShortDate(deadline)},
            ),
        )


class AbsenceService:
    def __init__(self, dbsession, tenant):
        self.dbsession = dbsession
        self.tenant = tenant

    @property
    def policy(self):
        return self.tenant.hooks.absence_policy()

    def _query(self):
        return select(Absence).where(Absence.tenant_id == self.tenant.id)

    # -- families -----------------------------------------------------------------------
    def declare(self, family, child, first_day, last_day, document, user, now):
        """Record a pending absence of ``child`` (the family's) with its certificate."""
        check_range(self.policy, first_day, last_day, now.astimezone(PARIS).date())
        absence = Absence(
            tenant_id=self.tenant.id,
            family_id=family.id,
            child_id=child.id,
            first_day=first_day,
            last_day=last_day,
            document_id=document.id,
            state=ABSENCE_PENDING,
            created_at=utcnow(),
            created_by_id=user.id if user is not None else None,
        )
        self.dbsession.add(absence)
        self.dbsession.flush()
        return absence

    def for_family(self, family_id, limit=FAMILY_LIMIT):
        """The family's latest absences, newest first (one query)."""
        return self.dbsession.scalars(
            self._query()
            .where(Absence.family_id == family_id)
            .order_by(Absence.created_at.desc(), Absence.id.desc())
            .limit(limit)
        ).all()

    # -- agents -------------------------------------------------------------------------
    def get(self, absence_id):
        return self.dbsession.scalar(self._query().where(Absence.id == absence_id))

    def queue(self, state=ABSENCE_PENDING, number=1, per_page=QUEUE_PER_PAGE):
        """Absences in a state (pending by default, oldest first): ``(rows, pager)``."""
        where = (Absence.tenant_id == self.tenant.id, Absence.state == state)
        total = self.dbsession.scalar(select(func.count(Absence.id)).where(*where))
        pager = Pager(number, per_page, total)
        order = Absence.id if state == ABSENCE_PENDING else Absence.id.desc()
        rows = self.dbsession.scalars(
            select(Absence).where(*where).order_by(order).offset(pager.offset).limit(per_page)
        ).all()
        return rows, pager

    def count_pending(self):
        return self.dbsession.scalar(
            select(func.count(Absence.id)).where(
                Absence.tenant_id == self.tenant.id, Absence.state == ABSENCE_PENDING
            )
        )

    def booked_counts(self, absences):
        """``{absence id: booked lines in its range}`` for a page of absences (one query)."""
        if not absences:
            return {}
        counts = {absence.id: 0 for absence in absences}
        rows = self.dbsession.execute(
            select(Presence.child_id, Presence.day).where(
                Presence.tenant_id == self.tenant.id,
                Presence.kind == BOOKING,
                Presence.state.in_(PLACE_STATES),
                Presence.child_id.in_({absence.child_id for absence in absences}),
                Presence.day >= min(absence.first_day for absence in absences),
                Presence.day <= max(absence.last_day for absence in absences),
            )
        ).all()
        for child_id, day in rows:
            for absence in absences:
                if absence.child_id == child_id and absence.first_day <= day <= absence.last_day:
                    counts[absence.id] += 1
        return counts

    def _covered(self, absence, states):
        return self.dbsession.scalars(
            select(Presence)
            .where(
                Presence.tenant_id == self.tenant.id,
                Presence.kind == BOOKING,
                Presence.child_id == absence.child_id,
                Presence.day >= absence.first_day,
                Presence.day <= absence.last_day,
                Presence.state.in_(states),
            )
            .order_by(Presence.day, Presence.unit_id)
            .execution_options(populate_existing=True)
        ).all()

    def refuse(self, absence, note, agent, now):
        if absence.state != ABSENCE_PENDING:
            raise AbsenceError("note", _("Cette absence a déjà été traitée."))
        if not (note or "").strip():
            raise AbsenceError("note", _("Indiquez le motif du refus : la famille le lira."))
        self._decided(absence, ABSENCE_REFUSED, note, agent, now)
        return AbsenceDecision(absence)

    def accept(self, absence, note, agent, now):
        """Justify the child's booked days of the range, free their places, note credits."""
        if absence.state != ABSENCE_PENDING:
            raise AbsenceError("note", _("Cette absence a déjà été traitée."))
        states = (*PLACE_STATES, WAITING)
        candidates = self._covered(absence, states)
        ledger = CapacityLedger(self.dbsession, self.tenant)
        ledger.lock({(line.unit_id, line.day) for line in candidates})
        lines = self._covered(absence, states)  # again, under the locks
        justified = [line for line in lines if line.state in PLACE_STATES]
        waiting = [line for line in lines if line.state == WAITING]
        for line in justified:
            ledger.release((line.unit_id, line.day))
        decided = {"decided_at": now, "decided_by_id": agent.id if agent else None}
        set_line_states(self.dbsession, [line.id for line in justified], state=JUSTIFIED, **decided)
        # A sick child does not take a place freed on its waiting list.
        set_line_states(
            self.dbsession,
            [line.id for line in waiting],
            state=CANCELLED,
            note=_("Absence justifiée"),
            waiting_since=None,
            **decided,
        )
        credited_days = self.policy.credited(line.day for line in justified)
        self._credit(absence, justified, credited_days)
        periods = {}

        def policy_of(period):
            if period.id not in periods:
                periods[period.id] = policy_for(self.tenant, period)
            return periods[period.id]

        promotions = ledger.promote(policy_of, now)
        ledger.write()
        self._decided(absence, ABSENCE_ACCEPTED, note, agent, now)
        credited = sum(1 for line in justified if line.day in credited_days)
        return AbsenceDecision(absence, justified, credited, promotions)

    def _credit(self, absence, lines, credited_days):
        if not lines:
            return
        # i18n: ignore — stored on the invoice's credit line, in the commune's language
        reason = f"Absence justifiée du {absence.first_day:%d/%m} au {absence.last_day:%d/%m}"
        rows = [
            {
                "tenant_id": self.tenant.id,
                "presence_id": line.id,
                "cause": CAUSE_ABSENCE,
                "absence_id": absence.id,
                "reason": reason,
                "credited": line.day in credited_days,
                "created_at": utcnow(),
            }
            for line in lines
        ]
        insert_ignoring_duplicates(self.dbsession, PresenceCredit, rows, ["presence_id"])

    def _decided(self, absence, state, note, agent, now):
        absence.state = state
        absence.note = (note or "").strip()[:500]
        absence.decided_at = now
        absence.decided_by_id = agent.id if agent is not None else None
        self.dbsession.flush()
