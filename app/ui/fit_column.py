"""Lists that take the height their rows need, in whole rows (Inicio at 1024×600).

Owns:
- ``row_heights(view, width)``: each row's height in a word-wrapping ``QListWidget`` as
  its delegate lays it out at ``width`` (the viewport's width);
- ``whole_rows_height(view, room, width)``: the list's height showing the most whole rows
  that fit in ``room`` px (every row when they fit), never a half row;
- ``FitColumn``: a column of blocks, each a head (a title, its buttons, a sentence) over a
  list, that shares its height by content (fresh-eyes 5 #11: "Plazos de los próximos 7
  días" showed 2½ rows while an empty "Audiencias de hoy (0)" kept the same height). Every
  list first gets one row; the rest of the height goes, in equal shares, to the lists
  whose rows do not fit yet (a list never takes more than its rows); one that still does
  not fit shows whole rows and scrolls by row; what is left over goes to the last list
  with content whose rows all show (else, when no list has content, the last list).
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListWidget,
    QStyle,
    QStyleOptionViewItem,
    QWidget,
)

SPACING = 6  # px between a list and the next block's head, and under a head


def row_heights(view: QListWidget, width: int) -> list[int]:
    """The height of each row of ``view`` laid out (word-wrapped) at ``width`` px."""
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = QRect(0, 0, max(width, 1), 100_000)
    option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
    delegate, model = view.itemDelegate(), view.model()
    return [
        max(1, delegate.sizeHint(option, model.index(row, 0)).height())
        for row in range(view.count())
    ]


def has_content(view: QListWidget) -> bool:
    """Whether ``view`` lists something (not only its "No hay…" line, which is disabled)."""
    return any(
        view.item(row).flags() & Qt.ItemFlag.ItemIsEnabled for row in range(view.count())
    )


def _scrollbar(view: QListWidget) -> int:
    return view.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, view)


def whole_rows_height(view: QListWidget, room: int, width: int) -> int:
    """The height of ``view`` (``width`` px wide, frame included) that shows all its rows
    when they fit in ``room``, else the most whole rows that fit beside a scroll bar; at
    least one row."""
    frame = 2 * view.frameWidth()
    rows = row_heights(view, width - frame)
    if frame + sum(rows) <= room or len(rows) <= 1:
        return frame + (sum(rows) if rows else view.fontMetrics().height())
    rows = row_heights(view, width - frame - _scrollbar(view))  # it will scroll
    height = frame + rows[0]
    for row in rows[1:]:
        if height + row > room:
            break
        height += row
    return height


class FitColumn(QWidget):
    """Blocks of (head, list) one under the other, each list as tall as its rows (whole
    rows only) within the column's height. Call ``refit()`` after a list's rows change."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.blocks: list[tuple[QWidget, QListWidget]] = []

    def add(self, head: QWidget, view: QListWidget) -> None:
        head.setParent(self)
        view.setParent(self)
        view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)
        self.blocks.append((head, view))
        self.updateGeometry()

    def _head_height(self, head: QWidget, width: int) -> int:
        if not head.isVisibleTo(self):
            return 0
        if head.hasHeightForWidth():
            return head.heightForWidth(width)
        return head.sizeHint().height()

    def _one_row(self, view: QListWidget) -> int:
        return 2 * view.frameWidth() + view.fontMetrics().height() + 4

    def minimumSizeHint(self) -> QSize:
        height = sum(
            head.sizeHint().height() + self._one_row(view) + 2 * SPACING
            for head, view in self.blocks
        )
        width = max((head.minimumSizeHint().width() for head, _ in self.blocks), default=0)
        return QSize(width, height)

    def sizeHint(self) -> QSize:
        return self.minimumSizeHint()

    def heights(self, width: int, height: int) -> list[int]:
        """Each list's height for a column of ``width`` × ``height`` px."""
        heads = sum(self._head_height(head, width) + 2 * SPACING for head, _ in self.blocks)
        room = max(0, height - heads + SPACING)  # no space under the last list
        need: list[int] = []  # every row shown
        given: list[int] = []  # one row to begin with
        for _, view in self.blocks:
            frame = 2 * view.frameWidth()
            rows = row_heights(view, width - frame)
            need.append(frame + sum(rows) if rows else self._one_row(view))
            given.append(frame + rows[0] if rows else need[-1])
        left = room - sum(given)
        wanting = [i for i, n in enumerate(need) if given[i] < n]
        while left > 0 and wanting:  # equal shares to the lists whose rows do not fit yet
            share = max(1, left // len(wanting))
            for i in list(wanting):
                more = min(share, need[i] - given[i], left)
                given[i] += more
                left -= more
                if given[i] >= need[i]:
                    wanting.remove(i)
        for i, (_, view) in enumerate(self.blocks):  # whole rows in what each got
            if given[i] < need[i]:
                fitted = whole_rows_height(view, given[i], width)
                left += given[i] - fitted
                given[i] = fitted
        for i, (_, view) in enumerate(self.blocks):  # a row more where the rounding left room
            if given[i] < need[i] and left > 0:
                more = whole_rows_height(view, given[i] + left, width)
                left -= more - given[i]
                given[i] = more
        fits = [i for i in range(len(given)) if given[i] >= need[i]]
        full = [i for i in fits if has_content(self.blocks[i][1])]
        listing = any(has_content(view) for _, view in self.blocks)
        if left > 0 and (full or (fits and not listing)):  # the column reaches the bottom:
            # room for the last list with rows that fits; an empty list ("No hay…") takes
            # it only when no list has rows — beside a list that scrolls by whole rows the
            # remainder (under a row) stays blank, not an empty list two lines tall
            given[(full or fits)[-1]] += left
        return given

    def refit(self) -> None:
        width, y = self.width(), 0
        heights = self.heights(width, self.height())
        for (head, view), height in zip(self.blocks, heights, strict=True):
            head_height = self._head_height(head, width)
            head.setGeometry(0, y, width, head_height)
            y += head_height + SPACING if head_height else 0
            view.setGeometry(0, y, width, height)
            y += height + SPACING

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.refit()
