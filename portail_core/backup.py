"""Backup and restore of the database and the uploaded files, for the console commands.

A backup is a folder: ``manifest.json`` (when, which database kind, which schema and
migration), the database (``database.sqlite``, made with SQLite's online backup API, or
``database.dump``, pg_dump's custom format of the configured schema) and ``files/`` (a copy
of ``portail.files_dir``). Restoring refuses a database that already holds tables unless
told to replace it.
"""

# i18n: ignore-file — the operators' console commands speak French (like the other scripts).

import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from portail_core.models.types import utcnow

MANIFEST = "manifest.json"
FORMAT = 1


class BackupError(RuntimeError):
    """A backup or a restore that cannot be done: the message says why, in French."""


def schema_of(url):
    """The PostgreSQL schema named by ``options=-csearch_path=…`` in the URL, else public."""
    options = url.query.get("options", "")
    for part in options.replace("-c ", "-c").split():
        if part.startswith("-csearch_path="):
            return part.split("=", 1)[1].split(",")[0].strip('"')
    return "public"


def _pg_environment(url):
    """The connection of ``url`` as libpq variables, so no password shows in a command line."""
    env = dict(os.environ)
    values = {
        "PGHOST": url.host,
        "PGPORT": str(url.port) if url.port else None,
        "PGUSER": url.username,
        "PGPASSWORD": url.password,
        "PGDATABASE": url.database,
    }
    env.update({key: value for key, value in values.items() if value})
    return env


def _run(command, url):
    try:
        result = subprocess.run(  # noqa: S603 - fixed commands, no shell
            command, env=_pg_environment(url), capture_output=True, text=True, check=False
        )
    except FileNotFoundError as exc:
        raise BackupError(f"{command[0]} est introuvable : installez postgresql-client.") from exc
    if result.returncode != 0:
        raise BackupError(f"{command[0]} a échoué : {result.stderr.strip()}")


def _sqlite_copy(source, target):
    """Copy one SQLite file into another through the online backup API (safe while in use)."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def _migration(engine):
    with engine.connect() as connection:
        try:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except Exception:  # no table: an empty database
            return None


def _copy_files(source, target):
    source = Path(source)
    if source.is_dir():
        shutil.copytree(source, target, dirs_exist_ok=True)
    else:
        Path(target).mkdir(parents=True, exist_ok=True)


def backup(database_url, files_dir, destination):
    """Write a backup of the database and the files to the folder ``destination``."""
    url = make_url(database_url)
    target = Path(destination)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"Le dossier {target} n'est pas vide.")
    target.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    manifest = {
        "format": FORMAT,
        "created_at": utcnow().isoformat(),
        "dialect": url.get_backend_name(),
        "migration": _migration(engine),
    }
    engine.dispose()
    if manifest["dialect"] == "sqlite":
        _sqlite_copy(url.database, target / "database.sqlite")
    elif manifest["dialect"] == "postgresql":
        manifest["schema"] = schema_of(url)
        dump = target / "database.dump"
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                f"--schema={manifest['schema']}",
                f"--file={dump}",
            ],
            url,
        )
    else:
        raise BackupError(f"Base de données non prise en charge : {manifest['dialect']}.")
    _copy_files(files_dir, target / "files")
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2))
    return manifest


def _is_empty(engine, schema=None):
    return not inspect(engine).get_table_names(schema=schema)


def restore(database_url, files_dir, source, replace=False):
    """Restore the backup in folder ``source`` into the database and the files folder."""
    url = make_url(database_url)
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{source} n'est pas une sauvegarde du portail.") from exc
    dialect = url.get_backend_name()
    if manifest.get("dialect") != dialect:
        raise BackupError(
            f"Cette sauvegarde vient d'une base {manifest.get('dialect')}, pas {dialect}."
        )
    if dialect == "sqlite":
        _restore_sqlite(url, source, replace)
    else:
        _restore_postgresql(url, source, manifest, replace)
    _copy_files(source / "files", files_dir)
    return manifest


def _restore_sqlite(url, source, replace):
    engine = create_engine(url)
    empty = _is_empty(engine)
    engine.dispose()
    if not empty and not replace:
        raise BackupError("La base de données n'est pas vide (--remplacer pour l'écraser).")
    _sqlite_copy(source / "database.sqlite", url.database)


def _restore_postgresql(url, source, manifest, replace):
    schema = schema_of(url)
    if manifest.get("schema") != schema:
        raise BackupError(
            f"Cette sauvegarde est celle du schéma {manifest.get('schema')}, "
            f"la configuration désigne le schéma {schema}."
        )
    engine = create_engine(url)
    empty = _is_empty(engine, schema)
    if not empty and not replace:
        engine.dispose()
        raise BackupError("La base de données n'est pas vide (--remplacer pour l'écraser).")
    with engine.begin() as connection:
        # pg_restore makes the schema again, with every table, sequence and index.
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--exit-on-error",
            f"--dbname={url.database}",
            str(source / "database.dump"),
        ],
        url,
    )
