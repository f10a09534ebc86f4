"""``portail-initdb CONFIG``: bring the database schema to the latest migration."""

import argparse
import sys

from pyramid.paster import get_appsettings, setup_logging

from portail_core.migrations import upgrade
from portail_core.settings import apply_environment


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("config_uri")
    args = parser.parse_args(argv)
    setup_logging(args.config_uri)
    settings = apply_environment(dict(get_appsettings(args.config_uri)))
    upgrade(url=settings["sqlalchemy.url"])
    print("Schéma de la base à jour.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
