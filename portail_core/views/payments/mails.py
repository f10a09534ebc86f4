"""The e-mail that confirms a validated online payment (sent after commit, once: only the
transition to "validated" asks for it, and it happens once per payment)."""

from sqlalchemy import select

from portail_core.calendar import PARIS
from portail_core.i18n import _, offered_languages, recipient_language
from portail_core.mail import send_templated
from portail_core.models.accounts import User

SUBJECT = _("Confirmation de votre paiement en ligne")


def payer_language(request, payment):
    """The payer's account language (the gateway may confirm while no one is signed in)."""
    user = request.dbsession.scalar(
        select(User).where(
            User.tenant_id == request.tenant.id,
            User.family_id == payment.family_id,
            User.email == payment.payer_email,
        )
    )
    if user is None:
        return offered_languages(request.tenant)[0]
    return recipient_language(user, request.tenant)


def confirmation_lines(payment):
    """One line per invoice paid, translated and formatted in the e-mail's language."""
    return [
        _(
            "- Facture n° ${number} : ${amount}",
            mapping={"number": allocation.invoice.number, "amount": allocation.amount},
        )
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
        language=payer_language(request, payment),
        payment=payment,
        regie_label=regie.label if regie else payment.regie,
        amount=payment.amount,
        day=validated.date() if validated else None,
        time=f"{validated:%H:%M}" if validated else "",
        lines=confirmation_lines(payment),
        url=request.route_url("billing.list"),
    )
