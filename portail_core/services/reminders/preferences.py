"""A parent's choice of reminders (« Mes rappels par e-mail »): one row per kind turned off."""

from sqlalchemy import delete, select

from portail_core.models.outbox import ReminderOptOut
from portail_core.services.reminders.settings import reminder_settings


class ReminderPreferences:
    def __init__(self, dbsession, tenant):
        self.dbsession = dbsession
        self.tenant = tenant

    def offered(self):
        """``{kind: label}`` of the reminders the commune sends."""
        return reminder_settings(self.tenant).kinds()

    def turned_off(self, user):
        return set(
            self.dbsession.scalars(
                select(ReminderOptOut.kind).where(
                    ReminderOptOut.tenant_id == self.tenant.id, ReminderOptOut.user_id == user.id
                )
            )
        )

    def choose(self, user, wanted):
        """Keep the kinds ``wanted`` on (``{kind: bool}``), turn the others offered off."""
        off = {kind for kind in self.offered() if not wanted.get(kind, False)}
        current = self.turned_off(user)
        if off - current:
            self.dbsession.add_all(
                ReminderOptOut(tenant_id=self.tenant.id, user_id=user.id, kind=kind)
                for kind in sorted(off - current)
            )
        back_on = (current - off) & set(self.offered())
        if back_on:
            self.dbsession.execute(
                delete(ReminderOptOut).where(
                    ReminderOptOut.tenant_id == self.tenant.id,
                    ReminderOptOut.user_id == user.id,
                    ReminderOptOut.kind.in_(back_on),
                )
            )
