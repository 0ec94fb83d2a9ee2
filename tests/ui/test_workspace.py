"""The workspace over a real store: intake with a duplicate, notes, hearings, search,
lists, agenda, conflicts and a sync round with progress (fake engine at the edge)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel

from app import office_time
from app.core import hearings, notes, people
from app.ui.backend import StoreBackend
from app.ui.errors import ErrorReporter
from app.ui.services import Services
from app.ui.worker import Worker
from app.ui.workspace import Workspace
from sync.spec import vocab
from tests.conftest import PASS
from tests.ui.e2e import MARIA, arrange_case
from tests.ui.fakes import FakeSync, sample_form_factory

_case = arrange_case  # a person, their ficha and an open case (app.core)


@pytest.fixture
def workspace(qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any) -> Any:
    backend = StoreBackend(store)
    worker = Worker()
    sync = FakeSync()
    services = Services(
        vault=fast_vault,
        data_dir=vault_dir,
        make_backend=StoreBackend,
        make_sync=lambda _b: sync,
        form_factory=lambda _b: sample_form_factory(MARIA),
    )
    ws = Workspace(backend, worker, services, ErrorReporter(use_dialogs=False))
    qtbot.addWidget(ws)
    ws.resize(1280, 720)
    ws.show()
    ws.fake_sync = sync  # type: ignore[attr-defined]
    yield ws
    sync.release.set()
    worker.wait(10_000)
    # deliver the finished loads now, while the pages exist (else they reach the next
    # test's event loop as "Signal source has been deleted")
    QCoreApplication.processEvents()


def test_new_intake_detects_duplicate_and_opens_case(
    workspace: Any, qtbot: Any, store: Any
) -> None:
    existing = people.register_person(store, MARIA)
    workspace.new_intake()
    page = workspace.intake
    page.given.setText("María Elena")
    qtbot.keyClicks(page.paternal, "Quispe")
    qtbot.keyClicks(page.maternal, "Mamani")
    qtbot.keyClicks(page.doc_number, "45871236")
    with qtbot.waitSignal(page.candidates_shown, timeout=10_000) as blocker:
        page.check_candidates()
    assert blocker.args == [1]
    assert page.steps.currentIndex() == 1
    row = page.candidate_rows[0]
    assert row.candidate.person_id == existing and row.candidate.exact
    page.confirm_decisions()  # no decision yet: refused
    assert "Decida" in page.message.text()
    row.buttons["same"].setChecked(True)
    page.confirm_decisions()  # recorded (audited), then the ficha
    qtbot.waitUntil(lambda: page.steps.currentIndex() == 2, timeout=10_000)
    checks = store.query("SELECT entity_id FROM audit_event WHERE action = 'conflict_check'")
    assert [c["entity_id"] for c in checks] == [existing]
    qtbot.waitUntil(lambda: len(store.list_drafts()) == 1, timeout=10_000)  # draft autosaved
    with qtbot.waitSignal(page.registered, timeout=10_000) as done:
        qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    result = done.args[0]
    assert result["person_id"] == existing and result["case_id"]
    # the client is not registered twice; the only other person is the ficha's obligado,
    # who became the case's counterparty
    assert store.query("SELECT count(*) AS n FROM person WHERE doc_number = '45871236'") == [
        {"n": 1}
    ]
    others = store.query("SELECT id FROM person WHERE id != ?", (existing,))
    parties = store.query(
        "SELECT person_id, role FROM case_party WHERE case_id = ?", (result["case_id"],)
    )
    assert {(p["person_id"], p["role"]) for p in parties} == {(existing, "beneficiary")} | {
        (o["id"], "counterparty") for o in others
    }
    assert len(others) <= 1
    assert store.list_drafts() == []
    decisions = store.query("SELECT detail FROM audit_event WHERE action = 'duplicate_decision'")
    assert existing in decisions[0]["detail"]
    qtbot.waitUntil(lambda: workspace.current_name() == "case", timeout=10_000)
    qtbot.waitUntil(lambda: workspace.case_view.case_id == result["case_id"], timeout=10_000)


def test_consultation_only_creates_no_case(workspace: Any, qtbot: Any, store: Any) -> None:
    workspace.new_intake()
    page = workspace.intake
    page.given.setText("Rosa")
    page.paternal.setText("Huamán")
    page.doc_type.setCurrentIndex(page.doc_type.findData("SIN_DOCUMENTO"))
    assert page.doc_reason.isVisibleTo(page) and not page.doc_number.isVisibleTo(page)
    page.doc_reason.setText("DNI extraviado")
    with qtbot.waitSignal(page.candidates_shown, timeout=10_000):
        page.check_candidates()
    assert page.steps.currentIndex() == 2  # nobody similar: straight to the form
    with qtbot.waitSignal(page.registered, timeout=10_000) as done:
        page.submit(open_case=False)
    assert done.args[0]["case_id"] is None
    assert store.query("SELECT count(*) AS n FROM legal_case")[0]["n"] == 0
    assert store.query("SELECT count(*) AS n FROM intake")[0]["n"] == 1


def test_add_sign_correct_note_and_hearing(workspace: Any, qtbot: Any, store: Any) -> None:
    case_id = _case(store)
    view = workspace.case_view
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        workspace.open_record("case", case_id)
    assert "Maria Elena Quispe Mamani" in view.title.text()
    qtbot.keyClicks(view.note_edit, "Se presento la demanda de alimentos")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.mouseClick(view.add_note_button, Qt.MouseButton.LeftButton)
    assert view.notes.count() == 1 and "sin firmar" in view.notes.item(0).text()
    view.notes.setCurrentRow(0)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.notes_panel.sign_selected(confirm=False)  # the question: tests/ui/test_case_notes
    assert "firmada" in view.notes.item(0).text()
    view.notes.setCurrentRow(0)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.notes_panel.correct_selected("Se presentó la demanda de alimentos el lunes")
    assert view.notes.count() == 2
    assert "corregida" in view.notes.item(0).text()
    assert "corrección de la nota" in view.notes.item(1).text()
    # held yesterday (a hearing still to come cannot be marked held)
    at = (datetime.now() - timedelta(days=1)).replace(microsecond=0).isoformat()
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.hearings_panel.add_hearing("hearing", "Audiencia única", at, "Juzgado de Paz Letrado")
    assert view.hearings.rowCount() == 1
    assert view.hearings.item(0, 4).text() == "Programada"
    view.hearings.setCurrentCell(0, 0)
    view.hearings_panel.mark_selected("held", "Se fijó pensión")
    # (not view.loaded: a reload the hearing's own change notice started may land first,
    # read before the mark was written — the view then shows the mark on its next load)
    qtbot.waitUntil(lambda: view.hearings.item(0, 4).text() == "Realizada", timeout=10_000)
    later = (datetime.now() + timedelta(days=9)).replace(microsecond=0).isoformat()
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.hearings_panel.add_hearing("deadline", "Apelación", later, "")
    row = next(
        r
        for r in range(view.hearings.rowCount())
        if view.hearings.item(r, 4).text() == "Pendiente"  # a deadline's wording
    )
    view.hearings.setCurrentCell(row, 0)
    moved = (datetime.now() + timedelta(days=15)).replace(microsecond=0).isoformat()
    view.hearings_panel.mark_selected("rescheduled", new_at=moved)

    def states() -> list[str]:
        return sorted(view.hearings.item(r, 4).text() for r in range(view.hearings.rowCount()))

    qtbot.waitUntil(
        lambda: states() == ["Fecha cambiada", "Pendiente", "Realizada"], timeout=10_000
    )
    assert view.history.count() >= 4
    rows = store.query("SELECT text, signed_at, supersedes_id FROM note ORDER BY created_at")
    assert rows[0]["signed_at"] and rows[1]["supersedes_id"]


def test_search_as_you_type(workspace: Any, qtbot: Any, store: Any) -> None:
    case_id = _case(store)
    notes.add_note(store, case_id, "Coordinación con el CEM de Wanchaq")
    dialog = workspace.search
    dialog.open_fresh()
    # (under load the debounce may fire mid-word: wait for what the whole word shows)
    qtbot.keyClicks(dialog.edit, "quisp")
    qtbot.waitUntil(
        lambda: dialog.results.count() >= 1 and "Quispe" in dialog.results.item(0).text(),
        timeout=10_000,
    )
    dialog.edit.setText("wanchaq")
    qtbot.waitUntil(
        lambda: dialog.results.count() == 1 and dialog.results.item(0).text().startswith("Nota"),
        timeout=10_000,
    )
    with qtbot.waitSignal(workspace.case_view.loaded, timeout=10_000):
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    assert workspace.case_view.case_id == case_id


def test_case_list_loads_in_pages_and_filters(workspace: Any, qtbot: Any, store: Any) -> None:
    import random

    from app.core import sample

    rng = random.Random(5)
    for _ in range(7):
        _case(store, sample.person(rng))
    page = workspace.cases
    page.model.page_size = 3
    with qtbot.waitSignal(page.model.loaded, timeout=10_000):
        workspace.navigate("cases")
    assert page.model.total == 7 and page.model.rowCount() == 3
    root = page.table.rootIndex()

    def scrolled_to_end() -> bool:  # what the view does while the user scrolls down
        if page.model.canFetchMore(root):
            page.model.fetchMore(root)
        return page.model.rowCount() == 7

    qtbot.waitUntil(scrolled_to_end, timeout=10_000)
    assert not page.model.canFetchMore(root)
    opened = [page.model.row_data(i)["opened_at"] for i in range(7)]
    assert opened == sorted(opened, reverse=True)  # newest first
    numbers = [page.model.row_data(i)["internal_number"] for i in range(7)]
    with qtbot.waitSignal(page.model.loaded, timeout=10_000):
        page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert page.model.row_data(0)["internal_number"] == min(numbers)
    with qtbot.waitSignal(page.model.loaded, timeout=10_000):
        page.status.setCurrentIndex(page.status.findData("closed"))
    assert page.model.total == 0
    assert page.count_label.text() == "Registros: 0"


def test_agenda_views_name_clients_and_count_overdue(
    workspace: Any, qtbot: Any, store: Any
) -> None:
    case_id = _case(store)
    now = office_time.now().replace(microsecond=0)  # hearings are in office time
    past = (now - timedelta(days=40)).isoformat()
    tomorrow = (now + timedelta(days=1)).replace(hour=10, minute=30).isoformat()
    later = (now + timedelta(days=45)).isoformat()
    hearings.schedule_hearing(store, case_id, past, "Contestar demanda", None, "deadline")
    hearings.schedule_hearing(store, case_id, tomorrow, "Audiencia única", "JPL Cusco")
    hearings.schedule_hearing(store, case_id, later, "Audiencia de pruebas", "JPL Cusco")
    page = workspace.agenda
    with qtbot.waitSignal(page.refreshed, timeout=10_000):
        workspace.navigate("agenda")
    assert page.view == "week" and page.view_buttons["week"].isChecked()
    with qtbot.waitSignal(page.refreshed, timeout=10_000) as day:
        qtbot.mouseClick(page.view_buttons["day"], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(page.refreshed, timeout=10_000) as day:
        qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
    assert day.args == [1]
    assert page.table.item(0, 0).text() == "10:30"
    assert page.table.item(0, 1).text() == "Maria Elena Quispe Mamani"
    assert page.table.item(0, 6).text() == "Programada"
    with qtbot.waitSignal(page.refreshed, timeout=10_000) as overdue:
        qtbot.mouseClick(page.view_buttons["overdue"], Qt.MouseButton.LeftButton)
    assert overdue.args == [1]
    assert page.table.item(0, 3).text() == "Contestar demanda"
    assert page.table.item(0, 6).text() == "Vencido"
    assert not page.previous_button.isEnabled()  # the overdue list has no period
    with qtbot.waitSignal(page.refreshed, timeout=10_000):
        qtbot.mouseClick(page.view_buttons["month"], Qt.MouseButton.LeftButton)
    assert "de" in page.period_label.text()
    for _ in range(2):  # the hearing 45 days ahead is in one of the next two months
        with qtbot.waitSignal(page.refreshed, timeout=10_000):
            qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
        if any(
            page.table.item(r, 3).text() == "Audiencia de pruebas"
            for r in range(page.table.rowCount())
        ):
            break
    else:
        raise AssertionError("the month views never showed the hearing 45 days ahead")


def test_agenda_marks_an_overdue_item_held_after_asking_what_happened(
    workspace: Any, qtbot: Any, store: Any
) -> None:
    """Fresh-eyes walkthrough: "Marcar realizada" in Vencidos acted on one click, said
    nothing, and the selection jumped to the next row so a double click marked two. Now it
    asks what happened, says what was done, and leaves no row selected."""
    case_id = _case(store)
    now = office_time.now().replace(microsecond=0)
    older = hearings.schedule_hearing(
        store,
        case_id,
        (now - timedelta(days=9)).isoformat(),
        "Contestar demanda",
        None,
        "deadline",
    )
    newer = hearings.schedule_hearing(
        store, case_id, (now - timedelta(days=4)).isoformat(), "Apelar", None, "deadline"
    )
    page = workspace.agenda
    with qtbot.waitSignal(page.refreshed, timeout=10_000):
        workspace.navigate("agenda")
    with qtbot.waitSignal(page.refreshed, timeout=10_000) as overdue:
        qtbot.mouseClick(page.view_buttons["overdue"], Qt.MouseButton.LeftButton)
    assert overdue.args == [2] and page.table.item(0, 3).text() == "Contestar demanda"
    assert not page.held_button.isEnabled()  # nothing selected yet
    cell = page.table.visualItemRect(page.table.item(0, 3)).center()
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert page.held_button.isEnabled()
    for _ in range(2):  # a double click opens one dialog and writes nothing
        qtbot.mouseClick(page.held_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.result_dialog is not None, timeout=5_000)
    dialog = page.result_dialog
    assert dialog.isVisible()
    assert any("Contestar demanda" in label.text() for label in dialog.findChildren(QLabel))
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    assert ok.text() == "Marcar cumplido"  # a deadline's word (fresh7 #22), not a hearing's
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)  # nothing written: asks what happened
    assert dialog.isVisible() and dialog.message.text() == "Escriba qué pasó."
    assert store.get("hearing", older)["status"] == "scheduled"
    qtbot.keyClicks(dialog.text, "Escrito presentado el lunes")
    with qtbot.waitSignal(page.refreshed, timeout=10_000) as after:
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert after.args == [1] and page.table.item(0, 3).text() == "Apelar"
    held = store.get("hearing", older)
    assert (held["status"], held["result"]) == ("held", "Escrito presentado el lunes")
    assert store.get("hearing", newer)["status"] == "scheduled"
    assert not page.table.selectedItems() and not page.held_button.isEnabled()
    # (the refresh the write's own change notice starts may land before the write's answer
    # sets the confirmation: wait for the words, not for one more refresh)
    qtbot.waitUntil(
        lambda: page.done_label.text().startswith("Plazo marcado como cumplido."),  # fresh-eyes #22
        timeout=10_000,
    )
    assert "Contestar demanda" in page.done_label.text()


def test_home_shows_client_names_and_groups_overdue(
    workspace: Any, qtbot: Any, store: Any, office_noon: datetime
) -> None:
    case_id = _case(store)
    now = office_noon
    for days in range(3, 63, 2):  # a month of forgotten deadlines: 30 items, one case
        at = (now - timedelta(days=days)).isoformat()
        hearings.schedule_hearing(store, case_id, at, "Plazo", None, "deadline")
    late = now.replace(hour=23, minute=58).isoformat()  # later today
    hearings.schedule_hearing(store, case_id, late, "Audiencia única", "JPL Wanchaq")
    home = workspace.home
    with qtbot.waitSignal(home.refreshed, timeout=10_000):
        workspace.navigate("home")
    assert home.new_intake_button.isVisible()
    assert home.overdue.count() == 1  # grouped: one line for the case, not 30 red lines
    line = home.overdue.item(0).text()
    assert "Maria Elena Quispe Mamani" in line and "vencidos: 30" in line
    assert home.overdue_summary.text() == (  # one sentence, each figure once
        "30 plazos, de 1 caso. Registre qué pasó o reprográmelos."
    )
    assert home.overdue_title.text() == "Vencidos sin resultado (30)"
    assert home.hearings_title.text() == "Audiencias de hoy (1)"
    assert home.hearings.item(0).text() == (
        "23:58 · Maria Elena Quispe Mamani · Audiencia única · "
        + store.get("case", case_id)["internal_number"]
        + " · JPL Wanchaq"
    )
    with qtbot.waitSignal(workspace.agenda.refreshed, timeout=10_000) as shown:
        qtbot.mouseClick(home.overdue_button, Qt.MouseButton.LeftButton)
    assert shown.args == [30]
    assert workspace.current_name() == "agenda" and workspace.agenda.view == "overdue"
    workspace.navigate("home")
    qtbot.mouseClick(home.new_intake_button, Qt.MouseButton.LeftButton)
    assert workspace.current_name() == "intake"


def _make_conflict(store: Any, tmp_path: Path, fast_vault: Any) -> str:
    other, _ = fast_vault.create(tmp_path / "other", "LIM01", "ALEGRA Lima", "luis", PASS)
    try:
        pid = store.insert(
            "person", {"given_names": "Ana", "paternal_surname": "Rojas", "phone": "911111111"}
        )
        other.replica.apply_remote_changes(store.replica.pending_changes(100))
        store.update("person", pid, {"phone": "922222222"})
        other.update("person", pid, {"phone": "933333333"})
        store.replica.apply_remote_changes(
            [c for c in other.replica.pending_changes(100) if c.entity == "person"]
        )
    finally:
        other.lock()
    return pid


def test_conflict_shown_side_by_side_and_resolved(
    workspace: Any, qtbot: Any, store: Any, tmp_path: Path, fast_vault: Any
) -> None:
    pid = _make_conflict(store, tmp_path, fast_vault)
    conflict = store.replica.list_conflicts()[0]
    page = workspace.sync_page
    workspace.navigate("sync")
    qtbot.waitUntil(lambda: page.conflicts.count() == 1, timeout=10_000)
    assert "Ana Rojas" in page.conflicts.item(0).text()
    assert page.mine.toPlainText() == conflict["loser_value"]
    assert page.theirs.toPlainText() == conflict["winner_value"]
    with qtbot.waitSignal(page.changed, timeout=10_000):
        qtbot.mouseClick(page.keep_mine, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(  # the list then says there is none left
        lambda: (
            [page.conflicts.item(r).text() for r in range(page.conflicts.count())]
            == ["No hay conflictos por revisar."]
        ),
        timeout=10_000,
    )
    assert store.replica.list_conflicts() == []
    assert store.get("person", pid)["phone"] == conflict["loser_value"]


def test_sync_round_shows_progress(workspace: Any, qtbot: Any) -> None:
    page = workspace.sync_page
    sync = workspace.fake_sync
    assert page.sync_button.isEnabled()
    values: list[int] = []
    page.progress.valueChanged.connect(values.append)
    workspace.start_sync()  # F5
    assert workspace.current_name() == "sync" and page.running
    assert not page.sync_button.isEnabled()
    qtbot.waitUntil(lambda: page.progress.maximum() == 5, timeout=10_000)
    sync.release.set()
    with qtbot.waitSignal(page.round_finished, timeout=10_000) as done:
        pass
    assert done.args[0].sent == 5
    assert 3 in values  # intermediate progress reached the bar
    assert "5 enviados" in page.phase.text()
    assert page.sync_button.isEnabled()
    qtbot.waitUntil(lambda: page.history.count() == 1, timeout=10_000)


def test_intake_with_the_real_form_renderer_prefills_person_data(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    import random

    from app.core import sample
    from app.ui import wiring

    backend = StoreBackend(store)
    factory = wiring.form_factory(backend)
    assert factory is not None, "app.ui.forms must provide make_form_factory"
    worker = Worker()
    services = Services(
        vault=fast_vault,
        data_dir=vault_dir,
        make_backend=StoreBackend,
        form_factory=lambda _b: factory,
    )
    ws = Workspace(backend, worker, services, ErrorReporter(use_dialogs=False))
    qtbot.addWidget(ws)
    ws.new_intake()
    page = ws.intake
    page.given.setText("Sisa")
    page.paternal.setText("Condori")
    page.doc_number.setText("45871236")
    with qtbot.waitSignal(page.candidates_shown, timeout=10_000):
        page.check_candidates()
    form = page.form_widget
    assert form is not None and page.steps.currentIndex() == 2
    answers = form.draft_answers()  # type: ignore[attr-defined]
    assert answers["nombres"] == "Sisa" and answers["numero_documento"] == "45871236"
    person = {**MARIA, "given_names": "Sisa", "paternal_surname": "Condori"}
    filled = sample.intake_answers(random.Random(2), person, form.definition)  # type: ignore[attr-defined]
    form.set_answers({**filled, "nombres": "Sisa", "apellido_paterno": "Condori"})  # type: ignore[attr-defined]
    with qtbot.waitSignal(page.registered, timeout=10_000) as done:
        page.submit(open_case=True)
    assert done.args[0]["case_id"]
    row = store.query("SELECT form_id, form_version FROM intake")[0]
    assert row == {"form_id": "ficha_atencion", "form_version": form.form_version}  # type: ignore[attr-defined]
    # What only the ficha asks (mother tongue, interpreter) reaches the person record.
    saved = store.get("person", done.args[0]["person_id"])
    assert saved["mother_tongue"] == filled["lengua_materna"]
    assert saved["interpreter_needed"] == int(bool(filled["requiere_interprete"]))
    worker.wait(10_000)


def test_attachment_added_encrypted_and_viewed_from_memory(
    workspace: Any, qtbot: Any, store: Any, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    from app.ui.attachment_viewer import AttachmentViewer

    case_id = _case(store)
    view = workspace.case_view
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        workspace.open_record("case", case_id)
    source = tmp_path / "acta.txt"
    source.write_text("Acta de conciliación: texto confidencial", encoding="utf-8")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.add_attachment(source)
    assert view.attachments.count() == 1 and "acta.txt" in view.attachments.item(0).text()
    stored = list((store.data_dir / "attachments").rglob("*"))
    blobs = [p for p in stored if p.is_file()]
    assert blobs and all(b"confidencial" not in p.read_bytes() for p in blobs)
    view.attachments.setCurrentRow(0)
    view.view_selected()

    def viewer() -> AttachmentViewer | None:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, AttachmentViewer) and w.isVisible():
                return w
        return None

    qtbot.waitUntil(lambda: viewer() is not None, timeout=10_000)
    shown = viewer()
    assert shown is not None
    text = shown.findChild(QPlainTextEdit)
    assert text is not None and "texto confidencial" in text.toPlainText()
    shown.close()


def test_revoked_device_locks_the_window_and_wipes_its_copy(
    qtbot: Any, ui_app: Any, vault: Path, fast_vault: Any
) -> None:
    from app.ui.main_window import MainWindow
    from app.ui.ports import SyncReport

    class Revoked(FakeSync):
        def run_round(self, progress: Any) -> SyncReport:
            return SyncReport(status="revoked", error="retirado")

    window = MainWindow(
        Services(
            vault=fast_vault,
            data_dir=vault,
            make_backend=StoreBackend,
            make_sync=lambda _b: Revoked(),
        )
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.unlock_screen is not None, timeout=10_000)
    assert window.unlock_screen is not None
    window.unlock_screen.pass_edit.setText(PASS)
    with qtbot.waitSignal(window.unlocked, timeout=10_000):
        window.unlock_screen.submit()
    with qtbot.waitSignal(window.wiped, timeout=10_000):
        window.sync_action.trigger()
    assert window.backend is None
    assert "retiró este equipo" in window.opening.text()
    assert window.stack.currentWidget() is window.opening
    assert not fast_vault.exists(vault)  # the key file is gone: the copy is unreadable
    assert not (vault / "chasqui.db").exists()


def test_draft_is_resumed_from_home(workspace: Any, qtbot: Any, store: Any) -> None:
    from tests.ui.test_intake_quit import DRAFT

    answers = {k: v for k, v in DRAFT.items() if k not in ("telefono", "resumen_caso")}
    store.save_draft("d-1", "ficha_atencion", 1, answers)
    home = workspace.home
    home.refresh()
    qtbot.waitUntil(
        lambda: home.drafts.count() > 0 and "Killa Huaman" in home.drafts.item(0).text(),
        timeout=10_000,
    )
    item = home.drafts.item(0)
    home._activate(item)
    page = workspace.intake
    qtbot.waitUntil(lambda: page.given.text() == "Killa", timeout=10_000)
    assert page.paternal.text() == "Huaman" and page.doc_number.text() == "45871236"
    assert page.birth.date().toString("yyyy-MM-dd") == "1991-02-03"
    with qtbot.waitSignal(page.candidates_shown, timeout=10_000):
        page.check_candidates()
    assert page._draft_id == "d-1"  # the same draft keeps being saved
    with qtbot.waitSignal(page.registered, timeout=10_000):
        page.submit(open_case=False)
    assert store.list_drafts() == []


DOC_PASSWORD = "papel-de-la-ficha-7"


def case_view_with_reports(
    qtbot: Any, store: Any, vault_dir: Path, fast_vault: Any, errors: ErrorReporter | None = None
) -> Any:
    """A workspace with the real reports port, showing a new case (``ws.case_view``)."""
    from app.ui import wiring

    services = Services(
        vault=fast_vault,
        data_dir=vault_dir,
        make_backend=StoreBackend,
        make_reports=wiring.make_reports,
    )
    ws = Workspace(
        StoreBackend(store), Worker(), services, errors or ErrorReporter(use_dialogs=False)
    )
    qtbot.addWidget(ws)
    case_id = _case(store)
    view = ws.case_view
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        ws.open_record("case", case_id)
    return ws


def test_case_summary_and_intake_pdf_exported_from_the_case_view(
    qtbot: Any,
    ui_app: Any,
    store: Any,
    vault_dir: Path,
    fast_vault: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ws = case_view_with_reports(qtbot, store, vault_dir, fast_vault)
    view = ws.case_view
    assert view.pdf_button.isEnabled()
    target = tmp_path / "resumen.pdf"
    with qtbot.waitSignal(view.pdf_saved, timeout=30_000):
        view.export_pdf(target, password=None)  # the explicit "no password" choice
    assert target.read_bytes().startswith(b"%PDF")

    # The selected intake's record ("ficha"), exported the same way and audited.
    assert view.intakes.count() >= 1 and view.intake_pdf_button.isEnabled()
    intake_id = view.selected_intake()
    assert intake_id
    ficha = tmp_path / "ficha.pdf"
    from app.ui import case_view

    monkeypatch.setattr(case_view, "save_path", lambda *_a, **_k: ficha)  # the file dialog
    from tests.ui.test_pdf_protection import answer_pdf_dialog

    answer_pdf_dialog(qtbot, password=DOC_PASSWORD)
    with qtbot.waitSignal(view.pdf_saved, timeout=30_000) as saved:
        qtbot.mouseClick(view.intake_pdf_button, Qt.MouseButton.LeftButton)
    assert saved.args == [str(ficha)]
    from pypdf import PdfReader

    reader = PdfReader(ficha)
    assert reader.is_encrypted and reader.decrypt(DOC_PASSWORD) != 0
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Quispe" in " ".join(text.split()) and "Maria Elena" in " ".join(text.split())
    events = store.query(
        "SELECT action, entity, entity_id FROM audit_event WHERE entity = 'intake'"
        " AND action = 'export'"
    )
    assert [(e["action"], e["entity_id"]) for e in events] == [("export", intake_id)]
    view._worker.wait(10_000)


def test_a_person_opens_their_profile_and_back_returns(
    workspace: Any, qtbot: Any, store: Any
) -> None:
    case_id = _case(store)
    person_id = store.get("case", case_id)["person_id"]
    with qtbot.waitSignal(workspace.profile.loaded, timeout=10_000):
        workspace.open_record("person", person_id)
    assert workspace.current_name() == "person" and workspace.here() == ("person", person_id)
    with qtbot.waitSignal(workspace.case_view.loaded, timeout=10_000):
        workspace.open_record("case", case_id)
    assert workspace.here() == ("case", case_id)
    with qtbot.waitSignal(workspace.profile.loaded, timeout=10_000):
        workspace.go_back()
    assert workspace.here() == ("person", person_id)
    workspace.go_back()
    assert workspace.here() == ("nav", "home")


def test_case_view_lists_and_adds_referrals(workspace: Any, qtbot: Any, store: Any) -> None:
    from app.core import referrals

    case_id = _case(store)
    referrals.add_referral(store, {"case_id": case_id, "institution": "cem", "reason": "riesgo"})
    view = workspace.case_view
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        workspace.open_record("case", case_id)
    panel = view.referrals
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=10_000)
    assert panel.table.item(0, 1).text() == "Centro Emergencia Mujer (CEM)"
    assert panel.table.item(0, 2).text() == "Derivada"
    with qtbot.waitSignal(panel.changed, timeout=10_000):
        panel.add({"institution": "demuna", "referred_on": "2026-03-11", "reason": "tenencia"})
    qtbot.waitUntil(lambda: panel.table.rowCount() == 2, timeout=10_000)
    institutions = {panel.table.item(r, 1).text() for r in range(2)}
    assert "DEMUNA" in institutions
    rows = store.query("SELECT person_id FROM referral WHERE institution = 'demuna'")
    assert rows and rows[0]["person_id"]
    dialog = workspace.search
    dialog.open_fresh()
    with qtbot.waitSignal(dialog.results_shown, timeout=10_000):
        dialog.edit.setText("tenencia")
    assert dialog.results.item(0).text().startswith("Derivación")
    with qtbot.waitSignal(workspace.case_view.loaded, timeout=10_000):
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    assert workspace.case_view.case_id == case_id


def test_search_says_when_results_are_cut(workspace: Any, qtbot: Any, store: Any) -> None:
    import random

    from app.core import sample
    from app.ui.search import LIMIT

    rng = random.Random(7)
    for _ in range(LIMIT + 3):  # more people named Quispe than the dialog shows
        who = sample.person(rng)
        who["paternal_surname"] = "Quispe"
        _case(store, who)
    dialog = workspace.search
    dialog.open_fresh()
    # (under load the debounce may fire mid-word: wait for what the whole word shows)
    qtbot.keyClicks(dialog.edit, "quispe")
    qtbot.waitUntil(lambda: "hay más" in dialog.status.text(), timeout=10_000)
    assert dialog.results.count() == LIMIT and f"primeros {LIMIT}" in dialog.status.text()
    qtbot.keyClicks(dialog.edit, " zzzz")
    qtbot.waitUntil(lambda: dialog.status.text() == "Sin resultados.", timeout=10_000)
    assert dialog.results.count() == 0


def test_search_note_hit_names_its_case(workspace: Any, qtbot: Any, store: Any) -> None:
    case_id = _case(store)
    number = store.get("case", case_id)["internal_number"]
    notes.add_note(store, case_id, "Coordinación con el CEM de Wanchaq")
    dialog = workspace.search
    dialog.open_fresh()
    qtbot.keyClicks(dialog.edit, "wanchaq")
    qtbot.waitUntil(lambda: dialog.status.text() == "Resultados: 1", timeout=10_000)
    line = dialog.results.item(0).text()
    assert line.startswith("Nota") and number in line and "Maria Elena Quispe Mamani" in line
    # the case and client come first, before a long note text can push them out of sight
    first, second = line.split("\n")[:2]
    assert number in first and "Maria Elena Quispe Mamani" in first
    assert "Coordinación con el CEM de Wanchaq" in second
    with qtbot.waitSignal(workspace.case_view.loaded, timeout=10_000):
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    assert workspace.case_view.case_id == case_id


def test_search_shows_labels_and_the_client_of_a_case(
    workspace: Any, qtbot: Any, store: Any
) -> None:
    """Fresh-eyes walkthrough: Ctrl+K showed the raw code "SIN_DOCUMENTO" and a case's
    hit without its client; a hit shows the vocabulary's label and the client."""
    nobody = {**MARIA, "given_names": "Rosa", "paternal_surname": "Huillca"}
    nobody.update(doc_type="SIN_DOCUMENTO", doc_number="", doc_reason="No lo tiene")
    case_id = _case(store, nobody)
    number = store.get("case", case_id)["internal_number"]
    matter = store.get("case", case_id)["matter"]
    dialog = workspace.search
    dialog.open_fresh()
    qtbot.keyClicks(dialog.edit, "huillca")
    qtbot.waitUntil(lambda: dialog.status.text() == "Resultados: 1", timeout=10_000)
    line = dialog.results.item(0).text()
    assert line.startswith("Persona") and "Sin documento" in line
    assert "SIN_DOCUMENTO" not in line
    dialog.edit.clear()
    qtbot.keyClicks(dialog.edit, number)
    qtbot.waitUntil(
        lambda: dialog.results.count() == 1 and dialog.results.item(0).text().startswith("Caso"),
        timeout=10_000,
    )
    line = dialog.results.item(0).text()
    assert line.startswith("Caso") and number in line and "Rosa Huillca Mamani" in line
    assert matter not in line and vocab.MATTER.label(matter, "es") in line
    with qtbot.waitSignal(workspace.case_view.loaded, timeout=10_000):
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    assert workspace.case_view.case_id == case_id


def test_home_says_when_there_is_nothing(workspace: Any, qtbot: Any) -> None:
    home = workspace.home
    workspace.navigate("home")  # Inicio is already loading: wait for what it shows
    qtbot.waitUntil(
        lambda: home.conflicts.count() == 1 and bool(home.greeting.text()), timeout=15_000
    )
    shown = {
        name: getattr(home, name).item(0).text()
        for name in ("hearings", "deadlines", "overdue", "drafts", "conflicts")
    }
    assert shown == {
        "hearings": "No hay audiencias hoy.",
        "deadlines": "No hay plazos en los próximos 7 días.",
        "overdue": "Nada vencido: todo está al día.",
        "drafts": "No hay borradores.",
        "conflicts": "No hay conflictos de sincronización.",
    }
    assert home.overdue_button.isHidden() and home.overdue_summary.isHidden()
    assert home.new_intake_button.isVisible() and home.new_intake_button.isEnabled()


def test_the_agendas_confirmation_is_whole_at_1024x600(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fresh-eyes #22: "Marcada como realizada. Contestar la demanda de alimentos · <a
    long name> · <case>" beside the buttons ran past the window's right edge at 1024 px,
    and said "realizada" of a deadline. It says "Plazo marcado como cumplido." on its own
    line, wrapped, inside the window."""
    from PySide6.QtCore import QPoint

    from tests.ui.e2e import main_window, nav_to

    long_name = {**MARIA, "given_names": "María Sonia Esperanza",
                 "paternal_surname": "Chambilla", "maternal_surname": "Huamaní Quispe"}  # fmt: skip
    case_id = arrange_case(store, long_name)
    at = (office_time.now() - timedelta(days=3)).replace(microsecond=0).isoformat()
    detail = "Contestar la demanda de alimentos y ofrecer pruebas"
    hearings.schedule_hearing(store, case_id, at, detail, None, "deadline")
    window = main_window(qtbot, store, vault_dir, fast_vault)
    page = window.workspace.agenda
    nav_to(qtbot, window, "Agenda")
    with qtbot.waitSignal(page.refreshed, timeout=10_000):
        qtbot.mouseClick(page.view_buttons["overdue"], Qt.MouseButton.LeftButton)
    cell = page.table.visualItemRect(page.table.item(0, 3)).center()
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert page.held_button.text() == "Marcar cumplido"
    qtbot.mouseClick(page.held_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.result_dialog is not None, timeout=5_000)
    dialog = page.result_dialog
    qtbot.keyClicks(dialog.text, "Escrito presentado")
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    with qtbot.waitSignal(page.refreshed, timeout=10_000):
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    label = page.done_label
    qtbot.waitUntil(lambda: bool(label.text()), timeout=5_000)
    assert label.text().startswith("Plazo marcado como cumplido. ")
    assert detail in label.text() and "Chambilla" in label.text()
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()), timeout=5_000)
    left = label.mapTo(window, QPoint(0, 0)).x()
    assert label.isVisible() and left + label.width() <= window.width()
    assert label.fontMetrics().horizontalAdvance(label.text()) > label.width()  # it wraps
    window.lock()
