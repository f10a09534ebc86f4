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
from pyramid.i18n import TranslationString
from pyramid.path import AssetResolver
from pyramid.threadlocal import get_current_registry
from sqlalchemy import insert

from portail_core.i18n import _, localizer_for, offered_languages
from portail_core.models.outbox import QUEUED, OutboxMessage
from portail_core.models.types import utcnow

#: ``session.info`` key: Message-IDs enqueued in the session's running transaction.
ENQUEUED = "portail.outbox.enqueued"


@lru_cache(maxsize=64)
def _template(name):
    path = AssetResolver().resolve(f"portail_core:templates/mail/{name}.txt").abspath()
    return PageTextTemplateFile(path)


def mail_localizer(tenant, language=None, registry=None):
    """The localizer an e-mail is written with: ``language`` (the recipient's), else the
    tenant's default language."""
    if language is None:
        language = offered_languages(tenant)[0]
    return localizer_for(registry or get_current_registry(), language)


def _translator(localizer):
    """Chameleon's ``translate`` hook (it passes ``default``, ``context``…) on a localizer."""

    def translate(msgid, domain=None, mapping=None, context=None, target_language=None, **kw):
        if not isinstance(msgid, str):
            msgid = str(msgid)
        if not isinstance(msgid, TranslationString):
            msgid = TranslationString(
                msgid, domain=domain, mapping=mapping, default=kw.get("default")
            )
        return localizer.translate(msgid)

    return translate


def translate_text(localizer, text):
    """A subject (or any text) that may be a ``TranslationString``, as a plain str."""
    return localizer.translate(text) if isinstance(text, TranslationString) else text


def render_mail(tenant, template, language=None, registry=None, **values):
    """The body of ``templates/mail/<template>.txt`` for ``tenant`` in ``language`` (the
    tenant's default if None). The template gets ``_``, and ``tenant`` and ``branding``
    unless ``values`` has them; the ``TranslationString``s it inserts are translated."""
    localizer = mail_localizer(tenant, language, registry)
    values.setdefault("tenant", tenant)
    values.setdefault("branding", tenant.branding)
    values.setdefault("_", _)
    values.setdefault("fmt", localizer.formats)
    values.setdefault("tr", localizer.translate)  # a text joined to others (``"\n" + …``)
    body = _template(template)(translate=_translator(localizer), **values)
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


def enqueue(
    dbsession, tenant, recipient, subject, template, language=None, registry=None, **values
):
    """Render a mail template in ``language`` (the recipient's; the tenant's default if
    None) and add it to the outbox; returns the ``OutboxMessage``. ``subject`` may be a
    ``TranslationString``: it is translated in the same language."""
    body = render_mail(tenant, template, language=language, registry=registry, **values)
    subject = translate_text(mail_localizer(tenant, language, registry), subject)
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
