"""Parents: "Mes Factures & Paiements", invoice detail and PDF, payments, attestation.

Everything is loaded by (tenant, family of the logged-in parent, id): an id from another
family or commune answers 404.
"""

from pyramid.events import BeforeRender, subscriber
from pyramid.httpexceptions import HTTPNotFound
from pyramid.interfaces import IRoutesMapper
from pyramid.renderers import get_renderer
from pyramid.response import Response
from pyramid.view import view_config

from portail_core.calendar import now_paris
from portail_core.i18n import localizer_for, recipient_language
from portail_core.services.billing.invoices import BillingService
from portail_core.services.billing.ledger import (
    INVOICE_LEGEND,
    INVOICE_STATES,
    PAYMENT_LEGEND,
    PAYMENT_STATES,
    balance_of,
)
from portail_core.services.billing.pdf import attestation_pdf, invoice_pdf
from portail_core.services.billing.statements import StatementService
from portail_core.services.payments.recording import PaymentService

PAGE_SIZE = 5
TEMPLATES = "portail_core:templates/billing/"
#: the symbol shown before each state's words (the words carry the meaning).
ICONS = {
    "awaiting": "?",
    "paid": "✓",
    "unpaid": "€",
    "tresor": "T",
    "cancelled": "✗",
    "draft": "…",
    "credit": "−",
    "pending": "?",
    "validated": "✓",
    "refused": "✗",
}
#: the route of the online-payment area's "Payer en ligne" page, when it is installed.
PAY_ROUTE = "payments.new"


@subscriber(BeforeRender)
def add_billing_macros(event):
    """Billing pages (parents' and agents') share the state badges and invoice macros."""
    if str(event.get("renderer_name", "")).startswith(TEMPLATES):
        event["macros"] = get_renderer(TEMPLATES + "macros.pt").implementation().macros
        event["icons"] = ICONS


def family_id_of(request):
    family_id = request.user.family_id if request.user else None
    if family_id is None:
        raise HTTPNotFound()
    return family_id


def page_of(request, key, count):
    """The page number asked in ``?<key>=n``, kept within the pages that exist."""
    try:
        page = int(request.params.get(key, 1))
    except ValueError:
        page = 1
    pages = max(1, -(-count // PAGE_SIZE))
    return min(max(page, 1), pages), pages


def pay_url(request, regie_id):
    """Where "Payer en ligne" leads, if the online-payment area serves this régie."""
    regie = request.tenant.regies.get(regie_id)
    mapper = request.registry.queryUtility(IRoutesMapper)
    if regie is None or regie.payment is None or mapper is None:
        return None
    if mapper.get_route(PAY_ROUTE) is None:
        return None
    return request.route_url(PAY_ROUTE, _query={"regie": regie_id})


@view_config(route_name="billing.list", renderer=TEMPLATES + "list.pt", permission="parent")
def invoices_and_payments(request):
    family_id = family_id_of(request)
    statements = StatementService(request.dbsession, request.tenant).statements(family_id)
    blocks = []
    for statement in statements:
        key = f"page-{statement.regie.id}"
        page, pages = page_of(request, key, len(statement.rows))
        start = (page - 1) * PAGE_SIZE
        blocks.append(
            {
                "statement": statement,
                "rows": statement.rows[start : start + PAGE_SIZE],
                "page": page,
                "pages": pages,
                "key": key,
                "first": start + 1 if statement.rows else 0,
                "last": min(start + PAGE_SIZE, len(statement.rows)),
                "pay_url": pay_url(request, statement.regie.id) if statement.payable else None,
            }
        )
    return {
        "blocks": blocks,
        "invoice_legend": [(key, INVOICE_STATES[key]) for key in INVOICE_LEGEND],
        "payment_legend": [(key, PAYMENT_STATES[key]) for key in PAYMENT_LEGEND],
        "years": _attestation_years(statements),
    }


def _attestation_years(statements):
    """This year and every year in which the family paid something, latest first."""
    years = {now_paris().year}
    for statement in statements:
        years.update(
            row.day.year
            for row in statement.rows
            if row.kind == "payment" and row.state == "validated"
        )
    return sorted(years, reverse=True)


def _invoice(request):
    invoice = BillingService(request.dbsession, request.tenant).get_invoice(
        int(request.matchdict["invoice_id"]), family_id=family_id_of(request), with_lines=True
    )
    if invoice is None:
        raise HTTPNotFound()
    return invoice


@view_config(
    route_name="billing.invoice",
    renderer=TEMPLATES + "invoice.pt",
    permission="parent",
)
def invoice_detail(request):
    invoice = _invoice(request)
    return {
        "invoice": invoice,
        "balance": balance_of(invoice),
        "regie": request.tenant.regies.get(invoice.regie),
        "pdf_url": request.route_url("billing.invoice_pdf", invoice_id=invoice.id),
        "back_url": request.route_url("billing.list"),
    }


def pdf_response(content, filename, inline=False):
    response = Response(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response.content_disposition = f'{disposition}; filename="{filename}"'
    response.cache_control.private = True
    response.cache_control.no_store = True
    return response


def pdf_localizer(request, family):
    """The language of a family's PDF: the reader's for a parent of the family, else (a
    staff member printing it for them) the family's: its first account's language."""
    user = request.user
    if user is not None and user.family_id == family.id:
        return request.localizer
    accounts = sorted(family.users, key=lambda account: account.id)
    reader = accounts[0] if accounts else None
    return localizer_for(request.registry, recipient_language(reader, request.tenant))


def invoice_pdf_response(request, invoice):
    regie = request.tenant.regies.get(invoice.regie)
    localizer = pdf_localizer(request, invoice.family)
    content = invoice_pdf(invoice, request.tenant.branding, regie.label if regie else "", localizer)
    return pdf_response(content, f"facture-{invoice.number or invoice.id}.pdf")  # i18n: ignore


@view_config(route_name="billing.invoice_pdf", permission="parent")
def invoice_download(request):
    return invoice_pdf_response(request, _invoice(request))


@view_config(
    route_name="billing.payment",
    renderer=TEMPLATES + "payment.pt",
    permission="parent",
)
def payment_detail(request):
    payment = PaymentService(request.dbsession, request.tenant).get_payment(
        int(request.matchdict["payment_id"]), family_id=family_id_of(request)
    )
    if payment is None:
        raise HTTPNotFound()
    return {
        "payment": payment,
        "state_label": PAYMENT_STATES[payment.state],
        "regie": request.tenant.regies.get(payment.regie),
        "back_url": request.route_url("billing.list"),
    }


@view_config(route_name="billing.attestation", permission="parent")
def attestation(request):
    family_id = family_id_of(request)
    year = int(request.matchdict["year"])
    if not 2000 <= year <= now_paris().year:
        raise HTTPNotFound()
    family = BillingService(request.dbsession, request.tenant).family(family_id)
    payments, total = StatementService(request.dbsession, request.tenant).paid_in_year(
        family_id, year
    )
    content = attestation_pdf(
        family,
        year,
        payments,
        total,
        request.tenant.branding,
        now_paris().date(),
        pdf_localizer(request, family),
    )
    return pdf_response(content, f"attestation-paiements-{year}.pdf")
