"""``chasqui-server serve`` as a real process on a free loopback port (tests, benchmarks).

The database URL travels in the environment (``CHASQUI_SERVER_DB``), never on the
command line; ``start`` waits for ``/v1/health`` (start-up includes the migrations).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.server.pgcluster import free_port

ROOT = Path(__file__).resolve().parents[2]


class ServeProcess:
    """One ``python -m sync.server serve`` process against ``db_url``."""

    def __init__(self, db_url: str, workers: int = 1) -> None:
        self.db_url = db_url
        self.workers = workers
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 90.0) -> ServeProcess:
        env = dict(os.environ, CHASQUI_SERVER_DB=self.db_url, PYTHONPATH=str(ROOT))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "sync.server", "serve", "--port", str(self.port),
             "--workers", str(self.workers), "--log-level", "warning"],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.base_url}/v1/health", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            if self.proc.poll() is not None:
                err = self.proc.stderr.read().decode(errors="replace") if self.proc.stderr else ""
                raise RuntimeError(f"chasqui-server serve exited: {err[-2000:]}")
            time.sleep(0.2)  # polling a port that is not open yet (no event to wait on)
        self.stop()
        raise RuntimeError(f"chasqui-server serve did not answer within {timeout:.0f} s")

    def stop(self) -> None:
        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=30)
        if self.proc.stderr:
            self.proc.stderr.close()
        self.proc = None
