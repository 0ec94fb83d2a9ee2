"""Failed enrollment attempts, counted per client address and per code in the database
(shared by every worker process, kept across restarts).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "enroll_attempts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("address", sa.String(64), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("at", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_enroll_attempts_address", "enroll_attempts", ["address", "at"])
    op.create_index("ix_enroll_attempts_code", "enroll_attempts", ["code_hash", "at"])


def downgrade() -> None:
    op.drop_table("enroll_attempts")
