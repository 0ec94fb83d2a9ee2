"""The per-case timeline's first hearing re-derived (fresh 9 #2): the first hearing held
is the first held on or after the day the claim was filed (``stats.milestones
.first_hearing``; the first held of all when no filing is recorded), where the rows kept
the earliest held hearing — an extrajudicial conciliation held before the claim counted
as the process's first hearing. As 0010 and 0013: every row written again from the
records (``timeline.rebuild``, which also discards the office packs counted from the old
rows).

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from sync.server import timeline

    timeline.rebuild(op.get_bind())  # into the table's columns as of now


def downgrade() -> None:
    pass  # the old first hearing is not brought back (a derived table)
