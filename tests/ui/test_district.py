"""The district field finds the INEI ubigeo from a name, a list entry or six digits;
its suggestions put the office's province, then department, first (issue 13 #17), show
names as Spanish writes them, and a name several districts share is never guessed."""

from __future__ import annotations

from contextlib import ExitStack
from typing import Any

from PySide6.QtCore import Qt

from app.core import people
from app.ui.district import DistrictEdit, district_labels
from tests.core.conftest import person_input
from tests.ui.test_intake import _new_intake, _window


def test_district_by_name_label_or_code(qtbot: Any, ui_app: Any) -> None:
    labels = district_labels()
    assert len(labels) > 1800
    assert "COMAS — Concepción, Junín (120206)" in labels  # accents where the catalog has them
    assert "SAN JUAN DE LURIGANCHO — Lima, Lima (150132)" in labels
    edit = DistrictEdit()
    qtbot.addWidget(edit)
    edit.setText("Wánchaq")
    assert edit.code() == "080108" and edit.problem() is None
    edit.setText("wanchaq")
    assert edit.code() == "080108"
    label = next(x for x in labels if x.endswith("(150101)"))
    edit.setText(label)
    assert edit.code() == "150101"
    edit.setText("150132")
    assert edit.code() == "150132"
    edit.setText("Lugar que no existe")
    assert edit.code() == "" and edit.problem() == "Elija un distrito de la lista."
    edit.set_code("080108")
    assert edit.text().startswith("WANCHAQ") and edit.code() == "080108"
    # A name two districts share is not guessed (the last one used to win): pick one.
    edit.setText("comas")
    assert edit.code() == ""
    assert edit.problem() == "Hay 2 distritos llamados comas: elija el suyo de la lista."


def _pick_first(qtbot: Any, edit: DistrictEdit, typed: str) -> str:
    """Type into the field, then Down and Enter in its suggestions, as a person does."""
    edit.clear()
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus, timeout=5_000)
    qtbot.keyClicks(edit, typed)
    popup = edit.completer().popup()
    qtbot.waitUntil(popup.isVisible, timeout=5_000)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    return edit.code()


def test_the_offices_province_then_department_rank_first(qtbot: Any, ui_app: Any) -> None:
    edit = DistrictEdit()
    qtbot.addWidget(edit)
    edit.show()
    edit.activateWindow()
    qtbot.waitExposed(edit)
    edit.set_home("1501")  # an office in Lima, Lima
    edit.setFixedWidth(200)  # a narrow dialog: the suggestions are still whole
    assert _pick_first(qtbot, edit, "Comas") == "150110"
    popup = edit.completer().popup()
    need = popup.fontMetrics().horizontalAdvance("COMAS — Concepción, Junín (120206)")
    assert popup.minimumWidth() > need > 200
    assert edit.text() == "COMAS — Lima, Lima (150110)"
    suggestions = edit.suggestions("comas")
    assert suggestions[0].endswith("(150110)") and suggestions[1].endswith("(120206)")
    # Names that start with what was typed first; then the office's province, then its
    # department (Lima's other provinces), then the rest of Peru.
    san = edit.suggestions("san")
    assert all(s.startswith("SAN") for s in san[:10])
    where = [s[-7:-1] for s in san if s.startswith("SAN")]
    ranks = [0 if c[:4] == "1501" else 1 if c[:2] == "15" else 2 for c in where]
    assert ranks == sorted(ranks) and ranks[0] == 0 and 1 in ranks and 2 in ranks
    assert _pick_first(qtbot, edit, "junin").startswith("12")  # accents optional: Junín
    edit.set_home("1202")  # an office in Concepción, Junín
    assert _pick_first(qtbot, edit, "Comas") == "120206"


def test_the_offices_province_comes_from_where_its_people_live(store: Any) -> None:
    assert people.home_province(store) == ""  # nothing says where the office is
    for number, ubigeo in enumerate(("080108", "150110", "150132", "150501", "080101")):
        people.register_person(store, person_input(doc_number=f"4100000{number}", ubigeo=ubigeo))
    # Lima has the most people (3 of 5): within it, province Lima (2) over Cañete (1).
    assert people.home_province(store) == "1501"
    office = store.get("office", store.office_id)
    store.update("office", office["id"], {"ubigeo": "080101"})  # the office record says
    assert people.home_province(store) == "0801"


def test_comas_down_enter_in_a_new_intake_of_a_lima_office(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Any, fast_vault: Any
) -> None:
    """The finding's keyboard path, in the real window: the office's people live in Lima."""
    for number, ubigeo in enumerate(("150101", "150110", "080108")):
        people.register_person(store, person_input(doc_number=f"4200000{number}", ubigeo=ubigeo))
    with ExitStack() as watched:
        window = _window(qtbot, store, vault_dir, fast_vault, watched)
        page = _new_intake(qtbot, window)
        qtbot.waitUntil(lambda: page.ubigeo.suggestions("comas")[0].endswith("(150110)"))
        assert _pick_first(qtbot, page.ubigeo, "Comas") == "150110"
        assert page.ubigeo.text() == "COMAS — Lima, Lima (150110)"


def test_a_district_published_later_is_offered(qtbot: Any, ui_app: Any) -> None:
    """The suggestions are built once per catalog revision: a district that arrives by
    sync (``forms.ubigeo.extend``) is offered by the next field."""
    from forms import ubigeo

    before = DistrictEdit()
    qtbot.addWidget(before)
    assert not before.suggestions("nuevo san martin")
    row = {"inei": "250398", "reniec": "250298", "departamento": "UCAYALI"}
    ubigeo.extend([{**row, "provincia": "PADRE ABAD", "distrito": "NUEVO SAN MARTIN"}])
    after = DistrictEdit()
    qtbot.addWidget(after)
    assert after.suggestions("nuevo san martin") == [
        "NUEVO SAN MARTÍN — Padre Abad, Ucayali (250398)"
    ]
