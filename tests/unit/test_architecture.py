"""The shape of the core: no import circle, short modules, areas that import only what they may.

Imports are read from the source (``ast``): module-level, function-level and
``if TYPE_CHECKING:`` imports all count, since a circle of type hints is still a circle of
design (it forces lazy imports and hides which layer depends on which).
"""

import ast
from pathlib import Path

import pytest

import portail_core

ROOT = Path(portail_core.__file__).parent
MAX_LINES = 500


def _module_name(path):
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in ROOT.rglob("*.py") if "scaffolds" not in p.parts}


def _imports(path):
    """The portail_core modules a file imports (the deepest existing module each names)."""
    tree = ast.parse(path.read_text())
    found = set()
    package = (
        _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    )
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            names = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for name in names:
            if name in MODULES and name != "portail_core":
                found.add(name)
    return found


GRAPH = {name: _imports(path) for name, path in MODULES.items()}


def _cycles():
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, result = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in GRAPH.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                component.append(item)
                if item == node:
                    break
            if len(component) > 1 or node in GRAPH.get(node, ()):
                result.append(sorted(component))

    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    return result


def test_the_graph_is_read():
    assert "portail_core.plugins" in GRAPH["portail_core.tenancy"]
    assert "portail_core.tenant" in GRAPH["portail_core.hookspecs"]


def test_no_import_circle_inside_the_core():
    assert _cycles() == []


def test_a_circle_is_found(monkeypatch):
    monkeypatch.setitem(GRAPH, "portail_core.tenant", {"portail_core.tenancy"})
    monkeypatch.setitem(GRAPH, "portail_core.tenancy", {"portail_core.tenant"})
    assert ["portail_core.tenancy", "portail_core.tenant"] in _cycles()


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_stay_short(name):
    lines = MODULES[name].read_text().count("\n")
    assert lines <= MAX_LINES, f"{name} has {lines} lines (at most {MAX_LINES}): split it"


def _imports_from(prefix, forbidden):
    return sorted(
        (name, target)
        for name, targets in GRAPH.items()
        if name == prefix or name.startswith(prefix + ".")
        for target in targets
        if any(target == f or target.startswith(f + ".") for f in forbidden)
    )


AREAS = (
    "accounts",
    "family",
    "content",
    "bookings",
    "billing",
    "payments",
    "outbox",
    "reminders",
    "campaigns",
)
#: the other areas each area may import (docs/architecture.md, "The areas")
MAY_IMPORT = {
    "accounts": (),
    "family": (),
    "content": (),
    "bookings": (),
    "billing": ("bookings",),
    "payments": ("billing",),
    "outbox": (),
    "reminders": (),
    "campaigns": ("bookings",),
}
AREA_RULES = {
    "portail_core.models": ["portail_core.services", "portail_core.views", "portail_core.demo"],
    # the outbox's framework part serves every area: it knows none of them
    "portail_core.mail": ["portail_core.services", "portail_core.views", "portail_core.scripts"],
    "portail_core.services": ["portail_core.views", "portail_core.demo", "portail_core.scripts"],
    "portail_core.views": ["portail_core.demo", "portail_core.scripts"],
    **{
        f"portail_core.services.{area}": [
            f"portail_core.services.{other}"
            for other in AREAS
            if other != area and other not in MAY_IMPORT[area]
        ]
        for area in AREAS
    },
}


@pytest.mark.parametrize("area", sorted(AREA_RULES))
def test_areas_import_only_what_they_may(area):
    assert _imports_from(area, AREA_RULES[area]) == []
