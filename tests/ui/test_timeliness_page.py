"""The "Tiempos" page driven as a person does, at 1024x600: click "Tiempos" in the
navigation, type a period, click "Actualizar", click through the tabs; every figure on
screen is checked against counts made here from the raw records (the fixture rows and
the milestone dates this test recorded), and the charts are real SVG drawings."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from app.core import milestones, referrals
from sync.spec import vocab
from tests.reports.fixtures import monthly_input
from tests.reports.seed import seed_store
from tests.ui.e2e import cells, click, click_tab, main_window, nav_to
from tests.ui.windows import watch_windows

END = "2026-04-01"  # the day after the period typed below (01/10/2025 - 31/03/2026)
# (filed, decision) of six cases: four sentences after 10, 20, 30 and 40 days, two
# still waiting at the period's end (censored): Kaplan-Meier median = 30 days
TIMES = [("2026-01-05", "2026-01-15"), ("2026-01-06", "2026-01-26"),
         ("2026-01-07", "2026-02-06"), ("2026-01-08", "2026-02-17"),
         ("2026-01-09", None), ("2026-01-12", "2026-05-04")]  # fmt: skip


def type_date(qtbot: Any, edit: Any, digits: str) -> None:
    """Click into a date field, erase it from the end with Backspace, type the digits."""
    click(qtbot, edit)
    qtbot.keyClick(edit, Qt.Key.Key_End)
    for _ in range(len(edit.text())):
        qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, digits)


def test_tiempos_shows_what_the_records_say(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    inp = monthly_input(seed=3, n=60, case_ratio=0.7, in_month_ratio=0.5)
    ids = seed_store(store, inp)
    case_keys = [c["id"] for c in inp.cases][: len(TIMES)]
    for key, (filed, decided) in zip(case_keys, TIMES, strict=True):
        milestones.record_milestone(store, ids[key], "filed", filed)
        if decided:
            milestones.record_milestone(store, ids[key], "decision", decided)
    # ten cases attended in December (recorded intake dates): "Atención → …" has the
    # most cases behind it, so the page must open there, not on time to sentence
    for key in [c["id"] for c in inp.cases][:10]:
        milestones.record_milestone(store, ids[key], "intake", "2025-12-01")
    person = ids["p0"]
    for institution, status in (("cem", "attended"), ("cem", "sent"), ("demuna", "sent")):
        referrals.add_referral(
            store,
            {"person_id": person, "institution": institution, "reason": "Orientación",
             "status": status, "referred_on": "2026-03-10"},
        )  # fmt: skip
    names = {uid: str(u["display_name"]) for uid, u in inp.users.items()}

    window = main_window(qtbot, store, vault_dir, fast_vault)
    with watch_windows(window):
        page = window.workspace.times
        with qtbot.waitSignal(page.loaded, timeout=30_000):  # the default period loads
            nav_to(qtbot, window, "Tiempos")
        assert window.workspace.pages.currentWidget() is page
        type_date(qtbot, page.date_from.edit, "01102025")
        type_date(qtbot, page.date_to.edit, "31032026")
        with qtbot.waitSignal(page.loaded, timeout=30_000):
            click(qtbot, page.update_button)
        assert "01/10/2025" in page.message.text() and "31/03/2026" in page.message.text()

        # the page opens on the interval with the most cases behind it, never an empty
        # chart (finding 15): walk every interval with the keyboard and compare
        opened_on = page.interval.currentData()
        page.interval.setFocus()
        qtbot.keyClick(page.interval, Qt.Key.Key_Home)
        sizes = {}
        for _ in range(page.interval.count()):
            shown = cells(page.survival_table)
            sizes[page.interval.currentData()] = int(shown[0][1]) if shown else 0
            qtbot.keyClick(page.interval, Qt.Key.Key_Down)
        assert sizes[opened_on] == max(sizes.values()) > sizes["filing_to_decision"] == 6
        # the column says what "reached the end" means for the interval, in plain words
        header = page.survival_table.horizontalHeaderItem(2)
        assert header is not None and header.text() == "Cerrados"  # "Atención → cierre"

        # time to sentence, chosen with the keyboard: n and events behind each figure
        qtbot.keyClick(page.interval, Qt.Key.Key_Up)
        assert page.interval.currentData() == "filing_to_decision"
        assert header.text() == "Con\nsentencia" and "aún esperan" in header.toolTip()
        rows = cells(page.survival_table)
        assert rows[0][:4] == ["Todas", "6", "4", "30"]  # events: decided by 31/03
        # Q1 = 20 days; Q3 is never reached (a third still waits): said in plain words
        # ("20 o más", not the jargon "20 – no alcanzado": fresh-eyes #8), never a dash
        assert rows[0][4] == "20 o más"
        assert page.survival_table.horizontalHeaderItem(4).text() == "Rango\nhabitual\n(días)"
        # which cases "Todas" follows is said above the figures, with the period and count
        # (not the office's sponsorships of a month: fresh-eyes #8)
        assert page.survival_note.text() == (
            "Casos con demanda presentada entre el 01/10/2025 y el 31/03/2026, seguidos "
            "hasta la sentencia (casos: 6)."
        )
        scope, table = page.survival_note, page.survival_table
        assert scope.isVisible() and scope.mapTo(page, scope.rect().bottomLeft()).y() <= (
            table.mapTo(page, table.rect().topLeft()).y())  # fmt: skip
        assert not any("—" in cell for row in rows for cell in row[1:])
        matters = Counter(
            vocab.MATTER.label(c["matter"]) for c in inp.cases if c["id"] in case_keys
        )
        assert {r[0]: int(r[1]) for r in rows[1:]} == dict(matters)
        # each chart is drawn when first shown (in the worker), then kept with the figures
        qtbot.waitUntil(lambda: page.survival_chart.key == "survival:filing_to_decision",
                        timeout=10_000)  # fmt: skip
        assert page.survival_chart.renderer().isValid()
        assert "caseload" not in page.view.charts  # not drawn while its tab is hidden

        # "Atención → cierre" follows the cases attended in the period; the page also says
        # how many closed in it, as the monthly report counts them (finding 13)
        page.interval.setFocus()
        qtbot.keyClick(page.interval, Qt.Key.Key_Down)
        assert page.interval.currentData() == "intake_to_closure"
        closed = sum(
            1 for c in inp.cases if c["closed_at"] and "2025-10-01" <= c["closed_at"][:10] < END
        )
        attended = int(cells(page.survival_table)[0][1])
        assert page.survival_note.text() == (
            "Casos atendidos entre el 01/10/2025 y el 31/03/2026, seguidos hasta su cierre "
            f"(casos: {attended}). Cerrados en el periodo, como los cuenta el informe "
            f"mensual: {closed}."
        )
        qtbot.keyClick(page.interval, Qt.Key.Key_Up)
        assert page.survival_note.text().startswith("Casos con demanda presentada entre")
        chart = page.survival_chart
        assert chart.isVisible() and chart.width() >= 260
        # fresh-eyes #14: at 1024x600 the chart has what its table leaves, and the
        # drawing fills it (it was 285 px of the tab's 855, a third)
        drawn = chart.renderer().defaultSize()
        scale = min(chart.width() / drawn.width(), chart.height() / drawn.height())
        assert chart.width() >= 340 and drawn.width() * scale >= 330, (chart.size(), drawn)
        assert drawn.height() * scale >= 0.85 * chart.height(), (chart.size(), drawn)
        table = page.survival_table
        assert table.horizontalScrollBar().maximum() == 0  # its table still whole

        # caseload at the last month's end against the ceiling
        click_tab(qtbot, page.tabs, "Carga procesal")
        active: Counter[str] = Counter()
        for case in inp.cases:
            if case["opened_at"][:10] < END and (
                case["closed_at"] is None or case["closed_at"][:10] >= END
            ):
                active[names[case["defender_id"]]] += 1
        shown = {r[0]: int(r[1]) for r in cells(page.caseload_table)}
        assert shown == {names[u]: active[names[u]] for u in ("u0", "u1", "u2")}
        qtbot.waitUntil(lambda: page.caseload_chart.key == "caseload", timeout=10_000)
        assert page.caseload_chart.renderer().isValid() and page.caseload_chart.isVisible()

        # consultations and sponsorships per defender over the period
        click_tab(qtbot, page.tabs, "Demanda por defensor(a)")
        made: Counter[tuple[str, str]] = Counter()
        for intake in inp.intakes:
            month = intake["recorded_at"][:7]
            if intake["status"] == "submitted" and "2025-10" <= month <= "2026-03":
                made[(names[intake["defender_id"]], intake["service_type"])] += 1
        assert {r[0]: (int(r[1]), int(r[2])) for r in cells(page.demand_table)} == {
            names[u]: (made[(names[u], "consulta")], made[(names[u], "patrocinio")])
            for u in ("u0", "u1", "u2")
        }

        # it says it counts forms, so that sponsorships and cases may differ (fresh7 #12)
        assert page.demand_note.isVisible() and page.demand_note.text().startswith(
            "Fichas de atención por tipo de servicio. El caso se abre aparte"
        )

        # the trend of consultations by matter: the totals add up
        click_tab(qtbot, page.tabs, "Tendencia")
        assert sum(int(r[3]) for r in cells(page.trend_table)) == sum(
            made[(names[u], "consulta")] for u in ("u0", "u1", "u2")
        )
        # it says it counts consultations only, and where the sponsorships are (fresh5 #9)
        assert page.trend_note.isVisible() and page.trend_note.text().startswith("Solo consultas")

        click_tab(qtbot, page.tabs, "Derivaciones")
        shown = {r[0]: (int(r[1]), int(r[2])) for r in cells(page.referral_table)}
        assert shown[vocab.REFERRAL_INSTITUTION.label("cem")] == (2, 1)
        assert shown[vocab.REFERRAL_INSTITUTION.label("demuna")] == (1, 0)
        assert page.referral_table.isVisible()

        # "Actualizar" again with nothing counted changed (a note written meanwhile is not
        # counted): the figures kept are shown again, not computed afresh
        kept = page.view
        store.insert("note", {"case_id": ids[case_keys[0]], "text": "Llamó la usuaria."})
        with qtbot.waitSignal(page.loaded, timeout=30_000):
            click(qtbot, page.update_button)
        assert page.view is kept

        # a write elsewhere (here, the store; a sync round alike) refreshes the page, which
        # stays on the interval the person chose, with figures computed afresh
        with qtbot.waitSignal(page.loaded, timeout=30_000):
            milestones.record_milestone(store, ids[case_keys[4]], "decision", "2026-03-01")
        assert page.view is not kept
        assert page.interval.currentData() == "filing_to_decision"
        assert cells(page.survival_table)[0][:3] == ["Todas", "6", "5"]

        # usable at 1024x600: the whole page fits beside the navigation
        assert window.width() <= 1024 and window.height() <= 600
        assert page.tabs.geometry().bottom() <= page.height()
        assert page.update_button.isVisible()


@contextmanager
def tiempos(qtbot: Any, store: Any, vault_dir: Path, fast_vault: Any) -> Iterator[Any]:
    """The main window on the Tiempos page, its figures loaded (no stray window)."""
    window = main_window(qtbot, store, vault_dir, fast_vault)
    with watch_windows(window):
        page = window.workspace.times
        with qtbot.waitSignal(page.loaded, timeout=30_000):
            nav_to(qtbot, window, "Tiempos")
        yield page


def test_a_reversed_period_is_refused_with_a_message(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    with tiempos(qtbot, store, vault_dir, fast_vault) as page:
        before = page.view
        type_date(qtbot, page.date_from.edit, "31032026")
        type_date(qtbot, page.date_to.edit, "01102025")
        click(qtbot, page.update_button)
        assert page.message.text() == "La fecha Hasta es anterior a Desde."
        assert page.view is before and page.update_button.isEnabled()


def test_a_year_out_of_range_is_said_under_its_field_and_the_row_stays_in_line(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Hasta 01/01/2101: the field says under itself that the year must be 1900-2100 as it
    is typed (the store refuses any other); the toolbar's fields and captions stay on one
    line above it; Actualizar says it again and computes nothing."""
    from PySide6.QtCore import QPoint

    with tiempos(qtbot, store, vault_dir, fast_vault) as page:
        before = page.view
        type_date(qtbot, page.date_to.edit, "01012101")
        said = "El año debe estar entre 1900 y 2100."
        qtbot.waitUntil(lambda: page.date_to.message.isVisible())
        assert page.date_to.message.text() == said

        def top(widget: Any) -> int:
            return int(widget.mapTo(page, QPoint(0, 0)).y())

        def in_line() -> None:  # within 3 px (a red-bordered edit is 2 px shorter)
            row = [page.date_from.edit, page.date_to.edit, page.ceiling, page.update_button]
            assert max(map(top, row)) - min(map(top, row)) <= 3, [top(w) for w in row]
            assert top(page.date_to.message) >= top(page.date_to.edit) + page.date_to.edit.height()

        qtbot.waitUntil(in_line)
        click(qtbot, page.update_button)
        assert page.message.text() == f"Hasta: {said}"
        assert page.view is before


def test_the_defenders_guide_names_the_tables_columns_as_the_screen_does(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fresh 10 #33: the guide said «Mitad central» for the column the screen calls
    "Rango habitual (días)". Every header of "Tiempos por materia" is in the guide as the
    screen shows it. Fails on the old guide."""
    guide = (Path(__file__).parents[2] / "docs" / "guia-defensor.md").read_text("utf-8")
    guide = " ".join(guide.split())
    with tiempos(qtbot, store, vault_dir, fast_vault) as page:
        table = page.survival_table
        for c in range(1, table.columnCount()):
            shown = " ".join(table.horizontalHeaderItem(c).text().split())
            assert f"«{shown}»" in guide, shown
    assert "Mitad central" not in guide


def test_tendencias_first_and_last_months_say_which(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any, office_noon: Any
) -> None:
    """Fresh 9 (the demo): on the 1st of the month Tendencia's "Último mes" read 0 for
    every matter, as if nobody had come: the month had just begun. The columns name their
    months ("ene 26", "dic 26"), the one still running marked "(en curso)". Fails on the
    old code ("Primer mes", "Último mes")."""
    from app.reports.labels import month_label

    today = office_noon.date()
    first = today.replace(day=1)
    for _ in range(11):  # the page's default period: twelve months up to today's
        first = (first - timedelta(days=1)).replace(day=1)
    with tiempos(qtbot, store, vault_dir, fast_vault) as page:
        click_tab(qtbot, page.tabs, "Tendencia")
        header = page.trend_table.horizontalHeaderItem
        assert header(1).text() == month_label(first)
        assert header(2).text() == f"{month_label(today.replace(day=1))}\n(en curso)"
