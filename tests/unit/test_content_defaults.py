"""The ``portail_content_defaults`` hook: the core's headings, a commune's answer, and no
effect of a plugin a tenant did not enable."""

from portail_core import hookimpl
from portail_core.services.content.defaults import (
    ContentDefaults,
    DefaultPage,
    DefaultSection,
    content_defaults,
)


def test_hook_portail_content_defaults(app):
    batz = app.registry.tenants.get("batz")
    balaruc = app.registry.tenants.get("balaruc")
    assert content_defaults(batz).news_heading == "Actualités"
    assert [s.title for s in content_defaults(batz).sections][-1] == "Boîte à outils"
    assert content_defaults(balaruc).news_heading == "Nouvelles"
    assert content_defaults(balaruc).sections == ()


def test_core_default_has_generic_headings_and_no_page(make_app, tenants_dir):
    source = tenants_dir / "batz.toml"
    source.write_text(source.read_text().replace('plugins = ["commune_batz"]', "plugins = []"))
    app = make_app(**{"portail.tenants_dir": str(tenants_dir)})
    defaults = content_defaults(app.registry.tenants.get("batz"))
    assert defaults == ContentDefaults()
    assert defaults.news_heading == "Nouvelles"
    assert defaults.downloads_heading == "Téléchargements SEJ"


class Proposes:
    @hookimpl
    def portail_content_defaults(self, tenant):
        page = DefaultPage("Horaires", "Du lundi au vendredi.")
        return ContentDefaults(
            news_heading="Infos", sections=(DefaultSection("Pratique", (page,)),)
        )


def test_an_enabled_plugin_answers_first(make_app, tenants_dir):
    source = tenants_dir / "balaruc.toml"
    source.write_text(
        source.read_text().replace('plugins = ["commune_balaruc"]', 'plugins = ["extra"]')
    )
    app = make_app(
        **{
            "portail.tenants_dir": str(tenants_dir),
            "portail.extra_plugin_objects": [("extra", Proposes())],
        }
    )
    assert content_defaults(app.registry.tenants.get("balaruc")).news_heading == "Infos"
    assert content_defaults(app.registry.tenants.get("batz")).news_heading == "Actualités"
