"""The agents' « Courriels »: the commune's outbox with each message's state, and sending
again a message that failed."""

from sqlalchemy import func, select, update

from portail_core.i18n import _
from portail_core.mail.outbox import remember
from portail_core.models.outbox import FAILED, OUTBOX_STATES, QUEUED, OutboxMessage
from portail_core.models.types import utcnow
from portail_core.paging import Pager

STATE_LABELS = {
    "queued": _("En attente d'envoi"),
    "sending": _("En cours d'envoi"),
    "sent": _("Envoyé"),
    "failed": _("En échec"),
}
assert set(STATE_LABELS) == set(OUTBOX_STATES)


class OutboxListing:
    def __init__(self, dbsession, tenant):
        self.dbsession = dbsession
        self.tenant = tenant

    def _scoped(self, query):
        return query.where(OutboxMessage.tenant_id == self.tenant.id)

    def counts(self):
        """``{state: number of messages}`` of the commune."""
        query = self._scoped(
            select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state)
        )
        return {state: 0 for state in OUTBOX_STATES} | dict(self.dbsession.execute(query).all())

    def page(self, state=None, search="", number=1, per_page=50):
        """One page of messages, newest first, of one state and/or to an address."""
        query = self._scoped(select(OutboxMessage))
        if state in OUTBOX_STATES:
            query = query.where(OutboxMessage.state == state)
        if search:
            pattern = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            query = query.where(OutboxMessage.recipient.ilike(f"%{pattern}%", escape="\\"))
        total = self.dbsession.scalar(select(func.count()).select_from(query.subquery()))
        pager = Pager(number, per_page, total)
        rows = self.dbsession.scalars(
            query.order_by(OutboxMessage.id.desc()).offset(pager.offset).limit(per_page)
        ).all()
        return rows, pager

    def message(self, message_id):
        return self.dbsession.scalar(
            self._scoped(select(OutboxMessage).where(OutboxMessage.id == message_id))
        )

    def retry(self, message):
        """Queue a failed message again, its tries counted afresh; False if not failed."""
        done = self.dbsession.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message.id, OutboxMessage.state == FAILED)
            .values(state=QUEUED, attempts=0, next_attempt_at=utcnow(), last_error="")
            .execution_options(synchronize_session=False)
        ).rowcount
        if done:
            remember(self.dbsession, [message.message_id])
        return bool(done)
