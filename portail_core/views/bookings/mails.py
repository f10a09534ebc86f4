"""The bookings' e-mails to families, sent after commit: a confirmation of each request, a
decision of the agents, a place given from the waiting list."""

from types import SimpleNamespace

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portail_core import formatting
from portail_core.i18n import _, localizer_for, recipient_language
from portail_core.mail import send_templated
from portail_core.models.accounts import PARENT, User
from portail_core.models.bookings import Presence, Reservation
from portail_core.services.bookings.states import line_label


def family_emails(request, family_ids):
    """``{family id: [(e-mail, language), …]}`` of the families' active parent logins
    (the language each is written in: ``recipient_language``)."""
    emails = {}
    if not family_ids:
        return emails
    for family_id, email, language in request.dbsession.execute(
        select(User.family_id, User.email, User.language).where(
            User.tenant_id == request.tenant.id,
            User.family_id.in_(family_ids),
            User.role == PARENT,
            User.active.is_(True),
        )
    ):
        chosen = SimpleNamespace(language=language, tenant=request.tenant)
        emails.setdefault(family_id, []).append((email, recipient_language(chosen)))
    return emails


def describe(line, localizer=None):
    """ "lun. 08/06/2026 — MATIN : En attente", in the localizer's language (French without)."""
    if localizer is None:
        return f"{formatting.day_label(line.day)} — {line.unit.label} : {line_label(line)}"
    day = localizer.formats.day_label(line.day)
    return f"{day} — {line.unit.label} : {localizer.translate(line_label(line))}"


def send_confirmation(request, reservations, period):
    """One e-mail to the parent who confirmed, listing each child's reservation, in the
    language they are using."""
    localizer = request.localizer
    blocks = []
    for reservation in reservations:
        number = _("N° de la réservation : ${number}", mapping={"number": reservation.label})
        child = _("Référent : ${child}", mapping={"child": reservation.child.full_name})
        blocks += [localizer.translate(number), localizer.translate(child)]
        blocks.extend(f"  {describe(line, localizer)}" for line in reservation.lines)
        blocks.append(request.route_url("bookings.detail", reservation_id=reservation.id))
        blocks.append("")
    send_templated(
        request,
        request.user.email,
        _("Demande de réservation enregistrée"),
        "booking_saved",
        user=request.user,
        period=period,
        details="\n".join(blocks).rstrip(),
        created=reservations[0].created_at,
    )


def _lines_by_family(request, line_ids):
    lines = request.dbsession.scalars(
        select(Presence)
        .where(Presence.tenant_id == request.tenant.id, Presence.id.in_(line_ids))
        .options(joinedload(Presence.reservation).joinedload(Reservation.period))
        .order_by(Presence.day, Presence.unit_id)
        .execution_options(populate_existing=True)
    ).all()
    by_family = {}
    for line in lines:
        by_family.setdefault(line.reservation.family_id, []).append(line)
    return by_family


def _send_to_families(request, line_ids, subject, template, **values):
    if not line_ids:
        return
    by_family = _lines_by_family(request, line_ids)
    emails = family_emails(request, list(by_family))
    for family_id, lines in by_family.items():
        numbers = sorted({line.reservation.label for line in lines})
        for email, language in emails.get(family_id, ()):
            localizer = localizer_for(request.registry, language)
            described = [
                f"{line.reservation.child.full_name} — {line.reservation.period.title} — "
                f"{describe(line, localizer)}"
                for line in lines
            ]
            send_templated(
                request,
                email,
                subject,
                template,
                language=language,
                details="\n".join(f"  {text}" for text in described),
                numbers=", ".join(numbers),
                url=request.route_url("bookings.list"),
                **values,
            )


def send_promotions(request, promotions):
    """Families whose waiting line got a place are told at once."""
    _send_to_families(
        request,
        [promotion.line_id for promotion in promotions],
        _("Une place s'est libérée"),
        "booking_promoted",
    )


def send_decisions(request, decisions, note):
    """Families are told of the agents' decisions on their requests."""
    _send_to_families(
        request,
        [line.id for line in decisions.decided],
        _("Votre demande de réservation a été traitée"),
        "booking_processed",
        note=note,
    )
    send_promotions(request, decisions.promotions)


def send_closure(request, impact, reason):
    """One e-mail per family whose bookings a closed day cancelled (all its children)."""
    _send_to_families(
        request,
        impact.line_ids,
        _("Fermeture le ${day}", mapping={"day": impact.target.day}),
        "day_closed",
        place=impact.target.label,
        day=impact.target.day,
        reason=reason,
    )
