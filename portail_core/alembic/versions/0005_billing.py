"""billing: invoice counters and runs, invoices and lines, billed presences, credits, payments

Revision ID: 0005_billing
Revises: 0004_bookings
Create Date: 2026-11-22 16:24:57.862819
"""

import sqlalchemy as sa
from alembic import op

import portail_core.models.types

revision = "0005_billing"
down_revision = "0004_bookings"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "invoice_counter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("regie", sa.String(length=40), nullable=False),
        sa.Column("scope", sa.String(length=10), nullable=False),
        sa.Column("last_value", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoice_counter")),
        sa.UniqueConstraint(
            "tenant_id", "regie", "scope", name=op.f("uq_invoice_counter_tenant_id")
        ),
    )
    with op.batch_alter_table("invoice_counter", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_invoice_counter_tenant_id"), ["tenant_id"], unique=False
        )

    op.create_table(
        "invoice_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("regie", sa.String(length=40), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("created_at", portail_core.models.types.UTCDateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("published_at", portail_core.models.types.UTCDateTime(), nullable=True),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_invoice_run_created_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoice_run")),
    )
    with op.batch_alter_table("invoice_run", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_invoice_run_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "payment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("regie", sa.String(length=40), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("backend", sa.String(length=40), nullable=True),
        sa.Column("amount", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=True),
        sa.Column("gateway_transaction_id", sa.String(length=128), nullable=True),
        sa.Column("raw_data", sa.Text(), nullable=True),
        sa.Column("payer", sa.String(length=200), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("created_at", portail_core.models.types.UTCDateTime(), nullable=False),
        sa.Column("validated_at", portail_core.models.types.UTCDateTime(), nullable=True),
        sa.Column("cancelled_at", portail_core.models.types.UTCDateTime(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["family_id"], ["family.id"], name=op.f("fk_payment_family_id_family")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["user_account.id"],
            name=op.f("fk_payment_recorded_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment")),
        sa.UniqueConstraint("backend", "gateway_transaction_id", name=op.f("uq_payment_backend")),
        sa.UniqueConstraint("reference", name=op.f("uq_payment_reference")),
    )
    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.create_index(
            "ix_payment_family", ["tenant_id", "family_id", "regie"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_payment_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "invoice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("regie", sa.String(length=40), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("number", sa.String(length=30), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("referent", sa.String(length=200), nullable=False),
        sa.Column("referent_child_id", sa.Integer(), nullable=True),
        sa.Column("establishment_label", sa.String(length=200), nullable=False),
        sa.Column("accueil_label", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("total", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("created_at", portail_core.models.types.UTCDateTime(), nullable=False),
        sa.Column("published_at", portail_core.models.types.UTCDateTime(), nullable=True),
        sa.Column("cancelled_at", portail_core.models.types.UTCDateTime(), nullable=True),
        sa.Column("collected_by_tresor_at", portail_core.models.types.UTCDateTime(), nullable=True),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["family_id"], ["family.id"], name=op.f("fk_invoice_family_id_family")
        ),
        sa.ForeignKeyConstraint(
            ["referent_child_id"], ["child.id"], name=op.f("fk_invoice_referent_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["invoice_run.id"], name=op.f("fk_invoice_run_id_invoice_run")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoice")),
        sa.UniqueConstraint("tenant_id", "regie", "number", name=op.f("uq_invoice_tenant_id")),
    )
    with op.batch_alter_table("invoice", schema=None) as batch_op:
        batch_op.create_index(
            "ix_invoice_family", ["tenant_id", "family_id", "regie"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_invoice_run_id"), ["run_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_invoice_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "invoice_credit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("created_at", portail_core.models.types.UTCDateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_invoice_credit_created_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoice.id"], name=op.f("fk_invoice_credit_invoice_id_invoice")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoice_credit")),
    )
    with op.batch_alter_table("invoice_credit", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_invoice_credit_invoice_id"), ["invoice_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_invoice_credit_tenant_id"), ["tenant_id"], unique=False
        )

    op.create_table(
        "invoice_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("section", sa.String(length=300), nullable=False),
        sa.Column("designation", sa.String(length=500), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_price", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("amount", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["invoice_id"],
            ["invoice.id"],
            name=op.f("fk_invoice_line_invoice_id_invoice"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoice_line")),
    )
    with op.batch_alter_table("invoice_line", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_invoice_line_invoice_id"), ["invoice_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_invoice_line_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "payment_allocation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoice.id"], name=op.f("fk_payment_allocation_invoice_id_invoice")
        ),
        sa.ForeignKeyConstraint(
            ["payment_id"],
            ["payment.id"],
            name=op.f("fk_payment_allocation_payment_id_payment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_allocation")),
        sa.UniqueConstraint(
            "payment_id", "invoice_id", name=op.f("uq_payment_allocation_payment_id")
        ),
    )
    with op.batch_alter_table("payment_allocation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_payment_allocation_invoice_id"), ["invoice_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_payment_allocation_tenant_id"), ["tenant_id"], unique=False
        )

    op.create_table(
        "billed_presence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("presence_id", sa.Integer(), nullable=False),
        sa.Column("invoice_line_id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["invoice_line_id"],
            ["invoice_line.id"],
            name=op.f("fk_billed_presence_invoice_line_id_invoice_line"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["presence_id"], ["presence.id"], name=op.f("fk_billed_presence_presence_id_presence")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_billed_presence")),
        sa.UniqueConstraint("presence_id", name=op.f("uq_billed_presence_presence_id")),
    )
    with op.batch_alter_table("billed_presence", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_billed_presence_invoice_line_id"), ["invoice_line_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_billed_presence_tenant_id"), ["tenant_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("billed_presence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_billed_presence_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_billed_presence_invoice_line_id"))

    op.drop_table("billed_presence")
    with op.batch_alter_table("payment_allocation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payment_allocation_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_payment_allocation_invoice_id"))

    op.drop_table("payment_allocation")
    with op.batch_alter_table("invoice_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invoice_line_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_invoice_line_invoice_id"))

    op.drop_table("invoice_line")
    with op.batch_alter_table("invoice_credit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invoice_credit_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_invoice_credit_invoice_id"))

    op.drop_table("invoice_credit")
    with op.batch_alter_table("invoice", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invoice_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_invoice_run_id"))
        batch_op.drop_index("ix_invoice_family")

    op.drop_table("invoice")
    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payment_tenant_id"))
        batch_op.drop_index("ix_payment_family")

    op.drop_table("payment")
    with op.batch_alter_table("invoice_run", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invoice_run_tenant_id"))

    op.drop_table("invoice_run")
    with op.batch_alter_table("invoice_counter", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invoice_counter_tenant_id"))

    op.drop_table("invoice_counter")
