"""Districts published after a release extend the ubigeo catalog at runtime."""

from __future__ import annotations

import pytest

from forms import peru, ubigeo

NEW = "250397"  # not in the shipped catalog (asserted below)


def _row(inei: str, reniec: str | None = None, name: str = "NUEVO") -> dict[str, str]:
    return {
        "inei": inei,
        "reniec": reniec or inei,
        "departamento": "UCAYALI",
        "provincia": "PADRE ABAD",
        "distrito": name,
    }


def _fresh() -> ubigeo.UbigeoCatalog:
    return ubigeo.UbigeoCatalog.from_dir(ubigeo.resources_dir() / "ubigeo")


def test_extend_adds_codes_idempotently_and_never_removes() -> None:
    cat = _fresh()
    size = len(cat)
    assert peru.check_ubigeo("250396", cat) is not None
    assert cat.extend([_row("250396", "250296")]) == 1
    assert cat.extend([_row("250396", "250296")]) == 0  # idempotent
    assert len(cat) == size + 1
    assert peru.check_ubigeo("250396", cat) is None
    assert cat.by_reniec("250296") is not None and cat.district("250396") is not None
    assert ("250396", "NUEVO") in cat.districts("2503")
    assert cat.extend([_row("250396", "250296", "RENOMBRADO")]) == 0  # names may change
    assert cat.district("250396").name == "RENOMBRADO"  # type: ignore[union-attr]
    assert cat.extend([]) == 0 and len(cat) == size + 1
    assert cat.district("010101") is not None  # shipped codes stay


def test_new_province_and_department_appear_in_the_pickers() -> None:
    cat = _fresh()
    row = {**_row("990101"), "departamento": "NUEVA REGION", "provincia": "NUEVA PROV"}
    cat.extend([row])
    assert ("990000", "NUEVA REGION") in cat.departments()
    assert cat.provinces("99") == [("990100", "NUEVA PROV")]


@pytest.mark.parametrize(
    "bad",
    [
        {"inei": "25039", "reniec": "250390"},
        {"inei": "250390", "reniec": "25039A"},
        {"inei": "250390", "reniec": "250390", "distrito": ""},
        {"inei": "250390"},
    ],
)
def test_a_bad_row_changes_nothing(bad: dict[str, str]) -> None:
    cat = _fresh()
    size = len(cat)
    row = {**_row("250390"), **bad}
    if bad == {"inei": "250390"}:
        row = {"inei": "250390"}
    with pytest.raises(ValueError, match="district row"):
        cat.extend([_row("250391"), row])
    assert len(cat) == size and cat.district("250391") is None  # all or nothing


def test_peru_add_districts_extends_the_default_catalog() -> None:
    assert peru.district(NEW) is None
    assert peru.check_ubigeo(NEW) is not None
    assert peru.add_districts([_row(NEW, "250297")]) == 1
    assert peru.add_districts([_row(NEW, "250297")]) == 0
    assert peru.check_ubigeo(NEW) is None
    assert peru.reniec_to_inei("250297") == NEW
    assert ubigeo.inei_to_reniec(NEW) == "250297"
