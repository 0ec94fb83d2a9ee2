"""Supervisor accounts can be disabled (``supervisor disable NAME``: ``disabled_at``), and
wrong passwords are counted per login name to lock the account for a while
(``supervisor_login_failures``; ``sync/server/supervisors.py``).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("supervisors", sa.Column("disabled_at", sa.BigInteger, nullable=True))
    op.create_table(
        "supervisor_login_failures",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("at", sa.BigInteger, nullable=False),
    )
    op.create_index(
        "ix_supervisor_login_failures_name", "supervisor_login_failures", ["name", "at"]
    )


def downgrade() -> None:
    op.drop_table("supervisor_login_failures")
    with op.batch_alter_table("supervisors") as batch:
        batch.drop_column("disabled_at")
