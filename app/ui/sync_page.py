"""The "Sincronización" page: run a round, watch it, review what needs a person.

Owns: ``SyncPage`` — server settings, a "Sincronizar ahora" button (F5) that runs
``SyncPort.run_round`` in the worker with progress delivered to a progress bar by queued
signal, the history of rounds, the quarantine with the server's reasons, the conflicts
shown side by side (mine / theirs) and resolved through ``Backend.resolve_conflict``,
and the USB bundle export/import buttons. Without a configured engine the page says so
and the buttons stay disabled. With automatic sync on (``requester`` set by the
workspace), the button asks the scheduler for a round instead, and the scheduler's
progress and reports arrive through ``show_progress`` and ``finish_round``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui.errors import user_message
from app.ui.files import PACKAGES, open_path, save_path
from app.ui.ports import Backend, Row, SyncPort, SyncReport
from app.ui.sync_adapter import round_counts
from app.ui.sync_reasons import reason_text
from app.ui.widgets import fmt_datetime, section_label
from app.ui.worker import Latest, Worker

# a USB package's name, as the guide and the README write it ("respuesta.chasqui"); the
# first versions wrote ".bundle", still opened (fresh 12 #14: the filter hid the former)
PACKAGE_SUFFIX = ".chasqui"
PACKAGE_FILTER = "Chasqui (*.chasqui *.bundle)"
_PHASES = {
    "push": QT_TRANSLATE_NOOP("SyncPage", "Enviando cambios"),
    "pull": QT_TRANSLATE_NOOP("SyncPage", "Recibiendo cambios"),
    "snapshot": QT_TRANSLATE_NOOP("SyncPage", "Descargando los datos de la oficina"),
    "attachments": QT_TRANSLATE_NOOP("SyncPage", "Transfiriendo adjuntos"),
    "bytes": QT_TRANSLATE_NOOP("SyncPage", "Datos transferidos"),
    "connect": QT_TRANSLATE_NOOP("SyncPage", "Conectando"),
    "done": QT_TRANSLATE_NOOP("SyncPage", "Terminado"),
}


class _Progress(QObject):
    """Carries progress from the worker thread to the page (queued by Qt)."""

    changed = Signal(str, int, int)


class SyncPage(QWidget):
    SHOWS = None  # conflicts and quarantine follow any applied change
    round_finished = Signal(object)  # SyncReport
    changed = Signal()
    error = Signal(object)

    def __init__(
        self,
        backend: Backend,
        worker: Worker,
        sync: SyncPort | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._backend = backend
        self._worker = worker
        self._sync = sync
        self._latest = Latest(worker)
        self.running = False
        # Set by the workspace while automatic sync runs: asks its scheduler for a round.
        self.requester: Callable[[], None] | None = None
        self._progress = _Progress(self)
        self._progress.changed.connect(self._on_progress)

        # server settings
        self.server = QLineEdit(sync.server_url() if sync else "")
        self.server.setAccessibleName(self.tr("Dirección del servidor"))
        self.server.setPlaceholderText("https://chasqui.example.pe")
        save = QPushButton(self.tr("Guardar"))
        save.setAccessibleName(self.tr("Guardar servidor"))
        save.clicked.connect(self._save_server)
        server_row = QHBoxLayout()
        server_row.addWidget(QLabel(self.tr("Servidor")))
        server_row.addWidget(self.server, 1)
        server_row.addWidget(save)

        self.sync_button = QPushButton(self.tr("Sincronizar ahora (F5)"))
        self.sync_button.setAccessibleName(self.tr("Sincronizar ahora"))
        self.sync_button.clicked.connect(self.start_round)
        self.export_button = QPushButton(self.tr("Exportar paquete USB…"))
        self.export_button.setAccessibleName(self.tr("Exportar paquete USB"))
        self.export_button.clicked.connect(self._export)
        self.import_button = QPushButton(self.tr("Importar paquete USB…"))
        self.import_button.setAccessibleName(self.tr("Importar paquete USB"))
        self.import_button.clicked.connect(self._import)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Progreso de la sincronización"))
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.phase = QLabel()
        self.phase.setWordWrap(True)
        actions = QHBoxLayout()
        actions.addWidget(self.sync_button)
        actions.addWidget(self.export_button)
        actions.addWidget(self.import_button)
        actions.addStretch(1)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._conflicts_tab(), self.tr("Conflictos"))
        self.tabs.addTab(self._quarantine_tab(), self.tr("Cuarentena"))
        self.tabs.addTab(self._kept_aside_tab(), self.tr("Recibidos apartados"))
        self.history = QListWidget()
        self.history.setAccessibleName(self.tr("Historial de sincronización"))
        # a failed round's sentence is long: it wraps to the list's width (fresh-eyes 5
        # #6: cut at the right edge, a sideways scroll bar), re-laid on resize
        self.history.setWordWrap(True)
        self.history.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.history.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.history.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tabs.addTab(self.history, self.tr("Historial"))

        layout = QVBoxLayout(self)
        layout.addWidget(section_label(self.tr("Sincronización")))
        layout.addLayout(server_row)
        layout.addLayout(actions)
        layout.addWidget(self.progress)
        layout.addWidget(self.phase)
        layout.addWidget(self.tabs, 1)
        self._update_enabled()

    def _conflicts_tab(self) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        self.conflicts = QListWidget()
        self.conflicts.setAccessibleName(self.tr("Conflictos por revisar"))
        # its lines wrap to the list's width (fresh-eyes 7 #10: "No hay conflictos por
        # rev…" cut, with a sideways scroll bar)
        self.conflicts.setWordWrap(True)
        self.conflicts.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.conflicts.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.conflicts.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.conflicts.currentItemChanged.connect(lambda cur, _prev: self._show_conflict(cur))
        self.mine = QPlainTextEdit()
        self.mine.setReadOnly(True)
        self.mine.setAccessibleName(self.tr("Mi versión"))
        self.theirs = QPlainTextEdit()
        self.theirs.setReadOnly(True)
        self.theirs.setAccessibleName(self.tr("Versión del servidor"))
        self.keep_mine = QPushButton(self.tr("Conservar mi versión"))
        self.keep_mine.setAccessibleName(self.tr("Conservar mi versión"))
        self.keep_mine.clicked.connect(lambda: self.resolve_selected("mine"))
        self.keep_theirs = QPushButton(self.tr("Conservar la otra versión"))
        self.keep_theirs.setAccessibleName(self.tr("Conservar la otra versión"))
        self.keep_theirs.clicked.connect(lambda: self.resolve_selected("theirs"))
        grid.addWidget(self.conflicts, 0, 0, 3, 1)
        grid.addWidget(QLabel(self.tr("Mi versión")), 0, 1)
        grid.addWidget(QLabel(self.tr("La otra versión (vigente)")), 0, 2)
        grid.addWidget(self.mine, 1, 1)
        grid.addWidget(self.theirs, 1, 2)
        grid.addWidget(self.keep_mine, 2, 1)
        grid.addWidget(self.keep_theirs, 2, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(2, 2)
        return page

    def _quarantine_tab(self) -> QWidget:
        headers = [self.tr("Fecha"), self.tr("Registro"), self.tr("Motivo del servidor")]
        self.quarantine = _reason_table(headers, self.tr("Cuarentena"))
        return self.quarantine

    def _kept_aside_tab(self) -> QWidget:
        """Received records this computer cannot apply: kept whole, retried at unlock."""
        page = QWidget()
        box = QVBoxLayout(page)
        note = QLabel(
            self.tr(
                "Registros recibidos que este equipo no puede aplicar. Se guardan completos "
                "y se vuelven a intentar cada vez que desbloquea; el resto de la "
                "sincronización sigue. Si no desaparecen, avise al administrador."
            )
        )
        note.setWordWrap(True)
        headers = [self.tr("Recibido"), self.tr("Registro"), self.tr("Motivo")]
        self.kept_aside = _reason_table(headers, self.tr("Registros recibidos apartados"))
        box.addWidget(note)
        box.addWidget(self.kept_aside, 1)
        return page

    # -- refresh
    def refresh(self) -> None:
        backend, sync = self._backend, self._sync

        def load() -> tuple[list[Row], list[Row], list[Row], list[Row]]:
            history = sync.history() if sync is not None else []
            return (
                backend.list_conflicts(),
                backend.list_quarantine(),
                backend.list_kept_aside(),
                history,
            )

        self._latest.submit(load, self._show, self.error.emit)

    def _show(self, data: tuple[list[Row], list[Row], list[Row], list[Row]]) -> None:
        conflicts, quarantine, kept, history = data
        self.conflicts.clear()
        for c in conflicts:
            item = QListWidgetItem(
                f"{c.get('entity_label', c.get('entity', ''))} · {c.get('title', '')}\n"
                f"{c.get('field', '')}"
            )
            item.setData(Qt.ItemDataRole.UserRole, c)
            self.conflicts.addItem(item)
        if conflicts:
            self.conflicts.setCurrentRow(0)
        else:  # said, not two blank boxes beside an empty list (walked at 1024x600)
            none = QListWidgetItem(self.tr("No hay conflictos por revisar."))
            none.setFlags(Qt.ItemFlag.NoItemFlags)
            self.conflicts.addItem(none)
            self.mine.clear()
            self.theirs.clear()
        why = "" if conflicts else self.tr("No hay conflictos por revisar.")
        for button in (self.keep_mine, self.keep_theirs):
            button.setEnabled(bool(conflicts))
            button.setToolTip(why)
        self.tabs.setTabText(0, self.tr("Conflictos (%n)", "", len(conflicts)))
        _fill(self.quarantine, [(q, q.get("code"), q.get("reason")) for q in quarantine])
        self.tabs.setTabText(1, self.tr("Cuarentena (%n)", "", len(quarantine)))
        _fill(self.kept_aside, [(k, k.get("code") or "", k.get("detail")) for k in kept])
        self.tabs.setTabText(2, self.tr("Recibidos apartados (%n)", "", len(kept)))
        self.history.clear()
        for h in history:
            self.history.addItem(f"{fmt_datetime(h.get('at'))} · {h.get('summary', '')}")

    def _show_conflict(self, item: QListWidgetItem | None) -> None:
        c = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if not isinstance(c, dict):  # none, or the "No hay conflictos" line
            return
        self.mine.setPlainText(_pretty(c.get("mine")))
        self.theirs.setPlainText(_pretty(c.get("theirs")))

    def resolve_selected(self, keep: str) -> None:
        item = self.conflicts.currentItem()
        if item is None or not isinstance(item.data(Qt.ItemDataRole.UserRole), dict):
            return
        conflict_id = str(item.data(Qt.ItemDataRole.UserRole)["id"])
        backend = self._backend

        def done(_r: object) -> None:
            self.changed.emit()
            self.refresh()

        self._worker.submit(
            lambda: backend.resolve_conflict(conflict_id, keep), done, self.error.emit
        )

    # -- sync round
    def _update_enabled(self) -> str:
        """Buttons on or off by the link's state; returns why they are off ("" when on),
        also said in the page."""
        configured = self._sync is not None and self._sync.configured()
        self.sync_button.setEnabled(configured and not self.running)
        # a USB package is this linked device's (its identity and key): without the link
        # the export wrote nothing and only the status bar said why (fresh-eyes 7 #11)
        for button in (self.export_button, self.import_button):
            button.setEnabled(configured and not self.running)
        self.server.setEnabled(self._sync is not None)
        why = ""
        if self._sync is None:
            why = self.tr("La sincronización no está disponible en este equipo todavía.")
        elif not configured and self._sync.server_url():
            # the address is there: the link is what is missing (fresh-eyes 7 #9 read
            # "Configure la dirección…" beside the address, and F5 did nothing)
            why = self.tr(
                "Este equipo no está vinculado con el servidor, así que no puede sincronizar "
                "ni usar paquetes USB. Pida al administrador de Chasqui que lo vincule."
            )
        elif not configured:
            why = self.tr("Configure la dirección del servidor para sincronizar.")
        for button in (self.sync_button, self.export_button, self.import_button):
            button.setToolTip(why)
        if why:
            self.phase.setText(why)
        return why

    def _save_server(self) -> None:
        if self._sync is None:
            return
        url = self.server.text().strip()
        if url and not url.startswith(("https://", "http://")):
            self.phase.setText(self.tr("Escriba la dirección completa del servidor (https://…)."))
            return
        from sync.client.transport import address_problem

        if url and address_problem(url):
            self.phase.setText(
                self.tr(
                    "Use una dirección https://. Sin cifrado (http://), cualquiera en la red "
                    "podría leer la clave del equipo y falsificar respuestas del servidor."
                )
            )
            return
        sync = self._sync

        def saved(_r: object) -> None:  # said (fresh-eyes 7 #9: Guardar said nothing)
            why = self._update_enabled()  # and what is still missing, if anything
            self.phase.setText(f"{self.tr('Dirección del servidor guardada.')} {why}".strip())

        self._worker.submit(lambda: sync.set_server_url(url), saved, self.error.emit)

    def focus_target(self) -> QWidget | None:
        """Ctrl+5 lands on "Sincronizar ahora" when a server is set (fresh 12 #11: on the
        server's address, where typing edited it); else on the address, to set one."""
        return self.sync_button if self.sync_button.isEnabled() else None

    def start_round(self) -> None:
        if self._sync is None or self.running or not self._sync.configured():
            return
        self.running = True
        self._update_enabled()
        self.progress.setRange(0, 0)  # busy until the first figure arrives
        self.phase.setText(self.tr("Conectando…"))
        if self.requester is not None:
            self.requester()  # the scheduler runs it (coalesced with a running round)
            return
        sync, signal = self._sync, self._progress.changed
        self._worker.submit(
            lambda: sync.run_round(lambda phase, done, total: signal.emit(phase, done, total)),
            self._round_done,
            self._round_failed,
        )

    def show_progress(self, phase: str, done: int, total: int) -> None:
        """Progress of a round run elsewhere (the automatic sync's scheduler)."""
        self._on_progress(phase, done, total)

    def finish_round(self, report: SyncReport) -> None:
        """A round run elsewhere finished: show it as a manual round's result."""
        self._round_done(report)

    def _on_progress(self, phase: str, done: int, total: int) -> None:
        label = self.tr(str(_PHASES[phase])) if phase in _PHASES else phase
        if phase == "bytes":  # bytes on the wire so far: a figure, not a fraction
            self.phase.setText(f"{label}: {done / 1024:.0f} KB")
            return
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
            self.phase.setText(f"{label}: {done} / {total}")
        else:
            self.progress.setRange(0, 0)
            self.phase.setText(label + "…")

    def _round_done(self, report: SyncReport) -> None:
        self.running = False
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        if report.error:
            self.phase.setText(report.error)
        elif report.status == "bundle_again":  # as the CLI says it (fresh 12 #14)
            self.phase.setText(self.tr("Este paquete USB ya se había importado: nada cambió."))
        else:
            done = (
                self.tr("Paquete USB importado: %1.")
                if report.status == "bundle"
                else self.tr("Sincronización completa: %1.")
            )
            self.phase.setText(done.replace("%1", round_counts(report)))
        self._update_enabled()
        self.refresh()
        self.changed.emit()
        self.round_finished.emit(report)

    def _round_failed(self, exc: BaseException) -> None:
        self.running = False
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.phase.setText(user_message(exc))
        self._update_enabled()
        self.changed.emit()
        self.round_finished.emit(SyncReport(status="error", error=user_message(exc)))

    # -- USB bundles
    def _export(self) -> None:
        """Export a request bundle: first say what it will carry (nothing pending is still
        useful — the reply brings the office's changes), named by office and office time."""
        if self._sync is None:
            return
        backend = self._backend
        self._worker.submit(
            lambda: backend.sync_status().pending, self._export_with, self.error.emit
        )

    def _export_with(self, pending: int) -> None:
        from app import office_time

        if pending == 0:
            answer = QMessageBox.question(
                self,
                self.tr("Exportar paquete USB"),
                self.tr(
                    "No hay cambios por enviar. Un paquete sin cambios sirve para traer los "
                    "cambios de la oficina: el servidor responde con ellos. ¿Exportarlo?"
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        stamp = office_time.now().strftime("%Y%m%d-%H%M")
        name = f"chasqui-{self._backend.office_code}-{stamp}{PACKAGE_SUFFIX}"
        path = save_path(self, self.tr("Exportar paquete USB"), name, PACKAGE_FILTER, PACKAGES)
        if path is None or self._sync is None:
            return
        sync, target = self._sync, path

        def done(n: object) -> None:
            self.phase.setText(
                self.tr(
                    "Paquete guardado en %1 con %n cambio(s). Llévelo al servidor de la "
                    "oficina e importe aquí la respuesta.",
                    "",
                    int(n),  # type: ignore[call-overload]
                ).replace("%1", str(target))
            )

        self._worker.submit(lambda: sync.export_bundle(target), done, self.error.emit)

    def _import(self) -> None:
        path = open_path(self, self.tr("Importar paquete USB"), PACKAGE_FILTER, PACKAGES)
        if path is not None and self._sync is not None:
            sync, source = self._sync, path
            self._worker.submit(
                lambda: sync.import_bundle(source), self._round_done, self._round_failed
            )


def _reason_table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(True)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[tuple[Row, str | None, Any]]) -> None:
    """Date, record and the Spanish reason (the precise one in its tooltip)."""
    table.setRowCount(len(rows))
    for r, (row, code, detail) in enumerate(rows):
        cells = (fmt_datetime(row.get("at")), str(row.get("what") or ""), reason_text(code))
        for col, value in enumerate(cells):
            item = QTableWidgetItem(value)
            if col == 2 and detail:
                item.setToolTip(str(detail))
            table.setItem(r, col, item)


def _pretty(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, indent=2)
