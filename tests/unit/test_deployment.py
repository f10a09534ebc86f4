"""The deployment files: what can be checked without a container runtime (none here)."""

import configparser
import re
from pathlib import Path

import pytest

import portail_core

ROOT = Path(portail_core.__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
# Commands added by other parts of the project (the outbox worker, reminders, retention)
# besides those setup.cfg installs today.
DOCUMENTED = {"portail-worker", "portail-reminders", "portail-retention", "gunicorn"}


def installed_commands():
    setup = configparser.ConfigParser()
    setup.read(ROOT / "setup.cfg")
    lines = setup["options.entry_points"]["console_scripts"].strip().splitlines()
    return {line.split("=")[0].strip() for line in lines}


def test_compose_starts_the_portal_postgresql_and_the_worker():
    yaml = pytest.importorskip("yaml", reason="PyYAML is needed to read the compose file")
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    assert {"portal", "postgres", "worker", "migrate"} <= set(services)
    assert services["worker"]["command"] == ["portail-worker", "config/production.ini"]
    assert services["portal"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "/-/ready" in " ".join(services["portal"]["healthcheck"]["test"])
    for name in ("portal", "worker", "migrate"):
        assert services[name]["build"]["dockerfile"] == "Containerfile"
        assert services[name]["env_file"] == "portail.env"
    assert not (DEPLOY / "portail.env").exists()  # secrets are never in the repository


def test_the_containerfile_copies_files_that_exist_and_runs_gunicorn():
    text = (ROOT / "Containerfile").read_text()
    for source in re.findall(r"^COPY (.+) \S+$", text, re.M):
        for name in source.split():
            assert (ROOT / name).exists(), name
    # Building the image needs a container runtime, which the test machines lack.
    assert '"--paste", "config/production.ini"' in text


@pytest.mark.parametrize("unit", sorted(p.name for p in (DEPLOY / "systemd").glob("*")))
def test_systemd_units_parse_and_run_known_commands(unit):
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str
    parser.read(DEPLOY / "systemd" / unit)
    if unit.endswith(".timer"):
        assert parser["Timer"]["OnCalendar"] and parser["Install"]["WantedBy"] == "timers.target"
        assert (DEPLOY / "systemd" / unit.replace(".timer", ".service")).exists()
        return
    service = parser["Service"]
    command = Path(service["ExecStart"].split()[0]).name
    assert command in installed_commands() | DOCUMENTED
    assert "config/production.ini" in service["ExecStart"]
    assert service["User"] == "portail" and service["EnvironmentFile"].endswith("portail.env")


def test_building_the_application_opens_no_database_connection(tmp_path):
    """gunicorn --preload builds the application once and forks the workers from it: a
    connection opened while building would be shared by every worker."""
    from pyramid.paster import get_appsettings

    settings = dict(get_appsettings(f"{ROOT / 'config' / 'testing.ini'}#main"))
    settings["sqlalchemy.url"] = f"sqlite:///{tmp_path}/never-opened.sqlite"
    app = portail_core.main({}, **settings)
    pool = app.registry["dbsession_factory"].kw["bind"].pool
    assert pool.checkedin() == 0 and pool.checkedout() == 0
    assert not (tmp_path / "never-opened.sqlite").exists()
