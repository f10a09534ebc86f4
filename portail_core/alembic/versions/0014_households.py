"""households: shared custody (a child's second household), splits, restricted guardians

Revision ID: 0014_households
Revises: 0013_languages
Create Date: 2026-12-07 12:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_households"
down_revision = "0013_languages"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "child_household",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("schedule", sa.String(length=12), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("first_household", sa.Integer(), nullable=False),
        sa.Column("weekdays", sa.String(length=7), nullable=False),
        sa.Column("allow_both", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.CheckConstraint(
            "first_household IN (1, 2)", name=op.f("ck_child_household_first_household_valid")
        ),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_child_household_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["family_id"], ["family.id"], name=op.f("fk_child_household_family_id_family")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_child_household")),
        sa.UniqueConstraint("child_id", name=op.f("uq_child_household_child_id")),
    )
    with op.batch_alter_table("child_household") as batch:
        batch.create_index(batch.f("ix_child_household_family_id"), ["family_id"])
        batch.create_index(batch.f("ix_child_household_tenant_id"), ["tenant_id"])
    op.create_table(
        "household_share",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("second_percent", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.CheckConstraint(
            "second_percent >= 0 AND second_percent <= 100",
            name=op.f("ck_household_share_percent_range"),
        ),
        sa.ForeignKeyConstraint(
            ["link_id"],
            ["child_household.id"],
            name=op.f("fk_household_share_link_id_child_household"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["establishment_unit.id"],
            name=op.f("fk_household_share_unit_id_establishment_unit"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_household_share")),
        sa.UniqueConstraint("link_id", "unit_id", name=op.f("uq_household_share_link_id")),
    )
    with op.batch_alter_table("household_share") as batch:
        batch.create_index(batch.f("ix_household_share_tenant_id"), ["tenant_id"])
    with op.batch_alter_table("guardian") as batch:
        batch.add_column(
            sa.Column("restriction", sa.String(length=20), server_default="", nullable=False)
        )
        batch.add_column(
            sa.Column("restriction_note", sa.String(length=300), server_default="", nullable=False)
        )
    with op.batch_alter_table("billed_presence") as batch:
        batch.add_column(sa.Column("part", sa.Integer(), server_default="0", nullable=False))
        batch.drop_constraint("uq_billed_presence_presence_id", type_="unique")
        batch.create_unique_constraint("uq_billed_presence_presence_id", ["presence_id", "part"])


def downgrade():
    with op.batch_alter_table("billed_presence") as batch:
        batch.drop_constraint("uq_billed_presence_presence_id", type_="unique")
        batch.create_unique_constraint("uq_billed_presence_presence_id", ["presence_id"])
        batch.drop_column("part")
    with op.batch_alter_table("guardian") as batch:
        batch.drop_column("restriction_note")
        batch.drop_column("restriction")
    with op.batch_alter_table("household_share") as batch:
        batch.drop_index(batch.f("ix_household_share_tenant_id"))
    op.drop_table("household_share")
    with op.batch_alter_table("child_household") as batch:
        batch.drop_index(batch.f("ix_child_household_tenant_id"))
        batch.drop_index(batch.f("ix_child_household_family_id"))
    op.drop_table("child_household")
