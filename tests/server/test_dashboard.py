"""The directorate's dashboard over HTTP (the app in-process): only a supervisor's
session opens it; cookie attributes; attacks refused (no session, forged or expired
cookie, a device token, cross-site login and logout, a missing CSRF token); the page is
self-contained Spanish HTML under a strict CSP; figures are cached until a sync (kept
current after it off the request path: ``test_dashboard_watch``)."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from sync.server import report, supervisors
from sync.server.dashboard import COOKIE, LOGIN_COOKIE, default_period
from tests.server.conftest import Server
from tests.server.directorate import Spec, push_cases

NAME, PASSWORD = "dora.directora", "correcto caballo bateria grapa"
PERIOD = "?desde=2026-01-01&hasta=2026-06-30"


Make = Callable[[], "Browser"]


@pytest.fixture
def browser(server: Server) -> Iterator[Make]:
    made: list[Browser] = []

    def make() -> Browser:
        made.append(Browser(server))
        return made[-1]

    yield make
    for b in made:
        b.close()


def _server(folder: Path) -> Server:
    srv = Server(f"sqlite:///{folder}/server.sqlite3")
    supervisors.add_supervisor(srv.db, NAME, PASSWORD)
    push_cases(srv, [Spec("LIMA", "alimentos", f"2026-01-{d:02d}", f"2026-02-{d:02d}")
                     for d in range(5, 11)])  # fmt: skip
    return srv


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server for the tests that add no data (sessions only)."""
    srv = _server(tmp_path_factory.mktemp("panel"))
    try:
        yield srv
    finally:
        srv.close()


class Browser:
    """A cookie-keeping client of the in-process app (no redirects followed)."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.loop = asyncio.new_event_loop()
        transport = httpx.ASGITransport(app=server.app, client=("10.0.0.9", 4000))
        self.client = httpx.AsyncClient(transport=transport, base_url="http://panel.test")

    def go(self, method: str, path: str, **kw: Any) -> httpx.Response:
        return self.loop.run_until_complete(self.client.request(method, path, **kw))

    @property
    def cookies(self) -> dict[str, str]:
        return {c.name: str(c.value) for c in self.client.cookies.jar}

    def set_cookie(self, name: str, value: str) -> None:
        self.client.cookies.clear()
        self.client.cookies.set(name, value, domain="panel.test", path="/panel")

    def close(self) -> None:
        self.loop.run_until_complete(self.client.aclose())
        self.loop.close()

    def login(self, name: str = NAME, password: str = PASSWORD, **headers: str) -> httpx.Response:
        page = self.go("GET", "/panel/login")
        nonce = re.search(r'name="nonce" value="([^"]+)"', page.text)
        assert nonce and self.cookies.get(LOGIN_COOKIE) == nonce.group(1)
        return self.go(
            "POST",
            "/panel/login",
            headers=headers,
            data={"nonce": nonce.group(1), "usuario": name, "clave": password},
        )


def test_login_see_export_logout(server: Server, browser: Make) -> None:
    b = browser()
    r = b.login()
    assert r.status_code == 303 and r.headers["location"] == "/panel"
    cookie = next(h for h in r.headers.get_list("set-cookie") if h.startswith(COOKIE + "="))
    attributes = {a.strip().split("=")[0].lower() for a in cookie.split(";")[1:]}
    assert {"httponly", "max-age", "path"} <= attributes
    assert "samesite=strict" in cookie.lower() and "path=/panel" in cookie.lower()
    page = b.go("GET", "/panel" + PERIOD)
    assert page.status_code == 200 and 'lang="es-PE"' in page.text
    assert "Tiempos nacionales" in page.text and "Cerrar sesión" in page.text
    assert page.headers["content-security-policy"].startswith("default-src 'none'")
    assert page.headers["cache-control"] == "no-store"
    assert not re.search(r"(src|href)=\"(https?:)?//", page.text)  # nothing from outside
    assert "<script" not in page.text and "<svg" in page.text
    cell = re.search(r'data-cell="NACIONAL\|total\|Todas\|intake_to_filing\|n">(\d+)<', page.text)
    assert cell and cell.group(1) == "6"
    # caseload over time: the six cases opened 5-10 January, none closed, at each month end
    for month in ("2026-01", "2026-03", "2026-06"):
        assert f'data-cell="caseload|active|{month}">6<' in page.text
        assert f'data-cell="caseload|over|{month}">0<' in page.text
    csv_text = b.go("GET", "/panel/tiempos.csv" + PERIOD)
    assert csv_text.status_code == 200 and csv_text.headers["content-type"].startswith("text/csv")
    assert "NACIONAL" in csv_text.text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert csrf
    token = b.cookies[COOKIE]
    out = b.go("POST", "/panel/logout", data={"csrf": csrf.group(1)})
    assert out.status_code == 303 and out.headers["location"] == "/panel/login"
    assert supervisors.session(server.db, token) is None  # gone on the server, not only here
    assert b.go("GET", "/panel").status_code == 303


def test_every_page_needs_a_session(server: Server, browser: Make) -> None:
    b = browser()
    assert b.go("GET", "/panel").headers["location"].startswith("/panel/login")
    assert b.go("GET", "/panel/tiempos.csv").status_code == 401
    assert b.go("POST", "/panel/logout", data={"csrf": "x"}).headers["location"] == "/panel/login"
    b.set_cookie(COOKIE, "forged-" + "A" * 40)
    assert b.go("GET", "/panel").status_code == 303
    assert b.go("GET", "/panel/tiempos.csv").status_code == 401
    # a device's bearer token opens nothing here
    device = server.enroll("LIMA", "pc")
    for headers in (
        {"Authorization": f"Bearer {device.token}"},
        {"Cookie": f"{COOKIE}={device.token}"},
    ):
        assert browser().go("GET", "/panel/tiempos.csv", headers=headers).status_code == 401


def test_wrong_password_and_expired_session_are_refused(server: Server, browser: Make) -> None:
    b = browser()
    r = b.login(password="no es la clave correcta")
    assert r.status_code == 401 and "Usuario o contraseña incorrectos." in r.text
    assert COOKIE not in b.cookies
    r = b.login(name="nadie.aqui")
    assert r.status_code == 401 and "Usuario o contraseña incorrectos." in r.text
    old = supervisors.login(server.db, NAME, PASSWORD, now=supervisors.now_ms() - (
        supervisors.SESSION_TTL_S + 60) * 1000)  # fmt: skip
    b.set_cookie(COOKIE, old.token)
    r = b.go("GET", "/panel")
    assert r.status_code == 303 and r.headers["location"] == "/panel/login?expirada=1"
    assert "Su sesión terminó" in b.go("GET", r.headers["location"]).text
    assert b.go("GET", "/panel/tiempos.csv").status_code == 401


def test_cross_site_login_and_logout_are_refused(server: Server, browser: Make) -> None:
    b = browser()
    r = b.login(Origin="https://evil.example")
    assert r.status_code == 403 and COOKIE not in b.cookies
    r = b.login(**{"Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 403 and COOKIE not in b.cookies
    # a login without the form's nonce (a forged form elsewhere) is refused
    forged = browser().go("POST", "/panel/login", data={"usuario": NAME, "clave": PASSWORD})
    assert forged.status_code == 403
    assert b.login().status_code == 303
    token = b.cookies[COOKIE]
    assert b.go("POST", "/panel/logout", data={}).status_code == 403
    assert b.go("POST", "/panel/logout", data={"csrf": "guess"}).status_code == 403
    page = b.go("GET", "/panel")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert csrf
    r = b.go("POST", "/panel/logout", data={"csrf": csrf.group(1)},
             headers={"Origin": "https://evil.example"})  # fmt: skip
    assert r.status_code == 403
    assert supervisors.session(server.db, token) is not None


def test_figures_are_cached_until_a_sync_changes_the_data(tmp_path: Path) -> None:
    server = _server(tmp_path)  # its own: it syncs more cases and counts computations
    b = Browser(server)
    try:
        _cached_until_a_sync(server, b)
    finally:
        b.close()
        server.close()


def _cached_until_a_sync(server: Server, b: Browser) -> None:
    b.login()
    cache = server.app.state.dashboard
    first = b.go("GET", "/panel" + PERIOD)
    assert b.go("GET", "/panel" + PERIOD).text == first.text
    assert (cache.computed, cache.offices_computed) == (1, 2)  # LIMA and CUSCO
    cache.settle()  # the national cells are summed after the first view, in the background
    assert cache.national_counted == 2  # the national cells: both offices' counts summed
    push_cases(server, [Spec("LIMA", "penal", "2026-03-02", "2026-03-09")])
    cache.refresh()  # what the watcher does after a sync (tests/server/test_dashboard_watch)
    page = b.go("GET", "/panel" + PERIOD)
    assert (cache.computed, cache.offices_computed) == (2, 3)  # only LIMA read again
    assert cache.national_counted == 3  # and only LIMA's counts replaced in the nation's
    cell = re.search(r'data-cell="NACIONAL\|total\|Todas\|intake_to_filing\|n">(\d+)<', page.text)
    assert cell and cell.group(1) == "7"
    # merged office by office, the figures are those of one computation over everything
    start, end = dt.date(2026, 1, 1), dt.date(2026, 6, 30)
    fresh = report.timeliness(server.db, start, end)
    assert cache.get(start, end).rows == fresh


def test_bad_periods_get_a_spanish_message(server: Server, browser: Make) -> None:
    b = browser()
    b.login()
    r = b.go("GET", "/panel?desde=2026-05-01&hasta=2026-01-01")
    assert r.status_code == 400 and "anterior" in r.text
    assert b.go("GET", "/panel?desde=ayer").status_code == 400
    assert b.go("GET", "/panel/tiempos.csv?hasta=2026-99-01").status_code == 400
    r = b.go("GET", "/panel?desde=0001-01-01&hasta=2026-01-01")
    assert r.status_code == 400 and "veinte años" in r.text
    r = b.go("GET", "/panel/tiempos.csv?hasta=9999-12-31")
    assert r.status_code == 400 and "veinte años" in r.text
    r = b.go("GET", "/panel?desde=9999-01-01&hasta=9999-12-31")
    assert r.status_code == 400 and "anterior al año 9999" in r.text
    start, end = default_period()
    assert (end - start).days < 366 and start.day == 1


@pytest.fixture
def quick_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id with small costs for the accounts a test adds (many logins, each a hash)."""
    from argon2 import PasswordHasher

    quick = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(supervisors, "_HASHER", quick)
    monkeypatch.setattr(supervisors, "_DUMMY", quick.hash("x" * 16))


def test_repeated_wrong_passwords_lock_that_account_only(
    server: Server, browser: Make, quick_hashes: None
) -> None:
    name = "lucia.bloqueo"
    supervisors.add_supervisor(server.db, name, PASSWORD)
    b = browser()
    for _ in range(supervisors.LOCKOUT_FAILURES):
        r = b.login(name, "no es la clave correcta")
        assert r.status_code == 401 and "Usuario o contraseña incorrectos." in r.text
    locked = b.login(name, PASSWORD)  # even the right password, while locked
    assert locked.status_code == 429 and COOKIE not in b.cookies
    assert "Demasiados intentos fallidos con este usuario. Espere 15 minutos" in locked.text
    # a name that does not exist locks the same way (the lock says nothing about names)
    for _ in range(supervisors.LOCKOUT_FAILURES):
        assert b.login("nadie.existe", PASSWORD).status_code == 401
    assert b.login("nadie.existe", PASSWORD).status_code == 429
    assert browser().login().status_code == 303  # another account is not locked
    # once the window has passed, the right password opens again and clears the count
    later = supervisors.now_ms() + supervisors.LOCKOUT_WINDOW_S * 1000 + 1
    assert supervisors.login(server.db, name, PASSWORD, now=later).name == name
    with pytest.raises(supervisors.LoginRefused):
        supervisors.login(server.db, name, "otra clave equivocada", now=later)
    assert supervisors.login(server.db, name, PASSWORD, now=later).name == name


def test_parallel_wrong_passwords_cannot_pass_the_lock_together(
    server: Server, monkeypatch: pytest.MonkeyPatch, quick_hashes: None
) -> None:
    """With one failure left before the lock, attempts that all start before any has
    finished its (slow) password check: only one is checked, the others are locked."""
    name, tries = "lucia.paralela", 4
    supervisors.add_supervisor(server.db, name, PASSWORD)
    for _ in range(supervisors.LOCKOUT_FAILURES - 1):
        with pytest.raises(supervisors.LoginRefused):
            supervisors.login(server.db, name, "no es la clave correcta")
    state = threading.Condition()
    parked = [0]  # attempts inside the password check or already answered
    release = threading.Event()
    verify = supervisors._verify

    def slow_verify(password_hash: str, password: str) -> bool:
        with state:
            parked[0] += 1
            state.notify_all()
        assert release.wait(30)
        return verify(password_hash, password)

    monkeypatch.setattr(supervisors, "_verify", slow_verify)
    outcomes: list[str] = []

    def attempt() -> None:
        try:
            supervisors.login(server.db, name, "otra clave equivocada")
            outcomes.append("session")
        except supervisors.SupervisorError as exc:
            outcomes.append(type(exc).__name__)
        finally:
            with state:
                parked[0] += 0 if release.is_set() else 1
                state.notify_all()

    threads = [threading.Thread(target=attempt) for _ in range(tries)]
    for t in threads:
        t.start()
    with state:  # every attempt is parked in the check or answered: none can pass later
        assert state.wait_for(lambda: parked[0] >= tries, timeout=30)
    release.set()
    for t in threads:
        t.join(30)
    assert sorted(outcomes) == ["LoginLocked"] * (tries - 1) + ["LoginRefused"]


def test_a_name_longer_than_any_account_is_a_wrong_login(
    server: Server, quick_hashes: None
) -> None:
    """Never cut to the first 64 characters (which may be an account's name)."""
    name = "l" + "x" * 63
    supervisors.add_supervisor(server.db, name, PASSWORD)
    assert supervisors.login(server.db, name, PASSWORD).name == name
    with pytest.raises(supervisors.LoginRefused):
        supervisors.login(server.db, name + "y", PASSWORD)


def test_a_disabled_supervisor_is_logged_out_and_cannot_log_in(
    server: Server, browser: Make, capsys: pytest.CaptureFixture[str], quick_hashes: None
) -> None:
    from sync.server.cli import main

    name = "mario.saliente"
    supervisors.add_supervisor(server.db, name, PASSWORD)
    b = browser()
    assert b.login(name).status_code == 303
    assert b.go("GET", "/panel" + PERIOD).status_code == 200
    assert main(["supervisor", "disable", name, "--db", server.url]) == 0
    assert f"supervisor {name} disabled (1 open session(s) ended)" in capsys.readouterr().out
    gone = b.go("GET", "/panel" + PERIOD)
    assert gone.status_code == 303 and gone.headers["location"].startswith("/panel/login")
    assert b.go("GET", "/panel/tiempos.csv" + PERIOD).status_code == 401
    r = browser().login(name)
    assert r.status_code == 401 and "Usuario o contraseña incorrectos." in r.text
    assert main(["supervisor", "disable", "no.existe", "--db", server.url]) == 1
    err = capsys.readouterr().err
    assert "no supervisor no.existe" in err and "Traceback" not in err
    assert browser().login().status_code == 303  # the others keep working


def test_the_server_starts_without_numpy() -> None:
    """numpy is imported where the figures are estimated, not at every server start (the
    demo's too): creating the app with its dashboard leaves it unloaded."""
    import os
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from sync.server.app import create_app\n"
        "create_app('sqlite://')\n"
        "print(sorted(m for m in sys.modules if m == 'numpy' or m.startswith('numpy.'))[:3])\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "CHASQUI_SERVER_KEY"}  # in memory
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=False, env=env)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_a_serving_start_computes_the_first_page_in_the_background(tmp_path: Path) -> None:
    """``chasqui-server serve``'s app (``dashboard.warm_at_start``): its start computes the
    default period's figures in the background, so the first view after a restart is
    served from memory (no computation when it is asked); the figures are the ones a
    view computes. Without the start (the bare app, the demo's) nothing is computed."""
    from sync.server import dashboard

    server = _server(tmp_path)
    cache = server.app.state.dashboard
    assert not cache.warmed.is_set() and cache.computed == 0  # a bare app computes nothing
    dashboard.warm_at_start(server.app)
    b = Browser(server)

    async def start() -> Any:
        lifespan = server.app.router.lifespan_context(server.app)
        await lifespan.__aenter__()
        return lifespan

    try:
        lifespan = b.loop.run_until_complete(start())
        assert cache.warmed.wait(120)
        assert cache.computed == 1  # the default period, before anyone asked
        b.login()
        page = b.go("GET", "/panel")
        assert page.status_code == 200 and cache.computed == 1  # served from memory
        start, end = default_period()
        assert cache.get(start, end).rows == report.timeliness(server.db, start, end)
        b.loop.run_until_complete(lifespan.__aexit__(None, None, None))
    finally:
        b.close()
        server.close()
