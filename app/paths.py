"""Where a user's vault lives by default: one place for the CLI and the desktop app.

``CHASQUI_DATA_DIR`` overrides it; otherwise the platform's per-user data directory
(``%LOCALAPPDATA%\\ALEGRA\\Chasqui`` on Windows, ``~/.local/share/Chasqui`` on Linux), so
that `chasqui sync` in a console and the window work on the same vault.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_DATA_DIR = "CHASQUI_DATA_DIR"
APP_NAME = "Chasqui"
APP_AUTHOR = "ALEGRA"


def default_data_dir() -> Path:
    value = os.environ.get(ENV_DATA_DIR)
    if value:
        return Path(value).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
