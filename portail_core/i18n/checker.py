"""Find user-facing French that does not go through the translation machinery.

Templates (``.pt``): a text with letters outside an ``i18n:translate`` element (or one
whose content is replaced by ``tal:content``/``tal:replace``); a ``${…}`` written straight
into a translated text (its value would become part of the message id: wrap it in an
element with ``i18n:name``); a ``title``, ``alt``, ``placeholder``, ``aria-label``… with
words but absent from ``i18n:attributes``. ``i18n:ignore=""`` or ``translate="no"`` marks
an element whose text is not to be translated (a proper noun, a code).

Python: a French-looking string literal that is not the argument of ``_()``, outside
docstrings, log calls, ``raise`` of a built-in or configuration error (they speak to
developers and integrators), and lines marked ``# noqa: i18n``; a file holding a commune's
own content (written by the town hall, in its language) says ``# i18n: ignore-file``. The
operators' command-line scripts, the demo data (``demo*.py``), the testing kit and the
migrations are not checked.

    python -m portail_core.i18n.checker [paths…]   # default: the core and the plugins
"""

import ast
import builtins
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

from portail_core.i18n.extraction import template_expressions

UNCHECKED_PARTS = {"scripts", "demo", "testing", "alembic", "scaffolds", "i18n", "tests"}
TEXT_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "aria-description", "label"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
VOID |= {"track", "wbr", "param"}
EXPRESSION = re.compile(r"\$\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}")
ENTITY = re.compile(r"&#?\w+;")
LETTER = re.compile(r"[^\W\d_]")
FRENCH_WORD = re.compile(
    r"\b(le|la|les|des|du|une|un|de|pour|est|sont|vous|votre|vos|nous|aucun|aucune|et|ou|"
    r"sur|avec|dans|pas|ne|au|aux|ce|cette|ces|il|elle|sa|son|ses|qui|que|par|en|"
    r"inconnue?s?|invalides?|illisibles?|familles?|factures?|enfants?|dossiers?|formulaire|"
    r"merci|bonjour|choisissez|indiquez|veuillez|impossible|introuvable|aucune?)\b",
    re.IGNORECASE,
)
ACCENT = re.compile(r"[àâäçéèêëîïôöùûüÿœæÀÂÇÉÈÊËÎÏÔÙÛŒ«»]")
DEVELOPER_ERRORS = {name for name in dir(builtins) if name.endswith(("Error", "Exception"))}
DEVELOPER_ERRORS |= {"SystemExit", "NotImplementedError"}
PRAGMA = "i18n: ignore"
# What colander and deform show a user: a literal given as one of these is always a UI text.
SHOWN_NAMES = {"title", "description", "missing_msg", "msg", "msg_err", "min_err", "max_err"}
SHOWN_NAMES |= {"null_value", "placeholder", "label"}
LOG_METHODS = {"debug", "info", "warning", "error", "exception", "critical", "log", "warn"}


def _words(text):
    """The text once expressions and entities are taken out: does anything read?"""
    return LETTER.search(ENTITY.sub(" ", EXPRESSION.sub(" ", text))) is not None


class _TemplateChecker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.stack = []  # (tag, state) ; state: "translate", "named", "dynamic", "ignore", None
        self.found = []

    def _scope(self):
        for _tag, state in reversed(self.stack):
            if state is not None:
                return state
        return None

    def _state(self, tag, attrs):
        names = dict(attrs)
        if tag in ("script", "style") or "i18n:ignore" in names or names.get("translate") == "no":
            return "ignore"
        dynamic = {"tal:content", "tal:replace"}
        if tag.startswith("tal:"):
            dynamic |= {"content", "replace"}
        if dynamic & names.keys() or "metal:use-macro" in names or "metal:fill-slot" in names:
            return "dynamic" if dynamic & names.keys() else None
        if "i18n:translate" in names:
            return "translate"
        if "i18n:name" in names:
            return "named"  # its value is inserted as is: its own words are not translated
        return None

    def _attributes(self, tag, attrs):
        names = dict(attrs)
        translated = set((names.get("i18n:attributes") or "").replace(";", " ").split())
        checked = set(TEXT_ATTRIBUTES)
        if tag == "input" and names.get("type") in ("submit", "button", "reset"):
            checked.add("value")
        if self._scope() == "ignore" or "i18n:ignore-attributes" in names:
            return
        for name, value in attrs:
            if name in checked and value and _words(value) and name not in translated:
                self._report(f"attribut « {name} » hors de i18n:attributes", value)

    def _report(self, message, text):
        line, _column = self.getpos()
        self.found.append((line, message, " ".join(text.split())[:80]))

    def handle_starttag(self, tag, attrs):
        self._attributes(tag, attrs)
        if tag not in VOID:
            self.stack.append((tag, self._state(tag, attrs)))

    def handle_startendtag(self, tag, attrs):
        self._attributes(tag, attrs)

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        scope = self._scope()
        if scope in ("dynamic", "ignore"):
            return
        if scope == "translate":
            if "${" in data:
                self._report("valeur ${…} dans un texte traduit (utiliser i18n:name)", data)
            return
        if _words(data):
            self._report("texte hors de i18n:translate", data)


def check_template(text):
    """``(line, message, excerpt)`` of each problem of a page template's source."""
    checker = _TemplateChecker()
    checker.feed(text)
    checker.close()
    return checker.found


def check_mail_template(text):
    """An e-mail template (Chameleon text): every word must come from a ``${_(…)}``."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        rest = line
        for _line, source in template_expressions(line):
            rest = rest.replace("${" + source + "}", " ", 1)
        if _words(rest):
            found.append((number, "texte d'e-mail hors de ${_(…)}", line.strip()[:80]))
    return found


def looks_french(text):
    if not _words(text):
        return False
    words = LETTER.findall(text)
    if len(words) < 2:
        return False
    return bool(ACCENT.search(text)) or (" " in text.strip() and FRENCH_WORD.search(text))


def _call_name(node):
    func = node.func
    if isinstance(func, ast.Name):
        return func.id, None
    if isinstance(func, ast.Attribute):
        owner = func.value
        owner_name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", "")
        return func.attr, owner_name
    return None, None


class _PythonChecker(ast.NodeVisitor):
    def __init__(self, source):
        self.lines = source.splitlines()
        self.found = []
        self.exempt = 0  # depth inside _(), a log call, a developer error

    def _exempting(self, node, exempt):
        if exempt:
            self.exempt += 1
        self.generic_visit(node)
        if exempt:
            self.exempt -= 1

    def visit_Call(self, node):
        name, owner = _call_name(node)
        translated = name in ("_", "TranslationString", "ngettext", "pluralize")
        logged = name in LOG_METHODS and "log" in (owner or "").lower()
        warned = owner == "warnings" and name == "warn"
        self._exempting(node, translated or logged or warned)

    def visit_Raise(self, node):
        exc = node.exc
        target = exc.func if isinstance(exc, ast.Call) else exc
        name = getattr(target, "id", None) or getattr(target, "attr", "")
        self._exempting(node, name in DEVELOPER_ERRORS or name.endswith("ConfigError"))

    def _docstring_owner(self, node):
        body = getattr(node, "body", None)
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            body[0].value.docstring = True

    def visit_Module(self, node):
        self._docstring_owner(node)
        self.generic_visit(node)

    def visit_ClassDef(self, node):
        self._docstring_owner(node)
        self.generic_visit(node)

    def visit_FunctionDef(self, node):
        self._docstring_owner(node)
        self.generic_visit(node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def _check(self, node, text, shown=False):
        """``shown``: the text is a form's label or message, French or not (« Du », « Motif »)."""
        if self.exempt or getattr(node, "docstring", False):
            return
        if not (looks_french(text) or (shown and _words(text))):
            return
        # The pragma may sit on the literal's lines, or the line before or after (where a
        # formatter moves a trailing comment).
        end = getattr(node, "end_lineno", node.lineno)
        around = self.lines[max(node.lineno - 2, 0) : end + 1]
        if not any(PRAGMA in line for line in around):
            what = "texte d'interface hors de _()" if shown else "texte français hors de _()"
            self.found.append((node.lineno, what, text[:80]))

    def _check_shown(self, value):
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            value.shown = True

    def visit_keyword(self, node):
        if node.arg in SHOWN_NAMES:
            self._check_shown(node.value)
        self.generic_visit(node)

    def visit_Assign(self, node):
        # A schema node's class attributes: ``title = "Jours d'ouverture"``.
        if any(getattr(target, "id", None) in SHOWN_NAMES for target in node.targets):
            self._check_shown(node.value)
        self.generic_visit(node)

    def visit_JoinedStr(self, node):
        parts = [value.value for value in node.values if isinstance(value, ast.Constant)]
        self._check(node, " ".join(str(part) for part in parts))

    def visit_Constant(self, node):
        if isinstance(node.value, str):
            self._check(node, node.value, shown=getattr(node, "shown", False))


def check_python(source):
    if "# i18n: ignore-file" in source:
        return []
    checker = _PythonChecker(source)
    checker.visit(ast.parse(source))
    return checker.found


def checked_files(paths):
    for path in map(Path, paths):
        files = [path] if path.is_file() else sorted(path.rglob("*"))
        for file in files:
            mail = file.suffix == ".txt" and file.parent.name == "mail"
            if file.suffix not in (".pt", ".py") and not mail:
                continue
            if not UNCHECKED_PARTS & set(file.parts[-4:-1]) and not file.name.startswith("demo"):
                yield file


def check_paths(paths):
    """``path:line: message : excerpt`` of each problem in the files under ``paths``."""
    report = []
    for file in checked_files(paths):
        text = file.read_text(encoding="utf-8")
        check = {".pt": check_template, ".py": check_python, ".txt": check_mail_template}
        problems = check[file.suffix](text)
        report += [f"{file}:{line}: {message} : {excerpt}" for line, message, excerpt in problems]
    return report


def default_paths():
    from portail_core.i18n.catalogs import domains

    return [domain.folder for domain in domains()]


def main(argv=None):
    paths = (argv if argv is not None else sys.argv[1:]) or default_paths()
    report = check_paths(paths)
    print("\n".join(report) or "Aucun texte hors traduction.")
    return 1 if report else 0


if __name__ == "__main__":
    sys.exit(main())
