"""Pytest fixtures shared by the core's tests and every plugin's tests."""

import re
import shutil
from pathlib import Path

import pytest
from pyramid.paster import get_appsettings
from pyramid_mailer.interfaces import IMailer
from sqlalchemy import event
from webtest import TestApp

import portail_core
from portail_core.models import get_session_factory
from portail_core.services.campaigns import schedule
from portail_core.testing.database import TestDatabase
from portail_core.testing.tenant_files import without_online_payment

ROOT = Path(portail_core.__file__).resolve().parent.parent
TESTING_INI = ROOT / "config" / "testing.ini"


def pytest_addoption(parser):
    parser.addoption(
        "--db-url",
        default=None,
        help="database URL for the tests (default: $PORTAIL_TEST_DATABASE_URL, else SQLite)",
    )


@pytest.fixture(scope="session")
def database(request):
    """The session's test database, migrated to the latest revision; emptied after each test."""
    db = TestDatabase(request.config.getoption("--db-url"))
    yield db
    db.drop()


@pytest.fixture(scope="session")
def app_settings(tmp_path_factory):
    """Settings of ``config/testing.ini``; uploaded files go to a temporary folder."""
    settings = dict(get_appsettings(f"{TESTING_INI}#main"))
    settings["portail.files_dir"] = str(tmp_path_factory.mktemp("files"))
    return settings


def build_app(database, app_settings, **overrides):
    settings = dict(app_settings)
    settings["sqlalchemy.url"] = database.url
    settings["dbsession_factory"] = get_session_factory(database.engine)
    settings.update(overrides)
    return portail_core.main({}, **settings)


@pytest.fixture(scope="session")
def app(database, app_settings):
    """The WSGI application with the real tenant files, shared by the whole session."""
    return build_app(database, app_settings)


@pytest.fixture
def make_app(database, app_settings):
    """Build another application: ``make_app(tenants_dir=..., extra_plugins=...)``."""

    def factory(**overrides):
        return build_app(database, app_settings, **overrides)

    return factory


@pytest.fixture(autouse=True)
def clean_database_after_test(request):
    """Empty every table after each test that touched the database (and forget the
    process's campaign schedules read from it)."""
    schedule.forget()
    yield
    schedule.forget()
    if "database" in request.fixturenames:
        request.getfixturevalue("database").clean()


@pytest.fixture
def dbsession(database, app):
    """A plain session on the test database for arranging data and checking results.

    Commit what you arrange: requests run in their own transactions and only see
    committed rows.
    """
    session = app.registry["dbsession_factory"]()
    yield session
    session.rollback()
    session.close()


@pytest.fixture
def mailbox(app):
    """The e-mails the application sent (after commit) during this test."""
    mailer = app.registry.getUtility(IMailer)
    mailer.outbox.clear()
    yield mailer.outbox
    mailer.outbox.clear()


class PortalClient(TestApp):
    """A WebTest client bound to one tenant's host, with log-in and CSRF helpers."""

    def __init__(self, app, host):
        super().__init__(app, extra_environ={"HTTP_HOST": host, "REMOTE_ADDR": "192.0.2.10"})
        self.host = host

    def csrf_token(self):
        page = self.get("/connexion")
        return page.forms["login"]["csrf_token"].value

    def login(self, email, password, status=303):
        page = self.get("/connexion")
        form = page.forms["login"]
        form["login"] = email
        form["password"] = password
        return form.submit("submit", status=status)

    def logout(self):
        return self.post("/deconnexion", {"csrf_token": self.csrf_token()}, status=303)


@pytest.fixture
def client_for(app, database):
    """``client_for("balaruc")``: a fresh WebTest client on that tenant's first host."""

    def factory(tenant_id, application=None):
        application = application or app
        tenant = application.registry.tenants.get(tenant_id)
        host = tenant.hosts[0] if tenant else f"{tenant_id}.localhost"
        return PortalClient(application, host)

    return factory


@pytest.fixture
def balaruc(client_for):
    """A WebTest client on Balaruc-le-Vieux's portal."""
    return client_for("balaruc")


@pytest.fixture
def batz(client_for):
    """A WebTest client on Batz-sur-Mer's portal."""
    return client_for("batz")


@pytest.fixture
def tenant(app):
    """The Balaruc tenant object."""
    return app.registry.tenants.get("balaruc")


@pytest.fixture
def other_tenant(app):
    """The Batz tenant object."""
    return app.registry.tenants.get("batz")


class QueryCounter:
    """Counts the SQL statements sent through an engine while active."""

    def __init__(self, engine):
        self.engine = engine
        self.statements = []

    def _record(self, conn, cursor, statement, parameters, context, executemany):
        if not re.match(r"\s*(SAVEPOINT|RELEASE|ROLLBACK|BEGIN|COMMIT)", statement, re.I):
            self.statements.append(statement)

    def __enter__(self):
        self.statements.clear()
        event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._record)

    @property
    def count(self):
        return len(self.statements)


@pytest.fixture
def query_counter(database):
    """``with query_counter as counted: ...`` then ``counted.count`` statements."""
    return QueryCounter(database.engine)


@pytest.fixture
def tenants_dir(tmp_path):
    """A copy of ``config/tenants`` to add or change tenant files in, without the online
    payment the shipped files turn on (see :mod:`portail_core.testing.tenant_files`): a
    test adds the gateway configuration it needs. The session's ``app`` keeps it all."""
    target = tmp_path / "tenants"
    shutil.copytree(ROOT / "config" / "tenants", target)
    for path in target.glob("*.toml"):
        path.write_text(without_online_payment(path.read_text()))
    return target


@pytest.fixture
def demo_data(app, dbsession):
    """Both communes' demonstration data, committed."""
    from portail_core.demo.builder import load_demo

    load_demo(dbsession, app.registry)
    dbsession.commit()
    return app.registry.tenants


LAYOUT_FORM_ACTIONS = ("/langue", "/deconnexion")


def page_forms(page):
    """A page's own forms, in order, without the layout's (language switch, logout)."""
    return [
        form
        for _index, form in sorted((k, f) for k, f in page.forms.items() if isinstance(k, int))
        if not form.action.endswith(LAYOUT_FORM_ACTIONS)
    ]


def french(text):
    """A message as a French reader sees it (values formatted, nested messages included):
    French needs no catalog, it is the reference text."""
    from pyramid.i18n import Translations

    from portail_core.i18n import PortailLocalizer

    translations = Translations()
    translations._catalog = {}  # an empty catalog: every id reads as itself
    return PortailLocalizer("fr", translations).translate(text)
