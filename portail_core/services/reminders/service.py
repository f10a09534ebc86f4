"""The day's reminders of one commune: one e-mail per parent login and kind, listing what
is due, written to the outbox with the ``reminder_sent`` rows that make a second run a
no-op. Queries are a handful per kind, however many the families."""

from dataclasses import dataclass

from sqlalchemy import insert, select

from portail_core.i18n import _, recipient_language
from portail_core.mail.outbox import (
    enqueue_bulk,
    mail_localizer,
    message_values,
    render_mail,
    translate_text,
)
from portail_core.models.accounts import PARENT, User
from portail_core.models.outbox import ReminderOptOut, ReminderSent
from portail_core.models.types import utcnow
from portail_core.services.reminders import candidates
from portail_core.services.reminders.settings import (
    DOCUMENT_EXPIRY,
    INVOICE_DUE,
    NOTHING_BOOKED,
    reminder_settings,
)

SUBJECTS = {
    NOTHING_BOOKED: _("Rien de réservé la semaine prochaine"),
    INVOICE_DUE: _("Une facture arrive à échéance"),
    DOCUMENT_EXPIRY: _("Un document arrive à expiration"),
}
#: the family's page each reminder points to (a key of ``links``).
PAGES = {NOTHING_BOOKED: "bookings", INVOICE_DUE: "billing", DOCUMENT_EXPIRY: "documents"}


@dataclass(frozen=True)
class Recipient:
    family_id: int
    email: str
    name: str
    #: the language the e-mail is written in (``recipient_language``)
    language: str


@dataclass(frozen=True)
class Chosen:
    """The account language of a login read as a column (``recipient_language`` reads it)."""

    language: str | None


class ReminderService:
    """Sends one commune's reminders.

    :param links: absolute URLs of the family's pages: ``bookings``, ``billing``,
        ``documents`` and ``reminders`` (« Mes rappels par e-mail »).
    """

    def __init__(self, dbsession, tenant, links):
        self.dbsession = dbsession
        self.tenant = tenant
        self.links = links
        self.settings = reminder_settings(tenant)

    def items(self, kind, today, now):
        """What ``kind`` reminds of today, not yet reminded."""
        settings = self.settings
        if kind == NOTHING_BOOKED:
            found = candidates.nothing_booked(
                self.dbsession, self.tenant, today, now, settings.days_before_deadline
            )
        elif kind == INVOICE_DUE:
            found = candidates.invoices_due(
                self.dbsession, self.tenant, today, settings.invoice_days_before
            )
        else:
            found = candidates.documents_expiring(
                self.dbsession, self.tenant, today, settings.document_days_before, settings.vaccines
            )
        return self._not_yet_sent(kind, found)

    def _not_yet_sent(self, kind, items):
        if not items:
            return []
        dates = {item.ref_date for item in items}
        sent = set(
            self.dbsession.execute(
                select(ReminderSent.family_id, ReminderSent.subject, ReminderSent.ref_date).where(
                    ReminderSent.tenant_id == self.tenant.id,
                    ReminderSent.kind == kind,
                    ReminderSent.ref_date.in_(dates),
                )
            ).all()
        )
        return [item for item in items if (item.family_id, item.subject, item.ref_date) not in sent]

    def recipients(self, kind, family_ids):
        """``{family id: [Recipient]}``: active parent logins that did not turn ``kind`` off."""
        opted_out = select(ReminderOptOut.id).where(
            ReminderOptOut.user_id == User.id, ReminderOptOut.kind == kind
        )
        rows = self.dbsession.execute(
            select(User.family_id, User.email, User.first_name, User.last_name, User.language)
            .where(
                User.tenant_id == self.tenant.id,
                User.family_id.in_(family_ids),
                User.role == PARENT,
                User.active.is_(True),
                ~opted_out.exists(),
            )
            .order_by(User.id)
        ).all()
        found = {}
        for family_id, email, first, last, chosen in rows:
            name = f"{first} {last}".strip() or email
            language = recipient_language(Chosen(chosen), self.tenant)
            found.setdefault(family_id, []).append(Recipient(family_id, email, name, language))
        return found

    def send(self, kind, today, now):
        """Send ``kind``'s reminders; returns how many e-mails were written."""
        items = self.items(kind, today, now)
        if not items:
            return 0
        by_family = {}
        for item in items:
            by_family.setdefault(item.family_id, []).append(item)
        recipients = self.recipients(kind, list(by_family))
        messages, reminded = [], []
        for family_id, family_items in by_family.items():
            for recipient in recipients.get(family_id, ()):
                messages.append(self._message(kind, recipient, family_items))
            if family_id in recipients:
                reminded.extend(family_items)
        self._record(kind, reminded)
        enqueue_bulk(self.dbsession, messages)
        return len(messages)

    def _message(self, kind, recipient, items):
        localizer = mail_localizer(self.tenant, recipient.language)
        body = render_mail(
            self.tenant,
            f"reminder_{kind}",
            language=recipient.language,
            name=recipient.name,
            details="\n".join(f"- {localizer.translate(item.text)}" for item in items),
            url=self.links[PAGES[kind]],
            preferences_url=self.links["reminders"],
        )
        subject = translate_text(localizer, SUBJECTS[kind])
        return message_values(self.tenant, recipient.email, subject, body, kind=kind)

    def _record(self, kind, items):
        if not items:
            return
        now = utcnow()
        rows = [
            {
                "tenant_id": self.tenant.id,
                "family_id": item.family_id,
                "kind": kind,
                "subject": item.subject,
                "ref_date": item.ref_date,
                "sent_at": now,
            }
            for item in items
        ]
        self.dbsession.execute(insert(ReminderSent), rows)

    def run(self, today, now):
        """Every kind the commune enabled; returns ``{kind: e-mails written}``."""
        return {kind: self.send(kind, today, now) for kind in self.settings.kinds()}
