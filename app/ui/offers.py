"""Choices offered by the case's matter: its own first, the other matters' on request.

Owns ``offer_by_matter(combo, own, others, more)`` — the ONE way a dialog offers choices
that belong to some matters only (the writs of "Redactar escrito…", ``forms.writs``; the
procedures of "Plazos por notificación…", ``forms.deadline_rules.MATTER_PROCEDURES``):
``combo`` lists ``own`` (what fits the case's matter, and what fits any); the others
(fresh 9 #10, fresh8 #10: an Alimentos case was offered "Medidas de protección (Ley
30364)", last) are not offered until the defender ticks the returned check box
``more`` ("Mostrar … de otras materias"): then they come below a line. The choice made
stays chosen when the box is ticked or cleared (cleared on one of the others: back to the
first). No check box when there are no others, or nothing of the matter's own (a case
without a matter, or one no choice is made for: every choice is offered).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QCheckBox, QComboBox

Choice = tuple[str, str]  # (code, label)


def offer_by_matter(
    combo: QComboBox, own: Sequence[Choice], others: Sequence[Choice], more: str
) -> QCheckBox | None:
    """Fill ``combo`` (after what it holds already, e.g. "— Seleccione —") with ``own``;
    returns the check box that adds ``others`` (None when every choice is offered)."""
    if not own or not others:
        for code, label in [*own, *others]:
            combo.addItem(label, code)
        return None
    base = combo.count()
    for code, label in own:
        combo.addItem(label, code)
    box = QCheckBox(more)
    box.setAccessibleName(more)

    def toggle(shown: bool) -> None:
        chosen = combo.currentData()
        while combo.count() > base + len(own):
            combo.removeItem(combo.count() - 1)
        if shown:
            combo.insertSeparator(combo.count())
            for code, label in others:
                combo.addItem(label, code)
        combo.setCurrentIndex(max(0, combo.findData(chosen)))

    box.toggled.connect(toggle)
    return box
