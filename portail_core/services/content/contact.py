"""« Contactez-nous » messages: recorded for the agents, kept a year.

The form sends a copy to the address the visitor typed: the view limits it per network
address and per e-mail (the ``contact`` rate limits), so it cannot mail anybody at will.
"""

from datetime import timedelta

from sqlalchemy import delete, func, select

from portail_core.models.content import ContactMessage
from portail_core.models.types import utcnow

RETENTION = timedelta(days=365)


class ContactService:
    def __init__(self, dbsession, tenant):
        self.dbsession = dbsession
        self.tenant = tenant

    def record(self, name, email, phone, subject, body, client_address):
        """Keep the message, and forget the tenant's messages older than a year."""
        self.dbsession.execute(
            delete(ContactMessage).where(
                ContactMessage.tenant_id == self.tenant.id,
                ContactMessage.created_at < utcnow() - RETENTION,
            )
        )
        message = ContactMessage(
            tenant_id=self.tenant.id,
            name=name,
            email=email,
            phone=phone,
            subject=subject,
            body=body,
            client_address=client_address,
        )
        self.dbsession.add(message)
        self.dbsession.flush()
        return message

    def recent(self, limit=20, offset=0):
        return self.dbsession.scalars(
            select(ContactMessage)
            .where(ContactMessage.tenant_id == self.tenant.id)
            .order_by(ContactMessage.created_at.desc(), ContactMessage.id.desc())
            .limit(limit)
            .offset(offset)
        ).all()

    def count(self):
        return self.dbsession.scalar(
            select(func.count(ContactMessage.id)).where(ContactMessage.tenant_id == self.tenant.id)
        )
