"""Alembic is the only way the schema is made: models and migrations must agree."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from portail_core.migrations import alembic_config
from portail_core.models.meta import Base


def test_models_and_migrations_agree(database):
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_migrations_have_a_single_head():
    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1, script.get_heads()


def test_every_table_of_a_tenant_carries_its_tenant():
    shared = {"alembic_version", "web_session"}  # infrastructure, not a commune's data
    for table in Base.metadata.sorted_tables:
        if table.name not in shared:
            assert "tenant_id" in table.columns, table.name
