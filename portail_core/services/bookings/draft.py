"""The planning selection a parent is making, kept in the session between the steps.

A draft holds, per unit, the days to add (new requests) and the days to remove
(cancellation requests), as bit masks over day numbers: small enough for a signed cookie
session, and never trusted as such (the recap and the confirmation check every cell
again). One draft per session: starting a new reservation replaces it.
"""

from dataclasses import dataclass, field
from datetime import date

SESSION_KEY = "bookings.draft"
ADD = "add"
REMOVE = "remove"


def _masks(value):
    if not isinstance(value, dict):
        return {}
    masks = {}
    for unit_id, mask in value.items():
        try:
            masks[int(unit_id)] = int(mask, 16)
        except (TypeError, ValueError):
            continue
    return masks


@dataclass
class Draft:
    """The selection for one period: the référent child first, then the siblings."""

    period_id: int
    child_ids: tuple[int, ...]
    base: int
    add: dict[int, int] = field(default_factory=dict)
    remove: dict[int, int] = field(default_factory=dict)

    @classmethod
    def new(cls, period, child_ids):
        return cls(period.id, tuple(child_ids), period.start_date.toordinal())

    @property
    def referent_id(self):
        return self.child_ids[0]

    def _offset(self, day: date) -> int:
        ordinal = day.toordinal()
        if ordinal < self.base:
            # The period now starts earlier than when the draft began: shift every mask.
            shift = self.base - ordinal
            self.add = {unit: mask << shift for unit, mask in self.add.items()}
            self.remove = {unit: mask << shift for unit, mask in self.remove.items()}
            self.base = ordinal
        return ordinal - self.base

    def _masks(self, which):
        return self.add if which == ADD else self.remove

    def has(self, which, unit_id, day) -> bool:
        offset = day.toordinal() - self.base
        return offset >= 0 and bool(self._masks(which).get(unit_id, 0) >> offset & 1)

    def _set(self, which, unit_id, day, on):
        bit = 1 << self._offset(day)
        masks = self._masks(which)
        mask = masks.get(unit_id, 0)
        mask = mask | bit if on else mask & ~bit
        if mask:
            masks[unit_id] = mask
        else:
            masks.pop(unit_id, None)

    def want(self, unit_id, day, present, live):
        """Record that the référent should (``present``) or should not be there.

        ``live`` says whether the référent already has a live line for that cell: then
        wanting it absent is a cancellation request, else wanting it present a new one.
        """
        if live:
            self._set(ADD, unit_id, day, False)
            self._set(REMOVE, unit_id, day, not present)
        else:
            self._set(REMOVE, unit_id, day, False)
            self._set(ADD, unit_id, day, present)

    def cells(self, which) -> set[tuple[int, date]]:
        cells = set()
        for unit_id, mask in self._masks(which).items():
            offset = 0
            while mask:
                if mask & 1:
                    cells.add((unit_id, date.fromordinal(self.base + offset)))
                mask >>= 1
                offset += 1
        return cells

    def discard(self, cells):
        """Forget cells that can no longer be asked for."""
        for unit_id, day in cells:
            self._set(ADD, unit_id, day, False)
            self._set(REMOVE, unit_id, day, False)

    @property
    def empty(self) -> bool:
        return not self.add and not self.remove

    def to_session(self):
        return {
            "period": self.period_id,
            "children": list(self.child_ids),
            "base": self.base,
            "add": {str(unit): format(mask, "x") for unit, mask in self.add.items()},
            "remove": {str(unit): format(mask, "x") for unit, mask in self.remove.items()},
        }

    @classmethod
    def from_session(cls, data):
        try:
            draft = cls(
                int(data["period"]),
                tuple(int(child) for child in data["children"]),
                int(data["base"]),
                _masks(data.get("add")),
                _masks(data.get("remove")),
            )
        except (KeyError, TypeError, ValueError):
            return None
        return draft if draft.child_ids else None


def load_draft(session, period_id, referent_id):
    """The session's draft for this period and référent, or ``None``."""
    data = session.get(SESSION_KEY)
    draft = Draft.from_session(data) if isinstance(data, dict) else None
    if draft is None or draft.period_id != period_id or draft.referent_id != referent_id:
        return None
    return draft


def save_draft(session, draft):
    session[SESSION_KEY] = draft.to_session()


def clear_draft(session):
    session.pop(SESSION_KEY, None)
