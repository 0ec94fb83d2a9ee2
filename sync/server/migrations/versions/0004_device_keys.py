"""Devices' public keys (Ed25519 ``sign_key``, X25519 ``box_key``, lowercase hex), made by
the laptop at enrollment: the server verifies the device's USB bundles with them and
seals its replies to them. Empty for devices enrolled before (they register on first
contact, ``POST /v1/device-keys``).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("devices") as batch:
        batch.add_column(sa.Column("sign_key", sa.String(64), nullable=True))
        batch.add_column(sa.Column("box_key", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("devices") as batch:
        batch.drop_column("box_key")
        batch.drop_column("sign_key")
