"""Agents process requests: accept, refuse or cancel lines, one by one or in bulk.

Accepting a pending line keeps its place; accepting a waiting line needs a free place.
Refusing or cancelling a line that held a place frees it, and the first waiting line of
that cell gets it (accepted or held, as its period's policy says). Every change happens
under the cells' locks (:mod:`portail_core.services.bookings.capacity`).
"""

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm.attributes import set_committed_value

from portail_core.i18n import _
from portail_core.models.bookings import (
    ACCEPTED,
    BOOKING,
    CANCELLED,
    LIVE_STATES,
    PENDING,
    PLACE_STATES,
    REFUSED,
    WAITING,
    Presence,
)
from portail_core.services.bookings.audit import record_decided
from portail_core.services.bookings.capacity import CapacityLedger, set_line_states
from portail_core.services.bookings.rules import policy_for

ACCEPT = "accept"
REFUSE = "refuse"
CANCEL = "cancel"
ACTIONS = {ACCEPT: ACCEPTED, REFUSE: REFUSED, CANCEL: CANCELLED}
# How the audit trail names each action.
DECIDED = {
    ACCEPT: _("Acceptée"),
    REFUSE: _("Refusée (aucune place disponible)"),
    CANCEL: _("Annulée"),
}
# Which states each action applies to.
APPLIES_TO = {ACCEPT: (PENDING, WAITING), REFUSE: (PENDING, WAITING), CANCEL: LIVE_STATES}


@dataclass
class Decisions:
    """What an agent's action did, for the flash message and the families' e-mails."""

    action: str
    decided: list = field(default_factory=list)  # Presence lines, with their new state
    full: list = field(default_factory=list)  # waiting lines that could not be accepted
    promotions: list = field(default_factory=list)


class ProcessingService:
    def __init__(self, dbsession, tenant):
        self.dbsession = dbsession
        self.tenant = tenant

    def _lines(self, line_ids, states, reservation_id=None):
        query = select(Presence).where(
            Presence.tenant_id == self.tenant.id,
            Presence.id.in_(line_ids),
            Presence.kind == BOOKING,
            Presence.state.in_(states),
        )
        if reservation_id is not None:
            query = query.where(Presence.reservation_id == reservation_id)
        query = query.order_by(Presence.id).execution_options(populate_existing=True)
        return self.dbsession.scalars(query).all()

    def decide(self, line_ids, action, note, agent, now, reservation_id=None) -> Decisions:
        """Apply ``action`` (accept, refuse, cancel) to the lines it applies to.

        :param reservation_id: when given, only that reservation's lines are touched.
        """
        if action not in ACTIONS or not line_ids:
            return Decisions(action)
        states = APPLIES_TO[action]
        candidates = self._lines(list(line_ids), states, reservation_id)
        ledger = CapacityLedger(self.dbsession, self.tenant)
        ledger.lock({(line.unit_id, line.day) for line in candidates})
        # Read again under the locks: a parent may have cancelled meanwhile.
        lines = self._lines([line.id for line in candidates], states)
        result = Decisions(action)
        for line in lines:
            cell = (line.unit_id, line.day)
            if action == ACCEPT and line.state == WAITING and not ledger.take(cell):
                result.full.append(line)
                continue
            if action != ACCEPT and line.state in PLACE_STATES:
                ledger.release(cell)
            result.decided.append(line)
        periods = {}

        def policy_of(period):
            if period.id not in periods:
                periods[period.id] = policy_for(self.tenant, period)
            return periods[period.id]

        set_line_states(
            self.dbsession,
            [line.id for line in result.decided],
            state=ACTIONS[action],
            note=(note or "").strip()[:500],
            waiting_since=None,
            decided_at=now,
            decided_by_id=agent.id if agent is not None else None,
        )
        record_decided(self.dbsession, self.tenant, result.decided, DECIDED[action], agent)
        # After the decisions are written, so a line refused or cancelled here is no
        # longer on the waiting list that the freed places go to.
        result.promotions = ledger.promote(policy_of, now)
        ledger.write()
        for line in result.decided:
            # The UPDATE above wrote it; keep the loaded object in step without a 2nd write.
            set_committed_value(line, "state", ACTIONS[action])
        return result

    def decide_reservation(self, reservation_id, action, note, agent, now) -> Decisions:
        """Apply ``action`` to every line of one reservation it applies to."""
        ids = self.dbsession.scalars(
            select(Presence.id).where(
                Presence.tenant_id == self.tenant.id,
                Presence.reservation_id == reservation_id,
            )
        ).all()
        return self.decide(ids, action, note, agent, now, reservation_id)
