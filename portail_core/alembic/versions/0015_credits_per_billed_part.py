"""credits per billed part: each household of a split day gets its own part back

Revision ID: 0015_credits_per_billed_part
Revises: 0014_households
Create Date: 2026-12-07 17:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_credits_per_billed_part"
down_revision = "0014_households"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("billed_presence") as batch:
        batch.add_column(sa.Column("credit_line_id", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_billed_presence_credit_line_id"), ["credit_line_id"])
        batch.create_foreign_key(
            batch.f("fk_billed_presence_credit_line_id_invoice_line"),
            "invoice_line",
            ["credit_line_id"],
            ["id"],
            ondelete="SET NULL",
        )
    # What was given back stays given back: the presence's credit line, on its billed parts.
    op.execute(
        "UPDATE billed_presence SET credit_line_id = (SELECT presence_credit.invoice_line_id "
        "FROM presence_credit WHERE presence_credit.presence_id = billed_presence.presence_id)"
    )
    with op.batch_alter_table("presence_credit") as batch:
        batch.drop_index("ix_presence_credit_open")
        batch.drop_index(batch.f("ix_presence_credit_invoice_line_id"))
        batch.drop_constraint(
            batch.f("fk_presence_credit_invoice_line_id_invoice_line"), type_="foreignkey"
        )
        batch.drop_column("invoice_line_id")
        batch.create_index("ix_presence_credit_open", ["tenant_id", "credited"])


def downgrade():
    with op.batch_alter_table("presence_credit") as batch:
        batch.drop_index("ix_presence_credit_open")
        batch.add_column(sa.Column("invoice_line_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_presence_credit_invoice_line_id_invoice_line"),
            "invoice_line",
            ["invoice_line_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_index(batch.f("ix_presence_credit_invoice_line_id"), ["invoice_line_id"])
        batch.create_index("ix_presence_credit_open", ["tenant_id", "credited", "invoice_line_id"])
    op.execute(
        "UPDATE presence_credit SET invoice_line_id = (SELECT MAX(billed_presence.credit_line_id) "
        "FROM billed_presence WHERE billed_presence.presence_id = presence_credit.presence_id)"
    )
    with op.batch_alter_table("billed_presence") as batch:
        batch.drop_constraint(
            batch.f("fk_billed_presence_credit_line_id_invoice_line"), type_="foreignkey"
        )
        batch.drop_index(batch.f("ix_billed_presence_credit_line_id"))
        batch.drop_column("credit_line_id")
