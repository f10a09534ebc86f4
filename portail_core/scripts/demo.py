"""``portail-demo CONFIG``: migrate the database and load both communes' demo data."""

import argparse
import sys

from pyramid.paster import bootstrap, setup_logging

from portail_core.demo.builder import load_demo
from portail_core.migrations import upgrade


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("config_uri", help="the ini file, e.g. config/development.ini")
    args = parser.parse_args(argv)
    setup_logging(args.config_uri)
    with bootstrap(args.config_uri) as env:
        registry = env["registry"]
        upgrade(url=registry.settings["sqlalchemy.url"])
        with env["request"].tm:
            loaded = load_demo(env["request"].dbsession, registry)
    if loaded:
        print(f"Données de démonstration chargées pour : {', '.join(loaded)}")
    else:
        print("Données de démonstration déjà présentes : rien à charger.")
    for tenant in registry.tenants:
        print(f"  {tenant.name} : http://{tenant.hosts[0]}:6543/")
    print(f"  Opérateur : http://{registry.settings['portail.operator_host']}:6543/-/plugins")
    print(f"  E-mails envoyés : {registry.settings.get('mail.debug_directory', '(non écrits)')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
