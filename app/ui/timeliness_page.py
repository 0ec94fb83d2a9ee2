"""The "Tiempos" page: how long justice takes in this office, and how loaded it is.

Owns ``TimelinessPage`` (a period — Desde/Hasta, the last twelve months by default —, the
caseload ceiling, and five tabs, each a chart beside its table: the Kaplan–Meier curve of
the chosen interval by matter (time to sentence first), active cases per defender at each
month's end against the ceiling line, the monthly trend of consultations by matter, the
consultations and sponsorships of each defender, referrals by institution) and
``TimesPort`` / ``make_times`` (the calls the page makes, run in the worker:
``office_view``, ``app.reports.office_figures`` read once; ``chart``, one chart of
``app.reports.office_charts`` drawn when its tab or interval is first shown and kept with
the figures — the same drawings the monthly PDF prints — shown here as SVG; drawing all
seven up front cost 0.7 s of CPU at 100k cases, issue 16).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QByteArray, QCoreApplication, QDate, QSize, Qt, Signal
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import office_time
from app.core.queries.caseload import READS
from app.reports.labels import explained, month_label  # plain text (reports load lazily)
from app.store.collation import spanish_key
from app.ui.forms.dates import DateField
from app.ui.record_page import read_only_table
from app.ui.widgets import section_label, ui_lang
from app.ui.worker import Worker

if TYPE_CHECKING:
    from app.reports.office_figures import OfficeFigures

DEFAULT_MONTHS = 12
CHART_SIZE = (225.0, 265.0)  # points of the drawings shown; the widget scales them up
# the survival curves': shaped like the room they get at 1024x600 once their table has
# what its columns need (``_share``), so they fill it (fresh-eyes #14: a 210x150 px plot
# in a third of the tab)
SURVIVAL_SIZE = (310.0, 290.0)


@dataclass(frozen=True)
class OfficeView:
    figures: OfficeFigures
    # chart key (office_charts.CHART_KEYS) -> SVG, each drawn when first shown
    charts: dict[str, bytes] = dataclass_field(default_factory=dict)


class TimesPort(Protocol):
    def office_view(self, start: date, end: date, ceiling: int) -> OfficeView: ...
    def chart(
        self, view: OfficeView, key: str, size: tuple[float, float] | None = None
    ) -> bytes: ...  # drawn once, kept in view; ``size``: in points, else the page's


class StoreTimes:
    """``TimesPort`` over the unlocked store (reportlab is loaded on the first call). The
    figures and charts of the last few periods are kept while no record they count
    changes (``app.reports.figures_cache``: a write or a sync page of a counted entity
    makes the next call compute afresh)."""

    def __init__(self, store: Any) -> None:
        from app.reports.figures_cache import DataVersion, VersionedCache

        self._store = store
        self.cache: VersionedCache[OfficeView] = VersionedCache(DataVersion(store, READS))

    def office_view(self, start: date, end: date, ceiling: int) -> OfficeView:
        today = office_time.today()  # the current month's caseload counts up to today
        return self.cache.get((start, end, ceiling, today),
                              lambda: self._compute(start, end, ceiling, today))  # fmt: skip

    def _compute(self, start: date, end: date, ceiling: int, today: date) -> OfficeView:
        from app.reports.office_figures import office_figures

        return OfficeView(office_figures(self._store, start, end, ceiling, today=today))

    def chart(self, view: OfficeView, key: str, size: tuple[float, float] | None = None) -> bytes:
        from app.reports.office_charts import chart, svg

        kept = key if size is None else f"{key}@{size[0]:.0f}x{size[1]:.0f}"
        found = view.charts.get(kept)
        if found is None:  # two requests at once draw it twice: the same bytes
            size = size or (SURVIVAL_SIZE if key.startswith("survival:") else CHART_SIZE)
            found = view.charts[kept] = svg(chart(view.figures, key, *size))
        return found


def make_times(backend: Any) -> TimesPort | None:
    if importlib.util.find_spec("app.reports") is None or not hasattr(backend, "store"):
        return None
    return StoreTimes(backend.store)


def _days(value: float | None) -> str:
    """A median in days, or "no alcanzado" (``app.reports.labels.days_text``, translated)."""
    from app.reports.labels import days_text

    return days_text(value, QCoreApplication.translate("TimelinessPage", "no alcanzado"))


def _quartiles(q1: float | None, q3: float | None) -> str:
    """The "rango habitual" cell (``app.reports.labels.range_text``, translated)."""
    from app.reports.labels import range_text

    return range_text(
        q1,
        q3,
        QCoreApplication.translate("TimelinessPage", "no alcanzado"),
        QCoreApplication.translate("TimelinessPage", "%1 o más"),
        QCoreApplication.translate("TimelinessPage", "%1 a %2"),
    )


def _two_lines(text: str) -> str:
    """A header on two lines, broken at the space nearest its middle."""
    spaces = [i for i, c in enumerate(text) if c == " "]
    if not spaces:
        return text
    cut = min(spaces, key=lambda i: abs(i - len(text) / 2))
    return text[:cut] + "\n" + text[cut + 1 :]


class Chart(QSvgWidget):
    """An SVG chart that keeps its proportions; ``key`` names the chart it shows ("" while
    none: a chart still being drawn leaves it blank, never the previous one)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setAccessibleName(name)
        self.key = ""
        self.renderer().setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        self.setMinimumSize(260, 150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def show_svg(self, data: bytes, key: str = "") -> None:
        self.load(QByteArray(data))
        self.key = key if data else ""
        self.renderer().setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)

    def sizeHint(self) -> QSize:
        return QSize(int(CHART_SIZE[0]), int(CHART_SIZE[1]))


def _share(split: QSplitter, table: QTableWidget, first: int = 105) -> None:
    """The table beside a chart gets what its columns need — the first (the matter)
    ``first`` px, each other one its title or its longest word, its text wrapping —,
    the chart the rest: the table never scrolls sideways and the chart is as big as that
    leaves (fresh-eyes #14: 285 px of the tab's 855)."""
    header, words = table.horizontalHeader(), table.fontMetrics()
    need = first + 2 * table.frameWidth() + table.verticalScrollBar().sizeHint().width()
    for c in range(1, header.count()):
        cells = (table.item(r, c) for r in range(table.rowCount()))
        texts = [item.text() for item in cells if item is not None]
        longest = max((words.horizontalAdvance(w) for t in texts for w in t.split()), default=0)
        width = max(header.sectionSizeHint(c), longest + 14)
        header.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(c, width)
        need += width
    room = sum(split.sizes())
    if room > need + 260:  # the chart keeps its minimum; else as it was
        split.setSizes([room - need, need])


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    """Rows into a read-only table; every column but the first is a number (right)."""
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setToolTip(value)
            if c:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)


class TimelinessPage(QWidget):
    # refreshed when any record the figures read changes (a sync round, a write elsewhere)
    SHOWS = READS
    error = Signal(object)
    loaded = Signal()
    chart_shown = Signal(str)  # the key of a chart just put on screen

    def __init__(self, times: TimesPort | None, worker: Worker, parent: QWidget | None = None):
        super().__init__(parent)
        self._times = times
        self._worker = worker
        self.view: OfficeView | None = None
        self._drawing: tuple[OfficeView, str] | None = None  # the chart being drawn
        today = office_time.today()
        first = today.replace(day=1)
        for _ in range(DEFAULT_MONTHS - 1):
            first = (first - timedelta(days=1)).replace(day=1)
        latest = QDate(today.year, today.month, today.day)  # no figures about the future
        self.date_from = DateField(maximum=latest, name=self.tr("Desde"))
        self.date_from.set_value(first.isoformat())
        self.date_to = DateField(maximum=latest, name=self.tr("Hasta"))
        self.date_to.set_value(today.isoformat())
        self.ceiling = QSpinBox()
        self.ceiling.setRange(1, 9999)
        self.ceiling.setValue(120)
        self.ceiling.setAccessibleName(self.tr("Tope de carga"))
        self.update_button = QPushButton(self.tr("Actualizar"))
        self.update_button.clicked.connect(self.refresh)
        self.message = QLabel()
        self.message.setWordWrap(True)

        top = QHBoxLayout()
        for label, widget in (
            (self.tr("Desde"), self.date_from),
            (self.tr("Hasta"), self.date_to),
            (self.tr("Tope de carga"), self.ceiling),
        ):
            caption = QLabel(label)
            caption.setBuddy(widget.focus_widgets()[0] if isinstance(widget, DateField) else widget)
            # one line high, so a date's message under its field leaves the row in line
            caption.setFixedHeight(self.date_from.edit.sizeHint().height())
            top.addWidget(caption, 0, Qt.AlignmentFlag.AlignTop)
            if isinstance(widget, DateField):
                top.addWidget(widget)  # its message wraps under it: the row's full height
            else:
                top.addWidget(widget, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.update_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addStretch(1)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.interval = QComboBox()
        self.interval.setAccessibleName(self.tr("Tramo"))
        self.interval.setToolTip(self.tr("El tramo entre dos hitos del caso cuya duración se mide"))
        self.interval.currentIndexChanged.connect(self._show_survival)
        self.interval.activated.connect(self._pick_interval)
        self._picked: str | None = None  # the interval the person chose, kept on refresh
        self.survival_chart = Chart(self.tr("Curva de casos que aún esperan"))
        self.survival_table = read_only_table(
            [self.tr("Materia"), self.tr("Casos"), self.tr("Llegaron\nal final"),
             self.tr("Mediana\n(días)"), self.tr("Rango\nhabitual\n(días)"),
             self.tr("Mediana\n(días\nhábiles)")],
            self.tr("Tiempos por materia"),
        )  # fmt: skip
        for column, tip in (
            (1, self.tr("Casos cuyo tramo empezó en el periodo")),
            (2, self.tr("Casos que ya llegaron al final del tramo; los demás aún esperan y "
                        "cuentan el tiempo que llevan esperando")),
            # the PDFs' one explanation of each figure (``app.reports.labels.explained``)
            (3, explained("median", ui_lang())),
            (4, explained("range", ui_lang())),
            (5, explained("working", ui_lang())),
        ):  # fmt: skip
            header_item = self.survival_table.horizontalHeaderItem(column)
            if header_item is not None:
                header_item.setToolTip(tip)
        survival = QWidget()
        box = QVBoxLayout(survival)
        box.setContentsMargins(0, 4, 0, 0)
        pick = QHBoxLayout()
        caption = QLabel(self.tr("Tramo"))
        caption.setBuddy(self.interval)
        pick.addWidget(caption)
        pick.addWidget(self.interval, 1)
        self.zoom_button = QPushButton(self.tr("Ampliar gráfico"))  # fresh8 #6: a small
        self.zoom_button.clicked.connect(self.zoom)  # plot at 1024x600; here the whole window
        pick.addWidget(self.zoom_button)
        box.addLayout(pick)
        self._groups: list[str] = []  # the survival table's groups, row by row
        self.survival_table.itemSelectionChanged.connect(self._draw_visible)  # its curve
        self.survival_note = QLabel()  # which cases the figures follow, with their count
        self.survival_note.setWordWrap(True)
        self.survival_note.setObjectName("survival_scope")
        box.addWidget(self.survival_note)
        self.survival_split = self._beside(self.survival_chart, self.survival_table, (285, 575))
        box.addWidget(self.survival_split, 1)
        names = self.survival_table.horizontalHeader()  # the matter column: readable, not
        names.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)  # squeezed to
        names.resizeSection(0, 105)  # a few letters by the figures beside it
        self.tabs.addTab(survival, self.tr("Tiempos por materia"))

        self.caseload_chart = Chart(self.tr("Carga por defensor(a)"))
        self.caseload_table = read_only_table(
            [self.tr("Defensor(a)"), self.tr("Activos al cierre"), self.tr("Máximo"),
             self.tr("Meses sobre el tope")],
            self.tr("Carga por defensor(a)"),
        )  # fmt: skip
        self.tabs.addTab(
            self._beside(self.caseload_chart, self.caseload_table), self.tr("Carga procesal")
        )
        self.trend_chart = Chart(self.tr("Tendencia de consultas"))
        self.trend_table = read_only_table(
            [self.tr("Materia"), self.tr("Primer mes"), self.tr("Último mes"), self.tr("Total")],
            self.tr("Consultas por materia"),
        )
        trend = QWidget()
        trend_box = QVBoxLayout(trend)
        trend_box.setContentsMargins(0, 4, 0, 0)
        self.trend_note = QLabel(self.tr(
            "Solo consultas (orientación), mes a mes por materia; los patrocinios de cada "
            "defensor(a) están en «Demanda por defensor(a)»."
        ))  # fmt: skip
        self.trend_note.setWordWrap(True)
        trend_box.addWidget(self.trend_note)
        trend_box.addWidget(self._beside(self.trend_chart, self.trend_table), 1)
        self.tabs.addTab(trend, self.tr("Tendencia"))
        self.demand_chart = Chart(self.tr("Atenciones por defensor(a)"))
        self.demand_table = read_only_table(
            [self.tr("Defensor(a)"), self.tr("Consultas"), self.tr("Patrocinios")],
            self.tr("Consultas y patrocinios por defensor(a)"),
        )
        demand = QWidget()
        demand_box = QVBoxLayout(demand)
        demand_box.setContentsMargins(0, 4, 0, 0)
        self.demand_note = QLabel(self.tr(
            "Fichas de atención por tipo de servicio. El caso se abre aparte (puede no "
            "abrirse todavía, o tener varias fichas), por eso los patrocinios y los casos "
            "pueden no coincidir; los casos están en «Tiempos por materia»."
        ))  # fmt: skip
        self.demand_note.setWordWrap(True)
        demand_box.addWidget(self.demand_note)
        demand_box.addWidget(self._beside(self.demand_chart, self.demand_table), 1)
        self.tabs.addTab(demand, self.tr("Demanda por defensor(a)"))
        self.referral_table = read_only_table(
            [self.tr("Institución"), self.tr("Derivaciones"), self.tr("Atendidas")],
            self.tr("Derivaciones por institución"),
        )
        referral_header = self.referral_table.horizontalHeader()  # the names take the room,
        referral_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # not the
        referral_header.setStretchLastSection(False)  # last column of numbers
        self.tabs.addTab(self.referral_table, self.tr("Derivaciones"))

        self.tabs.currentChanged.connect(lambda _index: self._draw_visible())

        layout = QVBoxLayout(self)
        layout.addWidget(section_label(self.tr("Tiempos de la justicia")))
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        if times is None:
            self.update_button.setEnabled(False)
            self.message.setText(self.tr("Los reportes no están instalados en este equipo."))

    @staticmethod
    def _beside(
        chart: Chart, table: QTableWidget, sizes: tuple[int, int] = (330, 480)
    ) -> QSplitter:
        """The chart and its table side by side (the person may move the divider)."""
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        table.setMinimumWidth(240)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        split.addWidget(chart)
        split.addWidget(table)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes(list(sizes))  # the table's columns need the room more than the chart
        return split

    # -- loading
    def _name_months(self, months: Sequence[date]) -> None:
        """Tendencia's "Primer mes" and "Último mes" say which ("ene 26", "dic 26"), the
        month still running marked "(en curso)": on the 1st its 0 read as a month with no
        consultations (fresh 9, the demo)."""
        if not months:
            return
        running = months[-1] == office_time.today().replace(day=1)
        last = month_label(months[-1]) + ("\n" + self.tr("(en curso)") if running else "")
        for column, text in ((1, month_label(months[0])), (2, last)):
            item = self.trend_table.horizontalHeaderItem(column)
            if item is not None:
                item.setText(text)

    def _period(self) -> tuple[date, date] | None:
        low, high = self.date_from.value(), self.date_to.value()
        for label, field, value in ((self.tr("Desde"), self.date_from, low),
                                    (self.tr("Hasta"), self.date_to, high)):  # fmt: skip
            if value is None:
                why = field.problem() or self.tr("escriba la fecha completa (dd/mm/aaaa)")
                self.message.setText(f"{label}: {why}")
                return None
        assert low is not None and high is not None
        start, end = date.fromisoformat(low[:10]), date.fromisoformat(high[:10])
        if end < start:
            self.message.setText(self.tr("La fecha Hasta es anterior a Desde."))
            return None
        from stats.timeliness import MAX_PERIOD_DAYS

        if (end - start).days > MAX_PERIOD_DAYS:
            self.message.setText(self.tr("El periodo no puede pasar de veinte años."))
            return None
        return start, end

    def refresh(self) -> None:
        times = self._times
        period = self._period()
        if times is None or period is None:
            return
        start, end = period
        ceiling = self.ceiling.value()
        self.message.setText(self.tr("Calculando…"))
        self.update_button.setEnabled(False)

        def failed(exc: BaseException) -> None:
            self.update_button.setEnabled(True)
            self.message.setText("")
            self.error.emit(exc)

        self._worker.submit(lambda: times.office_view(start, end, ceiling), self._show, failed)

    def _show(self, view: OfficeView) -> None:
        from stats.timeliness import INTERVALS

        self.view = view
        for blank in (self.survival_chart, self.caseload_chart, self.trend_chart,
                      self.demand_chart):  # fmt: skip
            blank.show_svg(b"")  # the new figures' charts are drawn when shown
        self.update_button.setEnabled(True)
        fig = view.figures
        chosen = self._picked or fig.busiest_interval()  # never an empty chart first
        self.interval.blockSignals(True)
        self.interval.clear()
        for interval in INTERVALS:
            self.interval.addItem(interval.label, interval.code)
        self.interval.setCurrentIndex(max(0, self.interval.findData(chosen)))
        self.interval.blockSignals(False)
        self._show_survival()

        load = fig.caseload
        _fill(self.caseload_table, [
            [s.label, str(s.values[-1] if s.values else 0), str(max(s.values, default=0)),
             str(sum(v > load.ceiling for v in s.values))]
            for s in load.defenders
        ])  # fmt: skip
        _fill(self.trend_table, [
            [s.label, str(s.values[0] if s.values else 0), str(s.values[-1] if s.values else 0),
             str(s.total)]
            for s in fig.trend.matters
        ])  # fmt: skip
        self._name_months(fig.trend.months)
        _fill(self.demand_table, [
            [c.label, str(c.total), str(p.total)]
            for c, p in zip(fig.demand.consultations, fig.demand.sponsorships, strict=True)
        ])  # fmt: skip
        _fill(self.referral_table, [[r.label, str(r.made), str(r.attended)] for r in fig.referrals])
        over = load.over()
        text = self.tr("Periodo del %1 al %2. Tope de carga: %3 casos activos.")
        text = (
            text.replace("%1", f"{fig.start:%d/%m/%Y}")
            .replace("%2", f"{fig.end:%d/%m/%Y}")
            .replace("%3", str(load.ceiling))
        )
        if over:
            names = sorted({name for name, _m, _v in over}, key=spanish_key)
            text += " " + self.tr("Sobre el tope: %1.").replace("%1", ", ".join(names))
        self.message.setText(text)
        self._draw_visible()
        self.loaded.emit()

    def _visible_chart(self) -> tuple[str, Chart | None]:
        """The key of the chart the current tab shows, and its widget ("", None: none)."""
        view, tab = self.view, self.tabs.currentIndex()
        if view is None:
            return "", None
        if tab == 0:
            code = self.interval.currentData() or view.figures.busiest_interval()
            rows = {i.row() for i in self.survival_table.selectedIndexes()}
            chosen = [self._groups[r] for r in rows if 0 <= r < len(self._groups)]
            return f"survival:{code}" + (f":{chosen[0]}" if chosen else ""), self.survival_chart
        shown = {1: ("caseload", self.caseload_chart), 2: ("trend", self.trend_chart),
                 3: ("demand", self.demand_chart)}  # fmt: skip
        key, widget = shown.get(tab, ("", None))
        return key, widget

    def _draw_visible(self) -> None:
        """Put the visible tab's chart on screen, drawn in the worker the first time."""
        view, times = self.view, self._times
        key, widget = self._visible_chart()
        if view is None or times is None or widget is None or widget.key == key:
            return
        if key in view.charts:
            widget.show_svg(view.charts[key], key)
            self.chart_shown.emit(key)
            return
        widget.show_svg(b"")
        if self._drawing is not None and self._drawing[0] is view and self._drawing[1] == key:
            return  # already asked for
        self._drawing = (view, key)

        def drawn(data: bytes) -> None:
            if self._drawing is not None and self._drawing[0] is view:
                self._drawing = None
            if self.view is view and self._visible_chart() == (key, widget):
                widget.show_svg(data, key)
                self.chart_shown.emit(key)

        self._worker.submit(lambda: times.chart(view, key), drawn, self.error.emit)

    def _scope(self, code: str, view: OfficeView) -> str:
        """Which cases the figures follow, said with the period and their count, so that
        "Todas" is not read as the office's sponsorships of the period (fresh-eyes #8)."""
        fig = view.figures
        total = next((cal.n for cal, _work in fig.table(code) if cal.group_kind == "total"), 0)
        text = {
            "intake_to_filing": self.tr("Casos atendidos entre el %1 y el %2, seguidos hasta "
                                        "la presentación de la demanda (casos: %3)."),
            "filing_to_first_hearing": self.tr("Casos con demanda presentada entre el %1 y el "
                                               "%2, seguidos hasta la primera audiencia "
                                               "(casos: %3)."),
            "filing_to_decision": self.tr("Casos con demanda presentada entre el %1 y el %2, "
                                          "seguidos hasta la sentencia (casos: %3)."),
            "intake_to_closure": self.tr("Casos atendidos entre el %1 y el %2, seguidos hasta "
                                         "su cierre (casos: %3). Cerrados en el periodo, como "
                                         "los cuenta el informe mensual: %4."),
        }.get(code, "")  # fmt: skip
        return (
            text.replace("%1", f"{fig.start:%d/%m/%Y}")
            .replace("%2", f"{fig.end:%d/%m/%Y}")
            .replace("%3", str(total))
            .replace("%4", str(fig.closed))
        )

    def zoom(self) -> None:
        """The survival chart (the selected row's curve highlighted) in a dialog at the
        window's size, drawn for it: every curve and whole matter names readable."""
        from app.ui.chart_dialog import ChartDialog

        key, _widget = self._visible_chart()
        view, times = self.view, self._times
        if view is None or times is None or not key:
            return
        dialog = ChartDialog(Chart(self.survival_chart.accessibleName()), self.window())
        size = (dialog.width() * 0.6, (dialog.height() - 50) * 0.6)  # points: text ~1.7x
        self._worker.submit(lambda: times.chart(view, key, size), dialog.show_svg, self.error.emit)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _pick_interval(self, _index: int) -> None:
        self._picked = self.interval.currentData()

    def _show_survival(self) -> None:
        from stats.timeliness import INTERVALS

        view = self.view
        if view is None:
            return
        code = self.interval.currentData() or view.figures.busiest_interval()
        reached = next((i.reached for i in INTERVALS if i.code == code), "")
        header_item = self.survival_table.horizontalHeaderItem(2)
        if header_item is not None and reached:
            # the interval's own end ("Con sentencia"): plainer than "arrived"
            # Spanish, like the interval's own label; on two lines, as the other headers
            header_item.setText(_two_lines(reached))
        self.survival_note.setText(self._scope(code, view))
        self._groups = [cal.group for cal, _work in view.figures.table(code)]
        _fill(self.survival_table, [
            [cal.group if cal.group_kind != "total" else self.tr("Todas"), str(cal.n),
             str(cal.events), _days(cal.median_days),
             _quartiles(cal.q1_days, cal.q3_days), _days(work.median_days)]
            for cal, work in view.figures.table(code)
        ])  # fmt: skip
        _share(self.survival_split, self.survival_table)
        self._draw_visible()
        why = self.tr(
            "Todavía no llegó al final del tramo la parte de los casos que esta cifra "
            "necesita (la mitad, para la mediana): se sabrá cuando lleguen más"
        )
        for row in range(self.survival_table.rowCount()):
            for column in (3, 4, 5):
                item = self.survival_table.item(row, column)
                if item is not None and _days(None) in item.text():
                    item.setToolTip(f"{item.text()}: {why}")
