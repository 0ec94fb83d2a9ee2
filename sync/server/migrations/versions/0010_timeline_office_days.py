"""The per-case timeline's opening and closing days re-derived (review 5 F1): a case opens
on the office-time day of ``opened_at`` and stops being active on its closure milestone's
day (the closing form's ``fecha_cierre``, else the office-time day of ``closed_at``, or a
recorded correction) and never while open — the desktop's caseload rule,
``stats.caseload.case_span`` — where the rows kept the UTC days of ``opened_at`` and
``closed_at``. The table keeps its columns; every row is written again from the records.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from sync.server import timeline

    timeline.rebuild(op.get_bind())  # into the table's columns as of now


def downgrade() -> None:
    pass  # the UTC days are not brought back (a derived table)
