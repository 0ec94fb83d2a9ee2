"""Fresh-eyes #7/#27 in the real main window at 1024×600: the dates of a notified act
and of the sentence it reports are the case's facts (``app.core.case_dates``). A
notification typed in the future is refused under "Fecha del acto" before any term is
computed; a sentence before the claim it decides was filed is refused under "Fecha de la
sentencia" (nothing written); a sentence before the case began (its ficha's day) is
asked about, and a second "Guardar plazos" saves it as typed. The "Registrar hito…"
dialog obeys the same rule."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from app import office_time
from app.core import milestones
from app.ui.deadlines import DeadlinesDialog
from tests.drafting.test_drafting import alimentos_case
from tests.ui.e2e import button, cells, click, click_tab, main_window, modal, open_case_from_list
from tests.ui.test_case_milestones import _type_date
from tests.ui.windows import watch_windows


def _ficha_on(store: Any, case_id: str, day: Any) -> None:
    """The case's ficha says the client came on ``day`` (the case began then)."""
    intake = store.get("intake", store.get("case", case_id)["intake_id"])
    answers = json.loads(intake["answers"])
    answers["fecha_atencion"] = day.isoformat()
    with store.transaction() as tx:
        tx.update("intake", intake["id"], {"answers": answers})


@contextmanager
def _notices_dialog(
    qtbot: Any, store: Any, vault_dir: Path, fast_vault: Any, case_id: str
) -> Iterator[tuple[Any, Any, Any]]:
    """The main window on the case, its "Plazos por notificación…" dialog open: (window,
    case view, dialog), no stray window meanwhile."""
    window = main_window(qtbot, store, vault_dir, fast_vault)
    view = open_case_from_list(qtbot, window, store.get("case", case_id)["internal_number"])
    with watch_windows(window):
        click_tab(qtbot, view.tabs, "Audiencias y plazos")
        click(qtbot, button(view, "Plazos por notificación…"))
        yield window, view, modal(qtbot)


def _said_under(qtbot: Any, dialog: Any, edit: Any, day: Any, press: str, field: str) -> str:
    """``day`` typed into ``edit``, ``press`` clicked: what is said under ``field``."""
    _type_date(qtbot, edit, day)
    click(qtbot, button(dialog, press))
    problem = dialog.field_messages[field]
    qtbot.waitUntil(problem.isVisible, timeout=10_000)
    return str(problem.text())


def test_a_notification_to_come_and_a_sentence_before_its_claim_are_refused(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    today = office_time.today()
    case_id = alimentos_case(store)
    _ficha_on(store, case_id, today - timedelta(days=30))
    filed = today - timedelta(days=60)  # taken on in court: filed before the ficha
    milestones.record_milestone(store, case_id, "filed", filed.isoformat())
    with _notices_dialog(qtbot, store, vault_dir, fast_vault, case_id) as (window, view, dialog):
        assert isinstance(dialog, DeadlinesDialog)
        qtbot.keyClick(dialog.trigger, Qt.Key.Key_Down)
        assert dialog.trigger.currentText() == "Notificación de la sentencia"
        soon = today + timedelta(days=2)
        said = _said_under(qtbot, dialog, dialog.on.edit, soon, "Calcular plazos", "on")
        assert said == (
            f"La fecha de la notificación de la sentencia ({soon:%d/%m/%Y}) es futura: "
            "aún no ocurre."
        )
        assert dialog.rows == []  # nothing computed from a notification to come

        _type_date(qtbot, dialog.on.edit, today)
        click(qtbot, button(dialog, "Calcular plazos"))
        qtbot.waitUntil(lambda: len(dialog.rows) == 1, timeout=10_000)
        assert not dialog.field_messages["on"].isVisible()
        early = filed - timedelta(days=5)
        edit = dialog.step_on.edit
        said = _said_under(qtbot, dialog, edit, early, "Guardar plazos", "decided_on")
        assert said == (
            f"La fecha de la sentencia ({early:%d/%m/%Y}) es anterior a la de la presentación "
            f"de la demanda o denuncia del caso ({filed:%d/%m/%Y}): no puede serlo."
        )
        assert dialog.isVisible()
        assert store.query("SELECT id FROM hearing") == []

        before = today - timedelta(days=40)  # after the claim, before the ficha: asked
        _type_date(qtbot, dialog.step_on.edit, before)
        click(qtbot, button(dialog, "Guardar plazos"))
        asked = (
            f"La fecha de la sentencia ({before:%d/%m/%Y}) es anterior al inicio del caso "
            f"(la atención del {(today - timedelta(days=30)):%d/%m/%Y})."
        )
        qtbot.waitUntil(lambda: asked in dialog.message.text(), timeout=10_000)
        assert "pulse «Guardar plazos» otra vez" in dialog.message.text()
        assert dialog.isVisible() and store.query("SELECT id FROM hearing") == []
        click(qtbot, button(dialog, "Guardar plazos"))  # as typed
        qtbot.waitUntil(lambda: view.dialog is None, timeout=10_000)
        assert len(store.query("SELECT id FROM hearing")) == 1

        click_tab(qtbot, view.tabs, "Hitos")
        panel = view.milestones
        qtbot.waitUntil(lambda: panel.table.rowCount() == 3, timeout=10_000)
        shown = {r[1]: r[0] for r in cells(panel.table)}
        assert shown["Sentencia o resolución final"] == before.strftime("%d/%m/%Y")
        click(qtbot, button(panel, "Registrar hito…"))  # the same rule for a milestone
        dialog = modal(qtbot)
        assert dialog.kind.currentText() == "Demanda admitida"  # the first not reached
        day = filed - timedelta(days=1)
        said = _said_under(qtbot, dialog, dialog.date.edit, day, "Guardar", "occurred_on")
        assert said.startswith(
            f"La fecha de la admisión de la demanda ({(filed - timedelta(days=1)):%d/%m/%Y}) "
            "es anterior a la de la presentación de la demanda"
        )
        assert store.query("SELECT count(*) AS n FROM case_milestone")[0]["n"] == 2
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: view.milestones.dialog is None or not dialog.isVisible(),
                        timeout=5_000)  # fmt: skip
        window.lock()


def test_a_sentence_typed_with_its_notice_corrects_a_later_one_on_record(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """The case says its sentence was given 5 days ago (a mistake); the defender notifies
    it 10 days ago and types the sentence's real day, 20 days ago: the terms are computed
    (the typed sentence counts, the earliest of its kind), not refused for coming before
    the sentence on record."""
    today = office_time.today()
    case_id = alimentos_case(store)
    _ficha_on(store, case_id, today - timedelta(days=60))
    milestones.record_milestone(store, case_id, "decision", str(today - timedelta(days=5)))
    with _notices_dialog(qtbot, store, vault_dir, fast_vault, case_id) as (window, _view, dialog):
        qtbot.keyClick(dialog.trigger, Qt.Key.Key_Down)
        assert not dialog.step_box.isChecked()  # the case has a sentence already
        click(qtbot, dialog.step_box)
        _type_date(qtbot, dialog.step_on.edit, today - timedelta(days=20))
        _type_date(qtbot, dialog.on.edit, today - timedelta(days=10))
        click(qtbot, button(dialog, "Calcular plazos"))
        qtbot.waitUntil(lambda: len(dialog.rows) == 1, timeout=10_000)
        assert not dialog.field_messages["on"].isVisible()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        window.lock()
