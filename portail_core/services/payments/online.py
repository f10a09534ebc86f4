"""Starting an online payment: which invoices a family may pay, the recap, the locked
creation of the pending payment, then the gateway's start.

A start is two short transactions (see :meth:`OnlinePaymentService.open` and
:meth:`OnlinePaymentService.launch`): the invoices are locked only while the pending
payment that holds them is written, never while a gateway is being called.
"""

import json
from dataclasses import dataclass, field

from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from portail_core.calendar import PARIS, now_paris
from portail_core.i18n import _
from portail_core.models.billing import (
    ONLINE,
    PAYMENT_PENDING,
    PUBLISHED,
    Invoice,
    Payment,
    PaymentAllocation,
)
from portail_core.models.types import utcnow
from portail_core.payments import NoOnlinePayment
from portail_core.payments.types import Outcome, PaymentStartError
from portail_core.services.billing.invoices import BillingError, invoice_loads
from portail_core.services.billing.ledger import STATE_AWAITING, ZERO, balance_of
from portail_core.services.payments.attempts import (
    attempt_of,
    cents,
    lock_rows,
    new_reference,
    next_attempt_number,
)
from portail_core.services.payments.recording import PaymentService


class OnlinePaymentError(Exception):
    """A payment that cannot start, for the parent: the message is a ``TranslationString``
    (translate ``exc.args[0]``); ``str(exc)`` is its French text."""

    def __str__(self):
        message = self.args[0] if self.args else ""
        return message.interpolate() if hasattr(message, "interpolate") else str(message)


class PaymentInProgress(OnlinePaymentError):
    """One of the invoices already waits for another payment's result."""

    def __init__(self, message, payment_id=None):
        super().__init__(message)
        self.payment_id = payment_id


@dataclass
class PaymentChoice:
    """What the "Païement" page offers for one régie."""

    regie: object
    backend: object
    payable: list = field(default_factory=list)  # [(invoice, balance)]
    others: list = field(default_factory=list)  # awaiting a payment, or Trésor public

    @property
    def multiple(self):
        return self.backend.multiple_invoices


@dataclass
class Selection:
    """The invoices chosen and the amount the gateway will be asked for."""

    regie: object
    backend: object
    invoices: list  # [(invoice, balance)]

    @property
    def amount(self):
        return sum((balance.available for _, balance in self.invoices), ZERO)

    @property
    def ids(self):
        return [invoice.id for invoice, _ in self.invoices]


@dataclass(frozen=True)
class AttemptUrls:
    """Where the gateway sends the browser back, and where it notifies the portal."""

    return_url: str
    cancel_url: str
    notify_url: str


class OnlinePaymentService:
    """Online payments of one tenant. ``backends(regie_id)`` gives the configured
    :class:`portail_core.payments.base.PaymentBackend` of a régie (or raises
    :class:`portail_core.payments.NoOnlinePayment`)."""

    def __init__(self, dbsession, tenant, backends):
        self.dbsession = dbsession
        self.tenant = tenant
        self.backends = backends

    def backend(self, regie_id):
        try:
            return self.backends(regie_id)
        except NoOnlinePayment:
            raise OnlinePaymentError(
                _("Cette régie ne propose pas le paiement en ligne.")
            ) from None

    def _invoices(self, family_id, regie_id):
        return self.dbsession.scalars(
            select(Invoice)
            .where(
                Invoice.tenant_id == self.tenant.id,
                Invoice.family_id == family_id,
                Invoice.regie == regie_id,
                Invoice.status == PUBLISHED,
            )
            .options(*invoice_loads())
            .order_by(Invoice.issued_on, Invoice.id)
        ).all()

    # -- what the parent sees before paying --------------------------------------------

    def choice(self, family_id, regie_id):
        """The régie's invoices: those payable online, and those that are not (yet)."""
        regie = self.tenant.regies[regie_id]
        choice = PaymentChoice(regie, self.backend(regie_id))
        for invoice in self._invoices(family_id, regie_id):
            balance = balance_of(invoice)
            if balance.payable_online and invoice.collected_by_tresor_at is None:
                choice.payable.append((invoice, balance))
            elif balance.due > 0:
                choice.others.append((invoice, balance))
        return choice

    def selection(self, family_id, regie_id, invoice_ids):
        """The recap of ``invoice_ids``, or :class:`OnlinePaymentError` saying why not."""
        choice = self.choice(family_id, regie_id)
        wanted = set(invoice_ids)
        if not wanted:
            raise OnlinePaymentError(_("Choisissez au moins une facture à payer."))
        chosen = [(invoice, balance) for invoice, balance in choice.payable if invoice.id in wanted]
        if len(chosen) != len(wanted):
            awaiting = [inv for inv, bal in choice.others if bal.state == STATE_AWAITING]
            if any(invoice.id in wanted for invoice in awaiting):
                raise PaymentInProgress(
                    _("Une des factures choisies est déjà en attente de validation du paiement.")
                )
            raise OnlinePaymentError(_("Une des factures choisies n'est pas à payer en ligne."))
        backend = choice.backend
        if len(chosen) > 1 and not backend.multiple_invoices:
            raise OnlinePaymentError(
                _(
                    "Avec ${gateway}, chaque facture se paie séparément : "
                    "choisissez une seule facture.",
                    mapping={"gateway": backend.label},
                )
            )
        selection = Selection(choice.regie, backend, chosen)
        problem = backend.amount_problem(cents(selection.amount))
        if problem:
            raise OnlinePaymentError(problem)
        return selection

    # -- the start ------------------------------------------------------------------------

    def open(self, family, user, regie_id, invoice_ids, urls):
        """Phase 1: lock the invoices, check they are still free, write the pending
        payment that holds them (flushed; the caller commits). ``urls(payment)`` gives
        the :class:`AttemptUrls` once the payment has its id."""
        backend = self.backend(regie_id)
        if backend.payer_email_required and not (user.email or "").strip():
            raise OnlinePaymentError(_("Une adresse e-mail est nécessaire pour payer en ligne."))
        owned = self.dbsession.scalars(
            select(Invoice.id).where(
                Invoice.tenant_id == self.tenant.id,
                Invoice.family_id == family.id,
                Invoice.id.in_(set(invoice_ids)),
            )
        ).all()
        lock_rows(self.dbsession, Invoice, owned)
        self.dbsession.expire_all()  # read again what other payments committed meanwhile
        self._refuse_if_held(family.id, invoice_ids)
        selection = self.selection(family.id, regie_id, invoice_ids)
        self._respect_retry_delay(backend, family.id, selection.ids)
        number = next_attempt_number(self.dbsession, self.tenant.id)
        created_at = utcnow()
        try:
            payment = PaymentService(self.dbsession, self.tenant).start_online(
                family,
                regie_id,
                backend.id,
                selection.ids,
                reference=new_reference(number, now_paris()),
            )
        except BillingError as exc:
            raise OnlinePaymentError(exc.args[0] if exc.args else str(exc)) from exc
        payment.attempt_number = number
        payment.number = f"{number:05d}"
        payment.created_at = created_at
        payment.mode = backend.mode
        payment.payer = user.display_name
        payment.payer_email = user.email
        payment.gateway_outcome = Outcome.PENDING.value
        self.dbsession.flush()
        payment.notify_url = urls(payment).notify_url
        self.dbsession.flush()
        return payment

    def _refuse_if_held(self, family_id, invoice_ids):
        """A second click, a second tab: the invoices already wait for a payment."""
        held = self.dbsession.scalar(
            select(Payment.id)
            .join(PaymentAllocation, PaymentAllocation.payment_id == Payment.id)
            .where(
                Payment.tenant_id == self.tenant.id,
                Payment.family_id == family_id,
                Payment.state == PAYMENT_PENDING,
                PaymentAllocation.invoice_id.in_(set(invoice_ids)),
            )
            .order_by(Payment.id.desc())
            .limit(1)
        )
        if held is not None:
            raise PaymentInProgress(
                _("Un paiement de ces factures est déjà en cours : attendez son résultat."),
                payment_id=held,
            )

    def _respect_retry_delay(self, backend, family_id, invoice_ids):
        """PayFiP: an attempt of the last minutes may still turn into a payment (the payer
        can retry on its page), so no new attempt for the same invoices before then."""
        if not backend.retry_delay:
            return
        since = utcnow() - backend.retry_delay
        last = self.dbsession.scalar(
            select(Payment.created_at)
            .join(PaymentAllocation, PaymentAllocation.payment_id == Payment.id)
            .where(
                Payment.tenant_id == self.tenant.id,
                Payment.family_id == family_id,
                Payment.method == ONLINE,
                Payment.backend == backend.id,
                Payment.created_at > since,
                PaymentAllocation.invoice_id.in_(invoice_ids),
            )
            .order_by(Payment.created_at.desc())
            .limit(1)
        )
        if last is not None:
            again = (last + backend.retry_delay).astimezone(PARIS)
            raise OnlinePaymentError(
                _(
                    "Un paiement de ces factures a été commencé il y a peu avec ${gateway} : "
                    "il peut encore aboutir. Vous pourrez payer de nouveau à partir de "
                    "${time}.",
                    mapping={"gateway": backend.label, "time": f"{again:%H:%M}"},
                )
            )

    def launch(self, payment, user, urls):
        """Phase 2: ask the gateway to start (it may call it server-to-server), store its
        key and references on the payment, and return the gateway's answer. A refused
        start removes the pending payment, so the invoices are free again."""
        backend = self.backend(payment.regie)
        links = urls(payment)
        attempt = attempt_of(
            payment,
            return_url=links.return_url,
            cancel_url=links.cancel_url,
            payer_first_name=user.first_name or "",
            payer_last_name=user.last_name or "",
        )
        try:
            start = backend.start(attempt)
        except PaymentStartError as exc:
            self.discard(payment)
            raise OnlinePaymentError(exc.message) from exc
        payment.gateway_key = start.gateway_key
        payment.gateway_references = json.dumps(dict(start.references), sort_keys=True)
        self.dbsession.flush()
        return start

    def discard(self, payment):
        """Forget a payment the gateway never started (no money can come for it)."""
        self.dbsession.execute(
            delete(PaymentAllocation).where(PaymentAllocation.payment_id == payment.id)
        )
        self.dbsession.execute(delete(Payment).where(Payment.id == payment.id))
        self.dbsession.expunge(payment)

    # -- reading ---------------------------------------------------------------------------

    def payment(self, payment_id, family_id=None):
        """An online payment of this tenant (and family, when given), or ``None``."""
        query = select(Payment).where(
            Payment.tenant_id == self.tenant.id,
            Payment.id == payment_id,
            Payment.method == ONLINE,
        )
        if family_id is not None:
            query = query.where(Payment.family_id == family_id)
        return self.dbsession.scalar(
            query.options(selectinload(Payment.allocations).selectinload(PaymentAllocation.invoice))
        )
