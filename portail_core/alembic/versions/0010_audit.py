"""audit trail: the family history becomes the general audit trail; anonymised families

Revision ID: 0010_audit
Revises: 0008_sessions
Create Date: 2026-12-06 23:30:00
"""

import sqlalchemy as sa
from alembic import op

import portail_core.models.types

revision = "0010_audit"
down_revision = "0008_sessions"
branch_labels = None
depends_on = None

COMMON = (
    "id, tenant_id, family_id, child_id, actor_id, actor_label, at, subject, field, "
    "old_value, new_value"
)
# Rows of the former history: who acted is read back from the label's suffix.
ROLE = (
    "CASE WHEN actor_label LIKE '%(agent)' THEN 'agent' "
    "WHEN actor_label LIKE '%(famille)' THEN 'parent' ELSE 'system' END"
)


def upgrade():
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=True),
        sa.Column("child_id", sa.Integer(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_label", sa.String(length=200), nullable=False),
        sa.Column("actor_role", sa.String(length=20), nullable=False),
        sa.Column("at", portail_core.models.types.UTCDateTime(), nullable=False),
        sa.Column("page", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("target_type", sa.String(length=40), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=True),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("field", sa.String(length=150), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=False),
        sa.Column("new_value", sa.Text(), nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["user_account.id"], name=op.f("fk_audit_entry_actor_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_audit_entry_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["family_id"], ["family.id"], name=op.f("fk_audit_entry_family_id_family")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entry")),
    )
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.create_index("ix_audit_entry_family", ["tenant_id", "family_id", "at"])
        batch_op.create_index("ix_audit_entry_actor", ["actor_role", "at"])
        batch_op.create_index(batch_op.f("ix_audit_entry_tenant_id"), ["tenant_id"])
    op.execute(
        f"INSERT INTO audit_entry ({COMMON}, actor_role, page, action, target_type) "  # noqa: S608
        f"SELECT {COMMON}, {ROLE}, '', 'update', '' FROM family_history"
    )
    _restart_sequence("audit_entry")
    op.drop_table("family_history")
    with op.batch_alter_table("family", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("anonymised_at", portail_core.models.types.UTCDateTime(), nullable=True)
        )


def _restart_sequence(table):
    """PostgreSQL: rows copied with their ids, the id sequence goes on after the last."""
    if op.get_bind().dialect.name == "postgresql":
        last = f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1"  # noqa: S608
        op.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {last}, false)")


def downgrade():
    with op.batch_alter_table("family", schema=None) as batch_op:
        batch_op.drop_column("anonymised_at")
    op.create_table(
        "family_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_label", sa.String(length=200), nullable=False),
        sa.Column("at", portail_core.models.types.UTCDateTime(), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("field", sa.String(length=150), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=False),
        sa.Column("new_value", sa.Text(), nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["user_account.id"], name=op.f("fk_family_history_actor_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_family_history_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["family_id"], ["family.id"], name=op.f("fk_family_history_family_id_family")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_family_history")),
    )
    with op.batch_alter_table("family_history", schema=None) as batch_op:
        batch_op.create_index("ix_family_history_family", ["tenant_id", "family_id", "at"])
        batch_op.create_index(batch_op.f("ix_family_history_tenant_id"), ["tenant_id"])
    op.execute(
        f"INSERT INTO family_history ({COMMON}) SELECT {COMMON} FROM audit_entry "  # noqa: S608
        "WHERE family_id IS NOT NULL"
    )
    _restart_sequence("family_history")
    op.drop_table("audit_entry")
