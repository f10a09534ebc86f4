"""Tenants: found by host, branded by their plugin, isolated, added by configuration only."""

import pytest

from portail_core.plugins import PluginError
from portail_core.tenant import TenantConfigError


def test_each_host_shows_its_own_branding(balaruc, batz):
    page = balaruc.get("/")
    assert "2 bis rue des Rosiers" in page.text
    assert "04 67 18 23 64" in page.text
    assert "Jean XXIII" not in page.text
    page = batz.get("/")
    assert "34 Rue Jean XXIII" in page.text
    assert "02.40.23.92.25" in page.text
    assert "Rosiers" not in page.text


def test_home_page_has_login_block_and_visitor_menu(balaruc):
    page = balaruc.get("/")
    assert "Connexion à votre espace" in page.text
    assert "Identifiant ou Mot de passe oublié ?" in page.text
    assert "Visiteur" in page.text
    assert "Accueil" in page.text and "Mon compte" in page.text


def test_unknown_host_gets_a_bare_404(app):
    from webtest import TestApp

    client = TestApp(app, extra_environ={"HTTP_HOST": "inconnue.localhost"})
    response = client.get("/", status=404)
    assert response.content_type == "text/plain"
    assert "Balaruc" not in response.text and "Batz" not in response.text
    client.get("/connexion", status=404)


def test_theme_css_carries_the_communes_colours(balaruc, batz):
    assert "#0b5e6b" in balaruc.get("/theme.css").text
    assert "#14406b" in batz.get("/theme.css").text


def test_disabled_commune_plugin_has_no_effect_on_that_tenant_only(
    make_app, tenants_dir, client_for
):
    source = tenants_dir / "balaruc.toml"
    source.write_text(source.read_text().replace('plugins = ["commune_balaruc"]', "plugins = []"))
    app = make_app(**{"portail.tenants_dir": str(tenants_dir)})
    balaruc_page = client_for("balaruc", app).get("/")
    assert "Rosiers" not in balaruc_page.text
    assert "Balaruc-le-Vieux" in balaruc_page.text  # the core's default branding
    assert app.registry.tenants.get("balaruc").hooks.establishments() == []
    batz_page = client_for("batz", app).get("/")
    assert "34 Rue Jean XXIII" in batz_page.text
    assert len(app.registry.tenants.get("batz").hooks.establishments()) == 4


THIRD = """
name = "Troisville"
hosts = ["trois.localhost"]
plugins = ["commune_trois"]
mail_sender = "sej@trois.example.org"
contact_email = "sej@trois.example.org"

[regies.principale]
label = "REGIE UNIQUE"

[settings.commune_trois]
motto = "Une commune de test"
"""


class ThirdCommune:
    """A throw-away commune plugin, registered only for the test."""

    from portail_core import hookimpl

    @hookimpl
    def portail_plugin_settings_schema(self):
        import colander

        schema = colander.SchemaNode(colander.Mapping())
        schema.add(colander.SchemaNode(colander.String(), name="motto"))
        return schema

    @hookimpl
    def portail_branding(self, tenant):
        from portail_core.branding import Branding

        motto = tenant.plugin_settings("commune_trois")["motto"]
        return Branding(town="Mairie de Troisville", service=motto, phone="01 02 03 04 05")


def test_a_third_commune_is_only_configuration_and_its_plugin(make_app, tenants_dir, client_for):
    (tenants_dir / "trois.toml").write_text(THIRD)
    app = make_app(
        **{
            "portail.tenants_dir": str(tenants_dir),
            "portail.extra_plugin_objects": [("commune_trois", ThirdCommune())],
        }
    )
    page = client_for("trois", app).get("/")
    assert "Mairie de Troisville" in page.text
    assert "Une commune de test" in page.text
    assert "Rosiers" in client_for("balaruc", app).get("/").text


def _tenant_error(make_app, tenants_dir, text, name="balaruc.toml"):
    (tenants_dir / name).write_text(text)
    with pytest.raises(TenantConfigError) as failure:
        make_app(**{"portail.tenants_dir": str(tenants_dir)})
    return str(failure.value)


def test_a_wrong_host_names_the_file_and_the_key(make_app, tenants_dir):
    text = (tenants_dir / "balaruc.toml").read_text().replace('"balaruc.localhost"', '"bad host"')
    message = _tenant_error(make_app, tenants_dir, text)
    assert "balaruc.toml" in message and "hosts" in message


def test_an_unknown_plugin_names_the_file_and_the_key(make_app, tenants_dir):
    text = (
        (tenants_dir / "balaruc.toml")
        .read_text()
        .replace('["commune_balaruc"]', '["commune_balaruc", "payment_inconnu"]')
    )
    message = _tenant_error(make_app, tenants_dir, text)
    assert "plugins.1" in message and "payment_inconnu" in message


def test_a_wrong_setting_type_names_the_file_and_the_key(make_app, tenants_dir):
    text = (
        (tenants_dir / "batz.toml")
        .read_text()
        .replace("min_working_days = 2", 'min_working_days = "deux"')
    )
    message = _tenant_error(make_app, tenants_dir, text, "batz.toml")
    assert "batz.toml" in message and "settings.core.booking.min_working_days" in message


def test_a_host_claimed_twice_stops_the_start(make_app, tenants_dir):
    text = (
        (tenants_dir / "batz.toml").read_text().replace('"batz.localhost"', '"balaruc.localhost"')
    )
    message = _tenant_error(make_app, tenants_dir, text, "batz.toml")
    assert "balaruc.localhost" in message


def test_a_missing_secret_stops_a_production_start(make_app, tenants_dir):
    text = (
        (tenants_dir / "batz.toml").read_text()
        + "\n[regies.periscolaire.payment_settings]\n"
        + 'key = { env = "PORTAIL_TEST_ABSENT", default = "demo" }\n'
    )
    (tenants_dir / "batz.toml").write_text(text)
    make_app(**{"portail.tenants_dir": str(tenants_dir)})  # defaults allowed in tests
    with pytest.raises(TenantConfigError) as failure:
        make_app(
            **{"portail.tenants_dir": str(tenants_dir), "portail.allow_secret_defaults": "false"}
        )
    assert "PORTAIL_TEST_ABSENT" in str(failure.value)


class Misspelt:
    from portail_core import hookimpl

    @hookimpl
    def portail_brandin(self, tenant):  # no such hook
        return None


def test_a_hookimpl_matching_no_spec_stops_the_start(make_app):
    with pytest.raises(PluginError) as failure:
        make_app(**{"portail.extra_plugin_objects": [("misspelt", Misspelt())]})
    assert "portail_brandin" in str(failure.value)
