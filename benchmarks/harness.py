"""Shared plumbing of the benchmarks: scratch databases, servers on loopback, wrk, percentiles.

Everything stays on 127.0.0.1 and every run is bounded in time. Nothing is installed here: a
missing tool (wrk, PostgreSQL) is reported so the caller can skip or say what to install.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = os.environ.get("KEYACT_BENCH_PG", "postgres://postgres@127.0.0.1:5432")


def pg_url(database: str) -> str:
    """The URL of a benchmark database on the local PostgreSQL."""
    return f"{PG_SERVER}/{database}"


def pg_available() -> bool:
    """Whether the local PostgreSQL answers."""
    try:
        import psycopg

        with psycopg.connect(pg_url("postgres"), connect_timeout=3):
            return True
    except Exception:
        return False


def recreate_database(database: str) -> None:
    """Drop and create a benchmark database (names must start with keyact_bench)."""
    import psycopg

    if not database.startswith("keyact_bench"):
        raise ValueError("benchmark databases are named keyact_bench*")
    with psycopg.connect(pg_url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{database}"')


def database_exists(database: str) -> bool:
    import psycopg

    with psycopg.connect(pg_url("postgres")) as conn:
        row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        return row is not None


def keyact(args: Sequence[str], env: dict[str, str], timeout: float = 900) -> str:
    """Run a keyact command; return its standard output (raise on failure)."""
    result = subprocess.run(
        [sys.executable, "-m", "keyact", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise RuntimeError(f"keyact {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def bench_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a benchmark process: the database, no login lockout, no debug."""
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "0", "AXES_ENABLED": "0"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """A server process on loopback, started and stopped around a measurement."""

    def __init__(self, command: Sequence[str], port: int, env: dict[str, str]) -> None:
        self.port = port
        self.log = open(  # noqa: SIM115 - closed in stop()
            f"/tmp/keyact-bench-server-{port}.log", "w"
        )
        self.process = subprocess.Popen(
            list(command), env=env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited early, see {self.log.name}")
            if self._answers():
                break
            time.sleep(0.2)
        else:
            self.stop()
            raise RuntimeError(f"server did not answer on {port}, see {self.log.name}")
        # Workers boot one after the other: give the last one time to take requests too.
        for _ in range(10):
            self._answers()

    def _answers(self) -> bool:
        """Whether an HTTP request gets any answer (a 404 or 405 is fine)."""
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=5) as conn:
                conn.sendall(b"GET /__ready HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
                return conn.recv(12).startswith(b"HTTP/")
        except OSError:
            return False

    def worker_pids(self) -> list[int]:
        out = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.process.pid)], capture_output=True, text=True
        ).stdout
        return [int(p) for p in out.split()]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


@dataclass
class LoadResult:
    """What wrk measured."""

    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    cpu_ms: float = 0.0
    socket_failures: int = 0

    def line(self, label: str) -> str:
        return (
            f"{label:<34} {self.rps:>8,.0f} req/s   p50 {self.p50_ms:>6.1f} ms   "
            f"p99 {self.p99_ms:>6.1f} ms   CPU {self.cpu_ms:>5.2f} ms/req   "
            f"({self.requests:,} requests, {self.errors} non-2xx, "
            f"{self.socket_failures} connect errors/timeouts)"
        )


def wrk_missing() -> str | None:
    """None when wrk is installed, else how to get it."""
    return None if shutil.which("wrk") else "wrk is not installed (apt-get install -y wrk)"


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def run_wrk(
    url: str,
    *,
    script: Path,
    seconds: int,
    connections: int,
    threads: int = 2,
    env: dict[str, str] | None = None,
) -> LoadResult:
    """Drive ``url`` with wrk for ``seconds``; parse throughput, median, p99 and errors."""
    result = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "5s",
            "--latency",
            "-s",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 30,
        env={**os.environ, **(env or {})},
    )
    out = result.stdout
    if result.returncode != 0:
        raise RuntimeError(f"wrk failed: {result.stderr}\n{out}")
    lat = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", out, re.M))

    def parse(text: str) -> float:
        m = re.match(r"([\d.]+)(\w+)", text)
        assert m, text
        return _ms(m.group(1), m.group(2))

    total = re.search(r"(\d+) requests in ([\d.]+)(\w+)", out)
    assert total, out
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    errors = int(non2xx.group(1)) if non2xx else 0
    # Sync workers close each connection (wrk may count closes as read errors); connect errors
    # and timeouts are the machine's, not the application's: reported, never fatal.
    socket_failures = (
        int(socket_errors.group(1)) + int(socket_errors.group(4)) if socket_errors else 0
    )
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    assert rps, out
    return LoadResult(
        requests=int(total.group(1)),
        seconds=_ms(total.group(2), total.group(3)) / 1000,
        rps=float(rps.group(1)),
        p50_ms=parse(lat["50"]),
        p99_ms=parse(lat["99"]),
        errors=errors,
        socket_failures=socket_failures,
    )


def process_cpu_seconds(pids: Sequence[int]) -> float:
    """User + system CPU seconds of processes (0 for any that cannot be read)."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
        except (OSError, IndexError, ValueError):
            pass
    return total


def postgres_backend_pids(database: str) -> list[int]:
    """Server processes serving ``database`` (to charge their CPU time to a run)."""
    import psycopg

    with psycopg.connect(pg_url("postgres")) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s", [database]
        ).fetchall()
    return [int(r[0]) for r in rows]


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) by nearest rank."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def machine() -> str:
    """Cores and load, to print next to figures (other work on the machine skews them)."""
    load = os.getloadavg()
    return f"{os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database a ``DATABASE_URL`` names when it does not exist yet
    (a benchmark on a fresh machine creates what it needs). SQLite files create themselves."""
    if not url.startswith(("postgres://", "postgresql://")):
        return
    import psycopg

    server, _, database = url.rpartition("/")
    database = database.split("?", 1)[0]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if row is None:
            conn.execute(f'CREATE DATABASE "{database}"')
