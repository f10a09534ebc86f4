"""``portail-payments-check CONFIG [--commune ID]``: reconcile pending online payments.

Asks the gateway where each pending payment stands (PayFiP, Payline) and expires those
that brought no result in time (Systempay, whose form API cannot be asked), then mails
the parents whose payment turned out validated. Schedule it every 15 minutes (see
``docs/payments.md``); each payment is checked in its own transaction.
"""

import argparse
import logging
import sys
from collections import Counter
from urllib.parse import urlsplit

from pyramid.paster import bootstrap, setup_logging
from pyramid.request import Request, apply_request_extensions

from portail_core.models.billing import PAYMENT_PENDING
from portail_core.payments import backend_for
from portail_core.services.payments.reconciliation import Reconciliation
from portail_core.views.payments.mails import send_confirmation

log = logging.getLogger(__name__)
LABELS = {
    "pending": "toujours en attente",
    "validated": "validé(s)",
    "refused": "refusé(s), annulé(s) ou expiré(s)",
    "error": "en erreur",
}


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[2])
    parser.add_argument("config_uri", help="le fichier ini, par exemple config/production.ini")
    parser.add_argument("--commune", help="l'identifiant d'une seule commune (balaruc, batz…)")
    return parser.parse_args(argv)


def paying_tenants(registry, tenant_id=None):
    for tenant in registry.tenants:
        if tenant_id and tenant.id != tenant_id:
            continue
        if any(regie.payment for regie in tenant.regies.values()):
            yield tenant


def mail_request(registry, request, payment):
    """A request on the parent's own portal address (that of the payment's notification
    URL), sharing the running transaction and its session, to write the confirmation
    into the outbox with the payment's change."""
    parts = urlsplit(payment.notify_url or "")
    environ = {"app.dbsession": request.dbsession}
    blank = Request.blank("/", environ, base_url=f"{parts.scheme}://{parts.netloc}")
    blank.registry = registry
    apply_request_extensions(blank)
    blank.tm = request.tm
    return blank


def check_one(registry, request, tenant, payment_id, now=None):
    """Check one payment; returns its state afterwards (or "error")."""
    backends = lambda regie_id: backend_for(registry, tenant, regie_id)  # noqa: E731
    try:
        with request.tm:
            reconciliation = Reconciliation(request.dbsession, tenant, backends)
            verdict = reconciliation.check(payment_id, now=now)
            if verdict is None or verdict.payment is None:
                return PAYMENT_PENDING
            if verdict.validated and verdict.payment.notify_url:
                send_confirmation(mail_request(registry, request, verdict.payment), verdict.payment)
            return verdict.payment.state
    except Exception:  # one payment's failure must not stop the others
        log.exception("payment %s of %s could not be checked", payment_id, tenant.id)
        return "error"


def check(registry, request, tenant_id=None, now=None, out=None):
    """Check every pending online payment; print and return the count per state."""
    out = out or sys.stdout
    totals = Counter()
    for tenant in paying_tenants(registry, tenant_id):
        with request.tm:
            ids = Reconciliation(request.dbsession, tenant, None).pending_ids()
        counts = Counter(check_one(registry, request, tenant, pid, now) for pid in ids)
        totals.update(counts)
        if not ids:
            print(f"{tenant.id} : aucun paiement en attente.", file=out)
            continue
        details = ", ".join(f"{count} {LABELS[state]}" for state, count in sorted(counts.items()))
        print(f"{tenant.id} : {len(ids)} paiement(s) en attente vérifié(s) ({details})", file=out)
    return totals


def main(argv=None):
    args = parse(argv)
    setup_logging(args.config_uri)
    with bootstrap(args.config_uri) as env:
        registry = env["registry"]
        if args.commune and registry.tenants.get(args.commune) is None:
            print("Commune inconnue.", file=sys.stderr)
            return 2
        totals = check(registry, env["request"], args.commune)
    return 1 if totals.get("error") else 0


if __name__ == "__main__":
    sys.exit(main())
