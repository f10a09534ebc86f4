"""Forms of billing: invoice runs, credits, cancellations, counter payments."""

from decimal import Decimal, InvalidOperation

import colander
import deform

from portail_core.i18n import _
from portail_core.models.billing import COUNTER_METHODS
from portail_core.schemas import CSRFSchema


def _money_preparer(value):
    """Accept "5,25", "5.25", "5,25 €" and spaces; colander then reads a Decimal."""
    if isinstance(value, str):
        value = value.replace("€", "").replace("\u00a0", "").replace(" ", "").replace(",", ".")
    return value


class FrenchDecimal(colander.Decimal):
    def deserialize(self, node, cstruct):
        if cstruct in (colander.null, ""):
            return colander.null
        try:
            return Decimal(_money_preparer(cstruct)).quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError):
            raise colander.Invalid(
                node, _("Montant invalide : écrivez par exemple 12,50")
            ) from None


def amount_node(title=_("Montant (€)"), **kwargs):
    return colander.SchemaNode(
        FrenchDecimal(),
        title=title,
        validator=colander.Range(
            min=Decimal("0.01"),
            max=Decimal("99999999.99"),
            min_err=_("Le montant doit être positif."),
            max_err=_("Montant trop élevé."),
        ),
        widget=deform.widget.TextInputWidget(attributes={"inputmode": "decimal"}),
        **kwargs,
    )


class FrenchDate(colander.Date):
    err_template = _("Date invalide : choisissez une date (jj/mm/aaaa).")


def date_node(title, **kwargs):
    return colander.SchemaNode(
        FrenchDate(),
        title=title,
        widget=deform.widget.TextInputWidget(input_type="date"),
        **kwargs,
    )


@colander.deferred
def deferred_regie_widget(node, kw):
    regies = kw["tenant"].regies
    return deform.widget.SelectWidget(values=[(r.id, r.label) for r in regies.values()])


@colander.deferred
def deferred_regie_validator(node, kw):
    return colander.OneOf(list(kw["tenant"].regies), msg_err=_("Choisissez une régie."))


def _period_in_order(form, value):
    if value["period_end"] < value["period_start"]:
        error = colander.Invalid(form, _("La fin de la période précède son début."))
        error["period_end"] = _("La fin de la période précède son début.")
        raise error


class InvoiceRunSchema(CSRFSchema):
    regie = colander.SchemaNode(
        colander.String(),
        title=_("Régie"),
        widget=deferred_regie_widget,
        validator=deferred_regie_validator,
    )
    period_start = date_node(_("Début de la période de facturation"))
    period_end = date_node(_("Fin de la période de facturation"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, validator=_period_in_order, **kwargs)


class CreditSchema(CSRFSchema):
    amount = amount_node(_("Montant de l'avoir (€)"))
    reason = colander.SchemaNode(
        colander.String(),
        title=_("Motif"),
        missing_msg=_("Indiquez le motif de l'avoir."),
        validator=colander.Length(min=3, max=500, min_err=_("Indiquez le motif de l'avoir.")),
    )


class CancelInvoiceSchema(CSRFSchema):
    reason = colander.SchemaNode(
        colander.String(),
        title=_("Motif de l'annulation"),
        missing_msg=_("Indiquez le motif de l'annulation."),
        validator=colander.Length(min=3, max=500, min_err=_("Indiquez le motif de l'annulation.")),
    )


@colander.deferred
def deferred_invoice_widget(node, kw):
    return deform.widget.CheckboxChoiceWidget(values=kw.get("invoice_choices", []))


@colander.deferred
def deferred_invoice_validator(node, kw):
    allowed = {str(value) for value, _ in kw.get("invoice_choices", [])}

    def validator(node, value):
        if not value:
            raise colander.Invalid(node, _("Choisissez au moins une facture."))
        if not set(value) <= allowed:
            raise colander.Invalid(node, _("Une des factures choisies n'est pas à régler."))

    return validator


class CounterPaymentSchema(CSRFSchema):
    invoices = colander.SchemaNode(
        colander.Set(),
        title=_("Factures réglées"),
        missing_msg=_("Choisissez au moins une facture."),
        widget=deferred_invoice_widget,
        validator=deferred_invoice_validator,
    )
    method = colander.SchemaNode(
        colander.String(),
        title=_("Mode de règlement"),
        widget=deform.widget.RadioChoiceWidget(values=list(COUNTER_METHODS.items())),
        validator=colander.OneOf(
            list(COUNTER_METHODS), msg_err=_("Choisissez un mode de règlement.")
        ),
    )
    amount = amount_node(_("Montant reçu (€)"))
    paid_on = date_node(_("Date du règlement"))
    number = colander.SchemaNode(
        colander.String(),
        title=_("N° de chèque ou de reçu"),
        missing="",
        validator=colander.Length(max=40),
    )
    payer = colander.SchemaNode(
        colander.String(), title=_("Payeur"), missing="", validator=colander.Length(max=200)
    )
    note = colander.SchemaNode(
        colander.String(), title=_("Remarque"), missing="", validator=colander.Length(max=500)
    )
