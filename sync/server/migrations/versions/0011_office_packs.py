"""Each office's figures' arrays kept by its last change (``sync/server/office_packs.py``):
a restarted server or a ``report timeliness`` process reads the packs instead of counting
the nation's timeline again. Created empty: the first reader fills it.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "office_packs",
        sa.Column("office_id", sa.String(64), primary_key=True),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("office_packs")
