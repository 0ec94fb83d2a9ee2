"""Read-only queries the desktop UI and the reports need, over one unlocked store.

Owns every SQL read that a front end makes (``app/ui`` and ``app/reports`` hold no SQL;
``tests/test_no_sql_in_front_ends.py`` checks it). Functions take the store first and
return plain rows (dicts) or values; formatting for the screen or the page stays with
the caller. Split by concern:

- ``lists``   — the people and case lists: filters, sort, keyset pages, counts, options,
  a case's number and client by id;
- ``agenda``  — hearings and deadlines in a time window, overdue ones grouped by case
  (home, agenda, report agenda);
- ``case_file`` — what a case shows: parties, intakes, attachments, history, a person's
  cases, user labels;
- ``person_file`` — what a person's profile shows: intakes, cases as client and as
  another party, referrals, a timeline;
- ``report_rows`` — the rows the monthly statistics and the printed documents read.

Reads always leave out tombstoned rows (``_deleted = 0``).
"""

from __future__ import annotations

from app.core.queries.agenda import (
    agenda_items,
    moved_to,
    office_agenda,
    overdue_items,
    overdue_summary,
    scheduled_items,
)
from app.core.queries.case_file import (
    attachments,
    audit_events,
    case_file,
    case_intakes,
    office_name,
    person_cases,
    users,
)
from app.core.queries.lists import (
    case_labels,
    count_rows,
    fetch_rows,
    filter_options,
    like_pattern,
)
from app.core.queries.person_file import person_file
from app.core.queries.report_rows import monthly_rows, record
from app.core.user_names import user_label, user_labels  # the one rule for a user's name

__all__ = [
    "agenda_items",
    "attachments",
    "audit_events",
    "case_file",
    "case_intakes",
    "case_labels",
    "count_rows",
    "fetch_rows",
    "filter_options",
    "like_pattern",
    "monthly_rows",
    "moved_to",
    "office_agenda",
    "office_name",
    "overdue_items",
    "overdue_summary",
    "person_cases",
    "person_file",
    "record",
    "scheduled_items",
    "user_label",
    "user_labels",
    "users",
]
