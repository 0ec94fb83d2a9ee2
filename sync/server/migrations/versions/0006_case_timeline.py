"""The per-case timeline of the directorate's figures (``sync/server/timeline.py``): one
row per live case with its groups and one date column per milestone kind, and the links
saying which source record feeds which case; backfilled from the synced records.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

KINDS = (
    "intake", "eligibility", "filed", "admitted", "first_hearing", "decision",
    "appeal_filed", "appeal_decided", "final", "closure",
)  # fmt: skip


def upgrade() -> None:
    op.create_table(
        "case_timeline",
        sa.Column("case_id", sa.String(128), primary_key=True),
        sa.Column("office_id", sa.String(64), nullable=False),
        sa.Column("intake_id", sa.String(128), nullable=True),
        sa.Column("matter", sa.String(64), nullable=True),
        sa.Column("defender_id", sa.String(128), nullable=True),
        sa.Column("court", sa.String(200), nullable=False),
        sa.Column("opened_on", sa.Date, nullable=True),
        sa.Column("closed_on", sa.Date, nullable=True),
        *(sa.Column(f"{kind}_on", sa.Date, nullable=True) for kind in KINDS),
    )
    op.create_index("ix_case_timeline_office", "case_timeline", ["office_id"])
    op.create_index("ix_case_timeline_intake", "case_timeline", ["intake_id"])
    op.create_table(
        "timeline_links",
        sa.Column("entity", sa.String(64), primary_key=True),
        sa.Column("entity_id", sa.String(128), primary_key=True),
        sa.Column("link_kind", sa.String(16), nullable=False),
        sa.Column("link_id", sa.String(128), nullable=False),
    )
    op.create_index("ix_timeline_links_link", "timeline_links", ["link_kind", "link_id"])
    # The backfill runs the server's own maintenance (the tables as this revision made
    # them; a later revision that changes them rebuilds them again).
    from sync.server import timeline

    timeline.rebuild(op.get_bind())


def downgrade() -> None:
    op.drop_table("timeline_links")
    op.drop_table("case_timeline")
