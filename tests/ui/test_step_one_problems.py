"""Step 1 of the new intake says every problem at once, in the real window (fresh8 #3:
a 7-digit DNI and a birth date in the future showed only the date; the DNI's problem
came on the second press), and a wrong DNI check character does not give the right one
away (fresh8 #4: "…revise el número. (se esperaba 9 o C)": the check character is
there to catch a typo)."""

from __future__ import annotations

from contextlib import ExitStack, contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from app.ui.focus_ring import show_in_scroll_area
from app.ui.record_page import office_today
from tests.ui.e2e import click, retype
from tests.ui.test_case_milestones import _type_date
from tests.ui.test_intake import _new_intake, _type, _type_rosa, _window


def _shown(page: Any) -> dict[str, str]:
    """The problems under step 1's fields, as shown (field -> text)."""
    labels = page.person_step.fields.problems
    return {name: label.text() for name, label in labels.items() if label.isVisible()}


@contextmanager
def _rosa_checked(qtbot: Any, ready: tuple[Any, Path, Any], dni: str, birth: str = "") -> Any:
    """A new intake in the real window, step 1 typed for Rosa with ``dni`` (and ``birth``),
    "Buscar coincidencias y continuar" pressed: the page."""
    store, vault_dir, fast_vault = ready
    with ExitStack() as watched:
        window = _window(qtbot, store, vault_dir, fast_vault, watched)
        page = _new_intake(qtbot, window)
        _type_rosa(qtbot, page, dni)
        if birth:
            _type(qtbot, page.birth.edit, birth)
        click(qtbot, page.person_step.check_button)
        yield page


def test_step_one_shows_the_dni_and_the_birth_date_problems_at_once(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fails on the old code: only "La fecha es posterior a …" on the first press; and
    on the code before ``join_sentences``: "…verificación).; Fecha…"."""
    future = office_today().addYears(1).toString("ddMMyyyy")  # a birth date to come
    with _rosa_checked(qtbot, (store, vault_dir, fast_vault), "1234567", future) as page:
        shown = _shown(page)
        assert set(shown) == {"doc_number", "birth_date"}, shown
        assert shown["doc_number"].startswith("El DNI debe tener 8 dígitos")
        assert shown["birth_date"].startswith("La fecha es posterior a")
        said = page.message.text()
        assert said.startswith("Revise los datos: Número de documento: El DNI debe tener 8")
        assert "Fecha de nacimiento: La fecha es posterior a" in said
        # one sentence, its punctuation clean (fresh 9 #3: "…verificación).; Fecha…")
        assert "verificación); Fecha de nacimiento: " in said and ".;" not in said, said
        assert said.endswith(".") and not said.endswith("..")
        assert page.steps.currentIndex() == 0
        assert page.window().focusWidget() is page.doc_number  # the first to fix


def test_a_wrong_dni_check_character_is_said_without_the_right_one(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fails on the old code: "… revise el número. (se esperaba 9 o C)"."""
    with _rosa_checked(qtbot, (store, vault_dir, fast_vault), "412345670") as page:
        qtbot.waitUntil(lambda: "doc_number" in _shown(page), timeout=10_000)
        text = _shown(page)["doc_number"]
        assert text == "El carácter de verificación del DNI no corresponde; revise el número."
        assert page.message.text() == f"Revise los datos: Número de documento: {text}"
        assert page.steps.currentIndex() == 0


def test_three_problems_under_step_ones_fields_show_whole_at_1024x600(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fresh 10 #9: with the DNI, the birth date and the phone wrong, the phone's problem
    (two lines) was cut at the bottom of step 1: the form layout gave its wrapped line the
    height it measured at another width. Every problem reads whole, scrolled to if the
    step is short of room. Fails on the old code (the phone's second line cut)."""
    future = office_today().addYears(1).toString("ddMMyyyy")
    with _rosa_checked(qtbot, (store, vault_dir, fast_vault), "1234567", future) as page:
        _type(qtbot, page.phone, "98765432")
        click(qtbot, page.person_step.check_button)
        qtbot.waitUntil(lambda: set(_shown(page)) >= {"doc_number", "birth_date", "phone"})
        window = page.window()
        assert (window.width(), window.height()) == (1024, 600)
        step = page.person_step
        for name in ("doc_number", "birth_date", "phone"):
            label = step.fields.problems[name]
            show_in_scroll_area(label)  # as Tab does (none: nothing to scroll)
            qtbot.waitUntil(lambda label=label: _whole(label), timeout=5_000)
            lines = label.fontMetrics().boundingRect(
                0, 0, label.width(), 10_000, int(Qt.TextFlag.TextWordWrap), label.text()
            )
            assert label.height() >= lines.height(), (name, label.text())


def _whole(label: Any) -> bool:
    """All of ``label`` is painted: nothing of it clipped by the widgets around it."""
    return label.visibleRegion().boundingRect().size() == label.size()


def test_a_dni_retyped_with_a_wrong_check_character_says_so_under_it_on_leaving(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fresh 10 #8: a 7-digit DNI refused under its field; retyped as "41234567-0"
    (a wrong check character) the line under it went while the summary below named the
    check character. Now, leaving the field (Tab), the field says it too — said on
    leaving, not while typing. Fails on the old code: nothing under the field."""
    future = office_today().addYears(1).toString("ddMMyyyy")
    with _rosa_checked(qtbot, (store, vault_dir, fast_vault), "1234567", future) as page:
        assert _shown(page)["doc_number"].startswith("El DNI debe tener 8 dígitos")
        retype(qtbot, page.doc_number, "41234567-0")
        assert "doc_number" not in _shown(page)  # typing: its line went (room kept)
        check = "El carácter de verificación del DNI no corresponde; revise el número."
        said = "Número de documento: " + check.rstrip(".")  # the summary below says it
        qtbot.waitUntil(lambda: said in page.message.text(), timeout=5_000)
        qtbot.keyClick(page.doc_number, Qt.Key.Key_Tab)  # leaving the field
        assert _shown(page).get("doc_number") == check


def test_a_fixed_field_keeps_its_room_while_typed_and_gives_it_back_on_leaving(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fresh 11 #5/#6: with step 1's problems shown, retyping a future birth date as a
    right one made its line go: its room stays while the person types (nothing below
    moves, nor the buttons under the summary), and leaving the field gives it back — no
    blank band left under it (there were two, until the next press). Fails on the code
    before this change: the bands stayed after Tab."""
    from PySide6.QtCore import QCoreApplication, QEvent

    future = office_today().addYears(1).toString("ddMMyyyy")
    with ExitStack() as watched:
        window = _window(qtbot, store, vault_dir, fast_vault, watched)
        page = _new_intake(qtbot, window)
        step = page.person_step

        def at(widget: Any) -> Any:
            for _ in range(3):  # the layouts Qt posted, nested: done before measuring
                QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            return widget.mapTo(window, widget.rect().center())

        def gap() -> int:
            """How far below the birth date the next row (Sexo) is."""
            return int(at(step.sex).y() - at(page.birth.edit).y())

        _type_rosa(qtbot, page, "41234567")
        gap_before = gap()
        _type(qtbot, page.birth.edit, future)
        click(qtbot, step.check_button)
        qtbot.waitUntil(lambda: "birth_date" in _shown(page), timeout=10_000)
        shown, button_at = at(step.sex), at(step.check_button)
        assert gap() > gap_before  # the problem under the date took room
        _type_date(qtbot, page.birth.edit, date(1990, 3, 15))  # as a person retypes it
        assert page.birth.edit.text() == "15/03/1990" and "birth_date" not in _shown(page)
        assert (at(step.sex), at(step.check_button)) == (shown, button_at)  # typing: still
        qtbot.keyClick(page.birth.edit, Qt.Key.Key_Tab)  # leaving the field
        assert gap() == gap_before  # no blank band left under the date


def test_a_wrong_date_says_why_while_typed_and_leaves_no_band_when_left(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fresh 11 #6 and fresh 12 #4: a future birth date typed into an empty step 1, then
    Tab: an empty band (no text) stayed under the date (f78e4c1), then the text went and
    the rows jumped while the field stayed red (1e3d89d). The line says why as soon as
    the date is whole (all of its text), stays when the field is left with its problem,
    and goes — with its room, once the field is left — when the date is fixed."""
    from PySide6.QtCore import QCoreApplication, QEvent

    future = office_today().addYears(1)
    with ExitStack() as watched:
        window = _window(qtbot, store, vault_dir, fast_vault, watched)
        page = _new_intake(qtbot, window)

        def gap() -> int:
            for _ in range(3):  # the layouts Qt posted, nested: done before measuring
                QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            below, date = page.sex, page.birth.edit
            return int(below.mapTo(window, below.rect().center()).y()
                       - date.mapTo(window, date.rect().center()).y())  # fmt: skip

        _type_rosa(qtbot, page, "41234567")
        before = gap()
        _type(qtbot, page.birth.edit, future.toString("ddMMyyyy"))
        said = page.birth.message
        assert said.isVisible() and said.text().startswith("La fecha es posterior a")
        assert said.height() >= said.heightForWidth(said.width()) > 0  # whole
        typed = gap()
        qtbot.keyClick(page.birth.edit, Qt.Key.Key_Tab)  # left with its problem: still said
        assert said.isVisible() and said.text().startswith("La fecha es posterior a")
        assert gap() == typed > before  # nothing jumped (fresh 12 #4)
        _type_date(qtbot, page.birth.edit, date(1990, 3, 15))  # fixed: the line goes, ...
        assert not said.isVisible() and gap() == typed  # ... its room kept while typing
        qtbot.keyClick(page.birth.edit, Qt.Key.Key_Tab)
        assert gap() == before  # left: no band under the date
