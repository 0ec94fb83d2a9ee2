"""The directorate's dashboard in a real headless Chromium (Debian's ``chromium`` and
``chromium-driver``, driven by selenium) against a real ``chasqui-server serve`` on
loopback: a wrong password is refused; a supervisor logs in, sees the figures, exports
the CSV (a real download) and the page's figures match it and match counts this test
makes from the raw dates; logging out ends the session; an expired session is sent
back to the login form."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from forms.clock import office_today
from sync.server import supervisors
from sync.server.dashboard import COOKIE
from sync.server.db import Database, now_ms
from tests.server.conftest import Server
from tests.server.directorate import Spec, push_cases
from tests.server.serve_process import ServeProcess

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and DRIVER),
    reason="Chromium and chromedriver are not installed (apt-get install chromium "
    "chromium-driver; .ci/run does it)",
)

NAME, PASSWORD = "dora.directora", "correcto caballo bateria grapa"
TODAY = office_today()  # the server's day, not the machine's (CI runs in UTC)
WAITS = [5, 8, 12, 15, 21, 30]  # LIMA: days from intake to filing
CUSCO_WAITS = [6, 9]  # CUSCO: under 5 cases, suppressed in the cross-office view


def _specs() -> list[Spec]:
    first = TODAY - dt.timedelta(days=150)
    out = []
    for i, wait in enumerate(WAITS):
        intake = first + dt.timedelta(days=i)
        out.append(Spec("LIMA", "alimentos", intake.isoformat(),
                        (intake + dt.timedelta(days=wait)).isoformat()))  # fmt: skip
    for i, wait in enumerate(CUSCO_WAITS):
        intake = first + dt.timedelta(days=10 + i)
        out.append(Spec("CUSCO", "penal", intake.isoformat(),
                        (intake + dt.timedelta(days=wait)).isoformat()))  # fmt: skip
    return out


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    folder = tmp_path_factory.mktemp("panel")
    url = f"sqlite:///{folder / 'server.sqlite3'}"
    server = Server(url)
    try:
        supervisors.add_supervisor(server.db, NAME, PASSWORD)
        push_cases(server, _specs())
    finally:
        server.close()
    process = ServeProcess(url).start()
    try:
        yield process.base_url, url
    finally:
        process.stop()


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("descargas")


@pytest.fixture(scope="module")
def driver(downloads: Path) -> Iterator[Any]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--lang=es-PE",
                "--window-size=1280,900", "--disable-gpu"):  # fmt: skip
        options.add_argument(arg)
    options.add_experimental_option(
        "prefs", {"download.default_directory": str(downloads),
                  "download.prompt_for_download": False},
    )  # fmt: skip
    browser = webdriver.Chrome(options=options, service=webdriver.ChromeService(str(DRIVER)))
    browser.set_page_load_timeout(60)
    try:
        yield browser
    finally:
        browser.quit()


def _login(driver: Any, password: str) -> None:
    driver.find_element(By.ID, "usuario").clear()
    driver.find_element(By.ID, "usuario").send_keys(NAME)
    driver.find_element(By.ID, "clave").send_keys(password)
    driver.find_element(By.ID, "ingresar").click()


def _text(driver: Any, cell: str) -> str:
    return str(driver.find_element(By.CSS_SELECTOR, f'[data-cell="{cell}"]').text)


def _downloaded(folder: Path, pattern: str) -> Path | None:
    """The file Chromium downloaded, once it is whole: no ``.crdownload`` left in the
    folder and the last line ended (CI read a CSV with no rows: the file was there, its
    text not yet)."""
    if list(folder.glob("*.crdownload")):
        return None
    found = sorted(folder.glob(pattern))
    if not found:
        return None
    text = found[0].read_text(encoding="utf-8")
    return found[0] if text.endswith("\n") and text.count("\n") > 1 else None


def _wait(driver: Any, what: Any, timeout: float = 30) -> Any:
    return WebDriverWait(driver, timeout).until(what)


def test_log_in_see_figures_match_the_csv_and_log_out(
    served: tuple[str, str], driver: Any, downloads: Path
) -> None:
    base, _url = served
    driver.get(f"{base}/panel")
    _wait(driver, lambda d: "Ingreso de supervisores" in d.page_source)
    assert driver.current_url.endswith("/panel/login")

    _login(driver, "no es la clave")
    _wait(driver, lambda d: d.find_elements(By.ID, "mensaje"))
    assert driver.find_element(By.ID, "mensaje").text == "Usuario o contraseña incorrectos."
    assert driver.get_cookie(COOKIE) is None

    _login(driver, PASSWORD)
    _wait(driver, lambda d: d.find_elements(By.ID, "nacional"))
    assert f"Sesión: {NAME}" in driver.find_element(By.ID, "sesion").text
    cookie = driver.get_cookie(COOKIE)
    assert cookie and cookie["httpOnly"] and cookie["sameSite"] == "Strict"

    # what the page shows, against counts made here from the raw dates
    waits = sorted(WAITS + CUSCO_WAITS)
    shown = {
        "n": _text(driver, "NACIONAL|total|Todas|intake_to_filing|n"),
        "median": _text(driver, "NACIONAL|total|Todas|intake_to_filing|median"),
        "lima": _text(driver, "LIMA|total|Todas|intake_to_filing|n"),
        "cusco": _text(driver, "CUSCO|total|Todas|intake_to_filing|n"),
    }
    assert shown == {
        "n": str(len(waits)),
        "median": str(waits[math.ceil(len(waits) / 2) - 1]),
        # CUSCO's cell is under 5: LIMA's is hidden too ("reservado", complementary
        # suppression), else CUSCO's would be the national count minus LIMA's
        "lima": "reservado",
        "cusco": "<5",
    }
    assert _text(driver, "LIMA|load|active") == str(len(WAITS))

    driver.find_element(By.ID, "exportar").click()
    done = _wait(driver, lambda d: _downloaded(downloads, "tiempos-*.csv"))
    rows = list(csv.DictReader(io.StringIO(done.read_text(encoding="utf-8"))))
    by_key = {(r["office"], r["group_kind"], r["group"], r["interval"], r["working_days"]): r
              for r in rows}  # fmt: skip
    national = by_key[("NACIONAL", "total", "Todas", "intake_to_filing", "0")]
    assert (national["n"], national["median_days"]) == (shown["n"], shown["median"])
    assert by_key[("LIMA", "total", "Todas", "intake_to_filing", "0")]["n"] == shown["lima"]
    assert by_key[("CUSCO", "total", "Todas", "intake_to_filing", "0")]["n"] == "<5"

    driver.find_element(By.ID, "salir").click()
    _wait(driver, lambda d: "Ingreso de supervisores" in d.page_source)
    assert driver.get_cookie(COOKIE) is None
    driver.get(f"{base}/panel")
    _wait(driver, lambda d: "Ingreso de supervisores" in d.page_source)


def test_an_expired_session_is_refused(served: tuple[str, str], driver: Any) -> None:
    base, url = served
    db = Database(url)
    try:
        old = supervisors.login(db, NAME, PASSWORD,
                                now=now_ms() - (supervisors.SESSION_TTL_S + 60) * 1000)  # fmt: skip
    finally:
        db.dispose()
    driver.get(f"{base}/panel/login")
    driver.add_cookie({"name": COOKIE, "value": old.token, "path": "/panel",
                       "httpOnly": True, "sameSite": "Strict"})  # fmt: skip
    driver.get(f"{base}/panel")
    _wait(driver, lambda d: "Su sesión terminó" in d.page_source)
    assert driver.current_url.endswith("/panel/login?expirada=1")
