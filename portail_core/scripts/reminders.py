"""``portail-reminders CONFIG [--commune ID] [--date JJ/MM/AAAA]``: the day's reminders.

For each commune, e-mails the families what its ``[settings.core.reminders]`` asks:
nothing booked for next week before the booking deadline, an invoice falling due, a
document about to expire. Each reminder is recorded with the e-mail, in one transaction
per commune: running it twice the same day sends nothing twice. Schedule it once a day
(cron or a systemd timer, see README); the worker delivers the e-mails.
"""

import argparse
import sys
from datetime import datetime

from pyramid.paster import bootstrap, setup_logging
from pyramid.request import Request

from portail_core.calendar import PARIS, now_paris
from portail_core.services.reminders.service import ReminderService
from portail_core.services.reminders.settings import KINDS

ROUTES = {
    "bookings": "bookings.list",
    "billing": "billing.list",
    "documents": "family.documents",
    "reminders": "accounts.reminders",
}


def _day(value):
    try:
        return datetime.strptime(value, "%d/%m/%Y").date()
    except ValueError:
        raise argparse.ArgumentTypeError(f"date attendue au format JJ/MM/AAAA : {value}") from None


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0].split(": ", 1)[1])
    parser.add_argument("config_uri", help="le fichier ini, par exemple config/production.ini")
    parser.add_argument("--commune", help="l'identifiant d'une seule commune (balaruc, batz…)")
    parser.add_argument(
        "--date", dest="day", type=_day, help="le jour à traiter (par défaut : aujourd'hui)"
    )
    return parser.parse_args(argv)


def portal_url(tenant):
    """The commune's public address (``[settings.core] portal_url``, else its first host)."""
    url = tenant.plugin_settings("core").get("portal_url") or f"http://{tenant.hosts[0]}/"
    return url.rstrip("/")


def links(registry, tenant):
    """Absolute URLs of the family pages the reminders point to."""
    blank = Request.blank("/", base_url=portal_url(tenant))
    blank.registry = registry
    return {key: blank.route_url(route) for key, route in ROUTES.items()}


def run(registry, request, tenant_id=None, day=None, out=None):
    """Send every commune's reminders for ``day``; prints and returns the counts."""
    out = out or sys.stdout
    now = now_paris()
    if day is not None:  # as if run that day, at this hour
        now = datetime.combine(day, now.timetz()).replace(tzinfo=PARIS)
    totals = {}
    for tenant in registry.tenants:
        if tenant_id and tenant.id != tenant_id:
            continue
        with request.tm:
            service = ReminderService(request.dbsession, tenant, links(registry, tenant))
            counts = service.run(now.date(), now)
        totals[tenant.id] = counts
        details = ", ".join(f"{KINDS[kind].split(' (')[0]} : {n}" for kind, n in counts.items())
        print(
            f"{tenant.id} : {sum(counts.values())} rappel(s) ({details or 'aucun activé'})",
            file=out,
        )
    return totals


def main(argv=None):
    args = parse(argv)
    setup_logging(args.config_uri)
    with bootstrap(args.config_uri) as env:
        registry = env["registry"]
        if args.commune and registry.tenants.get(args.commune) is None:
            print("Commune inconnue.", file=sys.stderr)
            return 2
        run(registry, env["request"], args.commune, args.day)
    return 0


if __name__ == "__main__":
    sys.exit(main())
