"""Reading reservations: the paged lists (parents' and agents'), a detail, the queue.

Each list is a count and a page query, plus one grouped query for the states of the
page's reservations: three queries whatever the number of reservations or lines.
"""

from dataclasses import dataclass

from sqlalchemy import func, or_, select, tuple_
from sqlalchemy.orm import joinedload, selectinload

from portail_core.i18n import _
from portail_core.models.bookings import (
    BOOKING,
    PENDING,
    WAITING,
    Establishment,
    Period,
    Presence,
    Reservation,
)
from portail_core.models.family import Child
from portail_core.services.bookings.errors import NotFound
from portail_core.services.bookings.states import reservation_state

PER_PAGE_CHOICES = (5, 10, 25)
SORTS = {
    "date": (Reservation.number.desc(),),
    "date_asc": (Reservation.number.asc(),),
    "referent": (Child.last_name, Child.first_name, Reservation.number.desc()),
    "referent_desc": (Child.last_name.desc(), Child.first_name.desc(), Reservation.number),
}


@dataclass
class Page:
    items: list  # (reservation, state) pairs
    total: int
    number: int
    per_page: int

    @property
    def pages(self):
        return max(1, -(-self.total // self.per_page))

    @property
    def offset(self):
        return (self.number - 1) * self.per_page

    @property
    def summary(self):
        """ "(de 1 à 4 sur 4 éléments)" as under the seeds' lists."""
        if not self.total:
            return _("0 élément")
        last = min(self.offset + self.per_page, self.total)
        mapping = {"first": self.offset + 1, "last": last, "total": self.total}
        if self.total == 1:
            return _("de ${first} à ${last} sur ${total} élément", mapping=mapping)
        return _("de ${first} à ${last} sur ${total} éléments", mapping=mapping)


class ReservationQueries:
    def __init__(self, dbsession, tenant):
        self.dbsession = dbsession
        self.tenant = tenant

    def _base(self, family_id, search):
        query = (
            select(Reservation)
            .join(Child, Child.id == Reservation.child_id)
            .join(Period, Period.id == Reservation.period_id)
            .join(Establishment, Establishment.id == Period.establishment_id)
            .where(Reservation.tenant_id == self.tenant.id)
        )
        if family_id is not None:
            query = query.where(Reservation.family_id == family_id)
        search = (search or "").strip()
        if search:
            pattern = f"%{search}%"
            conditions = [
                Child.last_name.ilike(pattern),
                Child.first_name.ilike(pattern),
                Period.name.ilike(pattern),
                Establishment.name.ilike(pattern),
            ]
            if search.isdigit():
                conditions.append(Reservation.number == int(search))
            query = query.where(or_(*conditions))
        return query

    def page(self, family_id=None, search="", number=1, per_page=5, sort="date"):
        """A page of reservations (of one family, or all for agents) with their states."""
        per_page = per_page if per_page in PER_PAGE_CHOICES else PER_PAGE_CHOICES[0]
        base = self._base(family_id, search)
        total = self.dbsession.scalar(select(func.count()).select_from(base.subquery()))
        pages = max(1, -(-total // per_page))
        number = min(max(number, 1), pages)
        rows = self.dbsession.scalars(
            base.order_by(*SORTS.get(sort, SORTS["date"]))
            .offset((number - 1) * per_page)
            .limit(per_page)
        ).all()
        states = self.states([row.id for row in rows])
        return Page([(row, states.get(row.id)) for row in rows], total, number, per_page)

    def states(self, reservation_ids):
        """``{reservation id: derived state}`` in one grouped query."""
        if not reservation_ids:
            return {}
        counts = {}
        rows = self.dbsession.execute(
            select(Presence.reservation_id, Presence.state, func.count(Presence.id))
            .where(
                Presence.tenant_id == self.tenant.id,
                Presence.reservation_id.in_(reservation_ids),
            )
            .group_by(Presence.reservation_id, Presence.state)
        ).all()
        for reservation_id, state, count in rows:
            counts.setdefault(reservation_id, {})[state] = count
        return {rid: reservation_state(counts.get(rid, {})) for rid in reservation_ids}

    def detail(self, reservation_id, family_id=None):
        """A reservation with its lines, by (tenant, id) and, for parents, family."""
        query = (
            select(Reservation)
            .where(Reservation.tenant_id == self.tenant.id, Reservation.id == reservation_id)
            .options(selectinload(Reservation.lines))
        )
        if family_id is not None:
            query = query.where(Reservation.family_id == family_id)
        reservation = self.dbsession.scalar(query)
        if reservation is None:
            raise NotFound()
        return reservation

    def waiting_ranks(self, lines):
        """``{line id: rank}`` of waiting lines on their cell's waiting list (1 is next)."""
        waiting = [line for line in lines if line.kind == BOOKING and line.state == WAITING]
        if not waiting:
            return {}
        rows = self.dbsession.execute(
            select(Presence.id, Presence.unit_id, Presence.day)
            .where(
                Presence.tenant_id == self.tenant.id,
                Presence.kind == BOOKING,
                Presence.state == WAITING,
                tuple_(Presence.unit_id, Presence.day).in_(
                    sorted({(line.unit_id, line.day) for line in waiting})
                ),
            )
            .order_by(Presence.waiting_since, Presence.id)
        ).all()
        ranks, seen = {}, {}
        for line_id, unit_id, day in rows:
            seen[(unit_id, day)] = seen.get((unit_id, day), 0) + 1
            ranks[line_id] = seen[(unit_id, day)]
        return ranks

    def queue(self, period_id=None, number=1, per_page=20):
        """Reservations with lines waiting for an agent or a place, oldest first."""
        open_lines = select(Presence.reservation_id).where(
            Presence.tenant_id == self.tenant.id,
            Presence.kind == BOOKING,
            Presence.state.in_((PENDING, WAITING)),
        )
        query = select(Reservation).where(
            Reservation.tenant_id == self.tenant.id, Reservation.id.in_(open_lines)
        )
        if period_id is not None:
            query = query.where(Reservation.period_id == period_id)
        total = self.dbsession.scalar(select(func.count()).select_from(query.subquery()))
        pages = max(1, -(-total // per_page))
        number = min(max(number, 1), pages)
        rows = self.dbsession.scalars(
            query.options(
                selectinload(Reservation.lines),
                joinedload(Reservation.child).joinedload(Child.family),
            )
            .order_by(Reservation.number)
            .offset((number - 1) * per_page)
            .limit(per_page)
        ).all()
        return Page([(row, None) for row in rows], total, number, per_page)
