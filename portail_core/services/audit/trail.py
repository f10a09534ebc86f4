"""The audit trail: who changed what (family file, child sheets, documents, bookings, invoices,
payments), when, and from which page.

Services record through :class:`AuditTrail`; the page and the actor come from the session's
:func:`audit_context` (the request's route and user, or a console command's name).
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import insert
from zope.sqlalchemy import mark_changed

from portail_core.models.audit import AuditEntry
from portail_core.models.types import utcnow

# Values never written in clear in the trail, whatever the model.
MASKED_FIELDS = frozenset({"password_hash", "security_stamp", "token_hash"})
MASK = "••••••"

SYSTEM, PARENT, AGENT, OPERATOR = "system", "parent", "agent", "operator"


def display(value):
    """A value as the trail shows it: dates in French, yes/no, amounts with a comma."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    return str(value)


def actor_role(user):
    if user is None:
        return SYSTEM
    if user.role == "operator":
        return OPERATOR
    return AGENT if user.is_agent else PARENT


# The kind of actor after their name, as recorded (a reader sees it translated).
RECORDED_KINDS = {PARENT: "famille", AGENT: "agent", OPERATOR: "opérateur"}  # i18n: ignore


# Who acted is recorded once, in French (an audit record, like its codes), not translated.
def actor_label(user, fallback="Système"):  # i18n: ignore
    """Who acted, as recorded: "Sophie TEST (famille)" or "Service SEJ (agent)"."""
    if user is None:
        return fallback
    kind = RECORDED_KINDS[actor_role(user)]
    return f"{user.display_name} ({kind})"


@dataclass
class CommandContext:
    """The context of a console command: no user, the command's name as the page."""

    page: str
    actor = None
    label: str = "Système"  # i18n: ignore


class RequestContext:
    """The context of a web request: its route name and its logged-in user."""

    def __init__(self, request):
        self.request = request
        self.label = "Système"  # i18n: ignore

    @property
    def page(self):
        route = getattr(self.request, "matched_route", None)
        return route.name if route is not None else ""

    @property
    def actor(self):
        return getattr(self.request, "user", None)


def audit_context(dbsession):
    """What the session's changes are made from: a console command or a web request."""
    context = dbsession.info.get("audit")
    if context is None:
        request = dbsession.info.get("request")
        context = RequestContext(request) if request is not None else CommandContext("")
        dbsession.info["audit"] = context
    return context


def set_command_context(dbsession, command):
    """Mark the session's changes as made by ``command`` (``portail-retention``…)."""
    dbsession.info["audit"] = CommandContext(command)


class AuditTrail:
    """Records entries of the trail, scoped to one tenant (a ``Tenant`` or its id)."""

    def __init__(self, dbsession, tenant):
        self.dbsession = dbsession
        self.tenant_id = getattr(tenant, "id", tenant)

    def _base(self, actor):
        context = audit_context(self.dbsession)
        actor = actor if actor is not None else context.actor
        return {
            "tenant_id": self.tenant_id,
            "actor_id": actor.id if actor is not None else None,
            "actor_label": actor_label(actor, context.label),
            "actor_role": actor_role(actor),
            "page": context.page[:100],
            "at": utcnow(),
        }

    def values(self, *, family_id, subject, field, old=None, new=None, actor=None, **target):
        """The column values of one entry (for :meth:`record` or :meth:`record_rows`)."""
        masked = target.pop("masked", False)
        return {
            **self._base(actor),
            "family_id": family_id,
            "child_id": target.get("child_id"),
            "action": target.get("action", "update"),
            "target_type": target.get("target_type", ""),
            "target_id": target.get("target_id"),
            "subject": subject[:200],
            "field": field[:150],
            "old_value": MASK if masked and old else display(old),
            "new_value": MASK if masked and new else display(new),
        }

    def record(self, **values):
        """Add one entry: ``family_id``, ``subject``, ``field``, ``old``, ``new``, ``actor``,
        and what it is about (``action``, ``target_type``, ``target_id``, ``child_id``)."""
        entry = AuditEntry(**self.values(**values))
        self.dbsession.add(entry)
        return entry

    def change(self, family, subject, field, old, new, actor, child=None, **about):
        """Add one entry about a family file (``old``/``new`` are values, displayed)."""
        return self.record(
            family_id=family.id,
            child_id=child.id if child is not None else None,
            subject=subject,
            field=field,
            old=old,
            new=new,
            actor=actor,
            **about,
        )

    def record_rows(self, rows):
        """Insert many entries (from :meth:`values`) in one statement (bulk writers)."""
        if rows:
            self.dbsession.connection().execute(insert(AuditEntry.__table__), rows)
            mark_changed(self.dbsession)

    def apply(self, target, values, labels, *, family, subject, actor, child=None, **about):
        """Set ``values`` on ``target``; record each attribute whose value changes.

        :param labels: attribute name -> the label the trail shows ("Téléphone portable").
        :return: the number of attributes changed.
        """
        changed = 0
        for name, label in labels.items():
            if name not in values:
                continue
            old, new = getattr(target, name), values[name]
            if display(old) == display(new):
                continue
            setattr(target, name, new)
            masked = name in MASKED_FIELDS
            self.change(family, subject, label, old, new, actor, child, masked=masked, **about)
            changed += 1
        return changed
