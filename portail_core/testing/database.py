"""Test databases: a SQLite file, or a fresh PostgreSQL schema, migrated with Alembic."""

import os
import tempfile
import uuid

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

from portail_core.migrations import upgrade
from portail_core.models import _sqlite_pragmas
from portail_core.models.meta import Base

URL_VARIABLE = "PORTAIL_TEST_DATABASE_URL"


class TestDatabase:
    """One database for a test session; ``clean()`` empties every table between tests.

    Tests commit for real (pyramid_tm commits each request), so what a request wrote is
    what the database holds, e-mails leave after commit, and a raw SQL write that the
    transaction did not know about shows up as missing.
    """

    __test__ = False

    def __init__(self, url=None):
        url = url or os.environ.get(URL_VARIABLE, "")
        self._tmpdir = None
        self.schema = None
        if not url:
            self._tmpdir = tempfile.mkdtemp(prefix="portail-test-")
            url = f"sqlite:///{self._tmpdir}/test.sqlite"
        self.base_url = url
        parsed = make_url(url)
        if parsed.get_backend_name() == "postgresql":
            self.schema = f"portail_test_{uuid.uuid4().hex[:10]}"
            admin = create_engine(url)
            with admin.begin() as connection:
                connection.execute(text(f'CREATE SCHEMA "{self.schema}"'))
            admin.dispose()
            parsed = parsed.update_query_dict({"options": f"-csearch_path={self.schema}"})
        self.url = parsed.render_as_string(hide_password=False)
        self.engine = self.make_engine()
        upgrade(url=self.url)

    @property
    def dialect(self):
        return self.engine.dialect.name

    def make_engine(self, **kwargs):
        engine = create_engine(self.url, **kwargs)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        return engine

    def clean(self):
        tables = [table.name for table in reversed(Base.metadata.sorted_tables)]
        with self.engine.begin() as connection:
            if self.dialect == "postgresql":
                quoted = ", ".join(f'"{name}"' for name in tables)
                connection.execute(text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
            else:
                for name in tables:
                    connection.execute(text(f'DELETE FROM "{name}"'))  # noqa: S608

    def drop(self):
        self.engine.dispose()
        if self.schema:
            admin = create_engine(self.base_url)
            with admin.begin() as connection:
                connection.execute(text(f'DROP SCHEMA "{self.schema}" CASCADE'))
            admin.dispose()
        if self._tmpdir:
            for name in os.listdir(self._tmpdir):
                os.remove(os.path.join(self._tmpdir, name))
            os.rmdir(self._tmpdir)
