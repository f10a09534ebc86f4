"""States of presence lines and reservations: labels and icons of the seeds' legends.

A reservation's state is never stored: :func:`reservation_state` derives it from the
states of its lines, wherever it is shown.
"""

from dataclasses import dataclass

from portail_core.i18n import _
from portail_core.models.bookings import (
    ACCEPTED,
    CANCELLATION,
    CANCELLED,
    JUSTIFIED,
    PENDING,
    REFUSED,
    WAITING,
)

# Draft marks of the planning (not stored: the parent's changes before confirming).
NEW = "new"
CANCEL_REQUEST = "cancel"


@dataclass(frozen=True)
class StateLabel:
    code: str
    icon: str
    label: str  # TranslationString: translated where a template inserts it
    short: str


PRESENCE_LEGEND = (
    StateLabel(
        NEW, "+", _("Nouvelle demande de réservation ou demande modifiée"), _("Nouvelle demande")
    ),
    StateLabel(CANCEL_REQUEST, "−", _("Demande d'annulation"), _("Demande d'annulation")),
    StateLabel(PENDING, "?", _("Présence en attente de traitement"), _("En attente de traitement")),
    StateLabel(ACCEPTED, "✓", _("Présence acceptée"), _("acceptée")),
    StateLabel(WAITING, "⌛", _("Présence en liste d'attente"), _("liste d'attente")),
    StateLabel(REFUSED, "✗", _("Aucune place disponible"), _("refusée")),
    StateLabel(CANCELLED, "⊘", _("Présence annulée"), _("annulée")),
    StateLabel(
        JUSTIFIED, "A", _("Absence justifiée (certificat médical accepté)"), _("absence justifiée")
    ),
)
PRESENCE = {item.code: item for item in PRESENCE_LEGEND}

R_WAITING = "waiting"
R_ACCEPTED = "accepted"
R_REFUSED = "refused"
R_CANCELLED = "cancelled"
R_MIXED = "mixed"

RESERVATION_LEGEND = (
    StateLabel(R_WAITING, "?", _("Réservation en attente de traitement"), _("En attente")),
    StateLabel(R_ACCEPTED, "✓", _("Réservation acceptée"), _("Acceptée")),
    StateLabel(R_REFUSED, "✗", _("Réservation refusée"), _("Refusée")),
    StateLabel(R_CANCELLED, "⊘", _("Réservation annulée"), _("Annulée")),
    StateLabel(
        R_MIXED, "±", _("Des présences acceptées et d'autres refusées ou annulées"), _("Partielle")
    ),
)
RESERVATION = {item.code: item for item in RESERVATION_LEGEND}


def reservation_state(counts):
    """The state of a reservation from ``{line state: number of lines}``.

    Waiting while any line waits for an agent or for a place; accepted when every line
    is; cancelled or refused when none is accepted; mixed otherwise.
    """
    counts = {state: number for state, number in counts.items() if number}
    # A day the child missed with a certificate was booked and accepted all the same.
    if counts.get(JUSTIFIED):
        counts[ACCEPTED] = counts.get(ACCEPTED, 0) + counts.pop(JUSTIFIED)
    if not counts:
        return R_CANCELLED
    if counts.get(PENDING) or counts.get(WAITING):
        return R_WAITING
    accepted = counts.get(ACCEPTED, 0)
    if accepted and accepted == sum(counts.values()):
        return R_ACCEPTED
    if accepted:
        return R_MIXED
    if counts.get(REFUSED):
        return R_REFUSED
    return R_CANCELLED


def line_label(line):
    """What a line of a saved reservation says in its "État" column."""
    if line.kind == CANCELLATION:
        return _("Demande d'annulation : annulée")
    return PRESENCE[line.state].short
