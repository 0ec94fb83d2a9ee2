"""The directorate's read-only web dashboard: routes, login session, CSRF, cache.

Owns the HTTP surface under ``/panel`` (kept out of the sync protocol's OpenAPI):

    GET  /panel/login        the login form (sets a one-time login nonce cookie)
    POST /panel/login        name + password -> session cookie, 303 to /panel
    GET  /panel              the figures (?desde=YYYY-MM-DD&hasta=YYYY-MM-DD)
    GET  /panel/tiempos.csv  the cross-office timeliness CSV of the same period
    POST /panel/logout       ends the session (needs the session's CSRF token)

Sessions are supervisor accounts only (``sync.server.supervisors``), never device
tokens. The session cookie is HttpOnly, SameSite=Strict, limited to ``/panel``, with the
session's expiry (Secure when the request came over HTTPS). Every route but the login
form checks the session; writes (login, logout) refuse a foreign ``Origin`` or
``Sec-Fetch-Site`` and need their token (login: the nonce cookie echoed in the form;
logout: the session's CSRF token). Pages carry a strict Content-Security-Policy (no
script at all, nothing from outside), ``no-store`` caching and frame denial.
Figures come from ``dashboard_data.FiguresCache`` (computed once per period and kept
current after syncs off the request path; a page served figures older than the change log
says so, with the time they were computed; the CSV export waits for current ones).
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from forms.clock import office_today
from stats.timeliness import MAX_PERIOD_DAYS
from sync.server import dashboard_view, supervisors
from sync.server.dashboard_data import FiguresCache
from sync.server.db import Database, now_ms

COOKIE = "chasqui_panel"
LOGIN_COOKIE = "chasqui_ingreso"
MAX_FORM = 4096
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    # same-origin, not no-referrer: under no-referrer browsers send "Origin: null" with a
    # form's POST, and the login and logout could not tell their own page from a foreign one
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def _secure(response: Response) -> Response:
    response.headers.update(HEADERS)
    return response


def _html(text: str, status: int = 200) -> Response:
    return _secure(HTMLResponse(text, status))


def _https(request: Request) -> bool:
    return request.url.scheme == "https"


def _same_origin(request: Request) -> bool:
    site = request.headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        return False
    origin = request.headers.get("origin")
    if origin is None:
        return True
    return origin == f"{request.url.scheme}://{request.headers.get('host', '')}"


async def _form(request: Request) -> dict[str, str] | None:
    if request.headers.get("content-type", "").split(";")[0].strip() != (
        "application/x-www-form-urlencoded"
    ):
        return None
    body = await request.body()
    if len(body) > MAX_FORM:
        return None
    fields = parse_qs(body.decode("utf-8", "replace"), max_num_fields=8)
    return {k: v[0] for k, v in fields.items()}


def default_period(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The last twelve months to today (office time)."""
    end = today or office_today()
    year, month = divmod(end.year * 12 + end.month - 1 - 11, 12)
    return dt.date(year, month + 1, 1), end


def _period(desde: str | None, hasta: str | None) -> tuple[dt.date, dt.date] | str:
    start, end = default_period()
    try:
        if desde:
            start = dt.date.fromisoformat(desde)
        if hasta:
            end = dt.date.fromisoformat(hasta)
    except ValueError:
        return "Las fechas deben tener la forma AAAA-MM-DD."
    if end < start:
        return "La fecha «hasta» es anterior a «desde»."
    if (end - start).days > MAX_PERIOD_DAYS:
        return "El periodo no puede pasar de veinte años."
    if end.year == dt.MAXYEAR:  # the monthly figures step to the month after the last
        return "La fecha «hasta» debe ser anterior al año 9999."
    return start, end


def _login_form(request: Request, message: str = "", status: int = 200) -> Response:
    nonce = secrets.token_urlsafe(24)
    response = _html(dashboard_view.login_page(nonce, message), status)
    response.set_cookie(LOGIN_COOKIE, nonce, max_age=3600, path="/panel", httponly=True,
                        samesite="strict", secure=_https(request))  # fmt: skip
    return response


def _to_login(message: str = "") -> Response:
    target = "/panel/login" + ("?expirada=1" if message else "")
    return _secure(RedirectResponse(target, 303))


def install(app: FastAPI, db: Database) -> FiguresCache:
    """Add the dashboard's routes to ``app``; returns its figures cache."""
    cache = FiguresCache(db)
    router = APIRouter(include_in_schema=False)

    def current(request: Request) -> supervisors.Session | None:
        return supervisors.session(db, request.cookies.get(COOKIE))

    @router.get("/panel/login")
    async def login_form(request: Request) -> Response:
        expired = request.query_params.get("expirada") == "1"
        return _login_form(request, "Su sesión terminó. Ingrese de nuevo." if expired else "")

    @router.post("/panel/login")
    async def login(request: Request) -> Response:
        form = await _form(request)
        nonce = request.cookies.get(LOGIN_COOKIE, "")
        if (
            not _same_origin(request) or form is None or not nonce
            or not hmac.compare_digest(nonce, form.get("nonce", ""))
        ):  # fmt: skip
            return _login_form(
                request, "La solicitud no vino de este formulario. Intente de nuevo.", 403
            )
        try:
            session = await run_in_threadpool(
                supervisors.login, db, form.get("usuario", ""), form.get("clave", "")
            )
        except supervisors.LoginRefused:
            return _login_form(request, "Usuario o contraseña incorrectos.", 401)
        except supervisors.LoginLocked as exc:
            return _login_form(request, str(exc), 429)
        response = _secure(RedirectResponse("/panel", 303))
        max_age = max(1, (session.expires_at - now_ms()) // 1000)
        response.set_cookie(COOKIE, session.token, max_age=max_age, path="/panel",
                            httponly=True, samesite="strict", secure=_https(request))  # fmt: skip
        response.delete_cookie(LOGIN_COOKIE, path="/panel")
        return response

    @router.get("/panel")
    async def panel(request: Request) -> Response:
        session = await run_in_threadpool(current, request)
        if session is None:
            return _to_login("expired" if COOKIE in request.cookies else "")
        period = _period(request.query_params.get("desde"), request.query_params.get("hasta"))
        if isinstance(period, str):
            return _html(f'<!DOCTYPE html><html lang="es-PE"><p>{period} '
                         '<a href="/panel">Volver</a></p></html>', 400)  # fmt: skip
        figures, state = await run_in_threadpool(cache.view, *period)
        return _html(dashboard_view.dashboard_page(figures, session.name, session.csrf, state))

    @router.get("/panel/tiempos.csv")
    async def export(request: Request) -> Response:
        session = await run_in_threadpool(current, request)
        if session is None:
            return _secure(Response("sesión requerida\n", 401, media_type="text/plain"))
        period = _period(request.query_params.get("desde"), request.query_params.get("hasta"))
        if isinstance(period, str):
            return _secure(Response(period + "\n", 400, media_type="text/plain"))
        figures = await run_in_threadpool(cache.get, *period)
        name = f"tiempos-{period[0].isoformat()}-{period[1].isoformat()}.csv"
        return _secure(
            Response(
                figures.csv(), media_type="text/csv; charset=utf-8",
                headers={"Content-Disposition": f'attachment; filename="{name}"'},
            )
        )  # fmt: skip

    @router.post("/panel/logout")
    async def logout(request: Request) -> Response:
        session = await run_in_threadpool(current, request)
        form = await _form(request)
        if session is None:
            return _to_login()
        if (
            not _same_origin(request)
            or form is None
            or not supervisors.csrf_ok(session, form.get("csrf"))
        ):
            return _secure(Response("solicitud rechazada\n", 403, media_type="text/plain"))
        await run_in_threadpool(supervisors.logout, db, session.token)
        response = _to_login()
        response.delete_cookie(COOKIE, path="/panel")
        return response

    app.include_router(router)
    app.state.dashboard = cache
    return cache


def warm_at_start(app: FastAPI) -> None:
    """When ``app`` starts serving (its lifespan: ``chasqui-server serve``'s workers, not
    the desktop demo's server), the default period's figures — the page a supervisor
    opens first — are computed in the background (``FiguresCache.warm``): the first view
    after a restart is served from memory instead of counting the nation; and when the
    office's day moves, the next default period is computed by the watcher before the
    first supervisor of the day asks for it."""
    cache: FiguresCache = app.state.dashboard
    served = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[Any]:
        cache.warm(*default_period(), follow=default_period)  # and the next day's
        try:
            async with served(app) as state:
                yield state
        finally:
            await run_in_threadpool(cache.close, 10)  # the watcher stops with the server

    app.router.lifespan_context = lifespan
