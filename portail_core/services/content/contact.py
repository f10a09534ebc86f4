"""« Contactez-nous » messages: recorded for the agents, limited per address and per e-mail.

The form sends a copy to the address the visitor typed, so without a limit it could be
used to send mail to anybody: a few messages an hour per network address and per e-mail
address is plenty for a parent, and useless to a spammer. Messages are kept a year.
"""

from datetime import timedelta

from sqlalchemy import delete, func, or_, select

from portail_core.models.content import ContactMessage
from portail_core.models.types import utcnow

WINDOW = timedelta(hours=1)
MAX_PER_ADDRESS = 5
MAX_PER_EMAIL = 3
RETENTION = timedelta(days=365)


class ContactService:
    def __init__(self, dbsession, tenant):
        self.dbsession = dbsession
        self.tenant = tenant

    def blocked(self, email, client_address):
        """True when this e-mail or this network address sent too many messages lately."""
        since = utcnow() - WINDOW
        by_address, by_email = self.dbsession.execute(
            select(
                func.count(ContactMessage.id).filter(
                    ContactMessage.client_address == client_address
                ),
                func.count(ContactMessage.id).filter(ContactMessage.email == email),
            ).where(
                ContactMessage.tenant_id == self.tenant.id,
                ContactMessage.created_at > since,
                or_(
                    ContactMessage.client_address == client_address,
                    ContactMessage.email == email,
                ),
            )
        ).one()
        return by_address >= MAX_PER_ADDRESS or by_email >= MAX_PER_EMAIL

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
