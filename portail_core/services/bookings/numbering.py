"""Reservation numbers: one gapless sequence per commune ("00049").

The counter row is made once (at synchronisation, or by the first reservation, with
``INSERT … ON CONFLICT DO NOTHING``), then moved by a single ``UPDATE … RETURNING``,
which locks it until the transaction ends: two confirmations never share a number, and
a rolled-back one gives its numbers back. The confirmation takes this lock last, after
the capacity locks, to hold it briefly.
"""

from sqlalchemy import bindparam, update
from zope.sqlalchemy import mark_changed

from portail_core.models.bookings import ReservationCounter
from portail_core.services.bookings.capacity import insert_ignoring_duplicates

_counter = ReservationCounter.__table__.c
# Built once (every confirmation runs it, under the lock): a Core statement on the
# session's connection.
MOVE_COUNTER = (
    update(ReservationCounter.__table__)
    .where(_counter.tenant_id == bindparam("tenant"))
    .values(last_number=_counter.last_number + bindparam("count"))
    .returning(_counter.last_number)
)


class ReservationNumbering:
    def __init__(self, dbsession, tenant):
        self.dbsession = dbsession
        self.tenant = tenant

    def ensure_counter(self):
        """Create the commune's counter row if it has none (the synchronisation does)."""
        insert_ignoring_duplicates(
            self.dbsession,
            ReservationCounter,
            [{"tenant_id": self.tenant.id, "last_number": 0}],
            ["tenant_id"],
        )

    def _move(self, count):
        connection = self.dbsession.connection()
        parameters = {"tenant": self.tenant.id, "count": count}
        return connection.execute(MOVE_COUNTER, parameters).scalar_one_or_none()

    def allocate(self, count=1):
        """The next ``count`` numbers of the commune, in order."""
        last = self._move(count)
        if last is None:  # a commune whose counter was never made
            self.ensure_counter()
            last = self._move(count)
        mark_changed(self.dbsession)
        return list(range(last - count + 1, last + 1))
