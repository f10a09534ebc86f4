"""``portail-invoice-run CONFIG TENANT REGIE [--du JJ/MM/AAAA --au JJ/MM/AAAA] [--publier]``.

Drafts a régie's invoices for a billing period (by default the previous month) with a
progress bar, and publishes them when ``--publier`` is given. Agents do the same from
"Facturation" in their area.
"""

import argparse
import sys
from datetime import datetime

from pyramid.paster import bootstrap, setup_logging
from tqdm import tqdm

from portail_core.calendar import now_paris
from portail_core.formatting import money
from portail_core.services.billing.invoice_runs import InvoiceRunService
from portail_core.services.billing.invoices import BillingError, default_period


def _day(value):
    try:
        return datetime.strptime(value, "%d/%m/%Y").date()
    except ValueError:
        raise argparse.ArgumentTypeError(f"date attendue au format JJ/MM/AAAA : {value}") from None


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[2])
    parser.add_argument("config_uri", help="le fichier ini, par exemple config/development.ini")
    parser.add_argument("tenant", help="l'identifiant de la commune (balaruc, batz…)")
    parser.add_argument("regie", help="l'identifiant de la régie (periscolaire…)")
    parser.add_argument("--du", dest="start", type=_day, help="début de la période")
    parser.add_argument("--au", dest="end", type=_day, help="fin de la période")
    parser.add_argument("--publier", action="store_true", help="publier les factures préparées")
    return parser.parse_args(argv)


def run(dbsession, tenant, regie, start, end, publish, out=None):
    """Draft (and publish) a run, printing a progress bar; returns the exit status."""
    out = out or sys.stdout
    service = InvoiceRunService(dbsession, tenant)
    with tqdm(total=0, unit=" familles", file=sys.stderr, desc="Facturation") as bar:

        def progress(done, total):
            bar.total = total
            bar.update(done - bar.n)

        try:
            invoice_run = service.run(regie, start, end, progress=progress)
        except BillingError as exc:
            print(exc, file=sys.stderr)
            return 1
    if invoice_run is None:
        print("Aucune présence à facturer sur cette période.", file=out)
        return 0
    count, total = service.run_totals(invoice_run)
    print(f"{count} facture(s) préparée(s), total {money(total)}.", file=out)
    if publish:
        service.publish(invoice_run)
        print(f"{count} facture(s) publiée(s).", file=out)
    return 0


def main(argv=None):
    args = parse(argv)
    setup_logging(args.config_uri)
    with bootstrap(args.config_uri) as env:
        tenant = env["registry"].tenants.get(args.tenant)
        if tenant is None or args.regie not in tenant.regies:
            print("Commune ou régie inconnue.", file=sys.stderr)
            return 2
        start, end = default_period(now_paris().date())
        with env["request"].tm:
            return run(
                env["request"].dbsession,
                tenant,
                args.regie,
                args.start or start,
                args.end or end,
                args.publier,
            )


if __name__ == "__main__":
    sys.exit(main())
