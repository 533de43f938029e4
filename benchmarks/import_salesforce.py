"""Benchmark: importing a Salesforce export of 1 million Task rows, beside ``psql \\copy`` of
the same Task.csv into a plain table in the same run (target: at most 3x; stretch 1.5x), with
the importer's peak memory (target: under 500 MB); then the same export into SQLite.

    .venv/bin/python benchmarks/import_salesforce.py                 # 1,000,000 tasks
    .venv/bin/python benchmarks/import_salesforce.py --tasks 200000
    .venv/bin/python benchmarks/import_salesforce.py --smoke         # CI: 2,000 tasks, 200 accounts
    .venv/bin/python benchmarks/import_salesforce.py --tasks 100000 --database keyact_bench_NAME

The export is generated (deterministic): 200 users, 5,000 accounts, 10,000 contacts and the
tasks, every cell quoted like a Data Loader export, with multi-line descriptions. The import is
``keyact import salesforce DIR --org bench --json`` into a freshly migrated database (the
organisation is created by the import); its peak memory is the maximum resident set size of
that process.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.harness import (
    ROOT,
    bench_env,
    keyact,
    machine,
    pg_available,
    pg_url,
    recreate_database,
)

TASK_HEADER = [
    "Id",
    "WhoId",
    "WhatId",
    "Subject",
    "ActivityDate",
    "Status",
    "Priority",
    "OwnerId",
    "Description",
    "Type",
    "IsDeleted",
    "AccountId",
    "IsClosed",
    "CreatedDate",
    "CompletedDateTime",
    "CallDurationInSeconds",
    "CallType",
    "CallDisposition",
    "TaskSubtype",
    "LastModifiedDate",
    "SystemModstamp",
]
TYPES = ["Call", "Email", "Meeting", "Other", "Send Quote"]
SUBJECTS = ["Call: follow up", "Email: proposal", "Meeting: site visit", "Send quote", "Demo"]


def _id(prefix: str, n: int) -> str:
    return f"{prefix}5g0000{n:09d}AAA"[:18]


def write_export(folder: Path, tasks: int, users: int = 200, accounts: int = 5000) -> None:
    """A deterministic Salesforce export with ``tasks`` Task rows."""
    rng = random.Random(7)
    folder.mkdir(parents=True, exist_ok=True)
    q = {"quoting": csv.QUOTE_ALL, "lineterminator": "\n"}
    with (folder / "User.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, **q)
        w.writerow(["Id", "Username", "Name", "Email", "IsActive", "ManagerId"])
        for i in range(users):
            manager = _id("005", 0) if i else ""
            w.writerow(
                [
                    _id("005", i),
                    f"rep{i}@bench.example",
                    f"Rep {i}",
                    f"rep{i}@bench.example",
                    "true",
                    manager,
                ]
            )
    with (folder / "Account.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, **q)
        w.writerow(
            ["Id", "Name", "Industry", "NumberOfEmployees", "AnnualRevenue", "OwnerId", "IsDeleted"]
        )
        for i in range(accounts):
            w.writerow(
                [
                    _id("001", i),
                    f"Account {i}",
                    "Manufacturing",
                    str(rng.randint(5, 20000)),
                    str(rng.randint(1, 900) * 100000),
                    _id("005", i % users),
                    "false",
                ]
            )
    with (folder / "Contact.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, **q)
        w.writerow(["Id", "AccountId", "FirstName", "LastName", "Email", "IsDeleted"])
        for i in range(accounts * 2):
            w.writerow(
                [_id("003", i), _id("001", i // 2), "Contact", str(i), f"c{i}@x.example", "false"]
            )
    start = dt.datetime(2024, 1, 1, 1, 0)
    with (folder / "Task.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, **q)
        w.writerow(TASK_HEADER)
        for i in range(tasks):
            account = rng.randrange(accounts)
            when = start + dt.timedelta(minutes=rng.randrange(0, 600 * 24 * 60))
            created = when.strftime("%Y-%m-%dT%H:%M:%S.000+0000")
            kind = rng.randrange(len(TYPES))
            w.writerow(
                [
                    _id("00T", i),
                    _id("003", account * 2),
                    _id("001", account),
                    SUBJECTS[kind],
                    when.strftime("%Y-%m-%d"),
                    "Completed",
                    "Normal",
                    _id("005", account % users),
                    "Discussed the order.\nNext step agreed." if i % 3 == 0 else "",
                    TYPES[kind],
                    "false",
                    _id("001", account),
                    "true",
                    created,
                    created,
                    str(rng.randrange(30, 1800)) if kind == 0 else "",
                    "",
                    "",
                    "Task",
                    created,
                    created,
                ]
            )


def psql_copy(database: str, task_csv: Path) -> float:
    """Seconds for ``psql \\copy`` of Task.csv into a plain table of text columns."""
    url = pg_url(database)
    columns = ", ".join(f'"{c}" text' for c in TASK_HEADER)
    subprocess.run(
        [
            "psql",
            url,
            "-q",
            "-c",
            f"DROP TABLE IF EXISTS task_plain; CREATE TABLE task_plain ({columns})",
        ],
        check=True,
    )
    started = time.perf_counter()
    subprocess.run(
        ["psql", url, "-q", "-c", f"\\copy task_plain FROM '{task_csv}' CSV HEADER"], check=True
    )
    return time.perf_counter() - started


def timed_import(database_url: str, folder: Path) -> tuple[float, float, dict[str, object]]:
    """Seconds, peak resident memory (MB) and the report of ``keyact import salesforce``."""
    env = bench_env(database_url)
    keyact(["migrate", "-v0"], env)
    started = time.perf_counter()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "keyact",
            "import",
            "salesforce",
            str(folder),
            "--org",
            "bench",
            "--json",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=False,
    )
    out = process.stdout.read() if process.stdout else b""
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        err = process.stderr.read().decode() if process.stderr else ""
        raise RuntimeError(f"import failed: {err[-2000:]}")
    text = out.decode("utf-8")
    report = json.loads(text[text.index("{") :])
    return seconds, usage.ru_maxrss / 1024, report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=1_000_000)
    parser.add_argument("--smoke", action="store_true", help="2,000 tasks, as CI runs it")
    parser.add_argument(
        "--database",
        default="keyact_bench_import",
        help="PostgreSQL database to recreate (named keyact_bench*)",
    )
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    args = parser.parse_args()
    tasks = 2_000 if args.smoke else args.tasks
    print(machine())
    work = Path(tempfile.mkdtemp(prefix="keyact-bench-import-"))
    try:
        folder = work / "export"
        t0 = time.perf_counter()
        if args.smoke:
            write_export(folder, tasks, users=20, accounts=200)
        else:
            write_export(folder, tasks)
        size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
        print(
            f"export: {tasks:,} tasks, {size:.0f} MB, written in {time.perf_counter() - t0:.1f} s"
        )
        if pg_available() and shutil.which("psql"):
            database = args.database
            recreate_database(database)
            copy = psql_copy(database, folder / "Task.csv")
            seconds, peak, report = timed_import(pg_url(database), folder)
            created = report["created"]
            print(f"PostgreSQL psql \\copy Task.csv → plain table: {copy:.1f} s")
            print(
                f"PostgreSQL keyact import salesforce: {seconds:.1f} s "
                f"({seconds / copy:.2f}x \\copy), peak memory {peak:.0f} MB, created {created}"
            )
            if not report["committed"] or created["activities"] != tasks:  # type: ignore[index]
                raise RuntimeError("the import did not create every task")
        else:
            print("PostgreSQL: SKIPPED (no local server or no psql)")
        if args.no_sqlite:
            return 0
        sqlite = work / "bench.sqlite3"
        seconds, peak, report = timed_import(f"sqlite:///{sqlite}", folder)
        print(
            f"SQLite keyact import salesforce: {seconds:.1f} s, peak memory {peak:.0f} MB, "
            f"created {report['created']}"
        )
        if not report["committed"]:
            raise RuntimeError("the SQLite import was not committed")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
