"""languages: each account's chosen interface language

Revision ID: 0013_languages
Revises: 0012_campaigns
Create Date: 2026-12-07 07:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_languages"
down_revision = "0012_campaigns"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user_account") as batch:
        batch.add_column(sa.Column("language", sa.String(length=10), nullable=True))


def downgrade():
    with op.batch_alter_table("user_account") as batch:
        batch.drop_column("language")
