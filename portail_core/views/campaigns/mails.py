"""The campaigns' e-mails: each family is told its outcome (a place, a waiting rank, a
refusal, an offer expired) with a link to answer; sent after commit."""

from portail_core.i18n import _
from portail_core.mail import send_templated
from portail_core.views.bookings.mails import family_emails

SUBJECTS = {
    "offered": _("Une place vous est proposée"),
    "waiting": _("Votre demande est en liste d'attente"),
    "refused": _("Votre demande n'a pas pu être retenue"),
    "expired": _("La place proposée n'a pas été acceptée à temps"),
}


def outcome_line(outcome, row, ranks):
    """The outcome for one child, translated in each recipient's language by the e-mail."""
    child = row.child.full_name
    if outcome == "offered":
        return _(
            "${child} : une place vous est proposée, à accepter avant le ${until}.",
            mapping={"child": child, "until": row.offer_expires_at},
        )
    if outcome == "waiting":
        return _(
            "${child} : en liste d'attente, rang ${rank}.",
            mapping={"child": child, "rank": ranks[row.id]},
        )
    if outcome == "refused":
        return _("${child} : aucune place n'a pu être attribuée.", mapping={"child": child})
    return _(
        "${child} : la place proposée n'a pas été acceptée à temps ; elle passe à la suite.",
        mapping={"child": child},
    )


def send_outcomes(request, campaign, outcomes):
    """One e-mail per family and outcome; returns how many were sent."""
    by_family = {}
    for outcome in ("offered", "waiting", "refused", "expired"):
        for row in getattr(outcomes, outcome):
            by_family.setdefault((row.family_id, outcome), []).append(row)
    emails = family_emails(request, list({family_id for family_id, _ in by_family}))
    waiting = sorted(outcomes.waiting, key=lambda row: row.rank)
    ranks = {row.id: index for index, row in enumerate(waiting, 1)}
    sent = 0
    url = request.route_url("campaigns.list")
    for (family_id, outcome), rows in by_family.items():
        details = [outcome_line(outcome, row, ranks) for row in rows]
        for email, language in emails.get(family_id, ()):
            send_templated(
                request,
                email,
                _(
                    "${outcome} — ${campaign}",
                    mapping={"outcome": SUBJECTS[outcome], "campaign": campaign.title},
                ),
                "campaign_outcome",
                language=language,
                campaign=campaign,
                details=details,
                url=url,
            )
            sent += 1
    return sent
