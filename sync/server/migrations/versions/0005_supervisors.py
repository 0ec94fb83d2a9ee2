"""Supervisor accounts of the directorate's web dashboard and their login sessions
(``sync/server/supervisors.py``): a name and an Argon2id hash; a session's token kept
only as its SHA-256, with its CSRF token and expiry.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "supervisors",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(64), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("created_at", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "supervisor_sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("supervisor_id", sa.String(64), sa.ForeignKey("supervisors.id"), nullable=False),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("created_at", sa.BigInteger, nullable=False),
        sa.Column("expires_at", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_supervisor_sessions_expiry", "supervisor_sessions", ["expires_at"])


def downgrade() -> None:
    op.drop_table("supervisor_sessions")
    op.drop_table("supervisors")
