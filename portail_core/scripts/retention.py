"""``portail-retention CONFIG [--apply] [--commune ID]``: anonymise the families gone for
longer than each commune's retention period.

Dry-run by default: prints what would be done. With ``--apply``, anonymises them, one
transaction per commune, then deletes their documents' files. Running it again finds
nothing more to do.
"""

import argparse
import sys
from datetime import date

from pyramid.paster import bootstrap, setup_logging

from portail_core.services.audit.trail import set_command_context
from portail_core.services.privacy.retention import RetentionService

COMMAND = "portail-retention"


def parse(argv):
    parser = argparse.ArgumentParser(
        prog=COMMAND,
        description="Anonymiser les familles parties depuis la durée de conservation.",
    )
    parser.add_argument("config_uri", help="le fichier ini, par exemple config/production.ini")
    parser.add_argument("--apply", action="store_true", help="anonymiser pour de bon")
    parser.add_argument("--commune", help="l'identifiant d'une seule commune (balaruc, batz…)")
    return parser.parse_args(argv)


def describe(report, applied):
    verb = "anonymisée(s)" if applied else "à anonymiser"
    return (
        f"{report.tenant_id} : {len(report.families)} famille(s) {verb} "
        f"(sans facture ni activité depuis le {report.cutoff:%d/%m/%Y}) ; "
        f"{report.children} enfant(s), {report.documents} document(s) supprimé(s) ; "
        f"{report.invoices} facture(s) et {report.payments} paiement(s) conservés sous un nom "
        "anonymisé"
    )


def run(registry, request, apply=False, tenant_id=None, today=None, out=None):
    """Run the retention for every commune (or one); return the reports."""
    out = out or sys.stdout
    today = today or date.today()
    reports = []
    for tenant in registry.tenants:
        if tenant_id and tenant.id != tenant_id:
            continue
        with request.tm:
            set_command_context(request.dbsession, COMMAND)
            service = RetentionService(request.dbsession, tenant)
            report = service.run(today, apply=apply)
        # After the commit: a rolled-back run keeps its files.
        for key in report.file_keys:
            registry.file_store.delete(key)
        reports.append(report)
        print(describe(report, apply), file=out)
    if not apply:
        print("Simulation : rien n'a été modifié. Relancez avec --apply pour anonymiser.", file=out)
    return reports


def main(argv=None):
    args = parse(argv)
    setup_logging(args.config_uri)
    with bootstrap(args.config_uri) as env:
        registry = env["registry"]
        if args.commune and registry.tenants.get(args.commune) is None:
            print("Commune inconnue.", file=sys.stderr)
            return 2
        run(registry, env["request"], apply=args.apply, tenant_id=args.commune)
    return 0


if __name__ == "__main__":
    sys.exit(main())
