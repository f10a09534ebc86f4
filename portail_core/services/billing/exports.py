"""CSV exports of invoices and payments for the régie's accounting (French spreadsheet style).

Semicolon-separated, decimal comma, dates dd/mm/yyyy, so a French spreadsheet opens them
as they are; a BOM tells it the file is UTF-8.
"""

import csv
import io

from portail_core.i18n import _
from portail_core.services.billing.ledger import PAYMENT_STATES, balance_of

BOM = "\ufeff"


def _amount(value):
    return f"{value:.2f}".replace(".", ",")


def _date(value):
    return value.strftime("%d/%m/%Y") if value else ""


def _write(header, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return BOM + buffer.getvalue()


def _same(text):
    return str(text)


def invoices_csv(invoices, tenant, translate=_same):
    """Invoices with ``family``, ``credits`` and ``allocations`` loaded; ``translate`` (the
    agent's localizer's) writes the headers and states in the agent's language."""
    header = [
        _("Régie"), _("N° facture"), _("Date"), _("Échéance"), _("Famille"), _("Référent"),
        _("Établissement"), _("Début période"), _("Fin période"), _("Montant"), _("Avoirs"),
        _("Payé"), _("Restant dû"), _("État"),
    ]  # fmt: skip
    rows = []
    for invoice in invoices:
        balance = balance_of(invoice)
        regie = tenant.regies.get(invoice.regie)
        rows.append(
            [
                regie.label if regie else invoice.regie,
                invoice.number or "",
                _date(invoice.issued_on),
                _date(invoice.due_on),
                invoice.family.name,
                invoice.referent,
                invoice.establishment_label,
                _date(invoice.period_start),
                _date(invoice.period_end),
                _amount(invoice.total),
                _amount(balance.credited),
                _amount(balance.paid),
                _amount(balance.due),
                translate(balance.state_label),
            ]
        )
    return _write([translate(title) for title in header], rows)


def payments_csv(payments, tenant, translate=_same):
    """Payments with ``family`` and ``allocations.invoice`` loaded (``translate``: as above)."""
    header = [
        _("Régie"), _("Date"), _("N° paiement"), _("Mode"), _("Famille"), _("Payeur"),
        _("Montant"), _("État"), _("Factures réglées"), _("Référence"), _("Transaction banque"),
    ]  # fmt: skip
    rows = []
    for payment in payments:
        regie = tenant.regies.get(payment.regie)
        rows.append(
            [
                regie.label if regie else payment.regie,
                _date(payment.paid_on),
                payment.number,
                translate(payment.method_label),
                payment.family.name,
                payment.payer,
                _amount(payment.amount),
                translate(PAYMENT_STATES[payment.state]),
                " ".join(a.invoice.number or "" for a in payment.allocations),
                payment.reference or "",
                payment.gateway_transaction_id or "",
            ]
        )
    return _write([translate(title) for title in header], rows)
