"""The consultations counted by the desktop's rule (``consultations.row``: submitted
intakes of service type "consulta", on the office-time day they were recorded): the
table is filled again from the synced records.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from sync.server import consultations

    consultations.rebuild(op.get_bind())


def downgrade() -> None:
    pass  # the rows of the older rule are not brought back (a derived table)
