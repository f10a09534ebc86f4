"""sessions: one row per login, for the idle and absolute lifetimes and the logout

Revision ID: 0008_sessions
Revises: 0009_mfa
Create Date: 2026-12-06 23:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

import portail_core.models.types

revision = "0008_sessions"
down_revision = "0009_mfa"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "login_session",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", portail_core.models.types.UTCDateTime(), nullable=False),
        sa.Column("last_seen_at", portail_core.models.types.UTCDateTime(), nullable=False),
        sa.Column("ended_at", portail_core.models.types.UTCDateTime(), nullable=True),
        sa.Column("end_reason", sa.String(length=12), nullable=True),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_login_session_user_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_session")),
    )
    with op.batch_alter_table("login_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_login_session_tenant_id"), ["tenant_id"])
        batch_op.create_index(batch_op.f("ix_login_session_user_id"), ["user_id"])


def downgrade():
    with op.batch_alter_table("login_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_session_user_id"))
        batch_op.drop_index(batch_op.f("ix_login_session_tenant_id"))
    op.drop_table("login_session")
