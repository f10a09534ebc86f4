"""A family's request: checked for the recap, then confirmed under the capacity locks.

:meth:`BookingService.plan` turns the session's draft into what each child would get
(new lines, cancellations, estimated cost, dates that can no longer be asked for).
:meth:`BookingService.confirm` checks all of it again, locks the cells, gives places
(or the waiting list, or a refusal, as the policy says), frees the cancelled ones to the
waiting lists, numbers one reservation per child and writes everything.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from portail_core.i18n import _
from portail_core.models.bookings import (
    ACCEPTED,
    CANCELLED,
    PENDING,
    PLACE_STATES,
    REFUSED,
    WAITING,
)
from portail_core.services.bookings.capacity import CapacityLedger, set_line_states
from portail_core.services.bookings.context import child_lines, places
from portail_core.services.bookings.draft import ADD, REMOVE
from portail_core.services.bookings.errors import BookingError
from portail_core.services.bookings.policies import WAITING_LIST
from portail_core.services.bookings.pricing import Pricer
from portail_core.services.bookings.rules import policy_for
from portail_core.services.bookings.states import PRESENCE
from portail_core.services.bookings.writer import LineWriter

NO_PLACE = _("Aucune place disponible")
OTHER_HOUSEHOLD = _("Garde de l'autre foyer")


@dataclass
class PlannedLine:
    unit: object
    day: object
    cancel: bool = False
    places_left: int = 0
    price: Decimal = Decimal("0.00")
    late: bool = False
    line: object = None  # the live line a cancellation ends


@dataclass
class ChildPlan:
    child: object
    lines: list = field(default_factory=list)
    # What the draft asks but does not change for this child, shown in the recap:
    # (unit, day, PRESENCE label) of days it already has (a live line: no second request),
    # and (unit, day) of cancellations asked for days it does not have.
    kept: list = field(default_factory=list)
    nothing_to_cancel: list = field(default_factory=list)

    @property
    def cost(self):
        return sum((line.price for line in self.lines if not line.cancel), Decimal("0.00"))

    @property
    def first_day(self):
        return min(line.day for line in self.lines)

    @property
    def last_day(self):
        return max(line.day for line in self.lines)


@dataclass
class Plan:
    context: object
    children: list
    dropped: list  # (unit, day, reason) the draft asked for but can no longer be

    @property
    def empty(self):
        return not any(child.lines for child in self.children)

    @property
    def cost(self):
        return sum((child.cost for child in self.children), Decimal("0.00"))


@dataclass
class Confirmation:
    reservations: list
    promotions: list


def dropped_cells(context, cells):
    """The cells of a draft that can no longer be asked for, with the reason (no query)."""
    rules = context.rules
    units = {unit.id: unit for unit in context.units}
    dropped = []
    for unit_id, day in sorted(cells, key=lambda cell: (cell[1], cell[0])):
        unit = units.get(unit_id)
        if unit is None:
            dropped.append((None, day, _("Cet accueil n'est plus proposé")))
        elif not rules.cell_status(unit.id, day).bookable:
            dropped.append((unit, day, rules.cell_status(unit.id, day).reason))
        elif not context.custody_allows(context.referent, day):
            dropped.append((unit, day, OTHER_HOUSEHOLD))
    return dropped


def in_order(context, cells):
    """Cells by day, then in the units' order."""
    position = {unit.id: (unit.position, unit.id) for unit in context.units}
    return sorted(cells, key=lambda cell: (cell[1], position[cell[0]]))


class BookingService:
    def __init__(self, dbsession, tenant):
        self.dbsession = dbsession
        self.tenant = tenant

    def plan(self, context, draft, family) -> Plan:
        """What confirming the draft would ask for each child, priced, checked now."""
        rules = context.rules
        units = {unit.id: unit for unit in context.units}
        cells = draft.cells(ADD) | draft.cells(REMOVE)
        dropped = dropped_cells(context, cells)
        valid = cells - {(unit.id if unit else None, day) for unit, day, _ in dropped}
        live = self._live_by_child(context, valid)
        left = self._places(context, valid)
        pricer = Pricer(self.tenant, family)
        plans = []
        for child in context.children:
            plan = ChildPlan(child)
            for unit_id, day in in_order(context, valid):
                line = live.get((child.id, unit_id, day))
                unit = units[unit_id]
                if draft.has(ADD, unit_id, day) and not context.custody_allows(child, day):
                    continue  # a sibling's day with the other household
                if draft.has(ADD, unit_id, day) and line is None:
                    price = pricer.price(unit, day)
                    plan.lines.append(PlannedLine(unit, day, False, left(unit_id, day), price))
                elif draft.has(REMOVE, unit_id, day) and line is not None:
                    late = rules.late_cancellation(day)
                    plan.lines.append(PlannedLine(unit, day, True, late=late, line=line))
                elif draft.has(ADD, unit_id, day):
                    plan.kept.append((unit, day, PRESENCE[line.state]))
                else:
                    plan.nothing_to_cancel.append((unit, day))
            plans.append(plan)
        return Plan(context, plans, dropped)

    def _live_by_child(self, context, cells):
        ids = [child.id for child in context.children]
        lines = child_lines(self.dbsession, self.tenant, ids, context.period, True, cells)
        return {(line.child_id, line.unit_id, line.day): line for line in lines}

    def _places(self, context, cells):
        days = [day for _, day in cells] or [context.period.start_date]
        return places(self.dbsession, self.tenant, context.units, min(days), max(days))

    # -- confirmation ---------------------------------------------------------------
    def confirm(self, context, draft, family_id, user, now) -> Confirmation:
        """Store the request: one reservation per child with lines. Raise on any change.

        Every cell is checked again here (the recap may be old); then the cells are
        locked and the children's lines read under the locks, which are the truth a
        double submission or an agent's decision meanwhile shows in.

        Raises :class:`BookingError` when a date can no longer be asked for (the draft
        then loses it) or when the draft asks for nothing.
        """
        cells = draft.cells(ADD) | draft.cells(REMOVE)
        dropped = dropped_cells(context, cells)
        if dropped:
            draft.discard([(unit.id if unit else None, day) for unit, day, _ in dropped])
            raise BookingError(
                _(
                    "Certaines dates ne peuvent plus être demandées ; elles ont été retirées de "
                    "votre sélection. Vérifiez votre demande avant de la confirmer."
                )
            )
        if not cells:
            raise BookingError(_("Votre demande ne contient aucune date à réserver ou à annuler."))
        ledger = CapacityLedger(self.dbsession, self.tenant)
        ledger.lock(cells, {unit.id: unit.capacity for unit in context.units})
        live = self._live_by_child(context, cells)
        writer = LineWriter(self.dbsession, self.tenant, context.period, user, now)
        ordered = in_order(context, cells)
        for child in context.children:
            for unit_id, day in ordered:
                line = live.get((child.id, unit_id, day))
                if draft.has(REMOVE, unit_id, day) and line is not None:
                    if line.state in PLACE_STATES:
                        ledger.release((unit_id, day))
                    writer.cancel(child, line, context.rules.late_cancellation(day))
        # Cancelled lines leave the waiting lists before places are given again, and the
        # places they free go to the families already waiting before any new request.
        set_line_states(self.dbsession, writer.cancelled_ids, state=CANCELLED, decided_at=now)
        promotions = ledger.promote(lambda period: policy_for(self.tenant, period), now)
        policy = context.rules.policy
        for child in context.children:
            for unit_id, day in ordered:
                if (
                    draft.has(ADD, unit_id, day)
                    and (child.id, unit_id, day) not in live
                    and context.custody_allows(child, day)
                ):
                    self._book(writer, ledger, policy, child, unit_id, day)
        ledger.write()
        children = {child.id: child for child in context.children}
        units = {unit.id: unit for unit in context.units}
        return Confirmation(writer.write(family_id, children, units), promotions)

    def _book(self, writer, ledger, policy, child, unit_id, day):
        if ledger.take((unit_id, day)):
            writer.book(child, unit_id, day, ACCEPTED if policy.auto_accept else PENDING)
        elif policy.when_full == WAITING_LIST:
            writer.book(child, unit_id, day, WAITING)
        else:
            writer.book(child, unit_id, day, REFUSED, note=NO_PLACE)
