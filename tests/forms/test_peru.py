"""Table-driven tests of the Peruvian rules in forms.peru."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forms import peru

TODAY = dt.date(2026, 11, 26)


@pytest.mark.parametrize(
    ("doc_type", "number", "reason", "code"),
    [
        ("DNI", "12345678", None, None),
        ("DNI", "01234567", None, None),  # leading zero kept (text)
        ("DNI", "00000001", None, None),
        ("DNI", "10117410-2", None, None),  # stdnum's own example
        ("DNI", "101174102", None, None),
        ("DNI", "10117410-3", None, "dni_check"),
        ("DNI", "12345678-1", None, None),  # digit check
        ("DNI", "12345678E", None, None),  # letter check for the same c
        ("DNI", "12345678e", None, None),  # lower case accepted
        ("DNI", "12345678-F", None, "dni_check"),
        ("DNI", "12345678-2", None, "dni_check"),
        ("DNI", "1234567", None, "dni_format"),  # lost leading zero
        ("DNI", "1234567890", None, "dni_format"),
        ("DNI", "1234567A", None, "dni_format"),
        ("DNI", "１２３４５６７８", None, "dni_format"),  # full-width digits
        ("DNI", "", None, "doc_number_required"),
        ("DNI", None, None, "doc_number_required"),
        ("DNI", 12345678, None, "doc_number_required"),  # a number is not text
        ("DNI", "1" * 100, None, "doc_too_long"),
        ("RUC", "20131312955", None, None),
        ("RUC", "10101174102", None, None),  # DNI-derived RUC
        ("RUC", "20131312956", None, "ruc_check"),
        ("RUC", "30131312955", None, "ruc_prefix"),
        ("RUC", "2013131295", None, "ruc_format"),
        ("CE", "001234567", None, None),
        ("CE", "N00123456789", None, None),
        ("CE", "0012345678901", None, "doc_length"),
        ("CE", "12$45", None, "doc_format"),
        ("PASAPORTE", "AB1234567", None, None),
        ("PASAPORTE", "123", None, "doc_length"),
        ("CPP", "000123456789012", None, None),
        ("SIN_DOCUMENTO", "", "Menor sin inscripción en RENIEC", None),
        ("SIN_DOCUMENTO", None, "no tiene", None),
        ("SIN_DOCUMENTO", "", None, "doc_reason_required"),
        ("SIN_DOCUMENTO", "", "  ", "doc_reason_required"),
        ("SIN_DOCUMENTO", "12345678", "perdió", "doc_number_unexpected"),
        ("LIBRETA", "123", None, "doc_type_unknown"),
        (None, "123", None, "doc_type_unknown"),
    ],
)
def test_check_document(doc_type: object, number: object, reason: object, code: str | None) -> None:
    result = peru.check_document(doc_type, number, reason)
    if code is None:
        assert result is None
    else:
        assert result is not None and result.code == code
        assert isinstance(result, str) and result  # Spanish text for the user


def test_dni_check_characters_follow_the_rule() -> None:
    # weights (3,2,7,6,5,4,3,2), c = sum mod 11, "65432110987"[c] or "KJIHGFEDCBA"[c]
    number = "45678912"
    c = sum(w * int(n) for w, n in zip((3, 2, 7, 6, 5, 4, 3, 2), number, strict=True)) % 11
    for good in ("65432110987"[c], "KJIHGFEDCBA"[c]):
        assert peru.check_document("DNI", number + good) is None
    bad = [ch for ch in "0123456789ABCDEFGHIJK" if ch not in ("65432110987"[c], "KJIHGFEDCBA"[c])]
    for ch in bad:
        assert peru.check_document("DNI", number + ch).code == "dni_check"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("phone", "ok"),
    [
        ("987654321", True),
        ("987 654 321", True),
        ("+51 987654321", True),
        ("51987654321", True),
        ("887654321", False),
        ("98765432", False),
        ("9876543210", False),
        ("014271234", True),  # Lima landline
        ("01-427-1234", True),
        ("084234567", True),  # Cusco
        ("064123456", True),  # Junín
        ("094123456", False),  # no such area code
        ("4271234", False),  # landline without area code
        ("", False),
        ("abc", False),
    ],
)
def test_check_phone(phone: str, ok: bool) -> None:
    assert (peru.check_phone(phone) is None) is ok


def test_mobile_only() -> None:
    assert peru.check_phone("014271234", mobile_only=True).code == "phone_mobile_format"  # type: ignore[union-attr]
    assert peru.check_phone("987654321", mobile_only=True) is None


@pytest.mark.parametrize(
    ("code", "err"),
    [
        ("150101", None),  # Lima, Lima, Lima
        ("010201", None),  # Bagua (INEI)
        ("080101", None),  # Cusco
        ("150143", None),  # Villa María del Triunfo
        ("15010", "ubigeo_format"),
        ("1501011", "ubigeo_format"),
        ("ABCDEF", "ubigeo_format"),
        ("999999", "ubigeo_unknown"),
        ("010000", "ubigeo_unknown"),  # department, not district
        (150101, "ubigeo_format"),
    ],
)
def test_check_ubigeo(code: object, err: str | None) -> None:
    result = peru.check_ubigeo(code)
    assert (result.code if result else None) == err


def test_reniec_inei_mapping_bagua() -> None:
    # Bagua: INEI 010201, RENIEC 010205 — and INEI 010205 is a different district (Imaza)
    assert peru.reniec_to_inei("010205") == "010201"
    assert peru.inei_to_reniec("010201") == "010205"
    bagua = peru.district("010201")
    imaza = peru.district("010205")
    assert bagua is not None and bagua.name == "BAGUA"
    assert imaza is not None and imaza.name == "IMAZA"
    assert peru.inei_to_reniec("150101") == "140101"  # Lima: department codes differ
    assert peru.reniec_to_inei("140101") == "150101"
    assert peru.reniec_to_inei("999999") is None
    assert peru.inei_to_reniec("999999") is None


def test_cascading_lookup() -> None:
    deps = dict(peru.departments())
    assert len(deps) == 25 and deps["080000"] == "CUSCO"
    provs = dict(peru.provinces("080000"))
    assert provs["080100"] == "CUSCO"
    assert all(code.startswith("08") for code in provs)
    dists = dict(peru.districts("080100"))
    assert dists["080101"] == "CUSCO"
    assert all(code.startswith("0801") for code in dists)
    assert peru.district("080101").label() == "CUSCO, CUSCO, CUSCO"  # type: ignore[union-attr]


def test_catalog_from_explicit_path(tmp_path: object) -> None:
    cat = peru.load_catalog(peru.resources_dir())
    assert len(cat) > 1800
    assert peru.check_ubigeo("010201", catalog=cat) is None
    with pytest.raises(FileNotFoundError):
        peru.load_catalog(str(tmp_path))


@pytest.mark.parametrize(
    ("text", "parts", "warnings"),
    [
        ("00123-2021-0-1801-JP-FC-01", ("00123", 2021, "0", "1801", "JP", "FC", "01"), []),
        (" 00123-2021-0-1801-jp-fc-01 ", ("00123", 2021, "0", "1801", "JP", "FC", "01"), []),
        ("01234-2019-15-0401-JR-LA-02", ("01234", 2019, "15", "0401", "JR", "LA", "02"), []),
        ("00001-2020-0-9901-JR-FC-01", None, ["court_code_unknown"]),
        ("00001-2020-0-1801-JR-ZZ-01", None, ["court_specialty_unknown"]),
        ("00001-1950-0-1801-JR-FC-01", None, ["court_file_year"]),
    ],
)
def test_parse_court_file(text: str, parts: tuple[object, ...] | None, warnings: list[str]) -> None:
    cf = peru.parse_court_file(text, today=TODAY)
    if parts is not None:
        assert (
            cf.number,
            cf.year,
            cf.incident,
            cf.court_code,
            cf.organ,
            cf.specialty,
            cf.court_no,
        ) == parts
    assert [w.code for w in cf.warnings] == warnings
    assert all(w.severity == "warning" for w in cf.warnings)
    assert peru.check_court_file(text, today=TODAY) is None  # warnings never block


@pytest.mark.parametrize(
    "text",
    [
        "",
        "123-2021-0-1801-JP-FC-01",
        "00123-21-0-1801-JP-FC-01",
        "00123-2021-0-1801-JP-FC-1",
        "00123-2021-00000-1801-JP-FC-01",
        "00123/2021/0/1801/JP/FC/01",
        None,
        "x" * 500,
    ],
)
def test_bad_court_file(text: object) -> None:
    with pytest.raises(peru.CourtFileError) as info:
        peru.parse_court_file(text)
    assert info.value.code == "court_file_format"
    assert peru.check_court_file(text).code == "court_file_format"  # type: ignore[union-attr]


def test_court_file_parts_json_ready() -> None:
    cf = peru.parse_court_file("00123-2021-0-1801-JP-FC-01")
    assert cf.parts()["court_code"] == "1801" and cf.judicial_district == "Lima"


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("506014500-2021-123-0", True),
        ("2021-123", True),
        ("123/2021", True),
        ("12", False),
        ("", False),
        ("---", False),
        ("ABC-DEF", False),
        (None, False),
    ],
)
def test_carpeta_fiscal(text: object, ok: bool) -> None:
    assert (peru.check_carpeta_fiscal(text) is None) is ok


@pytest.mark.parametrize(
    ("birth", "code"),
    [
        ("2000-01-01", None),
        ("2026-11-26", None),
        ("2026-11-27", "birth_date_future"),
        ("1899-12-31", "birth_date_old"),
        ("2000-02-30", "date_format"),
        ("01/02/2000", "date_format"),
        (None, "date_format"),
    ],
)
def test_birth_date(birth: object, code: str | None) -> None:
    result = peru.check_birth_date(birth, today=TODAY)
    assert (result.code if result else None) == code


@pytest.mark.parametrize(
    ("birth", "years"),
    [
        ("2000-11-26", 26),
        ("2000-11-27", 25),
        ("2008-11-26", 18),
        ("2008-11-27", 17),
        ("2004-02-29", 22),
        ("2026-11-26", 0),
        ("2027-01-01", None),
        ("nope", None),
    ],
)
def test_age(birth: str, years: int | None) -> None:
    assert peru.age(birth, today=TODAY) == years


def test_age_leap_day_common_year() -> None:
    assert peru.age("2004-02-29", today=dt.date(2025, 2, 28)) == 20
    assert peru.age("2004-02-29", today=dt.date(2025, 3, 1)) == 21


@given(
    st.sampled_from(peru.DOC_TYPES),
    st.text(max_size=40),
    st.one_of(st.none(), st.text(max_size=20)),
)
def test_check_document_never_raises(doc_type: str, number: str, reason: str | None) -> None:
    result = peru.check_document(doc_type, number, reason)
    assert result is None or (isinstance(result, str) and result.code)


@given(st.text(max_size=80))
def test_other_checks_never_raise(text: str) -> None:
    for check in (
        peru.check_phone,
        peru.check_ubigeo,
        peru.check_court_file,
        peru.check_carpeta_fiscal,
        peru.check_birth_date,
    ):
        result = check(text)
        assert result is None or isinstance(result, peru.Message)


def test_resources_dir_lookup_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from forms import ubigeo

    assert ubigeo.resources_dir(tmp_path) == tmp_path  # explicit path first
    monkeypatch.setenv(ubigeo.RESOURCES_ENV, str(tmp_path / "env"))
    assert ubigeo.resources_dir() == tmp_path / "env"
    monkeypatch.delenv(ubigeo.RESOURCES_ENV)
    bundle = tmp_path / "bundle"
    (bundle / "resources" / "ubigeo").mkdir(parents=True)
    monkeypatch.setattr("sys._MEIPASS", str(bundle), raising=False)
    assert ubigeo.resources_dir() == bundle / "resources"  # PyInstaller bundle
    monkeypatch.delattr("sys._MEIPASS")
    assert (ubigeo.resources_dir() / "ubigeo" / "ubigeo_distrito.csv").is_file()  # checkout
