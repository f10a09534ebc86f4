"""``portail-campaigns-check CONFIG [--commune ID]``: pass expired offers to the next families.

For every published lottery campaign, an offer not accepted within its delay expires and
the place is offered to the next family on the waiting list; both are told by e-mail.
Schedule it every 15 minutes; each campaign is handled in its own transaction.
"""

import argparse
import logging
import sys

from pyramid.paster import bootstrap, setup_logging
from pyramid.request import Request, apply_request_extensions

from portail_core.services.bookings import clock
from portail_core.services.campaigns.offers import Offers
from portail_core.views.campaigns.mails import send_outcomes

log = logging.getLogger(__name__)


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[2])
    parser.add_argument("config_uri", help="le fichier ini, par exemple config/production.ini")
    parser.add_argument("--commune", help="l'identifiant d'une seule commune (balaruc, batz…)")
    parser.add_argument(
        "--base", default="https://{host}", help="adresse des liens, par défaut https://{host}"
    )
    return parser.parse_args(argv)


def public_host(tenant):
    """The tenant's public host name: its first host outside ``.localhost``."""
    return next((h for h in tenant.hosts if not h.endswith("localhost")), tenant.hosts[0])


def mail_request(registry, request, tenant, base):
    """A request on the tenant's portal address sharing the running transaction."""
    blank = Request.blank("/", base_url=base.format(host=public_host(tenant)))
    blank.registry = registry
    apply_request_extensions(blank)
    blank.tm = request.tm
    blank.dbsession = request.dbsession  # the outbox row joins the campaign's transaction
    return blank


def check(registry, request, tenant_id=None, base="https://{host}", now=None, out=None):
    """Expire the due offers of every campaign; returns (expired, offered, errors)."""
    out = out or sys.stdout
    totals = [0, 0, 0]
    for tenant in registry.tenants:
        if tenant_id and tenant.id != tenant_id:
            continue
        moment = now or clock.now()
        with request.tm:
            due = [c.id for c in Offers(request.dbsession, tenant).due(moment)]
        for campaign_id in due:
            try:
                with request.tm:
                    offers = Offers(request.dbsession, tenant)
                    campaign = next(c for c in offers.due(moment) if c.id == campaign_id)
                    outcomes = offers.expire(campaign, moment)
                    send_outcomes(mail_request(registry, request, tenant, base), campaign, outcomes)
                totals[0] += len(outcomes.expired)
                totals[1] += len(outcomes.offered)
            except Exception:  # one campaign's failure must not stop the others
                log.exception("campaign %s of %s could not be checked", campaign_id, tenant.id)
                totals[2] += 1
        print(f"{tenant.id} : {len(due)} campagne(s) avec des propositions expirées.", file=out)
    print(
        f"{totals[0]} proposition(s) expirée(s), {totals[1]} nouvelle(s) proposition(s).", file=out
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
        totals = check(registry, env["request"], args.commune, args.base)
    return 1 if totals[2] else 0


if __name__ == "__main__":
    sys.exit(main())
