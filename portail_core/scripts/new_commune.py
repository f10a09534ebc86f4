"""``portail-new-commune ID --name NAME``: generate a commune plugin distribution.

The plugin is copied from the template under ``portail_core/scaffolds/commune``: branding,
one establishment, content headings and pages, demo data, a sample tenant file and tests.
It runs as generated, with no change to the core; the commune then edits it.
"""

import argparse
import re
import sys
from importlib.resources import files
from pathlib import Path

ID_RE = re.compile(r"^[a-z][a-z0-9_]{1,30}$")
NAME_RE = re.compile(r"^[^\"\\\n{}]{2,80}$")
EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+\.)+[A-Za-z]{2,}$")
HOST_RE = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$")
PACKAGE_DIR = "__package__"
SUFFIX = ".tmpl"


class ScaffoldError(ValueError):
    """A wrong argument; the message says which and why, in French."""


def template_root():
    return Path(str(files("portail_core") / "scaffolds" / "commune"))


def variables(commune_id, name, host=None, email=None):
    """The values substituted for ``{{key}}`` in the template, checked."""
    if not ID_RE.match(commune_id):
        raise ScaffoldError(
            f"identifiant « {commune_id} » invalide : minuscules, chiffres et _ (ex. « trois »)"
        )
    if not NAME_RE.match(name):
        raise ScaffoldError(f"nom « {name} » invalide : 2 à 80 caractères, sans guillemets")
    host = host or f"{commune_id.replace('_', '-')}.localhost"
    email = email or f"sej@{commune_id.replace('_', '-')}.example.org"
    if not HOST_RE.match(host):
        raise ScaffoldError(f"nom d'hôte « {host} » invalide")
    if not EMAIL_RE.match(email):
        raise ScaffoldError(f"adresse e-mail « {email} » invalide")
    words = [word for word in re.split(r"[\s'-]+", name) if word]
    return {
        "commune_id": commune_id,
        "plugin_id": f"commune_{commune_id}",
        "package": f"portail_commune_{commune_id}",
        "distribution": f"portail-commune-{commune_id.replace('_', '-')}",
        "name": name,
        "town": f"Mairie de {name}",
        "host": host,
        "email": email,
        "domain": email.split("@", 1)[1],
        "initials": "".join(word[0].upper() for word in words)[:3],
    }


def render(text, values):
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    leftover = re.search(r"\{\{\w+\}\}", text)
    if leftover:
        raise ScaffoldError(f"variable inconnue dans le modèle : {leftover.group(0)}")
    return text


def generate(target_dir, commune_id, name, host=None, email=None):
    """Write the plugin ``commune_<id>`` under ``target_dir``; return its directory."""
    values = variables(commune_id, name, host, email)
    destination = Path(target_dir) / values["plugin_id"]
    if destination.exists():
        raise ScaffoldError(f"{destination} existe déjà : choisissez un autre identifiant")
    root = template_root()
    for source in sorted(root.rglob(f"*{SUFFIX}")):
        relative = source.relative_to(root).as_posix().replace(PACKAGE_DIR, values["package"])
        target = destination / relative[: -len(SUFFIX)]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render(source.read_text(encoding="utf-8"), values), encoding="utf-8")
    return destination


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Crée le plugin d'une nouvelle commune (une distribution installable)."
    )
    parser.add_argument("commune_id", help="identifiant de la commune, ex. « trois »")
    parser.add_argument("--name", required=True, help="nom de la commune, ex. « Troisville »")
    parser.add_argument("--host", help="nom d'hôte du portail (défaut : <id>.localhost)")
    parser.add_argument("--email", help="adresse du service (défaut : sej@<id>.example.org)")
    parser.add_argument("--target", default="plugins", help="dossier où créer le plugin")
    args = parser.parse_args(argv)
    try:
        destination = generate(args.target, args.commune_id, args.name, args.host, args.email)
    except ScaffoldError as exc:
        print(f"portail-new-commune : {exc}", file=sys.stderr)
        return 2
    values = variables(args.commune_id, args.name, args.host, args.email)
    print(f"Plugin créé : {destination}")
    print("Ensuite :")
    print(f"  pip install -e {destination}")
    print(f"  cp {destination / 'tenant.example.toml'} config/tenants/{args.commune_id}.toml")
    print(f"  pytest {destination}")
    print(f"  puis redémarrez : le portail répond sur http://{values['host']}:<port>/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
