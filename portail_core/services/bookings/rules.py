"""A period's rules on a given day: the tenant's booking policy plus the period's own.

The policy comes from ``tenant.hooks.booking_policy(establishment)`` (the commune may
override it) and the period may override ``auto_accept`` and ``when_full``. The period
adds its opening weekdays, its closed days and its last booking day; French public
holidays are closed. Everything here is computed in memory, without a query.
"""

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from portail_core.calendar import PARIS, is_public_holiday
from portail_core.i18n import _
from portail_core.services.bookings.policies import WAITING_LIST, BookingPolicy

WEEKDAY_LABELS = (_("Lun"), _("Mar"), _("Mer"), _("Jeu"), _("Ven"), _("Sam"), _("Dim"))
WEEKDAY_NAMES = (
    _("lundi"),
    _("mardi"),
    _("mercredi"),
    _("jeudi"),
    _("vendredi"),
    _("samedi"),
    _("dimanche"),
)


def policy_for(tenant, period) -> BookingPolicy:
    """The policy ruling ``period``: the establishment's, with the period's overrides."""
    policy = tenant.hooks.booking_policy(period.establishment)
    changes = {}
    if period.auto_accept is not None:
        changes["auto_accept"] = period.auto_accept
    if period.when_full:
        changes["when_full"] = period.when_full
    return dataclasses.replace(policy, **changes) if changes else policy


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_number(monday: date) -> int:
    return monday.isocalendar()[1]


@dataclass(frozen=True)
class DayStatus:
    """Whether a day of the period can be booked or changed now, and why not."""

    bookable: bool
    reason: str = ""


class PeriodRules:
    """The rules of one period at one moment (``now``, an aware datetime)."""

    def __init__(self, period, policy: BookingPolicy, now: datetime):
        self.period = period
        self.policy = policy
        self.now = now
        self.today = now.astimezone(PARIS).date()
        self._closed = {}
        self._closed_cells = {}  # (unit_id, day): reason, for a day closed for one unit
        for closed in period.closed_days:
            if getattr(closed, "unit_id", None) is None:
                self._closed[closed.day] = closed.reason
            else:
                self._closed_cells[closed.unit_id, closed.day] = closed.reason
        self._statuses = {}
        self._days = None

    @property
    def open_for_booking(self) -> bool:
        """The period takes requests: not archived, its last booking day not passed."""
        return not self.period.archived and self.today <= self.period.last_booking_day

    @property
    def waiting_list(self) -> bool:
        return self.policy.when_full == WAITING_LIST

    def days(self) -> list[date]:
        """Every opening weekday of the period, closed days included (shown disabled)."""
        if self._days is None:
            self._days = self._opening_days()
        return self._days

    def _opening_days(self):
        weekdays = self.period.open_weekdays
        span = (self.period.end_date - self.period.start_date).days + 1
        days = (self.period.start_date + timedelta(days=offset) for offset in range(span))
        return [day for day in days if day.weekday() in weekdays]

    def weeks(self) -> list[date]:
        """The Mondays of the weeks holding at least one opening day."""
        return sorted({monday_of(day) for day in self.days()})

    def days_of_week(self, monday: date) -> list[date]:
        sunday = monday + timedelta(days=6)
        return [day for day in self.days() if monday <= day <= sunday]

    def first_useful_week(self) -> date | None:
        """The week to show first: the first one with a day that can still be booked."""
        weeks = self.weeks()
        for day in self.days():
            if self.status(day).bookable:
                return monday_of(day)
        return weeks[0] if weeks else None

    def status(self, day: date) -> DayStatus:
        status = self._statuses.get(day)
        if status is None:
            status = self._statuses[day] = self._status(day)
        return status

    def cell_status(self, unit_id, day: date) -> DayStatus:
        """The day's status for one unit: a unit may be closed on a day the others open."""
        status = self.status(day)
        if status.bookable and (unit_id, day) in self._closed_cells:
            reason = self._closed_cells[unit_id, day]
            return DayStatus(False, _closed(reason))
        return status

    def _status(self, day: date) -> DayStatus:
        period = self.period
        if not (period.start_date <= day <= period.end_date):
            return DayStatus(False, _("Hors de la période"))
        if day.weekday() not in period.open_weekdays:
            return DayStatus(False, _("Pas d'accueil ce jour"))
        if day in self._closed:
            reason = self._closed[day]
            return DayStatus(False, _closed(reason))
        if is_public_holiday(day):
            return DayStatus(False, _("Jour férié"))
        if period.archived or self.today > period.last_booking_day:
            return DayStatus(False, _("Réservations closes pour cette période"))
        if not self.policy.can_book(day, self.now):
            deadline = self.policy.booking_deadline(day)
            return DayStatus(
                False,
                _(
                    "Délai dépassé (au plus tard le ${day} à ${time})",
                    mapping={"day": deadline.date(), "time": f"{deadline:%H:%M}"},
                ),
            )
        return DayStatus(True)

    def late_cancellation(self, day: date) -> bool:
        """Cancelling ``day`` now comes after the policy's free cancellation delay."""
        return not self.policy.cancellation_is_free(day, self.now)

    def opening_days(self):
        """ "Lun Mar Jeu Ven" (one label each), as "Jours d'ouverture" in "Votre sélection"."""
        return [WEEKDAY_LABELS[index] for index in sorted(self.period.open_weekdays)]


def _closed(reason):
    # The reason is the agent's own text (French): it is inserted, not translated.
    if reason:
        return _("Fermé : ${reason}", mapping={"reason": reason})
    return _("Fermé")
