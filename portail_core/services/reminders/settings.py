"""``[settings.core.reminders]`` of a tenant file: which reminders a commune sends, when.

```toml
[settings.core.reminders.nothing_booked]     # « Rien de réservé la semaine prochaine »
days_before_deadline = 2                      # from 2 days before next week's deadline
[settings.core.reminders.invoice_due]        # an invoice due soon
days_before = 5
[settings.core.reminders.document_expiry]    # the QF's validity, vaccinations
days_before = 30
vaccines = { "DT POLIO" = 5 }                 # years a last injection stays valid
```

Every section has ``enabled`` (true by default). A vaccine not listed never expires.
"""

from dataclasses import dataclass, field

import colander

from portail_core.i18n import _

NOTHING_BOOKED = "nothing_booked"
INVOICE_DUE = "invoice_due"
DOCUMENT_EXPIRY = "document_expiry"
#: the kinds, in the order parents read them in « Mes rappels par e-mail ».
KINDS = {
    NOTHING_BOOKED: _("Rien de réservé la semaine prochaine (avant la date limite de réservation)"),
    INVOICE_DUE: _("Une facture arrive à échéance"),
    DOCUMENT_EXPIRY: _("Un document arrive à expiration (quotient familial, vaccinations)"),
}


def _strict(schema_class, **kwargs):
    return schema_class(colander.Mapping(unknown="raise"), **kwargs)


class _Section(colander.MappingSchema):
    enabled = colander.SchemaNode(colander.Boolean(), missing=True)


class NothingBookedSettings(_Section):
    days_before_deadline = colander.SchemaNode(
        colander.Int(), missing=2, validator=colander.Range(0, 14)
    )


class InvoiceDueSettings(_Section):
    days_before = colander.SchemaNode(colander.Int(), missing=5, validator=colander.Range(0, 60))


def _vaccines_validator(node, value):
    for vaccine, years in value.items():
        if not isinstance(years, int) or isinstance(years, bool) or not 0 < years <= 50:
            # the commune's configuration, read by its integrator
            message = f"« {vaccine} » : un nombre d'années entre 1 et 50"  # i18n: ignore
            raise colander.Invalid(node, message)


class DocumentExpirySettings(_Section):
    days_before = colander.SchemaNode(colander.Int(), missing=30, validator=colander.Range(0, 180))
    vaccines = colander.SchemaNode(
        colander.Mapping(unknown="preserve"), missing={}, validator=_vaccines_validator
    )


class RemindersSettings(colander.MappingSchema):
    """The three sections; an absent one takes every default."""

    def __init__(self, *args, **kwargs):
        super().__init__(colander.Mapping(unknown="raise"), *args, **kwargs)
        self.add(_strict(NothingBookedSettings, name=NOTHING_BOOKED))
        self.add(_strict(InvoiceDueSettings, name=INVOICE_DUE))
        self.add(_strict(DocumentExpirySettings, name=DOCUMENT_EXPIRY))

    def deserialize(self, cstruct=colander.null):
        cstruct = {} if cstruct in (colander.null, None) else dict(cstruct)
        for kind in KINDS:
            cstruct.setdefault(kind, {})
        return super().deserialize(cstruct)


@dataclass(frozen=True)
class ReminderSettings:
    """The validated settings of one commune."""

    enabled: frozenset = frozenset(KINDS)
    days_before_deadline: int = 2
    invoice_days_before: int = 5
    document_days_before: int = 30
    vaccines: dict = field(default_factory=dict)

    @classmethod
    def from_values(cls, values):
        values = values or RemindersSettings().deserialize({})
        return cls(
            enabled=frozenset(kind for kind in KINDS if values[kind]["enabled"]),
            days_before_deadline=values[NOTHING_BOOKED]["days_before_deadline"],
            invoice_days_before=values[INVOICE_DUE]["days_before"],
            document_days_before=values[DOCUMENT_EXPIRY]["days_before"],
            vaccines=dict(values[DOCUMENT_EXPIRY]["vaccines"]),
        )

    def kinds(self):
        """``{kind: label}`` of the reminders this commune sends."""
        return {kind: label for kind, label in KINDS.items() if kind in self.enabled}


def reminder_settings(tenant):
    return ReminderSettings.from_values(tenant.plugin_settings("core").get("reminders"))
