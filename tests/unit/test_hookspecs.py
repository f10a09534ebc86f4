"""Every hook is documented (purpose, when, what to return, since) and named portail_*."""

import inspect

from portail_core import hookspecs
from portail_core.plugins import build_plugin_manager

SPECS = [
    function
    for name, function in inspect.getmembers(hookspecs, inspect.isfunction)
    if hasattr(function, "portail_spec")
]


def test_there_are_hookspecs():
    names = {function.__name__ for function in SPECS}
    assert {
        "portail_branding",
        "portail_booking_policy",
        "portail_establishments",
        "portail_register_payment_backends",
        "portail_pyramid_configure",
    } <= names


def test_every_hookspec_is_named_and_documented():
    for function in SPECS:
        assert function.__name__.startswith("portail_"), function.__name__
        doc = inspect.getdoc(function) or ""
        assert len(doc.splitlines()) >= 4, function.__name__
        assert "Since" in doc and ("Return" in doc or "return" in doc), function.__name__
        for parameter in inspect.signature(function).parameters:
            assert f":param {parameter}:" in doc, (function.__name__, parameter)


def test_every_hook_is_listed_in_the_architecture_notes():
    from pathlib import Path

    notes = (Path(hookspecs.__file__).parent.parent / "docs" / "architecture.md").read_text()
    for function in SPECS:
        assert function.__name__ in notes, function.__name__


def test_all_installed_plugins_load_and_match_specs():
    pm = build_plugin_manager()
    pm.check_pending()
    assert pm.get_plugin("commune_balaruc") is not None
    assert pm.get_plugin("commune_batz") is not None
