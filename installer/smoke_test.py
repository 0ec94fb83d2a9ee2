"""Smoke test of the built desktop bundle (``dist/chasqui/``), run from another directory.

    .venv/bin/python installer/smoke_test.py [--bundle dist/chasqui] [--launches 3]

Owns: checking that the frozen program works without the source tree, headless:
``--version`` prints the version of pyproject.toml; ``init`` creates a vault in a temp
directory (passphrase from ``CHASQUI_NEW_PASSPHRASE``); a person and an intake are
recorded (the form definitions load from the bundle); ``export --json`` returns them; an
encrypted intake PDF is written (reportlab and the bundled fonts); the GUI starts offscreen
(``QT_QPA_PLATFORM=offscreen``), shows the unlock screen and quits by itself
(``CHASQUI_SMOKE_EXIT_MS``); the demo mode starts its local sync server (alembic
migrations from the bundle). Every step checks the exit code and that no traceback was
printed. Figures printed: time to the unlock screen (median of ``--launches`` runs,
target <= 1.5 s) measured from process start to the app's ``chasqui-startup: ready`` line.
The last line is ``smoke: N passed, M failed``; exit 0 when everything passed, 1 otherwise.
Synthetic data only; the temp dir is removed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSPHRASE = "frase-de-humo-2026"  # noqa: S105 - throwaway vault with synthetic data
LAUNCH_TARGET_S = 1.5
TIMEOUT = 120

PERSON = {
    "given_names": "Rosa Elvira",
    "paternal_surname": "Huamán",
    "maternal_surname": "Ccori",
    "doc_type": "DNI",
    "doc_number": "10117410-2",
    "birth_date": "1984-02-29",
    "sex": "F",
    "ubigeo": "080101",
}
INTAKE = {
    "fecha_atencion": "2024-12-06",
    "lugar_atencion": "brigada",
    "brigada_localidad": "Centro poblado Santa Rosa",
    "defensor": "Dra. Carmen Salazar Ríos",
    "tipo_servicio": "patrocinio",
    "area": "asistencia_legal",
    "materia": "alimentos",
    "resumen_caso": "Solicita orientación y patrocinio sobre pensión de alimentos.",
    "tipo_documento": "DNI",
    "numero_documento": "10117410",
    "nombres": "Rosa Elvira",
    "apellido_paterno": "Huamán",
    "apellido_materno": "Ccori",
    "sexo": "F",
    "fecha_nacimiento": "1984-02-29",
    "lengua_materna": "castellano",
    "requiere_interprete": False,
    "discapacidad": False,
    "ubigeo_domicilio": "080101",
    "direccion": "Pasaje San Martín 877",
    "aviso_privacidad_version": "LPDP-2024-01",
    "aviso_privacidad_fecha": "2024-12-06T11:05:00",
    "consentimiento_datos_sensibles": True,
    "hijos": [
        {"hijo_nombres": "Dante", "hijo_fecha_nacimiento": "2019-05-24", "hijo_reconocido": True}
    ],
    "obligado_nombres": "Juan Wilber Ccama",
    "obligado_tipo_documento": "DNI",
    "obligado_numero_documento": "66654242",
    "obligado_ocupacion": "agricultor",
    "obligado_ingreso_estimado": 1200.0,
    "monto_solicitado": 500.0,
}


PASSED: list[str] = []


class SmokeFailure(Exception):
    pass


def ok(label: str) -> None:
    PASSED.append(label)
    print(f"[smoke] ok  {label}", flush=True)


def project_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return str(tomllib.load(handle)["project"]["version"])


def executables(bundle: Path) -> tuple[Path, Path]:
    """(executable to start the GUI with, console executable).

    On Windows both are ``chasqui-cli.exe``: it runs the same GUI, and its stdout (the
    ready line) reaches the pipe, which the windowed ``chasqui.exe`` may not provide.
    """
    if sys.platform == "win32":
        if not (bundle / "chasqui.exe").exists():
            raise SmokeFailure(f"no executable {bundle / 'chasqui.exe'}")
        return bundle / "chasqui-cli.exe", bundle / "chasqui-cli.exe"
    if sys.platform == "darwin" and (bundle.parent / "Chasqui.app").exists():
        exe = bundle.parent / "Chasqui.app" / "Contents" / "MacOS" / "chasqui"
        return exe, exe
    return bundle / "chasqui", bundle / "chasqui"


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment without anything pointing back to the source tree or a venv."""
    drop = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "CHASQUI_RESOURCES", "CHASQUI_DATA_DIR")
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("PYTEST")}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / ".local" / "share"), PYTHONUTF8="1")
    env.update(QT_QPA_PLATFORM="offscreen", LANG="C.UTF-8")
    env.update(extra)
    return env


def no_traceback(label: str, *outputs: str) -> None:
    for text in outputs:
        if "Traceback (most recent call last)" in text:
            raise SmokeFailure(f"{label}: a traceback was printed:\n{text[-2000:]}")


def run(
    label: str,
    command: list[str],
    cwd: Path,
    env: dict[str, str],
    stdin: str | None = None,
    expect: int = 0,
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        command,
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT,
        check=False,
    )
    no_traceback(label, result.stdout, result.stderr)
    if result.returncode != expect:
        raise SmokeFailure(
            f"{label}: exit {result.returncode} (expected {expect})\n"
            f"stdout: {result.stdout[-1500:]}\nstderr: {result.stderr[-1500:]}"
        )
    ok(label)
    return result


def launch_to_ready(
    exe: Path, args: list[str], cwd: Path, env: dict[str, str], exit_ms: int = 300
) -> tuple[float, str]:
    """Start the GUI; seconds from process start to its ready line, and its output
    (stdout and stderr together)."""
    env = dict(env, CHASQUI_STARTUP_LOG="1", CHASQUI_SMOKE_EXIT_MS=str(exit_ms))
    started = time.perf_counter()
    proc = subprocess.Popen(
        [str(exe), *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,  # one pipe: a full stderr pipe cannot block the app
        text=True,
        encoding="utf-8",
    )
    assert proc.stdout is not None
    watchdog = threading.Timer(TIMEOUT, proc.kill)  # a hung GUI must not hang CI
    watchdog.start()
    ready_at: float | None = None
    lines: list[str] = []
    try:
        for line in proc.stdout:  # ends when the app exits and closes its stdout
            lines.append(line)
            if ready_at is None and line.startswith("chasqui-startup: ready"):
                ready_at = time.perf_counter() - started
        code = proc.wait(timeout=TIMEOUT)
    finally:
        killed = not watchdog.is_alive()
        watchdog.cancel()
    if killed:
        raise SmokeFailure(f"GUI did not quit by itself within {TIMEOUT} s (killed)")
    out = "".join(lines)
    no_traceback("gui", out)
    if code != 0:
        raise SmokeFailure(f"gui: exit {code}\noutput: {out[-2000:]}")
    if ready_at is None:
        raise SmokeFailure(f"gui: no ready line\noutput: {out[-2000:]}")
    return ready_at, out


def smoke(bundle: Path, launches: int) -> dict[str, float]:
    gui, cli = executables(bundle)
    for exe in {gui, cli}:
        if not exe.exists():
            raise SmokeFailure(f"no executable {exe}: build the bundle first")
    work = Path(tempfile.mkdtemp(prefix="chasqui-smoke-"))
    try:
        home, cwd, vault = work / "home", work / "elsewhere", work / "vault"
        home.mkdir()
        cwd.mkdir()
        env = clean_env(home, CHASQUI_NEW_PASSPHRASE=PASSPHRASE, CHASQUI_PASSPHRASE=PASSPHRASE)
        version = project_version()
        out = run("--version", [str(cli), "--version"], cwd, env).stdout.strip()
        if out != f"chasqui {version}":
            raise SmokeFailure(f"--version printed {out!r}, expected 'chasqui {version}'")
        data = ["--data-dir", str(vault)]
        run("init", [str(cli), "init", *data, "--office", "LIM01", "--user", "ana",
                     "--office-name", "ALEGRA Lima"], cwd, env)  # fmt: skip
        forms_out = run("forms list", [str(cli), "forms", "list", *data], cwd, env).stdout
        if "ficha_atencion" not in forms_out:
            raise SmokeFailure(f"forms list lacks ficha_atencion:\n{forms_out}")
        person_id = run(
            "person add",
            [str(cli), "person", "add", *data, "--json", "-"],
            cwd,
            env,
            stdin=json.dumps(PERSON),
        ).stdout.strip()
        intake_id = run(
            "intake add",
            [str(cli), "intake", "add", *data, "--person", person_id,
             "--form", "ficha_atencion", "--json", "-"],
            cwd,
            env,
            stdin=json.dumps(INTAKE),
        ).stdout.strip()  # fmt: skip
        exported = json.loads(run("export", [str(cli), "export", *data, "--json"], cwd, env).stdout)
        text = json.dumps(exported, ensure_ascii=False)
        if person_id not in text or intake_id not in text or "Huamán" not in text:
            raise SmokeFailure("export --json lacks the person or the intake just recorded")
        pdf = work / "ficha.pdf"
        run(
            "report intake (encrypted PDF)",
            [str(cli), "report", "intake", intake_id, *data, "--out", str(pdf),
             "--password-env", "CHASQUI_SMOKE_PDF"],
            cwd,
            dict(env, CHASQUI_SMOKE_PDF="clave-del-pdf"),
        )  # fmt: skip
        if not pdf.read_bytes().startswith(b"%PDF") or b"/Encrypt" not in pdf.read_bytes():
            raise SmokeFailure("the intake PDF is not an encrypted PDF")
        due = run("calendar add", [str(cli), "calendar", "add", "2026-12-23", "2"], cwd, env)
        if "2026-12-28" not in due.stdout or "Navidad del Señor" not in due.stdout:
            raise SmokeFailure(f"calendar add: holidays not from the bundle:\n{due.stdout}")
        case_id = run(
            "case open", [str(cli), "case", "open", *data, "--intake", intake_id, "--quiet"],
            cwd, env,
        ).stdout.strip()  # fmt: skip
        writ = work / "apersonamiento.docx"
        run("draft", [str(cli), "draft", "apersonamiento", case_id, *data, "--out", str(writ)],
            cwd, env)  # fmt: skip
        if not writ.read_bytes().startswith(b"PK"):
            raise SmokeFailure("draft: the writ is not a .docx (templates not in the bundle?)")
        ok("calendar (holidays) and drafting (templates) from the bundle")
        times = []
        for _ in range(max(1, launches)):
            seconds, _ = launch_to_ready(gui, data, cwd, env)
            times.append(seconds)
        ok(f"gui offscreen: unlock screen, quit by itself ({len(times)} runs)")
        for lang in ("es", "en"):  # bundled fonts and the English translation load
            _, out = launch_to_ready(gui, [*data, "--lang", lang], cwd, env)
            if "app.ui.i18n" in out:
                raise SmokeFailure(f"gui --lang {lang}: resource warning:\n{out}")
        ok("gui fonts and translations (es, en) from the bundle")
        demo_root = work / "demo"
        _, demo_out = launch_to_ready(gui, ["--demo", "--data-dir", str(demo_root)], cwd, env)
        if "Servidor de sincronización local" not in demo_out:
            raise SmokeFailure(f"demo: the local sync server did not start:\n{demo_out}")
        if not (demo_root / "server.db").exists():
            raise SmokeFailure("demo: no server.db: the local sync server did not migrate")
        ok("gui --demo: demo vault and local sync server")
        return {"launch_median_s": statistics.median(times), "launch_max_s": max(times)}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "chasqui")
    parser.add_argument("--launches", type=int, default=3, help="GUI launches to time")
    args = parser.parse_args(argv)
    try:
        figures = smoke(args.bundle.resolve(), args.launches)
    except (SmokeFailure, subprocess.TimeoutExpired, OSError) as exc:
        print(f"[smoke] FAILED: {exc}", file=sys.stderr, flush=True)
        print(f"smoke: {len(PASSED)} passed, 1 failed", flush=True)
        return 1
    median = figures["launch_median_s"]
    verdict = "within" if median <= LAUNCH_TARGET_S else "OVER"
    print(
        f"[smoke] launch to unlock screen: median {median:.2f} s, max "
        f"{figures['launch_max_s']:.2f} s ({verdict} the {LAUNCH_TARGET_S} s target)",
        flush=True,
    )
    print(f"smoke: {len(PASSED)} passed, 0 failed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
