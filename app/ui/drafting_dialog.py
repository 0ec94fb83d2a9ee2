"""Drafting a writ from the case view: "Redactar escrito…".

Owns ``DraftDialog`` (opened by ``ask_draft``): the defender chooses the kind of writ
(the vault's templates: shipped, the server's, the office's own —
``Backend.writ_kinds``; it starts on the one drafted for the case's matter,
``forms.writs.kind_for_matter``, else on "— Seleccione —" and a kind must be chosen),
reads the warning that the Word file is NOT encrypted and,
for the chosen kind, what the case lacks (``Backend.writ_gaps``: marked "[COMPLETAR: …]"
in the writ, so nothing is filed with a silent blank), then
"Elegir dónde guardar…" opens the one save dialog of the app
(``app.ui.files.save_path``, in Documents by default); the writ is drafted in the worker
(``Backend.draft_writ``: audited, never overwrites) and the dialog closes once it is
written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QWidget

from app.ui import files
from app.ui.offers import offer_by_matter
from app.ui.ports import Backend
from app.ui.record_page import SaveDialog
from app.ui.worker import Worker
from forms.writs import kind_for_matter, offer_groups

WIDTH = 520  # px: the dialog's starting width (the texts wrap within it)


class DraftDialog(SaveDialog):
    """Choose a kind of writ and where to save it (warned: not encrypted)."""

    def __init__(
        self,
        backend: Backend,
        worker: Worker,
        case_id: str,
        case_number: str,
        kinds: list[tuple[str, str]],
        parent: QWidget | None = None,
        gaps: dict[str, list[str]] | None = None,
        matter: str = "",
    ) -> None:
        super().__init__(
            self.tr("Redactar escrito"), self.tr("Elegir dónde guardar…"), worker, parent
        )
        self._backend, self.case_id, self.case_number = backend, case_id, case_number
        self.saved_path: Path | None = None
        form = QFormLayout()
        self.kind = QComboBox()
        self.kind.setAccessibleName(self.tr("Tipo de escrito"))
        start = kind_for_matter(matter, [code for code, _ in kinds])
        if start is None:  # none is drafted for this matter: the defender chooses
            self.kind.addItem(self.tr("— Seleccione —"), "")
        titles = dict(kinds)
        mine, general, others = offer_groups(matter, titles)
        # the matter's own first, then any matter's; other matters' only when asked
        self.more_kinds = offer_by_matter(
            self.kind,
            [(code, titles[code]) for code in mine + general],
            [(code, titles[code]) for code in others],
            self.tr("Mostrar escritos de otras materias"),
        )
        self.kind.setCurrentIndex(max(0, self.kind.findData(start)) if start else 0)
        self.add_field(form, "KIND", self.tr("Escrito"), self.kind)
        if self.more_kinds is not None:
            form.addRow("", self.more_kinds)
        self.warning = QLabel(
            self.tr(
                "Atención: el escrito se guarda como documento de Word (.docx) SIN CIFRAR y "
                "contiene datos personales del caso. Guárdelo en un lugar seguro y bórrelo "
                "cuando lo haya presentado."
            )
        )
        self.warning.setObjectName("warning")
        self.warning.setWordWrap(True)
        self._gaps = gaps or {}
        self.gaps = QLabel()
        self.gaps.setObjectName("warning")
        self.gaps.setWordWrap(True)
        self.layout_.addLayout(form)
        self.layout_.addWidget(self.warning)
        self.layout_.addWidget(self.gaps)
        self.kind.currentIndexChanged.connect(self._show_gaps)
        self.finish_layout()
        self.resize(WIDTH, self.height())
        self._show_gaps()

    def _show_gaps(self) -> None:
        missing = self._gaps.get(str(self.kind.currentData() or ""), [])
        self.gaps.setVisible(bool(missing))
        self.gaps.setText(
            self.tr(
                "Faltan datos del caso que este escrito usa; quedarán marcados "
                "[COMPLETAR: …] en el documento para que los complete antes de "
                "presentarlo: %1."
            ).replace("%1", "; ".join(missing))
        )
        self._fit_height()

    def _fit_height(self) -> None:
        """As tall as the wrapped texts need at the dialog's width — no fixed height: the
        "Faltan datos" paragraph of another kind is longer or shorter (fresh6 #4: it was
        squeezed over the warning and clipped at 1024×600)."""
        self.layout_.activate()
        need = self.layout_.totalHeightForWidth(self.width())
        if need > 0:
            self.setMinimumHeight(need)
            self.resize(self.width(), need)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            need = self.layout_.totalHeightForWidth(self.width())
            if need > 0:  # narrower: the texts wrap to more lines, the dialog grows
                self.setMinimumHeight(need)

    def suggested_name(self) -> str:
        number = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in self.case_number)
        return f"{self.kind.currentData()}-{number or 'caso'}.docx"

    def work(self) -> Callable[[], Any] | None:
        kind = str(self.kind.currentData() or "")
        if not kind:
            self.show_problem("KIND", self.tr("Elija el tipo de escrito."))
            return None
        path = files.save_path(
            self, self.tr("Guardar escrito (sin cifrar)"), self.suggested_name(),
            self.tr("Documento de Word (*.docx)"),
        )  # fmt: skip
        if path is None:
            return None
        if path.suffix.lower() != ".docx":
            path = path.with_name(path.name + ".docx")
        backend, case_id = self._backend, self.case_id
        return lambda: backend.draft_writ(kind, case_id, path)


def ask_draft(
    backend: Backend,
    worker: Worker,
    case_id: str,
    case: Mapping[str, Any],
    parent: QWidget,
    open_dialog: Callable[[SaveDialog, Callable[[Any], str]], None],
    failed: Callable[[BaseException], None],
) -> None:
    """Open the dialog once the kinds of writ are read (in the worker) for the case
    (its record: number and matter); once drafted, ``open_dialog``'s message names the
    file and says it is not encrypted."""
    case_number, matter = str(case.get("internal_number") or ""), str(case.get("matter") or "")

    def read() -> tuple[list[tuple[str, str]], dict[str, list[str]]]:
        kinds = backend.writ_kinds()
        return kinds, {code: backend.writ_gaps(code, case_id) for code, _ in kinds}

    def show(found: tuple[list[tuple[str, str]], dict[str, list[str]]]) -> None:
        kinds, gaps = found
        dialog = DraftDialog(backend, worker, case_id, case_number, kinds, parent, gaps, matter)
        open_dialog(dialog, lambda path: _drafted(dialog, path))
        dialog.kind.setFocus()

    worker.submit(read, show, failed)


def _drafted(dialog: QWidget, path: Any) -> str:
    return dialog.tr("Escrito guardado sin cifrar en %1.").replace("%1", str(path))
