"""outbox: e-mails to deliver, reminders sent, reminders turned off

Revision ID: 0008_outbox
Revises: 0007_online_payments
Create Date: 2026-12-06 23:17:05.718006
"""

import sqlalchemy as sa
from alembic import op

import portail_core.models.types

revision = "0008_outbox"
down_revision = "0007_online_payments"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "outbox_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("sender", sa.String(length=300), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("reply_to", sa.String(length=254), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", portail_core.models.types.UTCDateTime(), nullable=False),
        sa.Column("next_attempt_at", portail_core.models.types.UTCDateTime(), nullable=False),
        sa.Column("claim", sa.String(length=40), nullable=True),
        sa.Column("lease_until", portail_core.models.types.UTCDateTime(), nullable=True),
        sa.Column("sent_at", portail_core.models.types.UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_message")),
        sa.UniqueConstraint("message_id", name=op.f("uq_outbox_message_message_id")),
    )
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_message_due", ["state", "next_attempt_at"], unique=False)
        batch_op.create_index("ix_outbox_message_list", ["tenant_id", "created_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_outbox_message_tenant_id"), ["tenant_id"], unique=False
        )

    op.create_table(
        "reminder_sent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("subject", sa.String(length=60), nullable=False),
        sa.Column("ref_date", sa.Date(), nullable=False),
        sa.Column("sent_at", portail_core.models.types.UTCDateTime(), nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["family_id"], ["family.id"], name=op.f("fk_reminder_sent_family_id_family")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_sent")),
        sa.UniqueConstraint(
            "tenant_id", "family_id", "kind", "subject", "ref_date", name="uq_reminder_sent_key"
        ),
    )
    with op.batch_alter_table("reminder_sent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reminder_sent_family_id"), ["family_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_reminder_sent_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "reminder_opt_out",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("created_at", portail_core.models.types.UTCDateTime(), nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_reminder_opt_out_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_opt_out")),
        sa.UniqueConstraint("user_id", "kind", name=op.f("uq_reminder_opt_out_user_id")),
    )
    with op.batch_alter_table("reminder_opt_out", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reminder_opt_out_tenant_id"), ["tenant_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("reminder_opt_out", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reminder_opt_out_tenant_id"))

    op.drop_table("reminder_opt_out")
    with op.batch_alter_table("reminder_sent", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reminder_sent_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_reminder_sent_family_id"))

    op.drop_table("reminder_sent")
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_message_tenant_id"))
        batch_op.drop_index("ix_outbox_message_list")
        batch_op.drop_index("ix_outbox_message_due")

    op.drop_table("outbox_message")
