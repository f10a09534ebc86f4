"""What a gateway says about a payment, applied once: notifications, status queries, the
expiry of attempts without result, and the audit row every message leaves.

Rules (spec §0.2, §0.3): a result is authenticated by the backend, matched to a payment of
this tenant and régie by (backend, gateway key), checked against what was asked (amount,
currency, mode), then applied under a row lock so that replays and parallel deliveries
change nothing more. States only move forward, except that a payment the bank finally
accepts wins over an earlier cancellation (PayFiP's "A" can still turn into a payment).
"""

import json
import logging
from dataclasses import dataclass
from urllib.parse import parse_qsl

from sqlalchemy import select

from portail_core.calendar import PARIS
from portail_core.formatting import money
from portail_core.models.billing import (
    ONLINE,
    PAYMENT_PENDING,
    PAYMENT_REFUSED,
    PAYMENT_VALIDATED,
    Invoice,
    Payment,
    PaymentAllocation,
)
from portail_core.models.online_payments import (
    EXPIRY,
    NOTIFICATION,
    STATUS_QUERY,
    PaymentNotification,
)
from portail_core.models.types import utcnow
from portail_core.payments.types import (
    GatewayRejection,
    GatewayResult,
    Outcome,
    Rejection,
    ResponseKind,
)
from portail_core.services.billing.invoices import invoice_loads
from portail_core.services.billing.ledger import ZERO, balance_of
from portail_core.services.payments.attempts import attempt_of, lock_rows
from portail_core.services.payments.recording import PaymentService

log = logging.getLogger(__name__)

FAILURES = (Outcome.REFUSED, Outcome.CANCELLED, Outcome.EXPIRED)
RAW_LIMIT = 20_000  # characters of a message kept for audit (a forged one may be huge)
# Rejections of an authenticated result that mean money may have moved wrongly.
ALARMING = (Rejection.AMOUNT_MISMATCH, Rejection.CURRENCY_MISMATCH, Rejection.MODE_MISMATCH)


@dataclass(frozen=True)
class Received:
    """How a message came: its channel, and for HTTP ones the method and the sender."""

    channel: str
    http_method: str = ""
    remote_addr: str = ""

    @classmethod
    def of(cls, request, channel=NOTIFICATION):
        return cls(channel, request.method, request.client_addr or "")


@dataclass
class Verdict:
    """What the core did with a message; ``validated`` asks for the confirmation e-mail."""

    kind: ResponseKind
    payment: Payment | None = None
    validated: bool = False


def request_fields(request):
    """A request's query and form fields (for the audit of a message not verified)."""
    pairs = parse_qsl(request.query_string, keep_blank_values=True)
    if request.content_type == "application/x-www-form-urlencoded":
        pairs += parse_qsl(request.body.decode("utf-8", "replace"), keep_blank_values=True)
    return dict(pairs)


class PaymentResults:
    """Applies gateway results to the online payments of one tenant."""

    def __init__(self, dbsession, tenant):
        self.dbsession = dbsession
        self.tenant = tenant
        self.payments = PaymentService(dbsession, tenant)

    def find(self, regie_id, backend_id, gateway_key):
        """The payment this tenant and régie started with that gateway key, or ``None``."""
        if not gateway_key:
            return None
        return self.dbsession.scalar(
            select(Payment).where(
                Payment.tenant_id == self.tenant.id,
                Payment.regie == regie_id,
                Payment.method == ONLINE,
                Payment.backend == backend_id,
                Payment.gateway_key == gateway_key,
            )
        )

    # -- notifications -------------------------------------------------------------------

    def receive_notification(self, regie_id, backend, request):
        """Authenticate and apply a server-to-server notification (never raises for a bad
        message: it is logged, kept, and answered as the backend says)."""
        received = Received.of(request)
        claimed = backend.notification_key(request)
        if claimed is not None and self.find(regie_id, backend.id, claimed) is None:
            # Checked before any read-back, so a flood of made-up ids costs no gateway call.
            rejection = GatewayRejection(
                Rejection.UNKNOWN_ATTEMPT,
                "no payment of this régie has this key",  # i18n: ignore (English, a log)
                claimed,
                backend.redact(request_fields(request)),
            )
            return self.reject(regie_id, backend, rejection, received)
        result = backend.verify_notification(request)
        if isinstance(result, GatewayRejection):
            if not result.raw:
                raw = backend.redact(request_fields(request))
                result = GatewayRejection(result.reason, result.detail, result.gateway_key, raw)
            return self.reject(regie_id, backend, result, received)
        return self.apply(regie_id, backend, result, received)

    def reject(self, regie_id, backend, rejection, received):
        """Log and keep a message that was not accepted."""
        if rejection.temporary:
            kind = ResponseKind.TEMPORARY_FAILURE
        elif rejection.reason is Rejection.UNKNOWN_ATTEMPT:
            kind = ResponseKind.UNKNOWN_ATTEMPT
        else:
            kind = ResponseKind.INVALID
        payment = self.find(regie_id, backend.id, rejection.gateway_key)
        level = logging.ERROR if rejection.reason is Rejection.BAD_SIGNATURE else logging.WARNING
        log.log(
            level,
            "payment message rejected: tenant=%s regie=%s backend=%s channel=%s reason=%s "
            "key=%r payment=%s from=%s: %s",
            self.tenant.id,
            regie_id,
            backend.id,
            received.channel,
            rejection.reason.value,
            rejection.gateway_key,
            payment.id if payment else None,
            received.remote_addr,
            rejection.detail,
        )
        self._audit(
            regie_id,
            backend.id,
            received,
            kind,
            payment=payment,
            gateway_key=rejection.gateway_key,
            reason=rejection.reason.value,
            detail=rejection.detail,
            raw=rejection.raw,
        )
        return Verdict(kind, payment)

    def apply(self, regie_id, backend, result, received):
        """Apply an authenticated result to its payment, once."""
        payment = self.find(regie_id, backend.id, result.gateway_key)
        if payment is None:
            rejection = GatewayRejection(
                Rejection.UNKNOWN_ATTEMPT,
                "no payment of this régie",  # i18n: ignore (English, a log)
                result.gateway_key,
                result.raw,
            )
            return self.reject(regie_id, backend, rejection, received)
        rejection = backend.check(attempt_of(payment), result)
        if rejection is not None:
            if rejection.reason in ALARMING:
                payment.needs_attention = True
            return self.reject(regie_id, backend, rejection, received)
        return self._settle(payment, result, received, backend.id)

    def expire(self, payment, why, received=Received(EXPIRY)):
        """Give up on an attempt that brought no result in time (the invoices are free)."""
        result = GatewayResult(
            gateway_key=payment.gateway_key or "",
            outcome=Outcome.EXPIRED,
            attempt_reference=None,
            amount_cents=None,
            currency=None,
            mode=payment.mode or "",
            message=why,
        )
        return self._settle(payment, result, received, payment.backend)

    def note_return(self, payment, backend, info, received):
        """Keep the browser's return in the payment's log; it changes nothing."""
        # The payment's log is a record, kept in French (the reference language).
        verified = "signé" if info.verified else "non signé"  # i18n: ignore
        self._audit(
            payment.regie,
            backend.id,
            received,
            ResponseKind.PROCESSED,
            payment=payment,
            gateway_key=info.gateway_key or "",
            outcome=info.outcome.value if info.outcome else "",
            # i18n: ignore (the payment's log)
            detail=f"retour du navigateur ({verified}) : n'a pas d'effet sur le paiement",
        )

    def query(self, payment, backend, received=Received(STATUS_QUERY)):
        """Ask the gateway where the payment stands and apply its answer (PayFiP,
        Payline); ``None`` when the backend cannot be asked."""
        if not backend.supports_status_query or not payment.gateway_key:
            return None
        result = backend.query_status(attempt_of(payment))
        if isinstance(result, GatewayRejection):
            return self.reject(payment.regie, backend, result, received)
        return self.apply(payment.regie, backend, result, received)

    # -- the transition ------------------------------------------------------------------

    def _settle(self, payment, result, received, backend_id):
        lock_rows(self.dbsession, Payment, [payment.id])
        self.dbsession.refresh(payment)  # what a parallel delivery may have committed
        before = (payment.state, payment.gateway_outcome, payment.needs_attention)
        validated = self._transition(payment, result)
        changed = before != (payment.state, payment.gateway_outcome, payment.needs_attention)
        kind = ResponseKind.PROCESSED if changed else ResponseKind.DUPLICATE
        log.info(
            "payment %s (%s %s): %s %s -> %s (%s)",
            payment.id,
            self.tenant.id,
            payment.regie,
            received.channel,
            result.outcome.value,
            payment.state,
            kind.value,
        )
        self._audit(
            payment.regie,
            backend_id,
            received,
            kind,
            payment=payment,
            gateway_key=result.gateway_key,
            outcome=result.outcome.value,
            detail=result.message,
            raw=result.raw,
        )
        return Verdict(kind, payment, validated)

    def _transition(self, payment, result):
        """Move the payment forward; True when it became validated now."""
        outcome = result.outcome
        if payment.state == PAYMENT_VALIDATED:
            return False  # final: replays and late failures change nothing
        transaction_id = result.transaction_id or None  # none yet: NULL, never ""
        if outcome is Outcome.PAID:
            if payment.state == PAYMENT_REFUSED:
                self._revive(payment)
            self.payments.validate(payment, transaction_id, dict(result.raw))
            payment.gateway_outcome = outcome.value
            payment.authorisation = result.authorisation or payment.authorisation
            payment.paid_on = (result.paid_at or utcnow()).astimezone(PARIS).date()
            payment.needs_attention = payment.needs_attention or result.alert
            return True
        if payment.state != PAYMENT_PENDING:
            return False
        if outcome in FAILURES:
            self.payments.refuse(payment, transaction_id, dict(result.raw))
            payment.gateway_outcome = outcome.value
            return False
        # PENDING, or ERROR (unverifiable, technical): still open; an agent looks if asked.
        payment.gateway_outcome = outcome.value
        if result.alert or outcome is Outcome.ERROR:
            payment.needs_attention = True
        return False

    def _revive(self, payment):
        """A cancelled payment the bank finally accepted: it settles its invoices again as
        far as they still owe; what they no longer owe is flagged as received in excess."""
        allocations = self.dbsession.scalars(
            select(PaymentAllocation).where(PaymentAllocation.payment_id == payment.id)
        ).all()
        lock_rows(self.dbsession, Invoice, [a.invoice_id for a in allocations])
        self.dbsession.scalars(
            select(Invoice)
            .where(Invoice.id.in_([a.invoice_id for a in allocations]))
            .options(*invoice_loads())
            .execution_options(populate_existing=True)
        ).all()
        excess = ZERO
        for allocation in allocations:
            room = max(balance_of(allocation.invoice).available, ZERO)
            if allocation.amount > room:
                excess += allocation.amount - room
                allocation.amount = room
                if room == ZERO:
                    self.dbsession.delete(allocation)
        payment.state = PAYMENT_PENDING
        payment.cancelled_at = None
        if excess:
            payment.needs_attention = True
            payment.note = (  # a stored note, in French: i18n: ignore
                f"Paiement accepté par la banque après son annulation : {money(excess)} "
                "dépassent le reste dû des factures (trop-perçu à rembourser)."
            )
        self.dbsession.flush()
        self.dbsession.expire(payment, ["allocations"])

    # -- audit -----------------------------------------------------------------------------

    def _audit(self, regie_id, backend_id, received, kind, payment=None, **values):
        raw = values.pop("raw", None) or {}
        self.dbsession.add(
            PaymentNotification(
                tenant_id=self.tenant.id,
                payment_id=payment.id if payment is not None else None,
                regie=regie_id,
                backend=backend_id or "",
                channel=received.channel,
                http_method=received.http_method,
                remote_addr=received.remote_addr[:64],
                verdict=kind.value,
                gateway_key=(values.get("gateway_key") or "")[:128],
                reason=values.get("reason", ""),
                outcome=values.get("outcome", ""),
                detail=(values.get("detail") or "")[:500],
                raw=json.dumps(dict(raw), sort_keys=True, ensure_ascii=False)[:RAW_LIMIT],
            )
        )
