"""E-mail: rendered from templates, handed to the mailer only once the transaction commits.

``mail.backend`` chooses the mailer: ``smtp`` (production), ``directory`` (the demo writes
each message as a file under ``mail.debug_directory``) or ``testing`` (kept in memory).
"""

import logging

from pyramid.renderers import render
from pyramid_mailer import get_mailer
from pyramid_mailer.interfaces import IMailer
from pyramid_mailer.mailer import DebugMailer, DummyMailer, Mailer
from pyramid_mailer.message import Message

log = logging.getLogger(__name__)


def build_mailer(settings):
    backend = settings.get("mail.backend", "smtp")
    if backend == "directory":
        return DebugMailer(settings["mail.debug_directory"])
    if backend == "testing":
        return DummyMailer()
    if backend == "smtp":
        return Mailer.from_settings(settings)
    raise ValueError(f"mail.backend inconnu : {backend!r} (smtp, directory ou testing)")


def send_after_commit(request, message):
    """Send ``message`` if, and only if, the request's transaction commits."""
    mailer = get_mailer(request)

    def _send(committed):
        if not committed:
            return
        try:
            mailer.send_immediately(message)
        except Exception:  # a mail failure must not turn a committed action into an error
            log.exception("could not send the e-mail %r to %s", message.subject, message.recipients)

    request.tm.get().addAfterCommitHook(_send)


def send_templated(request, recipient, subject, template, **values):
    """Render ``templates/mail/<template>.txt`` for the tenant and send it after commit."""
    tenant = request.tenant
    values.setdefault("tenant", tenant)
    values.setdefault("branding", tenant.branding)
    body = render(f"portail_core:templates/mail/{template}.txt", values, request=request)
    if isinstance(body, bytes):  # Chameleon's text templates render to bytes
        body = body.decode("utf-8")
    message = Message(
        subject=f"[{tenant.branding.town}] {subject}",
        sender=tenant.mail_sender,
        recipients=[recipient],
        body=body,
    )
    send_after_commit(request, message)
    return message


def includeme(config):
    config.registry.registerUtility(build_mailer(config.get_settings()), IMailer)
