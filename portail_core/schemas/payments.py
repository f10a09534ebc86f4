"""The online-payment forms: the invoices ticked on "Païement" and the "Accéder au
paiement" button (raw HTML forms: one box per invoice in a table)."""

import colander

from portail_core.i18n import _
from portail_core.schemas import CSRFSchema

CHOOSE_ONE = _("Choisissez au moins une facture à payer.")


class InvoiceIds(colander.SequenceSchema):
    invoice = colander.SchemaNode(
        colander.Int(), validator=colander.Range(min=1, min_err=_("Facture inconnue."))
    )


class SelectionSchema(CSRFSchema):
    """The régie and the ticked invoices (``facture``, repeated)."""

    regie = colander.SchemaNode(
        colander.String(),
        validator=colander.Regex(r"^[A-Za-z0-9_-]{1,40}$", _("Régie inconnue.")),
    )
    facture = InvoiceIds(validator=colander.Length(min=1, max=100, min_err=CHOOSE_ONE))


def selection_cstruct(params):
    """The schema's input from a request's parameters (no ticked box: an empty list, so
    that the message says to tick one)."""
    return {
        "csrf_token": params.get("csrf_token", ""),
        "regie": params.get("regie", colander.null),
        "facture": params.getall("facture"),
    }
