"""The district field finds the INEI ubigeo from a name, a list entry or six digits."""

from __future__ import annotations

from typing import Any

from app.ui.district import DistrictEdit, district_labels


def test_district_by_name_label_or_code(qtbot: Any, ui_app: Any) -> None:
    labels = district_labels()
    assert len(labels) > 1800
    edit = DistrictEdit()
    qtbot.addWidget(edit)
    edit.setText("Wánchaq")
    assert edit.code() == "080108"
    edit.setText("wanchaq")
    assert edit.code() == "080108"
    label = next(x for x in labels if x.endswith("(150101)"))
    edit.setText(label)
    assert edit.code() == "150101"
    edit.setText("150132")
    assert edit.code() == "150132"
    edit.setText("Lugar que no existe")
    assert edit.code() == ""
    edit.set_code("080108")
    assert edit.text().startswith("WANCHAQ") and edit.code() == "080108"
