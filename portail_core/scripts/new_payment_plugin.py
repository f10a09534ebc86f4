"""``portail-new-payment-plugin NAME DEST``: write the skeleton of a payment plugin.

The skeleton (``portail_core/scaffolds/payment``) is a complete plugin distribution —
backend, settings schema, simulator, pages, tests inheriting the conformance suite — that
speaks a tiny example protocol: its tests pass as generated. Rewrite ``protocol.py`` (and
what the gateway needs in ``backend.py`` and ``simulator.py``) for the real gateway.
"""

import argparse
import re
import sys
from importlib.resources import files
from pathlib import Path

PACKAGE_DIR = "__package__"
NAME_RE = re.compile(r"^[a-z][a-z0-9_]{1,19}$")
SUFFIX = ".tmpl"


class SkeletonError(ValueError):
    """The name is not usable or the target exists."""


def placeholders(name, label=None):
    camel = "".join(part.capitalize() for part in name.split("_"))
    return {
        "name": name,
        "NAME": name.upper(),
        "Name": camel,
        "dashed": name.replace("_", "-"),
        "label": label or camel,
    }


def template_root():
    return Path(str(files("portail_core") / "scaffolds" / "payment"))


def render(text, values):
    """Replace each ``{{key}}`` (no Python, TOML or Chameleon syntax uses double braces)."""
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    return text


def create(name, dest, label=None):
    """Write ``DEST/payment_<name>/`` and return its path."""
    if not NAME_RE.match(name):
        raise SkeletonError(
            f"« {name} » : 2 à 20 lettres minuscules, chiffres ou _, en commençant par une "
            "lettre (ex. « mabanque »)"
        )
    target = Path(dest) / f"payment_{name}"
    if target.exists():
        raise SkeletonError(f"{target} existe déjà")
    values = placeholders(name, label)
    root = template_root()
    for source in sorted(root.rglob(f"*{SUFFIX}")):
        relative = source.relative_to(root).with_suffix("")
        parts = [f"portail_payment_{name}" if p == PACKAGE_DIR else p for p in relative.parts]
        path = target.joinpath(*parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(source.read_text(encoding="utf-8"), values), encoding="utf-8")
    return target


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name", help="identifiant du moyen de paiement, ex. mabanque")
    parser.add_argument("dest", help="dossier où créer payment_<name> (ex. plugins)")
    parser.add_argument("--label", help="nom affiché, ex. « Ma Banque »")
    args = parser.parse_args(argv)
    try:
        target = create(args.name, args.dest, args.label)
    except SkeletonError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"Plugin créé : {target}")
    print(f"  pip install -e {target}")
    print(f"  pytest {target / 'tests'}")
    print("Réécrivez ensuite protocol.py pour la passerelle (voir docs/plugins.md).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
