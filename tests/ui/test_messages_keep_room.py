"""Fresh 10 #18 and #28: a message that goes while the person types keeps its room until
the next save (``app.ui.widgets.keep_room``, the one rule of the dialogs and forms), so
the field they aim at stays under the pointer; a letter typed into a date is said, not
dropped silently. In the real main window at 1024×600."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt
from PySide6.QtWidgets import QWidget

from tests.ui.e2e import button, choose, click, click_tab, modal, on_case
from tests.ui.test_case_milestones import _type_date
from tests.ui.windows import watch_windows


def _at(widget: QWidget, dialog: QWidget) -> QPoint:
    """Where ``widget``'s middle is in ``dialog`` once the layouts Qt posted are done (a
    field's own layout first, then the dialog's: one round each, nested)."""
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    return widget.mapTo(dialog, widget.rect().center())


def _click_where(qtbot: Any, dialog: QWidget, where: QPoint) -> QWidget | None:
    """A click where a person aims (a point of the dialog): whatever is there now gets it."""
    target = dialog.childAt(where)
    if target is not None:
        qtbot.mouseClick(target, Qt.MouseButton.LeftButton, pos=target.mapFrom(dialog, where))
    return target


def test_a_date_message_going_keeps_the_note_under_the_pointer(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any, office_noon: Any
) -> None:
    """ "Registrar hito": a date after today said under the field; the date typed again,
    the message goes but the Nota field stays where the person saw it: a click there
    reaches it and the note is saved with the milestone. A letter typed into the date says
    so. Fails on the old code: the Nota field jumped up as the message went, the click
    missed it (the note went into the date, dropped, and the milestone saved without it)."""
    window, view, _case = on_case(qtbot, store, vault_dir, fast_vault)
    today = office_noon.date()
    with watch_windows(window):
        click_tab(qtbot, view.tabs, "Hitos")
        click(qtbot, button(view.milestones, "Registrar hito…"))
        dialog = modal(qtbot)
        said = dialog.date.message
        _type_date(qtbot, dialog.date.edit, today + timedelta(days=4))
        qtbot.waitUntil(said.isVisible, timeout=5_000)
        assert said.text().startswith("La fecha es posterior a")
        qtbot.keyClick(dialog.date.edit, Qt.Key.Key_X)  # a letter: said, not dropped
        hint = f"Escriba solo los números: {today:%d%m%Y} → {today:%d/%m/%Y}"
        assert said.isVisible() and said.text() == hint  # today as the example (fresh 11 #13)
        aimed = _at(dialog.note, dialog)  # where the person sees Nota now
        lines = said.fontMetrics().boundingRect(
            0, 0, said.width(), 10_000, int(Qt.TextFlag.TextWordWrap), said.text()
        )
        assert said.height() >= lines.height()  # every line of it shown (fresh 11 #13)

        _type_date(qtbot, dialog.date.edit, today - timedelta(days=3))
        assert not said.isVisible()
        assert _at(dialog.note, dialog) == aimed  # nothing moved under the pointer
        assert _click_where(qtbot, dialog, aimed) is dialog.note
        qtbot.keyClicks(dialog.note, "Leida en audiencia")
        with qtbot.waitSignal(view.milestones.changed, timeout=10_000):
            qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
        (saved,) = store.query("SELECT occurred_on, note FROM case_milestone")
        assert saved == {
            "occurred_on": (today - timedelta(days=3)).isoformat(),
            "note": "Leida en audiencia",
        }
        window.lock()


def test_the_closing_form_keeps_its_rows_in_place_as_its_problems_are_fixed(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """ "Cerrar el caso" with the reason and result missing: "Hay 2 problemas…" above the
    form and "Revise el formulario: …" below it. Fixed one by one, the list below follows
    (the reason fixed leaves it, then the line empties) and neither line's going moves
    the form's rows or the buttons. Fails on the old code: the list stayed after both
    were fixed, and the rows jumped up ~30 px when the summary went."""
    window, view, case_id = on_case(qtbot, store, vault_dir, fast_vault)
    with watch_windows(window):
        click_tab(qtbot, view.tabs, "Resumen")
        click(qtbot, view.close_button)
        dialog = modal(qtbot)
        click(qtbot, button(dialog, "Cerrar el caso"))
        summary, below = dialog.form.summary, dialog.message
        assert summary.isVisible() and summary.text() == "Hay 2 problemas por corregir."
        assert "Motivo de cierre" in below.text() and "Resultado" in below.text()
        row = dialog.form.rows["resultado"]
        where, ok = _at(row, dialog), _at(button(dialog, "Cerrar el caso"), dialog)

        choose(qtbot, dialog, "motivo_cierre", "Acuerdo")
        qtbot.waitUntil(lambda: "Motivo de cierre" not in below.text(), timeout=5_000)
        assert "Resultado" in below.text()
        choose(qtbot, dialog, "resultado", "Favorable")
        qtbot.waitUntil(lambda: not summary.isVisible() and below.text() == "", timeout=5_000)
        assert (_at(row, dialog), _at(button(dialog, "Cerrar el caso"), dialog)) == (where, ok)
        click(qtbot, button(dialog, "Cerrar el caso"))
        qtbot.waitUntil(lambda: store.get("case", case_id)["status"] == "closed", timeout=10_000)
        window.lock()
