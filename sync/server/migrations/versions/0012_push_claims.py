"""Pushes being stored, seen by every server process: ``POST /v1/held`` waits for a
device's claims (``sync/server/held.py``) before answering, so an answer is right behind
a load balancer with several processes. Empty at creation.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "push_claims",
        sa.Column("claim", sa.String(32), primary_key=True),
        sa.Column("device_id", sa.String(64), nullable=False),
        sa.Column("until_ms", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_push_claims_device", "push_claims", ["device_id"])


def downgrade() -> None:
    op.drop_table("push_claims")
