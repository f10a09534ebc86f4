"""Changes to invoices and payments recorded by the session itself, before each flush.

Invoices and payments change state in many places (publication, cancellation, a gateway's
notification, a status query, an expiry, the counter): a ``before_flush`` listener sees
every change made through the ORM, so none is missed. Bulk statements that bypass the ORM
(invoice runs) record their entries themselves.
"""

from dataclasses import dataclass, field

from sqlalchemy import event, inspect

from portail_core.i18n import _
from portail_core.models.audit import AuditEntry
from portail_core.models.billing import (
    CANCELLED,
    DRAFT,
    PAYMENT_PENDING,
    PAYMENT_REFUSED,
    PAYMENT_VALIDATED,
    PUBLISHED,
    Invoice,
    Payment,
)
from portail_core.services.audit.trail import AuditTrail, display

# The trail stores its labels and values as written (French, the message ids): each is
# marked here so that the pages showing the trail can translate it.
INVOICE_STATUSES = {DRAFT: _("Brouillon"), PUBLISHED: _("Émise"), CANCELLED: _("Annulée")}
PAYMENT_STATES = {
    PAYMENT_PENDING: _("En attente de validation"),
    PAYMENT_VALIDATED: _("Validé"),
    PAYMENT_REFUSED: _("Refusé ou annulé"),
}


@dataclass(frozen=True)
class Tracked:
    """How the trail reads one model: its subject, its fields and their value labels."""

    target_type: str
    subject: object
    fields: dict
    choices: dict = field(default_factory=dict)
    created: object = None  # obj -> (field label, value), or None: creation not recorded

    def show(self, name, value):
        return self.choices.get(name, {}).get(value, display(value))


def _invoice_subject(invoice):
    # The subject is stored in the trail as written: French, like the audit codes.
    return f"Facture {invoice.number}" if invoice.number else "Facture"  # i18n: ignore


def _payment_subject(payment):
    return f"Paiement {payment.number or payment.reference or ''}".strip()  # i18n: ignore


TRACKED = {
    Invoice: Tracked(
        "invoice",
        _invoice_subject,
        {
            "status": _("État"),
            "total": _("Montant"),
            "collected_by_tresor_at": _("Transmise au Trésor public"),
        },
        {"status": INVOICE_STATUSES},
        # A draft is the agents' work in progress: it enters the trail when published.
        lambda invoice: (
            None if invoice.status == DRAFT else (_("Facture émise"), f"{display(invoice.total)} €")
        ),
    ),
    Payment: Tracked(
        "payment",
        _payment_subject,
        {"state": _("État"), "amount": _("Montant")},
        {"state": PAYMENT_STATES},
        lambda payment: (
            _("Paiement enregistré"),
            f"{display(payment.amount)} € ({payment.method_label}, "
            f"{PAYMENT_STATES.get(payment.state, payment.state).lower()})",
        ),
    ),
}


def _family_id(obj):
    if obj.family_id is not None:
        return obj.family_id
    return obj.family.id if obj.family is not None else None


def _entries(trail, obj, spec, new):
    about = {
        "family_id": _family_id(obj),
        "subject": spec.subject(obj),
        "target_type": spec.target_type,
        "target_id": obj.id,
    }
    if new:
        created = spec.created(obj)
        if created is not None:
            label, value = created
            yield trail.values(field=label, new=value, action="create", **about)
        return
    state = inspect(obj)
    for name, label in spec.fields.items():
        history = state.attrs[name].history
        if not history.has_changes():
            continue
        old = history.deleted[0] if history.deleted else None
        value = history.added[0] if history.added else None
        if display(old) != display(value):
            yield trail.values(
                field=label, old=spec.show(name, old), new=spec.show(name, value), **about
            )


def record_tracked_changes(session, flush_context, instances):
    """``before_flush``: add an entry for each change of a tracked model."""
    rows = []
    for objects, new in ((session.new, True), (session.dirty, False)):
        for obj in objects:
            spec = TRACKED.get(type(obj))
            if spec is None or (not new and not session.is_modified(obj)):
                continue
            trail = AuditTrail(session, obj.tenant_id)
            rows.extend(_entries(trail, obj, spec, new))
    session.add_all(AuditEntry(**row) for row in rows)


def includeme(config):
    factory = config.registry["dbsession_factory"]
    if not event.contains(factory, "before_flush", record_tracked_changes):
        event.listen(factory, "before_flush", record_tracked_changes)
