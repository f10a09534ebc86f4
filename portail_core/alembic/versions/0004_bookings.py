"""bookings: establishments, units, periods, enrolments, reservations, presences, capacity

Revision ID: 0004_bookings
Revises: 0003_family_file
Create Date: 2026-11-22 16:40:00
"""

import sqlalchemy as sa
from alembic import op

import portail_core.models.types

revision = "0004_bookings"
down_revision = "0003_family_file"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "establishment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=150), nullable=False),
        sa.Column("regie", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_establishment")),
        sa.UniqueConstraint("tenant_id", "code", name=op.f("uq_establishment_tenant_id")),
    )
    with op.batch_alter_table("establishment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_establishment_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "reservation_counter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reservation_counter")),
        sa.UniqueConstraint("tenant_id", name=op.f("uq_reservation_counter_tenant_id")),
    )
    with op.batch_alter_table("reservation_counter", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reservation_counter_tenant_id"), ["tenant_id"], unique=False
        )

    op.create_table(
        "calendar_feed",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", portail_core.models.types.UTCDateTime(), nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["family_id"], ["family.id"], name=op.f("fk_calendar_feed_family_id_family")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_feed")),
        sa.UniqueConstraint("family_id", name=op.f("uq_calendar_feed_family_id")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_calendar_feed_token_hash")),
    )
    with op.batch_alter_table("calendar_feed", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_calendar_feed_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "establishment_unit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("establishment_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("label", sa.String(length=150), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("tariff", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("from_plugin", sa.Boolean(), nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.CheckConstraint("capacity >= 0", name=op.f("ck_establishment_unit_capacity_positive")),
        sa.ForeignKeyConstraint(
            ["establishment_id"],
            ["establishment.id"],
            name=op.f("fk_establishment_unit_establishment_id_establishment"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_establishment_unit")),
        sa.UniqueConstraint(
            "establishment_id", "code", name=op.f("uq_establishment_unit_establishment_id")
        ),
    )
    with op.batch_alter_table("establishment_unit", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_establishment_unit_establishment_id"), ["establishment_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_establishment_unit_tenant_id"), ["tenant_id"], unique=False
        )

    op.create_table(
        "period",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("establishment_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=150), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("weekdays", sa.String(length=7), nullable=False),
        sa.Column("last_booking_day", sa.Date(), nullable=False),
        sa.Column("auto_accept", sa.Boolean(), nullable=True),
        sa.Column("when_full", sa.String(length=20), nullable=True),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_at", portail_core.models.types.UTCDateTime(), nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.CheckConstraint("end_date >= start_date", name=op.f("ck_period_dates_in_order")),
        sa.ForeignKeyConstraint(
            ["establishment_id"],
            ["establishment.id"],
            name=op.f("fk_period_establishment_id_establishment"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_period")),
    )
    with op.batch_alter_table("period", schema=None) as batch_op:
        batch_op.create_index(
            "ix_period_establishment", ["tenant_id", "establishment_id", "start_date"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_period_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "enrolment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("created_at", portail_core.models.types.UTCDateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_enrolment_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_enrolment_created_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["period_id"], ["period.id"], name=op.f("fk_enrolment_period_id_period")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrolment")),
        sa.UniqueConstraint("period_id", "child_id", name=op.f("uq_enrolment_period_id")),
    )
    with op.batch_alter_table("enrolment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_enrolment_child_id"), ["child_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_enrolment_period_id"), ["period_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_enrolment_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "period_closed_day",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=150), nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["period_id"], ["period.id"], name=op.f("fk_period_closed_day_period_id_period")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_period_closed_day")),
        sa.UniqueConstraint("period_id", "day", name=op.f("uq_period_closed_day_period_id")),
    )
    with op.batch_alter_table("period_closed_day", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_period_closed_day_period_id"), ["period_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_period_closed_day_tenant_id"), ["tenant_id"], unique=False
        )

    op.create_table(
        "period_unit",
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["period_id"], ["period.id"], name=op.f("fk_period_unit_period_id_period")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["establishment_unit.id"],
            name=op.f("fk_period_unit_unit_id_establishment_unit"),
        ),
        sa.PrimaryKeyConstraint("period_id", "unit_id", name=op.f("pk_period_unit")),
    )
    with op.batch_alter_table("period_unit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_period_unit_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "reservation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("created_at", portail_core.models.types.UTCDateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_reservation_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_reservation_created_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["family_id"], ["family.id"], name=op.f("fk_reservation_family_id_family")
        ),
        sa.ForeignKeyConstraint(
            ["period_id"], ["period.id"], name=op.f("fk_reservation_period_id_period")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reservation")),
        sa.UniqueConstraint("tenant_id", "number", name=op.f("uq_reservation_tenant_id")),
    )
    with op.batch_alter_table("reservation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reservation_child_id"), ["child_id"], unique=False)
        batch_op.create_index(
            "ix_reservation_family", ["tenant_id", "family_id", "created_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_reservation_period_id"), ["period_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_reservation_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "unit_day",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("booked", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.CheckConstraint("booked <= capacity", name=op.f("ck_unit_day_within_capacity")),
        sa.CheckConstraint("booked >= 0", name=op.f("ck_unit_day_booked_positive")),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["establishment_unit.id"],
            name=op.f("fk_unit_day_unit_id_establishment_unit"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_day")),
        sa.UniqueConstraint("unit_id", "day", name=op.f("uq_unit_day_unit_id")),
    )
    with op.batch_alter_table("unit_day", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_unit_day_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "presence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reservation_id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("cancels_id", sa.Integer(), nullable=True),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("waiting_since", portail_core.models.types.UTCDateTime(), nullable=True),
        sa.Column("created_at", portail_core.models.types.UTCDateTime(), nullable=False),
        sa.Column("decided_at", portail_core.models.types.UTCDateTime(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["cancels_id"], ["presence.id"], name=op.f("fk_presence_cancels_id_presence")
        ),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_presence_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["user_account.id"],
            name=op.f("fk_presence_decided_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["period_id"], ["period.id"], name=op.f("fk_presence_period_id_period")
        ),
        sa.ForeignKeyConstraint(
            ["reservation_id"],
            ["reservation.id"],
            name=op.f("fk_presence_reservation_id_reservation"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["establishment_unit.id"],
            name=op.f("fk_presence_unit_id_establishment_unit"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_presence")),
    )
    with op.batch_alter_table("presence", schema=None) as batch_op:
        batch_op.create_index("ix_presence_child_day", ["child_id", "day"], unique=False)
        batch_op.create_index(batch_op.f("ix_presence_period_id"), ["period_id"], unique=False)
        batch_op.create_index("ix_presence_queue", ["tenant_id", "state", "id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_presence_reservation_id"), ["reservation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_presence_tenant_id"), ["tenant_id"], unique=False)
        batch_op.create_index("ix_presence_unit_day", ["unit_id", "day", "state"], unique=False)
        batch_op.create_index(
            "uq_presence_live",
            ["child_id", "unit_id", "day"],
            unique=True,
            sqlite_where=sa.text(
                "kind = 'booking' AND state IN ('pending', 'accepted', 'waiting')"
            ),
            postgresql_where=sa.text(
                "kind = 'booking' AND state IN ('pending', 'accepted', 'waiting')"
            ),
        )


def downgrade():
    with op.batch_alter_table("presence", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_presence_live",
            sqlite_where=sa.text(
                "kind = 'booking' AND state IN ('pending', 'accepted', 'waiting')"
            ),
            postgresql_where=sa.text(
                "kind = 'booking' AND state IN ('pending', 'accepted', 'waiting')"
            ),
        )
        batch_op.drop_index("ix_presence_unit_day")
        batch_op.drop_index(batch_op.f("ix_presence_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_presence_reservation_id"))
        batch_op.drop_index("ix_presence_queue")
        batch_op.drop_index(batch_op.f("ix_presence_period_id"))
        batch_op.drop_index("ix_presence_child_day")

    op.drop_table("presence")
    with op.batch_alter_table("unit_day", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unit_day_tenant_id"))

    op.drop_table("unit_day")
    with op.batch_alter_table("reservation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reservation_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_reservation_period_id"))
        batch_op.drop_index("ix_reservation_family")
        batch_op.drop_index(batch_op.f("ix_reservation_child_id"))

    op.drop_table("reservation")
    with op.batch_alter_table("period_unit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_period_unit_tenant_id"))

    op.drop_table("period_unit")
    with op.batch_alter_table("period_closed_day", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_period_closed_day_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_period_closed_day_period_id"))

    op.drop_table("period_closed_day")
    with op.batch_alter_table("enrolment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_enrolment_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_enrolment_period_id"))
        batch_op.drop_index(batch_op.f("ix_enrolment_child_id"))

    op.drop_table("enrolment")
    with op.batch_alter_table("period", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_period_tenant_id"))
        batch_op.drop_index("ix_period_establishment")

    op.drop_table("period")
    with op.batch_alter_table("establishment_unit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_establishment_unit_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_establishment_unit_establishment_id"))

    op.drop_table("establishment_unit")
    with op.batch_alter_table("calendar_feed", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calendar_feed_tenant_id"))

    op.drop_table("calendar_feed")
    with op.batch_alter_table("reservation_counter", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reservation_counter_tenant_id"))

    op.drop_table("reservation_counter")
    with op.batch_alter_table("establishment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_establishment_tenant_id"))

    op.drop_table("establishment")
