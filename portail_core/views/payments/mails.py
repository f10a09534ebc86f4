"""The e-mail that confirms a validated online payment (sent after commit, once: only the
transition to "validated" asks for it, and it happens once per payment)."""

from portail_core.calendar import PARIS
from portail_core.formatting import money, short_date
from portail_core.mail import send_templated

SUBJECT = "Confirmation de votre paiement en ligne"


def confirmation_lines(payment):
    return [
        f"- Facture n° {allocation.invoice.number} : {money(allocation.amount)}"
        for allocation in payment.allocations
    ]


def send_confirmation(request, payment):
    """Mail the payer (the address given to the gateway) that the bank validated."""
    if not payment.payer_email:
        return None
    validated = payment.validated_at.astimezone(PARIS) if payment.validated_at else None
    regie = request.tenant.regies.get(payment.regie)
    return send_templated(
        request,
        payment.payer_email,
        SUBJECT,
        "payment_validated",
        payment=payment,
        regie_label=regie.label if regie else payment.regie,
        amount=money(payment.amount),
        day=short_date(validated.date()) if validated else "",
        time=f"{validated:%H:%M}" if validated else "",
        lines="\n".join(confirmation_lines(payment)),
        url=request.route_url("billing.list"),
    )
