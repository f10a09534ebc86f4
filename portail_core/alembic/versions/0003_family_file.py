"""family file: guardians, address and QF, child sheets, pick-up persons, documents, history

Revision ID: 0003_family_file
Revises: 0002_content
Create Date: 2026-11-22 16:22:16.002500
"""

import sqlalchemy as sa
from alembic import op

import portail_core.models.types

revision = "0003_family_file"
down_revision = "0002_content"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "guardian",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("civility", sa.String(length=20), server_default="", nullable=False),
        sa.Column("last_name", sa.String(length=100), server_default="", nullable=False),
        sa.Column("first_name", sa.String(length=100), server_default="", nullable=False),
        sa.Column("phone_mobile", sa.String(length=30), server_default="", nullable=False),
        sa.Column("phone_home", sa.String(length=30), server_default="", nullable=False),
        sa.Column("phone_work", sa.String(length=30), server_default="", nullable=False),
        sa.Column("email", sa.String(length=254), server_default="", nullable=False),
        sa.Column("address_line1", sa.String(length=200), server_default="", nullable=False),
        sa.Column("address_line2", sa.String(length=200), server_default="", nullable=False),
        sa.Column("postal_code", sa.String(length=10), server_default="", nullable=False),
        sa.Column("city", sa.String(length=100), server_default="", nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["family_id"], ["family.id"], name=op.f("fk_guardian_family_id_family")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guardian")),
        sa.UniqueConstraint("family_id", "position", name=op.f("uq_guardian_family_id")),
    )
    with op.batch_alter_table("guardian", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_guardian_family_id"), ["family_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_guardian_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "child_authorisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("authorisation", sa.String(length=200), nullable=False),
        sa.Column("granted", sa.Boolean(), nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_child_authorisation_child_id_child")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_child_authorisation")),
        sa.UniqueConstraint(
            "child_id", "authorisation", name=op.f("uq_child_authorisation_child_id")
        ),
    )
    with op.batch_alter_table("child_authorisation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_child_authorisation_child_id"), ["child_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_child_authorisation_tenant_id"), ["tenant_id"], unique=False
        )

    op.create_table(
        "child_vaccination",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("vaccine", sa.String(length=100), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("last_date", sa.Date(), nullable=True),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_child_vaccination_child_id_child")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_child_vaccination")),
        sa.UniqueConstraint("child_id", "vaccine", name=op.f("uq_child_vaccination_child_id")),
    )
    with op.batch_alter_table("child_vaccination", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_child_vaccination_child_id"), ["child_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_child_vaccination_tenant_id"), ["tenant_id"], unique=False
        )

    op.create_table(
        "family_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=150), nullable=False),
        sa.Column("doc_type", sa.String(length=150), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("mime_type", sa.String(length=50), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("storage_key", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("refusal_reason", sa.String(length=500), nullable=False),
        sa.Column("uploaded_at", portail_core.models.types.UTCDateTime(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", portail_core.models.types.UTCDateTime(), nullable=True),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=True),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_family_document_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["family_id"], ["family.id"], name=op.f("fk_family_document_family_id_family")
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by_id"],
            ["user_account.id"],
            name=op.f("fk_family_document_reviewed_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["user_account.id"],
            name=op.f("fk_family_document_uploaded_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_family_document")),
    )
    with op.batch_alter_table("family_document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_family_document_child_id"), ["child_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_family_document_family_id"), ["family_id"], unique=False
        )
        batch_op.create_index(
            "ix_family_document_queue", ["tenant_id", "status", "uploaded_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_family_document_tenant_id"), ["tenant_id"], unique=False
        )

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
        batch_op.create_index(
            "ix_family_history_family", ["tenant_id", "family_id", "at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_family_history_tenant_id"), ["tenant_id"], unique=False
        )

    op.create_table(
        "pickup_person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("last_name", sa.String(length=100), nullable=False),
        sa.Column("first_name", sa.String(length=100), nullable=False),
        sa.Column("link", sa.String(length=100), nullable=False),
        sa.Column("phone", sa.String(length=30), nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_pickup_person_child_id_child")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pickup_person")),
    )
    with op.batch_alter_table("pickup_person", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pickup_person_child_id"), ["child_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pickup_person_tenant_id"), ["tenant_id"], unique=False)

    with op.batch_alter_table("child", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("school_level", sa.String(length=50), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("allergy_food", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                "allergy_food_details", sa.String(length=500), server_default="", nullable=False
            )
        )
        batch_op.add_column(
            sa.Column("allergy_medication", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                "allergy_medication_details",
                sa.String(length=500),
                server_default="",
                nullable=False,
            )
        )
        batch_op.add_column(
            sa.Column("allergy_other", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                "allergy_other_details", sa.String(length=500), server_default="", nullable=False
            )
        )
        batch_op.add_column(
            sa.Column("diet", sa.String(length=100), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("pai", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(
            sa.Column("doctor_name", sa.String(length=150), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("doctor_phone", sa.String(length=30), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("recommendations", sa.Text(), server_default="", nullable=False)
        )

    with op.batch_alter_table("family", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("quotient_familial", sa.Numeric(precision=10, scale=2), nullable=True)
        )
        batch_op.add_column(sa.Column("quotient_familial_valid_until", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("address_line1", sa.String(length=200), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("address_line2", sa.String(length=200), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("postal_code", sa.String(length=10), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("city", sa.String(length=100), server_default="", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("family", schema=None) as batch_op:
        batch_op.drop_column("city")
        batch_op.drop_column("postal_code")
        batch_op.drop_column("address_line2")
        batch_op.drop_column("address_line1")
        batch_op.drop_column("quotient_familial_valid_until")
        batch_op.drop_column("quotient_familial")

    with op.batch_alter_table("child", schema=None) as batch_op:
        batch_op.drop_column("recommendations")
        batch_op.drop_column("doctor_phone")
        batch_op.drop_column("doctor_name")
        batch_op.drop_column("pai")
        batch_op.drop_column("diet")
        batch_op.drop_column("allergy_other_details")
        batch_op.drop_column("allergy_other")
        batch_op.drop_column("allergy_medication_details")
        batch_op.drop_column("allergy_medication")
        batch_op.drop_column("allergy_food_details")
        batch_op.drop_column("allergy_food")
        batch_op.drop_column("school_level")

    with op.batch_alter_table("pickup_person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pickup_person_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_pickup_person_child_id"))

    op.drop_table("pickup_person")
    with op.batch_alter_table("family_history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_family_history_tenant_id"))
        batch_op.drop_index("ix_family_history_family")

    op.drop_table("family_history")
    with op.batch_alter_table("family_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_family_document_tenant_id"))
        batch_op.drop_index("ix_family_document_queue")
        batch_op.drop_index(batch_op.f("ix_family_document_family_id"))
        batch_op.drop_index(batch_op.f("ix_family_document_child_id"))

    op.drop_table("family_document")
    with op.batch_alter_table("child_vaccination", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_child_vaccination_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_child_vaccination_child_id"))

    op.drop_table("child_vaccination")
    with op.batch_alter_table("child_authorisation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_child_authorisation_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_child_authorisation_child_id"))

    op.drop_table("child_authorisation")
    with op.batch_alter_table("guardian", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_guardian_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_guardian_family_id"))

    op.drop_table("guardian")
