"""A third commune made with ``portail-new-commune`` runs with no change to the core: its
portal, its demo, its contact form, its agents' tools, and its own generated tests."""

import importlib
import os
import shutil
import subprocess
import sys

import pytest
from pyramid_mailer.interfaces import IMailer
from sqlalchemy import select

from portail_core.demo.builder import load_demo
from portail_core.models.content import NewsItem
from portail_core.scripts import new_commune


@pytest.fixture
def generated(tmp_path):
    """The plugin generated into a temporary folder, importable for this test only."""
    assert new_commune.main(["trois", "--name", "Troisville", "--target", str(tmp_path)]) == 0
    plugin_dir = tmp_path / "commune_trois"
    sys.path.insert(0, str(plugin_dir))
    yield plugin_dir
    sys.path.remove(str(plugin_dir))
    for name in [name for name in sys.modules if name.startswith("portail_commune_trois")]:
        del sys.modules[name]


@pytest.fixture
def trois_app(generated, make_app, tenants_dir):
    shutil.copy(generated / "tenant.example.toml", tenants_dir / "trois.toml")
    package = importlib.import_module("portail_commune_trois")
    return make_app(
        **{
            "portail.tenants_dir": str(tenants_dir),
            "portail.extra_plugin_objects": [("commune_trois", package)],
        }
    )


def test_the_generated_distribution_is_complete(generated):
    names = sorted(p.relative_to(generated).as_posix() for p in generated.rglob("*") if p.is_file())
    assert names == [
        "README.md",
        "portail_commune_trois/__init__.py",
        "portail_commune_trois/commune.toml",
        "portail_commune_trois/content.py",
        "portail_commune_trois/demo.py",
        "portail_commune_trois/static/logo.svg",
        "pyproject.toml",
        "setup.cfg",
        "tenant.example.toml",
        "tests/test_commune.py",
    ]
    # Branding and establishments are data answered by the core's CommunePlugin: the
    # commune's own code stays short.
    init = (generated / "portail_commune_trois/__init__.py").read_text()
    assert "CommunePlugin" in init and init.count("\n") < 30
    setup = (generated / "setup.cfg").read_text()
    assert "commune.toml" in setup
    assert "commune_trois = portail_commune_trois" in setup
    assert "name = portail-commune-trois" in setup
    assert 'hosts = ["trois.localhost"]' in (generated / "tenant.example.toml").read_text()
    for path in generated.rglob("*"):
        if path.is_file():
            assert "{{" not in path.read_text(), path


def test_the_third_commune_runs_its_portal(trois_app, client_for):
    outbox = trois_app.registry.getUtility(IMailer).outbox
    outbox.clear()
    client = client_for("trois", trois_app)
    home = client.get("/")
    assert "Mairie de Troisville" in home.text
    main = home.html.find("main")
    assert [h.text for h in main.find_all("h2")] == ["Actualités", "Téléchargements"]
    assert home.html.select("nav.info-menu") == []  # no page until installed
    assert client.get("/static-trois/logo.svg").content_type == "image/svg+xml"
    assert "Mairie de Troisville" in client.get("/mentions-legales").text

    form = client.get("/contactez-nous").forms["contact"]
    form["name"] = "Camille EXEMPLE"
    form["email"] = "camille@example.org"
    form["subject"] = "Bonjour"
    form["message"] = "Première question à Troisville"
    form.submit("submit", status=303)
    assert [mail.recipients for mail in outbox] == [
        ["sej@trois.example.org"],
        ["camille@example.org"],
    ]
    assert outbox[0].subject.startswith("[Mairie de Troisville]")


def test_the_third_communes_demo_and_agents_tools(trois_app, client_for, dbsession):
    session = trois_app.registry["dbsession_factory"]()
    assert "trois" in load_demo(session, trois_app.registry)
    session.commit()
    session.close()
    client = client_for("trois", trois_app)
    home = client.get("/")
    assert "Ouverture du portail familles" in home.text
    assert [a.text for a in home.html.select(".download-list a")] == ["Règlement des accueils"]
    menu = home.html.select_one("nav.info-menu")
    assert [h.text for h in menu.find_all("h3")] == ["Informations pratiques"]

    client.login("agent@trois.example.org", "Agent-Demo-2026")
    form = client.get("/agents/contenus/nouvelles/nouvelle").forms["news"]
    form["title"] = "Fête de l'été"
    form["body"] = "Rendez-vous samedi."
    form.submit("submit", status=303)
    dbsession.expire_all()
    item = dbsession.scalar(select(NewsItem).where(NewsItem.title == "Fête de l'été"))
    assert item.tenant_id == "trois"
    # Its rows are its own: the other communes answer 404.
    client_for("balaruc", trois_app).get(f"/nouvelles/{item.id}", status=404)
    client_for("batz", trois_app).get(f"/nouvelles/{item.id}", status=404)


def test_the_generated_plugins_own_tests_pass(generated):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(generated), *sys.path]))
    result = subprocess.run(  # noqa: S603 - our interpreter, our generated folder
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(generated)],
        cwd=generated,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "2 passed" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Trois", "--name", "Troisville"], "identifiant « Trois » invalide"),
        (["trois", "--name", 'Trois"ville'], "sans guillemets"),
        (["trois", "--name", "Troisville", "--email", "pas-une-adresse"], "adresse e-mail"),
        (["trois", "--name", "Troisville", "--host", "Mauvais Hôte"], "nom d'hôte"),
    ],
)
def test_wrong_arguments_are_refused(tmp_path, capsys, args, message):
    assert new_commune.main([*args, "--target", str(tmp_path)]) == 2
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_an_existing_plugin_is_never_overwritten(tmp_path, capsys):
    (tmp_path / "commune_trois").mkdir()
    assert new_commune.main(["trois", "--name", "Troisville", "--target", str(tmp_path)]) == 2
    assert "existe déjà" in capsys.readouterr().err
