"""Change notices in the desktop app (issue 13, end-to-end test 6): an open case view
shows a note that an automatic sync round just brought, with no action by the user. A
real sync server on loopback (uvicorn), two enrolled devices: the other laptop writes the
note and syncs; this window's scheduler pulls it, the store's notice reaches the one
``ChangeFeed`` signal and the open case view reloads. Waiting is on conditions, never on
sleeps."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.core import cases, intakes, notes, people
from app.ui.backend import StoreBackend
from app.ui.main_window import MainWindow
from app.ui.services import Services
from app.ui.sync_adapter import EngineSyncPort, enroll
from tests.conftest import FAST, PASS
from tests.sync.proxy import UvicornThread
from tests.ui.conftest import unlocked_window
from tests.ui.e2e import click_tab, open_case_from_list

NOTE = "Llamó la demandada: acepta conciliar el 12 de marzo."


class LoopbackServer:
    """The real sync server (SQLite database) served by uvicorn on 127.0.0.1."""

    def __init__(self, path: Path) -> None:
        from sync.server.admin import Admin
        from sync.server.app import create_app
        from sync.server.db import Database

        self.db = Database(f"sqlite:///{path}")
        app = create_app(database=self.db, enroll_per_ip=1000, enroll_overall=1000)
        admin = Admin(self.db)
        self.office = admin.add_office("LIMA", "ALEGRA Lima")
        admin.add_user("LIMA", "ana", "Ana Quispe")
        admin.add_user("LIMA", "luis", "Luis Huamán")
        self.http = UvicornThread(app).start()
        self.url = f"http://127.0.0.1:{self.http.port}"

    def code(self) -> str:
        from sync.server.auth import issue_code

        return issue_code(self.db, self.office.office_id, 3600)

    def close(self) -> None:
        self.http.stop()
        self.db.dispose()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LoopbackServer]:
    s = LoopbackServer(tmp_path / "server.db")
    yield s
    s.close()


def _device(server: LoopbackServer, data_dir: Path, user: str) -> Any:
    store, _key = enroll(data_dir, server.url, server.code(), user, PASS, kdf=FAST)
    return store


def _open_case(store: Any) -> str:
    import forms
    from app.core import sample

    person = {
        "given_names": "Rosa",
        "paternal_surname": "Mamani",
        "doc_type": "DNI",
        "doc_number": "45871236",
        "birth_date": "1990-04-12",
        "sex": "F",
        "ubigeo": "080101",
    }
    person_id = people.register_person(store, person)
    definition = forms.load_registry().get("ficha_atencion")
    answers = sample.intake_answers(random.Random(5), person, definition)
    intake_id = intakes.add_intake(
        store, person_id, {"answers": answers}, intakes.FormsIntakeValidator(), "ficha_atencion"
    )
    return cases.open_case(store, intake_id)


def _notes_shown(window: MainWindow) -> list[str]:
    ws = window.workspace
    assert ws is not None
    view = ws.case_view
    return [view.notes.item(i).text() for i in range(view.notes.count())]


def test_open_case_view_shows_a_note_a_sync_round_brought(
    qtbot: Any, ui_app: Any, fast_vault: Any, tmp_path: Path, server: LoopbackServer
) -> None:
    # The other laptop opens the case and sends it up.
    other = _device(server, tmp_path / "other", "luis")
    other_sync = EngineSyncPort(other)
    case_id = _open_case(other)
    assert other_sync.engine_round(None).status == "ok"

    # This laptop: enrolled, unlocked, automatic sync every 0.3 s.
    data_dir = tmp_path / "mine"
    mine = _device(server, data_dir, "ana")
    services = Services(
        vault=fast_vault,
        data_dir=data_dir,
        make_backend=StoreBackend,
        make_sync=lambda b: EngineSyncPort(b.store),  # type: ignore[attr-defined]
        sync_every=0.3,
        sync_probe_every=0.05,
    )
    window = unlocked_window(qtbot, services, mine)
    ws = window.workspace
    assert ws is not None
    qtbot.waitUntil(lambda: ws.auto_sync is not None, timeout=20_000)  # built in the worker
    qtbot.waitUntil(lambda: mine.get("case", case_id) is not None, timeout=20_000)

    # The defender opens the case from the case list; it has no note yet.
    number = mine.get("case", case_id)["internal_number"]
    open_case_from_list(qtbot, window, number)
    click_tab(qtbot, ws.case_view.tabs, "Notas")
    assert "Mamani" in ws.case_view.title.text()
    assert ws.pages.currentWidget() is ws.case_view
    assert not any(NOTE in text for text in _notes_shown(window))

    # The other laptop writes a note and syncs; nobody touches this window.
    notes.add_note(other, case_id, NOTE)
    assert other_sync.engine_round(None).status == "ok"
    qtbot.waitUntil(lambda: any(NOTE in text for text in _notes_shown(window)), timeout=20_000)
    assert ws.pages.currentWidget() is ws.case_view  # still the same view, refreshed in place
    other.lock()
    window.lock()
