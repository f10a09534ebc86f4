"""E-mail: rendered from templates and written to the outbox in the request's transaction.

Nothing is sent during a request: each message becomes an ``outbox_message`` row, which
commits or aborts with the change that caused it. ``portail-worker`` delivers the outbox
(production). With ``portail.outbox.deliver_inline = true`` (the demo, the tests) the
messages a transaction wrote are delivered right after it commits, through the worker's
own code (:class:`portail_core.mail.delivery.Deliverer`).

``mail.backend`` chooses the mailer the delivery uses: ``smtp`` (production),
``directory`` (each message written as a file under ``mail.debug_directory``) or
``testing`` (kept in memory, read by the testing kit's ``mailbox``).
"""

from pyramid_mailer import get_mailer
from pyramid_mailer.interfaces import IMailer
from pyramid_mailer.mailer import DebugMailer, DummyMailer, Mailer
from sqlalchemy import event

from portail_core.mail.delivery import Deliverer, DeliverySettings
from portail_core.mail.outbox import enqueue, enqueue_text, take_enqueued

__all__ = ["build_mailer", "enqueue", "send_after_commit", "send_templated"]


def build_mailer(settings):
    backend = settings.get("mail.backend", "smtp")
    if backend == "directory":
        return DebugMailer(settings["mail.debug_directory"])
    if backend == "testing":
        return DummyMailer()
    if backend == "smtp":
        return Mailer.from_settings(settings)
    raise ValueError(f"mail.backend inconnu : {backend!r} (smtp, directory ou testing)")


def send_templated(request, recipient, subject, template, language=None, **values):
    """Render ``templates/mail/<template>.txt`` for the request's tenant into the outbox:
    it leaves if, and only if, the request's transaction commits. It is written in
    ``language``: pass the recipient's (``recipient_language``) when someone else acts;
    by default the request's, for the person acting is the recipient."""
    return enqueue(
        request.dbsession,
        request.tenant,
        recipient,
        subject,
        template,
        language=language or request.locale_name,
        registry=request.registry,
        **values,
    )


def send_after_commit(request, message):
    """Put a ready ``pyramid_mailer`` message into the outbox, one row per recipient: it
    leaves if, and only if, the request's transaction commits."""
    for recipient in message.recipients:
        enqueue_text(
            request.dbsession,
            request.tenant,
            recipient,
            message.subject,
            message.body,
            sender=message.sender,
        )


def watch_commits(session_factory, deliverer):
    """Deliver what each committed transaction enqueued (``deliver_inline``)."""

    def after_commit(session):
        message_ids = take_enqueued(session)
        if message_ids:
            deliverer.deliver_now(message_ids)

    def after_rollback(session):
        take_enqueued(session)  # aborted: its rows were never written

    event.listen(session_factory, "after_commit", after_commit)
    event.listen(session_factory, "after_rollback", after_rollback)


def includeme(config):
    settings = config.get_settings()
    mailer = build_mailer(settings)
    config.registry.registerUtility(mailer, IMailer)
    delivery = DeliverySettings.from_settings(settings)
    config.registry["outbox_settings"] = delivery
    if delivery.deliver_inline:
        session_factory = config.registry["dbsession_factory"]
        watch_commits(session_factory, Deliverer(session_factory, mailer, delivery, "inline"))


get_mailer = get_mailer  # re-exported: the mailer the worker and the inline delivery use
