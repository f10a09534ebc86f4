"""``portail-catalogs``: extract, update, compile and check the gettext catalogs.

One domain per distribution: ``portail_core`` for the core, the package name for each
plugin (``portail_payment_tipi``…), each with its own ``locale`` folder beside its code::

    portail-catalogs update     # extract every message id, merge them into each .po
    portail-catalogs compile    # .po → .mo (``make demo`` and ``make test`` do it)
    portail-catalogs check      # exit 1 if an id is missing, untranslated or fuzzy
    portail-catalogs merge --language en returned.po …   # a translator's work, filled in

Extraction is lingua's (``pot-create``): it reads Chameleon's ``i18n:`` attributes, the
Python ``_()`` calls and the e-mails' ``${_(…)}`` (:mod:`portail_core.i18n.extraction`).
Catalogs are read and written with Babel. ``--package`` limits the work to named packages
(a plugin author's own, say); by default the core and every plugin under ``plugins/``.
"""

import argparse
import importlib
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import datetime
from importlib.metadata import entry_points
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from portail_core.i18n import AVAILABLE, DEFAULT

LINGUA_CONFIG = Path(__file__).with_name("lingua.cfg")
STABLE_DATE = datetime(2026, 1, 1)
TRANSLATED = tuple(language for language in AVAILABLE if language != DEFAULT)


@dataclass(frozen=True)
class Domain:
    name: str
    folder: Path  # the package's folder: its sources, and its ``locale`` beside them

    @property
    def locale(self):
        return self.folder / "locale"

    @property
    def template(self):
        return self.locale / f"{self.name}.pot"

    def po(self, language):
        return self.locale / language / "LC_MESSAGES" / f"{self.name}.po"

    def mo(self, language):
        return self.po(language).with_suffix(".mo")


def package_folder(name):
    return Path(importlib.import_module(name).__file__).parent


def domains(packages=None, root=None):
    """The core's domain and each plugin's found through the ``portail.plugins`` entry
    points whose code lies under ``root`` (this checkout), or those of ``packages``."""
    if packages:
        return [Domain(name, package_folder(name)) for name in packages]
    root = Path(root or Path.cwd()).resolve()
    found = {"portail_core": Domain("portail_core", package_folder("portail_core"))}
    for entry_point in entry_points(group="portail.plugins"):
        name = entry_point.value.partition(":")[0].partition(".")[0]
        folder = package_folder(name).resolve()
        if name not in found and folder.is_relative_to(root):
            found[name] = Domain(name, folder)
    return list(found.values())


def extract(domain):
    """The domain's message ids, as a Babel catalog (lingua's ``pot-create``)."""
    pot_create = Path(sys.executable).with_name("pot-create")
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp) / "messages.pot"
        command = [str(pot_create), "-c", str(LINGUA_CONFIG), "-d", domain.name]
        command += ["--package-name", domain.name, "-o", str(output), str(domain.folder)]
        result = subprocess.run(command, capture_output=True, text=True)  # noqa: S603 (our own paths)
        if result.returncode and "No translatable strings" in result.stderr:
            return Catalog(domain=domain.name)
        if result.returncode:
            raise SystemExit(f"pot-create a échoué pour {domain.name} :\n{result.stderr}")
        with output.open("rb") as handle:
            return read_po(handle, domain=domain.name)


def _without_locations(catalog):
    for message in catalog:
        message.locations = [(path, None) for path, _line in message.locations[:1]]
    return catalog


def _write_po(path, catalog):
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        # One location per id and no line numbers: a moved line does not change the file.
        write_po(
            handle, _without_locations(catalog), width=96, ignore_obsolete=True, sort_output=True
        )


def _read_po(path, language, domain):
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=domain)


def _relative(catalog, folder):
    for message in catalog:
        message.locations = [
            (str(Path(path).resolve().relative_to(folder.resolve())), line)
            if Path(path).is_absolute()
            else (path, line)
            for path, line in message.locations
        ]
    return catalog


def update(domain, languages=TRANSLATED):
    template = _relative(extract(domain), domain.folder)
    if not len(template) and not domain.template.exists():
        return  # nothing to translate yet: no empty catalogs
    template.creation_date = STABLE_DATE  # stable headers: no churn in diffs
    _write_po(domain.template, template)
    for language in languages:
        path = domain.po(language)
        if path.exists():
            catalog = _read_po(path, language, domain.name)
        else:
            catalog = Catalog(locale=language, domain=domain.name, project=domain.name)
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        catalog.revision_date = STABLE_DATE
        catalog.creation_date = STABLE_DATE
        _write_po(path, catalog)


def compile_catalogs(domain, languages=TRANSLATED):
    for language in languages:
        path = domain.po(language)
        if not path.exists():
            continue
        catalog = _read_po(path, language, domain.name)
        with domain.mo(language).open("wb") as handle:
            write_mo(handle, catalog)


def merge(domain, language, sources):
    """Fill the untranslated entries of a domain's catalog from other ``.po`` files (a
    translator's returned file, another branch's catalog); returns how many were filled."""
    path = domain.po(language)
    catalog = _read_po(path, language, domain.name)
    filled = 0
    for source in sources:
        with Path(source).open("rb") as handle:
            other = read_po(handle, locale=language, domain=domain.name)
        for message in other:
            mine = catalog.get(message.id) if message.id else None
            if mine is not None and not mine.string and message.string and not message.fuzzy:
                mine.string = message.string
                filled += 1
    _write_po(path, catalog)
    return filled


def problems(domain, languages=TRANSLATED):
    """What keeps a domain's catalogs from being complete, one line each."""
    found = []
    ids = {message.id for message in extract(domain) if message.id}
    for language in languages:
        path = domain.po(language)
        if not path.exists():
            if ids:
                found.append(f"{domain.name} [{language}] : catalogue absent ({path})")
            continue
        catalog = _read_po(path, language, domain.name)
        for message_id in sorted(ids):
            message = catalog.get(message_id)
            if message is None:
                found.append(f"{domain.name} [{language}] absent : {message_id!r}")
            elif not message.string:
                found.append(f"{domain.name} [{language}] non traduit : {message_id!r}")
            elif message.fuzzy:
                found.append(f"{domain.name} [{language}] approximatif : {message_id!r}")
    return found


def main(argv=None):
    parser = argparse.ArgumentParser(prog="portail-catalogs", description=__doc__.split("\n")[0])
    parser.add_argument("action", choices=("update", "compile", "check", "merge"))
    parser.add_argument("--package", action="append", help="a package to work on (repeatable)")
    parser.add_argument("--language", default=TRANSLATED[0], help="merge: the catalog's language")
    parser.add_argument("sources", nargs="*", help="merge: .po files to take translations from")
    args = parser.parse_intermixed_args(argv)
    selected = domains(args.package)
    if args.action == "update":
        for domain in selected:
            update(domain)
            if domain.template.exists():
                print(f"{domain.name} : {domain.template}")
    elif args.action == "merge":
        for domain in selected:
            if domain.po(args.language).exists():
                filled = merge(domain, args.language, args.sources)
                print(f"{domain.name} [{args.language}] : {filled} traduction(s) reprise(s)")
    elif args.action == "compile":
        for domain in selected:
            compile_catalogs(domain)
    else:
        found = [line for domain in selected for line in problems(domain)]
        print("\n".join(found) or "Catalogues complets.")
        return 1 if found else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
