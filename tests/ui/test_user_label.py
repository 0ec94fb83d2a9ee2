"""fresh-eyes #11: the login "demo" showed where the display name "Usuaria de
demostración" should (Inicio's greeting, the intake's defender, the Casos list's defender
column and its filter): every one now names the user by ``app.core.user_names``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.ui.e2e import arrange_case, list_row, main_window, nav_to

NAME = "Usuaria de demostración"


def test_the_user_is_named_by_the_display_rule_everywhere(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """The vault's own user and the same login received from the server (with the full
    name) are one person: Inicio says "Hola, Usuaria de demostración", the Casos list's
    defender column says it, its filter offers it once (not the login) and filtering by
    it finds the case. Fails on the old code ("Hola, <login>", the login in the list)."""
    login = store.query("SELECT name FROM app_user WHERE id = ?", (store.user_id,))[0]["name"]
    with store.transaction() as tx:  # the same login, as the server sends it after enrolling
        tx.insert("user", {"office_id": store.office_id, "name": login, "role": "defender",
                           "display_name": NAME})  # fmt: skip
    number = store.get("case", arrange_case(store))["internal_number"]
    window = main_window(qtbot, store, vault_dir, fast_vault)
    home = window.workspace.home
    qtbot.waitUntil(lambda: home.greeting.text().startswith("Hola,"), timeout=10_000)
    assert home.greeting.text().startswith(f"Hola, {NAME} — ")
    assert window.backend.user_label == NAME  # the intake's "Defensor(a) que atiende"
    nav_to(qtbot, window, "Casos")
    page = window.workspace.cases
    row = list_row(qtbot, page, number)
    model = page.table.model()
    shown = [str(model.index(row, c).data() or "") for c in range(model.columnCount())]
    assert NAME in shown and login not in shown, shown
    combo = page.defender
    qtbot.waitUntil(lambda: combo.count() > 1, timeout=10_000)
    labels = [combo.itemText(i) for i in range(1, combo.count())]
    assert labels.count(NAME) == 1 and login not in labels, labels
    combo.setCurrentIndex(combo.findText(NAME))  # either user's id finds the person's case
    page.apply_filters()
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=10_000)
    assert list_row(qtbot, page, number) == 0
    window.lock()


def test_inicio_greets_by_the_full_name_as_soon_as_a_sync_brings_it(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fresh 10 #37: the demo greeted "Hola, demo" at the first unlock and "Hola, Usuaria
    de demostración" only after locking and unlocking again (the full name came with the
    first sync round, the greeting was read once at unlock). Fails on the old code."""
    login = store.query("SELECT name FROM app_user WHERE id = ?", (store.user_id,))[0]["name"]
    window = main_window(qtbot, store, vault_dir, fast_vault)
    home = window.workspace.home
    qtbot.waitUntil(lambda: home.greeting.text().startswith(f"Hola, {login} — "), timeout=10_000)
    with store.transaction() as tx:  # a sync round brings the same login with its name
        tx.insert("user", {"office_id": store.office_id, "name": login, "role": "defender",
                           "display_name": NAME})  # fmt: skip
    qtbot.waitUntil(lambda: home.greeting.text().startswith(f"Hola, {NAME} — "), timeout=10_000)
    assert window.backend.user_label == NAME  # the intake's "Defensor(a) que atiende" too
    window.lock()
