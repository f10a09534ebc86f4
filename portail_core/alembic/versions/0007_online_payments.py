"""online payments: the attempt on the payment row, the attempt counter, the audit trail

Revision ID: 0007_online_payments
Revises: 0005_billing
Create Date: 2026-11-22 17:13:40.709376
"""

import sqlalchemy as sa
from alembic import op

import portail_core.models.types

revision = "0007_online_payments"
down_revision = "0005_billing"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "payment_counter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("last_value", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_counter")),
        sa.UniqueConstraint("tenant_id", name=op.f("uq_payment_counter_tenant_id")),
    )
    with op.batch_alter_table("payment_counter", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_payment_counter_tenant_id"), ["tenant_id"], unique=False
        )

    op.create_table(
        "payment_notification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=True),
        sa.Column("regie", sa.String(length=40), nullable=False),
        sa.Column("backend", sa.String(length=40), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("received_at", portail_core.models.types.UTCDateTime(), nullable=False),
        sa.Column("http_method", sa.String(length=8), nullable=False),
        sa.Column("remote_addr", sa.String(length=64), nullable=False),
        sa.Column("gateway_key", sa.String(length=128), nullable=False),
        sa.Column("verdict", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=30), nullable=False),
        sa.Column("outcome", sa.String(length=12), nullable=False),
        sa.Column("detail", sa.String(length=500), nullable=False),
        sa.Column("raw", sa.Text(), nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["payment_id"],
            ["payment.id"],
            name=op.f("fk_payment_notification_payment_id_payment"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_notification")),
    )
    with op.batch_alter_table("payment_notification", schema=None) as batch_op:
        batch_op.create_index(
            "ix_payment_notification_payment", ["tenant_id", "payment_id"], unique=False
        )
        batch_op.create_index(
            "ix_payment_notification_received", ["tenant_id", "received_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_payment_notification_tenant_id"), ["tenant_id"], unique=False
        )

    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("attempt_number", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("gateway_key", sa.String(length=128), nullable=True))
        batch_op.add_column(sa.Column("mode", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("gateway_references", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("gateway_outcome", sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column("authorisation", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("payer_email", sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column("notify_url", sa.String(length=500), nullable=True))
        batch_op.add_column(
            sa.Column("needs_attention", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.create_index("ix_payment_open", ["tenant_id", "method", "state"], unique=False)
        batch_op.create_unique_constraint(
            "uq_payment_backend_gateway_key", ["backend", "gateway_key"]
        )
        batch_op.create_unique_constraint(
            "uq_payment_tenant_attempt", ["tenant_id", "attempt_number"]
        )


def downgrade():
    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.drop_constraint("uq_payment_tenant_attempt", type_="unique")
        batch_op.drop_constraint("uq_payment_backend_gateway_key", type_="unique")
        batch_op.drop_index("ix_payment_open")
        for column in (
            "needs_attention",
            "notify_url",
            "payer_email",
            "authorisation",
            "gateway_outcome",
            "gateway_references",
            "mode",
            "gateway_key",
            "attempt_number",
        ):
            batch_op.drop_column(column)

    with op.batch_alter_table("payment_notification", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payment_notification_tenant_id"))
        batch_op.drop_index("ix_payment_notification_received")
        batch_op.drop_index("ix_payment_notification_payment")
    op.drop_table("payment_notification")

    with op.batch_alter_table("payment_counter", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payment_counter_tenant_id"))
    op.drop_table("payment_counter")
