"""``portail-backup CONFIG DEST`` and ``portail-restore CONFIG SRC [--remplacer]``: save and
restore the database together with the uploaded files (see :mod:`portail_core.backup`)."""

import argparse
import sys

from pyramid.paster import get_appsettings

from portail_core.backup import BackupError, backup, restore
from portail_core.settings import apply_environment


def _settings(config_uri):
    settings = apply_environment(dict(get_appsettings(config_uri)))
    return settings["sqlalchemy.url"], settings["portail.files_dir"]


def backup_main(argv=None):
    parser = argparse.ArgumentParser(
        prog="portail-backup", description="Sauvegarder la base de données et les fichiers."
    )
    parser.add_argument("config_uri", help="le fichier ini, par exemple config/production.ini")
    parser.add_argument("destination", help="le dossier (vide ou nouveau) de la sauvegarde")
    args = parser.parse_args(argv)
    url, files = _settings(args.config_uri)
    try:
        manifest = backup(url, files, args.destination)
    except BackupError as exc:
        print(f"Sauvegarde impossible : {exc}", file=sys.stderr)
        return 1
    print(
        f"Sauvegarde ({manifest['dialect']}, migration {manifest['migration']}) et fichiers "
        f"écrits dans {args.destination}."
    )
    return 0


def restore_main(argv=None):
    parser = argparse.ArgumentParser(
        prog="portail-restore", description="Restaurer une sauvegarde de portail-backup."
    )
    parser.add_argument("config_uri", help="le fichier ini, par exemple config/production.ini")
    parser.add_argument("source", help="le dossier d'une sauvegarde faite par portail-backup")
    parser.add_argument(
        "--remplacer", action="store_true", help="écraser une base de données qui n'est pas vide"
    )
    args = parser.parse_args(argv)
    url, files = _settings(args.config_uri)
    try:
        manifest = restore(url, files, args.source, replace=args.remplacer)
    except BackupError as exc:
        print(f"Restauration impossible : {exc}", file=sys.stderr)
        return 1
    print(f"Sauvegarde du {manifest['created_at']} restaurée (migration {manifest['migration']}).")
    return 0
