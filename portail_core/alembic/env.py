"""Alembic environment: the only way the schema is made.

The URL comes, in order, from a connection handed in by the caller (tests), the
``PORTAIL_DATABASE_URL`` environment variable, or ``sqlalchemy.url`` of the ini file.
"""

import os

from alembic import context

from portail_core.models import get_engine
from portail_core.models.meta import Base

config = context.config
target_metadata = Base.metadata


def _settings():
    settings = dict(config.get_section(config.config_ini_section) or {})
    if os.environ.get("PORTAIL_DATABASE_URL"):
        settings["sqlalchemy.url"] = os.environ["PORTAIL_DATABASE_URL"]
    return settings


def run_migrations_offline():
    context.configure(
        url=_settings()["sqlalchemy.url"],
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run(connection):
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = get_engine(_settings())
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
