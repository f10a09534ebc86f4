"""Agents: invoice list and search, invoice detail, credit, cancel, Trésor public, runs."""

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from portail_core.calendar import now_paris
from portail_core.forms import FormError, FormView
from portail_core.i18n import _
from portail_core.models.billing import CANCELLED, DRAFT, PUBLISHED
from portail_core.schemas.billing import CancelInvoiceSchema, CreditSchema, InvoiceRunSchema
from portail_core.services.billing.exports import invoices_csv
from portail_core.services.billing.invoice_runs import InvoiceRunService
from portail_core.services.billing.invoices import BillingError, BillingService, default_period
from portail_core.services.billing.ledger import balance_of
from portail_core.views.billing import invoice_pdf_response

TEMPLATES = "portail_core:templates/billing/"
AGENT_PAGE_SIZE = 20
STATUSES = {DRAFT: _("En préparation"), PUBLISHED: _("Publiée"), CANCELLED: _("Annulée")}


def invoice_count(count):
    """ "1 facture", "12 factures": the count of a search."""
    if count > 1:
        return _("${count} factures", mapping={"count": count})
    return _("${count} facture", mapping={"count": count})


def agent_invoice(request):
    invoice = BillingService(request.dbsession, request.tenant).get_invoice(
        int(request.matchdict["invoice_id"]), with_lines=True
    )
    if invoice is None:
        raise HTTPNotFound()
    return invoice


def _filters(request):
    status = request.params.get("etat", "")
    regie = request.params.get("regie", "")
    return {
        "text": request.params.get("q", "").strip()[:100],
        "status": status if status in STATUSES else "",
        "regie_id": regie if regie in request.tenant.regies else "",
    }


@view_config(
    route_name="agents.billing.invoices",
    renderer=TEMPLATES + "agents_invoices.pt",
    permission="agent",
)
def invoice_list(request):
    filters = _filters(request)
    try:
        page = max(1, int(request.params.get("page", 1)))
    except ValueError:
        page = 1
    rows, count = BillingService(request.dbsession, request.tenant).search(
        **filters, offset=(page - 1) * AGENT_PAGE_SIZE, limit=AGENT_PAGE_SIZE
    )
    return {
        "rows": [(invoice, balance_of(invoice)) for invoice in rows],
        "count": count,
        "count_label": invoice_count(count),
        "page": page,
        "pages": max(1, -(-count // AGENT_PAGE_SIZE)),
        "filters": filters,
        "statuses": STATUSES,
        "query": {k: v for k, v in request.params.items() if k in ("q", "etat", "regie")},
    }


@view_config(route_name="agents.billing.invoices_csv", permission="agent")
def invoice_export(request):
    filters = _filters(request)
    rows, _total = BillingService(request.dbsession, request.tenant).search(**filters, limit=None)
    response = request.response
    response.content_type = "text/csv"
    response.charset = "utf-8"
    response.content_disposition = 'attachment; filename="factures.csv"'  # i18n: ignore (file name)
    response.text = invoices_csv(rows, request.tenant, request.localizer.translate)
    return response


@view_config(
    route_name="agents.billing.invoice",
    renderer=TEMPLATES + "agents_invoice.pt",
    permission="agent",
)
def invoice_detail(request):
    invoice = agent_invoice(request)
    return {
        "invoice": invoice,
        "balance": balance_of(invoice),
        "regie": request.tenant.regies.get(invoice.regie),
        "status_label": STATUSES[invoice.status],
    }


@view_config(route_name="agents.billing.invoice_pdf", permission="agent")
def invoice_download(request):
    invoice = agent_invoice(request)
    if invoice.status == DRAFT:
        raise HTTPNotFound()
    return invoice_pdf_response(request, invoice)


class _InvoiceForm(FormView):
    """A form about one invoice of the tenant (loaded by id, 404 otherwise)."""

    def __init__(self, context, request):
        super().__init__(context, request)
        self.invoice = agent_invoice(request)
        self.service = BillingService(request.dbsession, request.tenant)

    def extra(self):
        return {"invoice": self.invoice, "balance": balance_of(self.invoice)}

    def done(self, message):
        self.request.session.flash(self.request.localizer.translate(message), "success")
        return HTTPSeeOther(
            self.request.route_url("agents.billing.invoice", invoice_id=self.invoice.id)
        )


@view_config(
    route_name="agents.billing.credit",
    renderer=TEMPLATES + "agents_invoice_form.pt",
    permission="agent",
)
class CreditView(_InvoiceForm):
    schema_class = CreditSchema
    buttons = (("submit", _("Enregistrer l'avoir")),)
    form_id = "credit"

    @property
    def title(self):
        return _("Avoir sur la facture n° ${number}", mapping={"number": self.invoice.number})

    def submit_success(self, appstruct):
        try:
            self.service.credit(
                self.invoice, appstruct["amount"], appstruct["reason"], self.request.user
            )
        except BillingError as exc:
            raise FormError(exc.message, field="amount") from exc
        return self.done(_("L'avoir est enregistré."))


@view_config(
    route_name="agents.billing.cancel",
    renderer=TEMPLATES + "agents_invoice_form.pt",
    permission="agent",
)
class CancelView(_InvoiceForm):
    schema_class = CancelInvoiceSchema
    buttons = (("submit", _("Annuler la facture")),)
    form_id = "cancel"

    @property
    def title(self):
        if not self.invoice.number:
            return _("Annuler la facture n° (en préparation)")
        return _("Annuler la facture n° ${number}", mapping={"number": self.invoice.number})

    def extra(self):
        return {
            **super().extra(),
            "intro": _(
                "L'annulation d'une facture publiée crée un avoir de son montant ; "
                "ses présences pourront être facturées à nouveau."
            ),
        }

    def submit_success(self, appstruct):
        draft = self.invoice.status == DRAFT
        run_id = self.invoice.run_id
        try:
            self.service.cancel(self.invoice, appstruct["reason"], self.request.user)
        except BillingError as exc:
            raise FormError(exc.message) from exc
        if draft:
            self.request.session.flash(
                self.request.localizer.translate(_("La facture en préparation est supprimée.")),
                "success",
            )
            target = (
                self.request.route_url("agents.billing.run", run_id=run_id)
                if run_id
                else self.request.route_url("agents.billing.invoices")
            )
            return HTTPSeeOther(target)
        return self.done(_("La facture est annulée ; un avoir de son montant est enregistré."))


@view_config(route_name="agents.billing.tresor", request_method="POST", permission="agent")
def mark_tresor(request):
    invoice = agent_invoice(request)
    try:
        BillingService(request.dbsession, request.tenant).mark_collected_by_tresor(invoice)
    except BillingError as exc:
        request.session.flash(request.localizer.translate(exc.message), "error")
    else:
        request.session.flash(
            request.localizer.translate(
                _(
                    "La facture est désormais gérée par le Trésor public : elle n'est plus "
                    "payable en ligne."
                )
            ),
            "success",
        )
    return HTTPSeeOther(request.route_url("agents.billing.invoice", invoice_id=invoice.id))


@view_config(
    route_name="agents.billing.runs",
    renderer=TEMPLATES + "agents_runs.pt",
    permission="agent",
)
class InvoiceRunView(FormView):
    schema_class = InvoiceRunSchema
    buttons = (("submit", _("Préparer les factures")),)
    form_id = "invoice-run"
    title = _("Facturation")

    def appstruct(self):
        start, end = default_period(now_paris().date())
        regie = next(iter(self.request.tenant.regies), None)
        return {"period_start": start, "period_end": end, "regie": regie}

    def extra(self):
        service = InvoiceRunService(self.request.dbsession, self.request.tenant)
        runs = service.runs()
        return {"runs": [(run, *service.run_totals(run)) for run in runs]}

    def submit_success(self, appstruct):
        service = InvoiceRunService(self.request.dbsession, self.request.tenant)
        try:
            run = service.run(
                appstruct["regie"],
                appstruct["period_start"],
                appstruct["period_end"],
                agent=self.request.user,
            )
        except BillingError as exc:
            raise FormError(exc.message) from exc
        if run is None:
            raise FormError(_("Aucune présence à facturer sur cette période pour cette régie."))
        self.request.session.flash(
            self.request.localizer.translate(
                _("Les factures sont préparées : vérifiez-les puis publiez-les.")
            ),
            "success",
        )
        return HTTPSeeOther(self.request.route_url("agents.billing.run", run_id=run.id))


def agent_run(request):
    run = InvoiceRunService(request.dbsession, request.tenant).get_run(
        int(request.matchdict["run_id"])
    )
    if run is None:
        raise HTTPNotFound()
    return run


@view_config(
    route_name="agents.billing.run", renderer=TEMPLATES + "agents_run.pt", permission="agent"
)
def run_detail(request):
    run = agent_run(request)
    service = InvoiceRunService(request.dbsession, request.tenant)
    invoices = service.run_invoices(run)
    count, total = service.run_totals(run)
    return {
        "run": run,
        "regie": request.tenant.regies.get(run.regie),
        "invoices": [(invoice, balance_of(invoice)) for invoice in invoices],
        "count": count,
        "total": total,
    }


@view_config(route_name="agents.billing.run_publish", request_method="POST", permission="agent")
def run_publish(request):
    run = agent_run(request)
    try:
        published = InvoiceRunService(request.dbsession, request.tenant).publish(run)
    except BillingError as exc:
        request.session.flash(request.localizer.translate(exc.message), "error")
    else:
        mapping = {"count": published}
        message = (
            _(
                "${count} factures publiées : les familles peuvent les consulter et les payer.",
                mapping=mapping,
            )
            if published > 1
            else _(
                "${count} facture publiée : les familles peuvent la consulter et la payer.",
                mapping=mapping,
            )
        )
        request.session.flash(request.localizer.translate(message), "success")
    return HTTPSeeOther(request.route_url("agents.billing.run", run_id=run.id))


@view_config(route_name="agents.billing.run_discard", request_method="POST", permission="agent")
def run_discard(request):
    run = agent_run(request)
    try:
        InvoiceRunService(request.dbsession, request.tenant).discard(run)
    except BillingError as exc:
        request.session.flash(request.localizer.translate(exc.message), "error")
        return HTTPSeeOther(request.route_url("agents.billing.run", run_id=run.id))
    request.session.flash(
        request.localizer.translate(_("La facturation en préparation est supprimée.")), "success"
    )
    return HTTPSeeOther(request.route_url("agents.billing.runs"))
