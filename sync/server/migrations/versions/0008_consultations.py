"""The consultations of the directorate's dashboard (``sync/server/consultations.py``):
one row per live intake with its office, service day and matter code; backfilled from
the synced records.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "consultations",
        sa.Column("intake_id", sa.String(128), primary_key=True),
        sa.Column("office_id", sa.String(64), nullable=False),
        sa.Column("served_on", sa.Date, nullable=True),
        sa.Column("matter", sa.String(64), nullable=True),
    )
    op.create_index("ix_consultations_office_served", "consultations", ["office_id", "served_on"])
    from sync.server import consultations

    consultations.rebuild(op.get_bind())


def downgrade() -> None:
    op.drop_table("consultations")
