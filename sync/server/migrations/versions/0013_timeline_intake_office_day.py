"""The per-case timeline's intake milestone re-derived (review 8 F4): an intake without the
ficha's ``fecha_atencion`` is dated by the office-time day of its ``recorded_at``
(``stats.milestones.office_day``), where the rows kept its UTC day (an intake saved at
22:30 in Lima counted the next day). As 0010: every row written again from the records
(``timeline.rebuild``, which also discards the office packs counted from the old rows).

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from sync.server import timeline

    timeline.rebuild(op.get_bind())  # into the table's columns as of now


def downgrade() -> None:
    pass  # the UTC days are not brought back (a derived table)
