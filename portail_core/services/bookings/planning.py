"""The planning grid of a week and the parent's changes to the selection.

The grid has one row per opening day and one column per unit; each cell shows the
référent's line, the draft's change and the places left, and, when the selection applies
to siblings too, a line per sibling: what the selection would do for them (a new request,
a cancellation request) or else their own latest line. The parent's form (checked
cells of the shown week), the column actions ("Sélectionner les jours de la période",
"… affichés", and their opposites) and the "Sélection automatique des jours" all end up
in :meth:`Draft.want` for cells that can be changed, and nowhere else.
"""

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from types import MappingProxyType
from typing import NamedTuple

from portail_core import formatting
from portail_core.i18n import _
from portail_core.models.bookings import LIVE_STATES
from portail_core.services.bookings.booking import OTHER_HOUSEHOLD
from portail_core.services.bookings.context import child_lines, lines_and_places, places
from portail_core.services.bookings.draft import ADD, REMOVE
from portail_core.services.bookings.rules import monday_of, week_number
from portail_core.services.bookings.states import CANCEL_REQUEST, NEW, PRESENCE

SELECT = "select"
DESELECT = "deselect"
PERIOD = "period"
WEEK = "week"


def cell_value(unit_id, day):
    """The value of a cell's checkbox: ``"<unit id>:<yyyy-mm-dd>"``."""
    return f"{unit_id}:{day.isoformat()}"


def parse_cell(value):
    unit_id, _colon, day = value.partition(":")
    return int(unit_id), date.fromisoformat(day)


NO_REQUEST = _("aucune demande")


class SiblingState(NamedTuple):
    """A sibling's line in a cell, every value the template writes worked out beforehand:
    what is shown (the selection's mark for this sibling, else its latest line) and, for
    the page's script that repaints it when the référent's box changes, its own line."""

    name: str
    code: str
    icon: str
    label: str
    live: str  # "1" when the sibling has a live line for the cell, else "0"
    origin_code: str
    origin_icon: str
    origin_label: str


def _sibling_state(name, shown, origin, live):
    return SiblingState(
        name,
        shown.code if shown else "none",
        shown.icon if shown else "",
        shown.short if shown else NO_REQUEST,
        "1" if live else "0",
        origin.code if origin else "none",
        origin.icon if origin else "",
        origin.short if origin else NO_REQUEST,
    )


@lru_cache(maxsize=512)
def sibling_states(name):
    """Every way a sibling's line can look: ``{(its latest state, the cell's mark): …}``.

    The same rule as :meth:`BookingService.plan`: a new request of the selection is one
    for a sibling too unless it already has a live line; a cancellation request cancels
    the sibling's live line, if it has one. Worked out once per first name (it depends on
    nothing else), so that a cell only looks its line up.
    """
    states = {}
    for state in (None, *(code for code in PRESENCE if code not in (NEW, CANCEL_REQUEST))):
        live = state in LIVE_STATES
        origin = PRESENCE.get(state) if state else None
        for mark in (None, NEW, CANCEL_REQUEST):
            shown = origin
            if (mark == NEW and not live) or (mark == CANCEL_REQUEST and live):
                shown = PRESENCE[mark]
            states[state, mark] = _sibling_state(name, shown, origin, live)
    return MappingProxyType(states)


@dataclass
class Cell:
    unit: object
    day: date
    state: str | None  # the référent's latest line for the cell, if any
    live: bool
    mark: str | None  # NEW or CANCEL_REQUEST when the draft changes the cell
    checked: bool
    enabled: bool
    reason: str
    places_left: int
    siblings: tuple = ()  # a SiblingState per sibling the selection applies to

    @property
    def value(self):
        return cell_value(self.unit.id, self.day)

    @property
    def shown_state(self):
        return self.mark or self.state

    # What the grid shows, worked out here rather than in the template (15 to 50 cells a
    # page): the state shown (the draft's mark, else the line's), and the line's own.
    @property
    def shown(self):
        return PRESENCE.get(self.shown_state) if self.shown_state else None

    @property
    def origin(self):
        return PRESENCE.get(self.state) if self.state else None

    @property
    def places_label(self):
        if self.places_left <= 0 and not self.live:
            return _("${count} places — liste d'attente", mapping={"count": self.places_left})
        if self.places_left == 1:
            return _("1 place")
        return _("${count} places", mapping={"count": self.places_left})


@dataclass
class Row:
    day: date
    label: str
    reason: str
    cells: list = field(default_factory=list)
    custody: str = ""  # shared custody: OWN, OTHER or "" (either household's day)


class CustodyStatus(NamedTuple):
    """A day of the other household, shaped as the rules' cell status."""

    bookable: bool
    reason: object


OWN = "own"
OTHER = "other"


def custody_of(link, family_id, day, child):
    """Whose the day is, seen from the household ``family_id``: OWN, OTHER or ""."""
    owner = link.household_of(day, child.family_id)
    if owner is None:
        return ""
    return OWN if owner == family_id else OTHER


@dataclass
class Week:
    monday: date
    number: int
    rows: list
    previous: date | None
    next: date | None


class Planning:
    """The référent's planning for a period, with the draft applied."""

    def __init__(self, dbsession, tenant, context, draft):
        self.dbsession = dbsession
        self.tenant = tenant
        self.context = context
        self.draft = draft
        self.rules = context.rules
        self.child_ids = [child.id for child in context.children]
        self._latest = None  # read when first needed: with the week's places for the grid
        self.siblings = []

    @property
    def latest(self):
        """``{(unit_id, day): line}``: the référent's latest line of each cell."""
        if self._latest is None:
            period = self.context.period
            self._index(child_lines(self.dbsession, self.tenant, self.child_ids, period))
        return self._latest

    def _index(self, lines):
        """Every child's lines (one query); the référent's decide the cells, the siblings'
        are only shown."""
        context = self.context
        referent_id = context.referent.id
        self._latest = {}
        by_sibling = {child.id: {} for child in context.children[1:]}
        for line in lines:
            if line.child_id == referent_id:
                self._latest[line.unit_id, line.day] = line
            else:
                by_sibling[line.child_id][line.unit_id, line.day] = line.state
        self.siblings = [
            (by_sibling[child.id], sibling_states(child.first_name))
            for child in context.children[1:]
        ]

    def live(self, unit_id, day):
        line = self.latest.get((unit_id, day))
        return line is not None and line.state in LIVE_STATES

    def changeable(self, unit_id, day):
        return (
            unit_id in self.context.unit_ids
            and self.rules.cell_status(unit_id, day).bookable
            and self.context.custody_allows(self.context.referent, day)
        )

    def want(self, unit_id, day, present):
        if self.changeable(unit_id, day):
            self.draft.want(unit_id, day, present, self.live(unit_id, day))

    # -- the grid -----------------------------------------------------------------
    def week(self, monday: date | None) -> Week | None:
        weeks = self.rules.weeks()
        if not weeks:
            return None
        if monday is None or monday_of(monday) not in weeks:
            monday = self.rules.first_useful_week()
        monday = monday_of(monday)
        days = self.rules.days_of_week(monday)
        units = self.context.units
        if self._latest is None:
            lines, left = lines_and_places(
                self.dbsession,
                self.tenant,
                self.child_ids,
                self.context.period,
                units,
                days[0],
                days[-1],
            )
            self._index(lines)
        else:
            left = places(self.dbsession, self.tenant, units, days[0], days[-1])
        rows = [self._row(day, left) for day in days]
        index = weeks.index(monday)
        return Week(
            monday=monday,
            number=week_number(monday),
            rows=rows,
            previous=weeks[index - 1] if index > 0 else None,
            next=weeks[index + 1] if index + 1 < len(weeks) else None,
        )

    def _row(self, day, left):
        status = self.rules.status(day)
        row = Row(day, formatting.day_label(day), status.reason)
        referent = self.context.referent
        if status.bookable and referent.household is not None:
            row.custody = custody_of(referent.household, self.context.family_id, day, referent)
            if not self.context.custody_allows(referent, day):
                status = CustodyStatus(False, OTHER_HOUSEHOLD)
                row.reason = status.reason
        for unit in self.context.units:
            cell_status = self.rules.cell_status(unit.id, day) if status.bookable else status
            row.cells.append(self._cell(unit, day, cell_status, left(unit.id, day)))
        return row

    def _cell(self, unit, day, status, places_left):
        line = self.latest.get((unit.id, day))
        live = line is not None and line.state in LIVE_STATES
        mark = None
        if self.draft.has(ADD, unit.id, day):
            mark = NEW
        elif self.draft.has(REMOVE, unit.id, day):
            mark = CANCEL_REQUEST
        enabled = status.bookable
        reason = status.reason
        full = places_left <= 0 and not live
        if enabled and full and not self.rules.waiting_list and mark is None:
            enabled, reason = False, _("Complet : aucune place disponible")
        shown_mark = mark if status.bookable else None
        siblings = ()
        if self.siblings:
            key = (unit.id, day)
            siblings = tuple(states[lines.get(key), shown_mark] for lines, states in self.siblings)
        return Cell(
            unit=unit,
            day=day,
            state=line.state if line is not None else None,
            live=live,
            mark=shown_mark,
            checked=(live and mark != CANCEL_REQUEST) or mark == NEW,
            enabled=enabled,
            reason=reason,
            places_left=places_left,
            siblings=siblings,
        )

    # -- the parent's changes -----------------------------------------------------
    def apply_week(self, monday: date, checked_values):
        """The week form: every changeable cell of the week is checked or not."""
        checked = set()
        for value in checked_values:
            try:
                checked.add(parse_cell(value))
            except ValueError:
                continue
        for day in self.rules.days_of_week(monday_of(monday)):
            for unit in self.context.units:
                self.want(unit.id, day, (unit.id, day) in checked)

    def apply_column(self, action, scope, unit_id, monday: date):
        """A column's menu: (de)select the days of the period or of the shown week."""
        for day in self._scope_days(scope, monday):
            self.want(unit_id, day, action == SELECT)

    def apply_weekdays(self, weekdays, unit_ids, scope, monday: date):
        """ "Sélection automatique des jours": the chosen weekdays, for the chosen units."""
        for day in self._scope_days(scope, monday):
            if day.weekday() in weekdays:
                for unit_id in unit_ids:
                    self.want(unit_id, day, True)

    def _scope_days(self, scope, monday):
        if scope == WEEK:
            return self.rules.days_of_week(monday_of(monday))
        return self.rules.days()
