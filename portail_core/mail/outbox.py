"""Writing e-mails into the outbox, in the caller's transaction.

``enqueue(dbsession, tenant, recipient, subject, template, **values)`` renders
``templates/mail/<template>.txt`` and adds one ``outbox_message`` row to the session: it
leaves only if the transaction commits, and a worker (or, in the demo and the tests, the
inline delivery after commit) sends it. It needs no request, so commands use it too.
"""

import uuid
from email.utils import parseaddr
from functools import lru_cache

from chameleon.zpt.template import PageTextTemplateFile
from pyramid.path import AssetResolver
from sqlalchemy import insert

from portail_core.models.outbox import QUEUED, OutboxMessage
from portail_core.models.types import utcnow

#: ``session.info`` key: Message-IDs enqueued in the session's running transaction.
ENQUEUED = "portail.outbox.enqueued"


@lru_cache(maxsize=64)
def _template(name):
    path = AssetResolver().resolve(f"portail_core:templates/mail/{name}.txt").abspath()
    return PageTextTemplateFile(path)


def render_mail(tenant, template, **values):
    """The body of ``templates/mail/<template>.txt`` for ``tenant`` (``tenant`` and
    ``branding`` are given to the template unless ``values`` has them)."""
    values.setdefault("tenant", tenant)
    values.setdefault("branding", tenant.branding)
    body = _template(template)(**values)
    return body.decode("utf-8") if isinstance(body, bytes) else body


def new_message_id(sender):
    """A Message-ID of its own for one outbox row, in the sender's domain."""
    domain = parseaddr(sender)[1].rpartition("@")[2] or "portail-familles.invalid"
    return f"<{uuid.uuid4().hex}@{domain}>"


def message_values(tenant, recipient, subject, body, kind=""):
    """The column values of one outbox row (subject prefixed with the commune's name)."""
    now = utcnow()
    return {
        "tenant_id": tenant.id,
        "message_id": new_message_id(tenant.mail_sender),
        "kind": kind[:60],
        "sender": tenant.mail_sender,
        "recipient": recipient,
        "reply_to": "",
        "subject": f"[{tenant.branding.town}] {subject}"[:300],
        "body": body,
        "state": QUEUED,
        "attempts": 0,
        "created_at": now,
        "next_attempt_at": now,
        "last_error": "",
    }


def remember(dbsession, message_ids):
    """Note rows added to this transaction (the inline delivery sends them after commit)."""
    dbsession.info.setdefault(ENQUEUED, []).extend(message_ids)


def enqueue(dbsession, tenant, recipient, subject, template, **values):
    """Render a mail template and add it to the outbox; returns the ``OutboxMessage``."""
    body = render_mail(tenant, template, **values)
    row = OutboxMessage(**message_values(tenant, recipient, subject, body, kind=template))
    dbsession.add(row)
    remember(dbsession, [row.message_id])
    return row


def enqueue_text(dbsession, tenant, recipient, subject, body, sender=None):
    """Add an already written message (its subject as is) to the outbox."""
    values = message_values(tenant, recipient, "", body)
    values.update(subject=subject[:300], sender=sender or tenant.mail_sender)
    row = OutboxMessage(**values)
    dbsession.add(row)
    remember(dbsession, [row.message_id])
    return row


def enqueue_bulk(dbsession, rows):
    """Add many rows made by :func:`message_values` in one statement (reminders)."""
    if not rows:
        return
    dbsession.execute(insert(OutboxMessage), rows)
    remember(dbsession, [row["message_id"] for row in rows])


def take_enqueued(dbsession):
    """The Message-IDs enqueued since the last call (the transaction just committed)."""
    return dbsession.info.pop(ENQUEUED, [])
