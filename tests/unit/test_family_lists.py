"""The ``portail_family_lists`` hook: the commune plugin's lists, the core's empty default,
the tenant file's overrides, and checks of every list."""

import pytest

from portail_core import hookimpl
from portail_core.services.family.lists import FamilyLists, family_lists
from portail_core.tenant import TenantConfigError


def test_hook_portail_family_lists(app):
    batz = family_lists(app.registry.tenants.get("batz"))
    assert batz.vaccines[:2] == ("BCG", "DT POLIO 1")
    assert batz.authorisations == (
        "AUTORISATION ALLER VENUE ESPACE JEUNE",
        "AUTORISATION DE FILMER/PHOTOGRAPHIER",
    )
    assert "Justificatif de domicile" in batz.document_types
    balaruc = family_lists(app.registry.tenants.get("balaruc"))
    assert "AUTORISATION ALLER VENUE ESPACE JEUNE" not in balaruc.authorisations
    assert "AUTORISATION DE FILMER/PHOTOGRAPHIER" in balaruc.authorisations


def test_core_default_is_empty_lists(make_app, tenants_dir):
    source = tenants_dir / "batz.toml"
    source.write_text(source.read_text().replace('plugins = ["commune_batz"]', "plugins = []"))
    app = make_app(**{"portail.tenants_dir": str(tenants_dir)})
    assert family_lists(app.registry.tenants.get("batz")) == FamilyLists()
    assert family_lists(app.registry.tenants.get("balaruc")).vaccines  # untouched


def test_tenant_file_replaces_a_list_whole_and_keeps_the_others(make_app, tenants_dir):
    source = tenants_dir / "batz.toml"
    source.write_text(
        source.read_text()
        + '\n[settings.core.family_lists]\nvaccines = ["ROR", "HEPATITE B"]\ndiets = []\n'
    )
    app = make_app(**{"portail.tenants_dir": str(tenants_dir)})
    lists = family_lists(app.registry.tenants.get("batz"))
    assert lists.vaccines == ("ROR", "HEPATITE B")
    assert lists.diets == ()
    assert lists.authorisations[0] == "AUTORISATION ALLER VENUE ESPACE JEUNE"
    other = family_lists(app.registry.tenants.get("balaruc"))
    assert other.vaccines[0] == "BCG"


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('vaccines = ["BCG", "BCG"]', "family_lists.vaccines"),
        ('authorisations = [""]', "family_lists.authorisations"),
        ('unknown_list = ["X"]', "family_lists"),
    ],
)
def test_a_wrong_override_stops_the_start_naming_file_and_key(make_app, tenants_dir, toml, message):
    source = tenants_dir / "batz.toml"
    source.write_text(source.read_text() + f"\n[settings.core.family_lists]\n{toml}\n")
    with pytest.raises(TenantConfigError) as raised:
        make_app(**{"portail.tenants_dir": str(tenants_dir)})
    assert "batz.toml" in str(raised.value) and message in str(raised.value)


class OtherCommune:
    @hookimpl
    def portail_family_lists(self, tenant):
        return FamilyLists(vaccines=("VACCIN X",), authorisations=("SORTIE",))


def test_an_enabled_plugin_answers_and_a_disabled_one_has_no_effect(make_app, tenants_dir):
    source = tenants_dir / "balaruc.toml"
    source.write_text(
        source.read_text().replace('plugins = ["commune_balaruc"]', 'plugins = ["other"]')
    )
    app = make_app(
        **{
            "portail.tenants_dir": str(tenants_dir),
            "portail.extra_plugin_objects": [("other", OtherCommune())],
        }
    )
    assert family_lists(app.registry.tenants.get("balaruc")).vaccines == ("VACCIN X",)
    assert family_lists(app.registry.tenants.get("batz")).vaccines[0] == "BCG"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"vaccines": ("BCG", "BCG")}, "deux fois"),
        ({"diets": (" ",)}, "vide"),
        ({"school_levels": ("X" * 51,)}, "dépasse 50"),
    ],
)
def test_lists_are_checked_when_built(kwargs, message):
    with pytest.raises(ValueError, match=message):
        FamilyLists(**kwargs)


def test_labels_become_tuples_and_overrides_ignore_unknown_names():
    lists = FamilyLists(vaccines=["BCG"])
    assert lists.vaccines == ("BCG",)
    assert lists.with_overrides({"vaccines": ["ROR"], "other": ["x"]}).vaccines == ("ROR",)
    assert lists.with_overrides(None) == lists
