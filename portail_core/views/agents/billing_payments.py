"""Agents: a family's balance, counter payments and their allocation, the payments list."""

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portail_core.calendar import now_paris
from portail_core.formatting import ShortDate
from portail_core.forms import FormError, FormView
from portail_core.i18n import _
from portail_core.models.billing import ONLINE, Payment, PaymentAllocation
from portail_core.schemas.billing import CounterPaymentSchema
from portail_core.services.billing.exports import payments_csv
from portail_core.services.billing.invoices import BillingError, BillingService
from portail_core.services.billing.ledger import PAYMENT_STATES, balance_of
from portail_core.services.billing.statements import StatementService
from portail_core.services.payments.recording import PaymentService

TEMPLATES = "portail_core:templates/billing/"
PAYMENTS_SHOWN = 200


def agent_family(request):
    family = BillingService(request.dbsession, request.tenant).family(
        int(request.matchdict["family_id"])
    )
    if family is None:
        raise HTTPNotFound()
    return family


@view_config(
    route_name="agents.billing.family",
    renderer=TEMPLATES + "agents_family.pt",
    permission="agent",
)
def family_balance(request):
    family = agent_family(request)
    statements = StatementService(request.dbsession, request.tenant).statements(family.id)
    return {"family": family, "statements": statements}


@view_config(
    route_name="agents.billing.counter_payment",
    renderer=TEMPLATES + "agents_counter_payment.pt",
    permission="agent",
)
class CounterPaymentView(FormView):
    schema_class = CounterPaymentSchema
    buttons = (("submit", _("Enregistrer le paiement")),)
    form_id = "counter-payment"

    def __init__(self, context, request):
        super().__init__(context, request)
        self.family = agent_family(request)
        self.regie = request.tenant.regies.get(request.matchdict["regie"])
        if self.regie is None:
            raise HTTPNotFound()
        self.service = PaymentService(request.dbsession, request.tenant)
        self.invoices = [
            invoice
            for invoice in self.service.payable_invoices(self.family.id, self.regie.id)
            if invoice.collected_by_tresor_at is None
        ]

    @property
    def title(self):
        return _("Paiement au guichet — famille ${family}", mapping={"family": self.family.name})

    def bind(self):
        choices = []
        for invoice in self.invoices:
            available = balance_of(invoice).available
            label = self.request.localizer.translate(
                _(
                    "Facture n° ${number} du ${day} — reste à payer : ${amount}",
                    mapping={
                        "number": invoice.number,
                        "day": ShortDate(invoice.issued_on),
                        "amount": available,
                    },
                )
            )
            choices.append((str(invoice.id), label))
        return {**super().bind(), "invoice_choices": choices}

    def appstruct(self):
        return {"paid_on": now_paris().date(), "invoices": {str(i.id) for i in self.invoices}}

    def extra(self):
        return {"family": self.family, "regie": self.regie, "invoices": self.invoices}

    def submit_success(self, appstruct):
        try:
            payment = self.service.record_counter_payment(
                self.family,
                self.regie.id,
                appstruct["method"],
                appstruct["amount"],
                [int(value) for value in appstruct["invoices"]],
                paid_on=appstruct["paid_on"],
                number=appstruct["number"],
                payer=appstruct["payer"],
                note=appstruct["note"],
                agent=self.request.user,
            )
        except BillingError as exc:
            raise FormError(exc.message, field="amount") from exc
        self.request.dbsession.flush()
        self.request.session.flash(
            self.request.localizer.translate(
                _("Paiement de ${amount} enregistré.", mapping={"amount": payment.amount})
            ),
            "success",
        )
        return HTTPSeeOther(
            self.request.route_url("agents.billing.family", family_id=self.family.id)
        )


def _payments(request, limit=PAYMENTS_SHOWN):
    query = (
        select(Payment)
        .where(Payment.tenant_id == request.tenant.id)
        .options(
            selectinload(Payment.family),
            selectinload(Payment.allocations).selectinload(PaymentAllocation.invoice),
        )
        .order_by(Payment.paid_on.desc(), Payment.id.desc())
    )
    method = request.params.get("mode", "")
    if method:
        query = query.where(Payment.method == method)
    return request.dbsession.scalars(query.limit(limit)).all()


@view_config(
    route_name="agents.billing.payments",
    renderer=TEMPLATES + "agents_payments.pt",
    permission="agent",
)
def payment_list(request):
    return {"payments": _payments(request), "states": PAYMENT_STATES, "limit": PAYMENTS_SHOWN}


@view_config(route_name="agents.billing.payments_csv", permission="agent")
def payment_export(request):
    response = request.response
    response.content_type = "text/csv"
    response.charset = "utf-8"
    response.content_disposition = 'attachment; filename="paiements.csv"'
    response.text = payments_csv(
        _payments(request, limit=None), request.tenant, request.localizer.translate
    )
    return response


def agent_payment(request):
    payment = PaymentService(request.dbsession, request.tenant).get_payment(
        int(request.matchdict["payment_id"])
    )
    if payment is None:
        raise HTTPNotFound()
    return payment


@view_config(
    route_name="agents.billing.payment",
    renderer=TEMPLATES + "agents_payment.pt",
    permission="agent",
)
def payment_detail(request):
    payment = agent_payment(request)
    return {
        "payment": payment,
        "state_label": PAYMENT_STATES[payment.state],
        "regie": request.tenant.regies.get(payment.regie),
        "counter": payment.method != ONLINE,
    }


@view_config(route_name="agents.billing.payment_cancel", request_method="POST", permission="agent")
def payment_cancel(request):
    payment = agent_payment(request)
    try:
        PaymentService(request.dbsession, request.tenant).cancel_counter_payment(payment)
    except BillingError as exc:
        request.session.flash(request.localizer.translate(exc.message), "error")
    else:
        request.session.flash(
            request.localizer.translate(
                _("Le paiement est annulé : les factures qu'il réglait sont de nouveau dues.")
            ),
            "success",
        )
    return HTTPSeeOther(request.route_url("agents.billing.payment", payment_id=payment.id))
