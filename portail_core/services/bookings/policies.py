"""Booking policies: the rules a commune sets for booking and cancelling a day.

The ``portail_booking_policy`` hook returns one of these per (tenant, establishment). A
commune changes parameters in its tenant file, or subclasses to change a rule.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from portail_core.calendar import at_paris, working_days_before
from portail_core.i18n import _

REFUSE = "refuse"
WAITING_LIST = "waiting_list"


@dataclass(frozen=True)
class BookingPolicy:
    """Deadlines, acceptance and what happens when a unit is full.

    :param min_working_days: a day must be booked at least this many working days before.
    :param cutoff: the hour (Europe/Paris) on that last working day after which it is late.
    :param auto_accept: a new line is accepted at once (✓) rather than held for an agent (?).
    :param when_full: ``"refuse"`` ("Aucune place disponible") or ``"waiting_list"``.
    :param free_cancellation_working_days: a cancellation is free up to this many working
        days before the day (same cut-off hour); later ones may be billed.
    """

    min_working_days: int = 0
    cutoff: time = time(12, 0)
    auto_accept: bool = False
    when_full: str = REFUSE
    free_cancellation_working_days: int = 0

    def booking_deadline(self, day: date) -> datetime:
        """The last moment (Europe/Paris) at which ``day`` can still be booked."""
        last_day = working_days_before(day, self.min_working_days)
        return at_paris(last_day, self.cutoff.hour, self.cutoff.minute)

    def can_book(self, day: date, now: datetime) -> bool:
        """Whether ``day`` can still be booked or changed at ``now`` (an aware datetime)."""
        return now <= self.booking_deadline(day)

    def cancellation_is_free(self, day: date, now: datetime) -> bool:
        last_day = working_days_before(day, self.free_cancellation_working_days)
        return now <= at_paris(last_day, self.cutoff.hour, self.cutoff.minute)

    def rules_text(self) -> list[str]:
        """The rules as parents read them in "Votre sélection"."""
        lines = []
        if self.min_working_days == 1:
            lines.append(_("Vous devez réserver au minimum 1 jour ouvré avant la date souhaitée"))
        elif self.min_working_days:
            lines.append(
                _(
                    "Vous devez réserver au minimum ${count} jours ouvrés avant la date souhaitée",
                    mapping={"count": self.min_working_days},
                )
            )
        lines.append(_("Heure limite : ${time}", mapping={"time": f"{self.cutoff:%H:%M}"}))
        return lines


@dataclass(frozen=True)
class AbsencePolicy:
    """What a commune gives back for an absence justified by a medical certificate.

    :param grace_days: the certificate must be sent at the latest this many calendar days
        after the first day of absence (declaring ahead is always possible).
    :param waiting_days: the first booked days of an absence that are not given back
        ("jours de carence"): billed as booked, or not credited if already billed.
    """

    grace_days: int = 2
    waiting_days: int = 0

    def declaration_deadline(self, first_day: date) -> date:
        """The last day on which an absence starting on ``first_day`` may be declared."""
        return first_day + timedelta(days=self.grace_days)

    def credited(self, booked_days) -> set:
        """The booked days (dates) of an absence that are given back."""
        days = sorted(set(booked_days))
        return set(days[self.waiting_days :])

    def rules_text(self) -> list[str]:
        """The rules as parents read them on « Déclarer une absence »."""
        if self.grace_days == 1:
            deadline = _(
                "Le certificat médical doit être transmis au plus tard "
                "1 jour après le premier jour d'absence."
            )
        else:
            deadline = _(
                "Le certificat médical doit être transmis au plus tard "
                "${count} jours après le premier jour d'absence.",
                mapping={"count": self.grace_days},
            )
        lines = [deadline]
        if self.waiting_days == 1:
            lines.append(
                _("Le 1 premier jour réservé de l'absence n'est pas remboursé (jour de carence).")
            )
        elif self.waiting_days:
            lines.append(
                _(
                    "Les ${count} premiers jours réservés de l'absence ne sont pas remboursés "
                    "(jours de carence).",
                    mapping={"count": self.waiting_days},
                )
            )
        else:
            lines.append(_("Chaque jour réservé de l'absence est remboursé."))
        return lines
