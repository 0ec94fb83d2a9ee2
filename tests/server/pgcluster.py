"""A throwaway PostgreSQL 15 cluster for tests and benchmarks (initdb + pg_ctl).

initdb refuses to run as root, so under root every command runs as the ``postgres``
user (``runuser -u postgres --``) on a temp directory it owns; the cluster listens on
a free loopback port with its unix socket inside that directory.
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

PG_BIN = Path(os.environ.get("CHASQUI_PG_BIN", "/usr/lib/postgresql/15/bin"))


def available() -> bool:
    return (PG_BIN / "initdb").exists() and (PG_BIN / "pg_ctl").exists()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_postgres(args: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return args
    runuser = shutil.which("runuser")
    if runuser:
        return [runuser, "-u", "postgres", "--", *args]
    return ["su", "postgres", "-c", " ".join(args)]


@dataclass
class PgCluster:
    host: str
    port: int
    base: Path
    _names: Iterator[int] = field(default_factory=itertools.count)
    kept: bool = False  # ``start(base=…)``: the data stay for the next run

    def admin_conninfo(self) -> str:
        return f"host={self.host} port={self.port} user=postgres dbname=postgres"

    def create_database(self, template: str | None = None) -> str:
        name = f"chasqui_{next(self._names)}_{uuid.uuid4().hex[:6]}"
        with psycopg.connect(self.admin_conninfo(), autocommit=True) as conn:
            suffix = f" TEMPLATE {template}" if template else ""
            conn.execute(f'CREATE DATABASE "{name}"{suffix}')
        return name

    def url(self, name: str) -> str:
        return f"postgresql+psycopg://postgres@{self.host}:{self.port}/{name}"

    def stop(self) -> None:
        cmd = [str(PG_BIN / "pg_ctl"), "-D", str(self.base / "data"), "-m", "immediate", "stop"]
        if self.kept:
            cmd[-2:] = ["fast", "stop"]  # a clean shutdown: the data are used again
        subprocess.run(_as_postgres(cmd), check=False, capture_output=True, timeout=60)
        if not self.kept:
            shutil.rmtree(self.base, ignore_errors=True)


def start(max_connections: int = 300, durable: bool = False, base: Path | None = None
          ) -> PgCluster:  # fmt: skip
    """Start a cluster; tests skip fsync (``durable=False``), the benchmark keeps it.
    ``base``: the cluster lives in that folder and is kept (``stop`` leaves its data):
    made there the first time, started again from its data the next."""
    kept = base is not None
    if base is None:
        base = Path(tempfile.mkdtemp(prefix="chasqui-pg-"))
    base.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
    data, sock = base / "data", base / "sock"

    def call(args: list[str]) -> None:
        subprocess.run(_as_postgres(args), check=True, capture_output=True, timeout=120)

    call(["mkdir", "-p", str(sock)])
    if not (data / "PG_VERSION").exists():
        call([str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
              "-E", "UTF8", "--no-sync", "--locale=C"])  # fmt: skip
    elif (data / "postmaster.pid").exists():  # left running by an earlier run: stop it
        stop = [str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"]
        subprocess.run(_as_postgres(stop), check=False, capture_output=True, timeout=60)
    port = free_port()
    options = (
        f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c max_connections={max_connections}"
    )
    if not durable:
        options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    call([str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(base / "log"), "-w",
          "-o", options, "start"])  # fmt: skip
    return PgCluster("127.0.0.1", port, base, kept=kept)
