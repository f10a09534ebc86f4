"""absences with a certificate, presence credits, closed days of one unit

Revision ID: 0011_absences
Revises: 0008_outbox
Create Date: 2026-12-06 23:30:00
"""

import sqlalchemy as sa
from alembic import op

import portail_core.models.types

revision = "0011_absences"
down_revision = "0008_outbox"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "absence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("created_at", portail_core.models.types.UTCDateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", portail_core.models.types.UTCDateTime(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.CheckConstraint("last_day >= first_day", name=op.f("ck_absence_days_in_order")),
        sa.ForeignKeyConstraint(["child_id"], ["child.id"], name=op.f("fk_absence_child_id_child")),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_absence_created_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["user_account.id"],
            name=op.f("fk_absence_decided_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["family_document.id"],
            name=op.f("fk_absence_document_id_family_document"),
        ),
        sa.ForeignKeyConstraint(
            ["family_id"], ["family.id"], name=op.f("fk_absence_family_id_family")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_absence")),
    )
    with op.batch_alter_table("absence", schema=None) as batch_op:
        batch_op.create_index(
            "ix_absence_family", ["tenant_id", "family_id", "created_at"], unique=False
        )
        batch_op.create_index("ix_absence_queue", ["tenant_id", "state", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_absence_child_id"), ["child_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_absence_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "presence_credit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("presence_id", sa.Integer(), nullable=False),
        sa.Column("cause", sa.String(length=12), nullable=False),
        sa.Column("absence_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("credited", sa.Boolean(), nullable=False),
        sa.Column("invoice_line_id", sa.Integer(), nullable=True),
        sa.Column("created_at", portail_core.models.types.UTCDateTime(), nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["absence_id"], ["absence.id"], name=op.f("fk_presence_credit_absence_id_absence")
        ),
        sa.ForeignKeyConstraint(
            ["invoice_line_id"],
            ["invoice_line.id"],
            name=op.f("fk_presence_credit_invoice_line_id_invoice_line"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["presence_id"], ["presence.id"], name=op.f("fk_presence_credit_presence_id_presence")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_presence_credit")),
        sa.UniqueConstraint("presence_id", name=op.f("uq_presence_credit_presence_id")),
    )
    with op.batch_alter_table("presence_credit", schema=None) as batch_op:
        batch_op.create_index(
            "ix_presence_credit_open", ["tenant_id", "credited", "invoice_line_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_presence_credit_absence_id"), ["absence_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_presence_credit_invoice_line_id"), ["invoice_line_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_presence_credit_tenant_id"), ["tenant_id"], unique=False
        )

    with op.batch_alter_table("period_closed_day", schema=None) as batch_op:
        batch_op.add_column(sa.Column("unit_id", sa.Integer(), nullable=True))
        batch_op.drop_constraint("uq_period_closed_day_period_id", type_="unique")
        batch_op.create_unique_constraint(
            "uq_period_closed_day_unit", ["period_id", "day", "unit_id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_period_closed_day_unit_id_establishment_unit"),
            "establishment_unit",
            ["unit_id"],
            ["id"],
        )


def downgrade():
    with op.batch_alter_table("period_closed_day", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_period_closed_day_unit_id_establishment_unit"), type_="foreignkey"
        )
        batch_op.drop_constraint("uq_period_closed_day_unit", type_="unique")
        batch_op.create_unique_constraint("uq_period_closed_day_period_id", ["period_id", "day"])
        batch_op.drop_column("unit_id")
    op.drop_table("presence_credit")
    op.drop_table("absence")
