"""What the desktop application needs from the layers below, as small Protocols.

Owns: ``VaultPort`` (open/create the encrypted store), ``Backend`` (every read and write
the screens make, in plain dicts, implemented over ``app.store``/``app.core`` by
``app/ui/backend.py``) and ``SyncPort`` (one sync round with progress, USB bundles).
Widgets depend on these only, so each screen is testable with a fake at the edge.
All methods may block: the UI calls them through ``app.ui.worker.Worker``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

Row = dict[str, Any]


@dataclass(frozen=True)
class Filters:
    """List filters; empty string means "any"."""

    text: str = ""
    status: str = ""
    matter: str = ""
    defender_id: str = ""
    office_id: str = ""


@dataclass(frozen=True)
class SearchHit:
    kind: str  # person / case / note
    id: str
    title: str
    snippet: str = ""
    case_id: str | None = None  # the case to open for a note or a case hit
    case_label: str = ""  # a note/referral hit: its case number and client; a case hit: client


@dataclass(frozen=True)
class Candidate:
    """A possible duplicate or conflict of interest found at intake."""

    person_id: str
    name: str
    doc: str
    score: float
    reason: str  # Spanish, shown to the defender
    exact: bool = False
    # case numbers that make this person a conflict of interest for ``side``
    conflict_cases: tuple[str, ...] = ()
    side: str = "client"  # the person being registered: the client, or another party
    # case numbers where they already are on that same side (no conflict, shown as such)
    same_side_cases: tuple[str, ...] = ()


LAST_ROUND = "last_round"  # sync state: the status of the last round (``SyncStatus``)


@dataclass(frozen=True)
class SyncStatus:
    online: bool | None = None  # None: never tried
    pending: int = 0
    last_success: str | None = None  # ISO datetime
    conflicts: int = 0
    quarantined: int = 0
    # how the last sync round ended (``sync.client.report`` statuses: ok, offline,
    # unauthorized, revoked...; None: none ran) and whether a server is linked at all
    last_round: str | None = None
    enrolled: bool = False

    @property
    def failing(self) -> bool:
        """The last round ended in an error the link does not explain (the server
        refused, the device is unknown, the disk...): not "ok", "offline", "cancelled"."""
        return self.last_round not in (None, "ok", "offline", "cancelled")

    def unsent_risk(self) -> bool:
        """Changes that exist only on this laptop while sync is not working: a server is
        linked, something waits, and the last round failed or none ever ran (quitting
        asks first)."""
        return self.enrolled and self.pending > 0 and self.last_round != "ok"


@dataclass
class SyncReport:
    status: str = "ok"  # ok / offline / revoked / ... (sync.client.report statuses)
    sent: int = 0
    received: int = 0
    conflicts: int = 0
    quarantined: int = 0
    error: str | None = None
    details: list[str] = field(default_factory=list)


ProgressCallback = Callable[[str, int, int], None]  # phase, done, total

# Device enrollment: (data_dir, server_url, code, user_name, passphrase)
#   -> (unlocked store, recovery key of the new vault)
Enroll = Callable[[Path, str, str, str, str], Any]
# Intake form renderer: factory(draft_sink, parent_widget) -> form widget with
# ``form_id``, ``form_version``, ``answers()``, ``problems()`` (and optional ``prefill``).
DraftSink = Callable[[Mapping[str, Any]], None]
FormFactory = Callable[[DraftSink, Any], Any]


class ReportsPort(Protocol):
    def available(self) -> list[tuple[str, str]]: ...  # (kind, Spanish title)
    # password None = the user explicitly chose an unprotected PDF (audited as declined)
    def generate(self, kind: str, path: Path, password: str | None) -> Path: ...
    # figures only (no names): ``small_cells`` decides whether it needs a password
    def figures_only(self, kind: str) -> bool: ...
    # its counts of 1-4 people ("Section — row: n"); [] = totals only (reads the store)
    def small_cells(self, kind: str) -> list[str]: ...
    def case_pdf(self, case_id: str, path: Path, password: str | None) -> Path: ...
    def intake_pdf(self, intake_id: str, path: Path, password: str | None) -> Path: ...


class StoreHandle(Protocol):
    """The unlocked store as far as the shell cares (the rest goes through Backend)."""

    user_name: str

    def lock(self) -> None: ...


class VaultPort(Protocol):
    def exists(self, data_dir: Path) -> bool: ...
    def list_users(self, data_dir: Path) -> list[str]: ...
    def create(
        self, data_dir: Path, office_code: str, office_name: str, user_name: str, passphrase: str
    ) -> tuple[Any, str]: ...
    def unlock(self, data_dir: Path, user_name: str, passphrase: str) -> Any: ...
    def unlock_with_recovery(
        self, data_dir: Path, recovery_key: str, user_name: str, new_passphrase: str
    ) -> Any: ...
    def wipe(self, data_dir: Path) -> list[str]: ...


class Backend(Protocol):
    """Reads and writes of the screens over one unlocked store."""

    user_name: str  # the login
    user_label: str  # who the user is on screen (``app.core.user_names``' rule)
    office_code: str

    def lock(self) -> None: ...

    # change notices: ``listener(changed)`` after every committed write (any thread);
    # returns a function that stops the notices
    def subscribe(self, listener: Callable[[Any], None]) -> Callable[[], None]: ...

    # lists
    def count(self, kind: str, filters: Filters) -> int: ...
    def fetch(
        self,
        kind: str,
        filters: Filters,
        sort: str,
        descending: bool,
        offset: int,
        limit: int,
        after: tuple[Any, str] | None = None,
    ) -> list[Row]: ...
    def filter_options(self) -> Mapping[str, Sequence[tuple[str, str]]]: ...

    # search and home
    def search(self, text: str, limit: int = 30) -> list[SearchHit]: ...
    def home(self) -> Row: ...
    # hearings and deadlines with low <= at < high (ISO text), any status, with client
    def agenda(self, low: str, high: str) -> list[Row]: ...
    def overdue(self) -> list[Row]: ...  # still scheduled in the past, oldest first

    # intake
    def home_province(self) -> str: ...  # the office's province "DDPP" ("" unknown)
    def find_candidates(
        self, person: Mapping[str, Any], side: str = "client"
    ) -> list[Candidate]: ...
    def record_decisions(
        self,
        draft_id: str,
        side: str,
        decisions: Mapping[str, str],
        scores: Mapping[str, float],
        party_row: int | None = None,
        case_id: str | None = None,  # a party added from the case view
        despite: Sequence[str] = (),  # the same person, confirmed despite a conflict
    ) -> None: ...
    def register_intake(
        self,
        person: Mapping[str, Any],
        answers: Mapping[str, Any],
        decision: Mapping[str, Any],
        open_case: bool,
    ) -> Row: ...
    def save_draft(
        self, draft_id: str, form_id: str, form_version: int, answers: Mapping[str, Any]
    ) -> None: ...
    def load_draft(self, draft_id: str) -> Row | None: ...
    def delete_draft(self, draft_id: str) -> None: ...

    # case view
    def person_cases(self, person_id: str) -> list[Row]: ...  # id, internal_number, matter
    def person_profile(self, person_id: str) -> Row: ...  # app.core.queries.person_file
    def update_person(self, person_id: str, changes: Mapping[str, Any]) -> None: ...
    def case_detail(self, case_id: str) -> Row: ...
    # case editing (app.core.cases): edit_case returns a CaseEdit (changed, warnings)
    def office_users(self) -> list[tuple[str, str]]: ...  # (id, label) of this office
    def edit_case(self, case_id: str, changes: Mapping[str, Any]) -> Any: ...
    def add_party(self, case_id: str, person_id: str, role: str) -> str: ...
    def add_new_party(self, case_id: str, person: Mapping[str, Any], role: str) -> str: ...
    # the conflict check of a registered person about to become another party of a case
    def party_candidates(self, person_id: str, role: str) -> list[Candidate]: ...
    def remove_party(self, party_id: str) -> None: ...
    def close_case(
        self, case_id: str, answers: Mapping[str, Any], cancel_pending: bool = True
    ) -> Any: ...
    def restorable_items(self, case_id: str) -> list[Row]: ...  # what reopening restores
    def reopen_case(self, case_id: str, reason: str, restore: bool = True) -> Any: ...
    def add_note(self, case_id: str, text: str, sign: bool) -> str: ...
    def edit_note(self, note_id: str, text: str) -> None: ...
    def sign_note(self, note_id: str) -> None: ...
    def correct_note(self, note_id: str, text: str) -> str: ...
    def add_hearing(self, case_id: str, category: str, kind: str, at: str, place: str) -> str: ...
    def date_warnings(self, case_id: str, category: str, at: str) -> list[Any]: ...
    def held_questions(self, hearing_id: str) -> list[str]: ...
    def set_hearing_status(
        self, hearing_id: str, status: str, result: str = "", new_at: str | None = None
    ) -> None: ...
    def correct_hearing(self, hearing_id: str, reason: str) -> None: ...
    def add_attachment(self, case_id: str, path: Path) -> str: ...
    def case_milestones(self, case_id: str) -> list[Row]: ...  # app.core.milestones rows
    def add_milestone(self, case_id: str, kind: str, occurred_on: str, note: str | None) -> str: ...
    def case_referrals(self, case_id: str) -> list[Row]: ...  # app.core.referrals rows
    def add_referral(self, case_id: str, values: Row) -> str: ...
    def update_referral(self, referral_id: str, values: Row) -> bool: ...
    def read_attachment(self, attachment_id: str) -> bytes: ...

    # deadlines from the rules and drafting (app/ui/backend_legal.py)
    def deadline_choices(self, case_id: str) -> Row: ...  # procedures, triggers by procedure
    def propose_deadlines(
        self, case_id: str, trigger: str, on: str, procedure: str
    ) -> list[Row]: ...
    def record_deadlines(
        self,
        case_id: str,
        trigger: str,
        on: str,
        choices: Mapping[str, Row],
        procedure: str,
        decided_on: str = "",
    ) -> list[str]: ...
    def day_questions(
        self, case_id: str, step: str, day: str, decided_on: str = ""
    ) -> list[str]: ...  # what to ask about a step's day (app.core.case_dates); refuses
    def due_soon(self) -> Row: ...  # {days, rows}: deadlines due within the warning days
    def writ_kinds(self) -> list[tuple[str, str]]: ...  # (kind, Spanish title)
    def writ_gaps(self, kind: str, case_id: str) -> list[str]: ...  # what the case lacks
    def draft_writ(self, kind: str, case_id: str, path: Path) -> Path: ...

    # sync side
    def sync_status(self) -> SyncStatus: ...
    def list_conflicts(self) -> list[Row]: ...
    def resolve_conflict(self, conflict_id: str, keep: str) -> None: ...
    def list_quarantine(self) -> list[Row]: ...
    def list_kept_aside(self) -> list[Row]: ...  # received, cannot apply here


class SyncPort(Protocol):
    """One replication round and the sneakernet bundles (``sync/client`` behind it)."""

    def configured(self) -> bool: ...
    def server_url(self) -> str: ...
    def set_server_url(self, url: str) -> None: ...
    def run_round(self, progress: ProgressCallback) -> SyncReport: ...
    def history(self) -> list[Row]: ...
    def export_bundle(self, path: Path) -> int: ...
    def import_bundle(self, path: Path) -> SyncReport: ...
