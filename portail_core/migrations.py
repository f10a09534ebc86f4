"""Run Alembic from Python: used by the scripts, the demo and the tests."""

from alembic import command
from alembic.config import Config

SCRIPT_LOCATION = "portail_core:alembic"


def alembic_config(url=None, connection=None):
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(url=None, connection=None, revision="heads"):
    command.upgrade(alembic_config(url, connection), revision)
