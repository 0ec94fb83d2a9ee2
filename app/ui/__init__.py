"""The desktop application (PySide6 Qt Widgets): the only client code that imports Qt.

Entry point: ``app.ui.app.run(argv)``. Importing the package first applies
``qtfix.protect_none()`` (a PySide6 6.12 / CPython 3.11 reference-count work-around).
"""

from app.ui.qtfix import protect_none

protect_none()
