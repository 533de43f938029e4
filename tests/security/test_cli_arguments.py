"""Every keyact command checks its arguments first: one line, a non-zero exit, nothing written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from keyact.orgs.models import Organization
from keyact.users.models import ApiToken, User

BAD_SEED_ARGUMENTS = [
    (["--org", ""], "--org"),
    (["--org", "bad slug/../x"], "--org"),
    (["--org", "-leading"], "--org"),
    (["--org", "x" * 61], "--org"),
    (["--org", "Upper"], "--org"),
    (["--today", "9999-12-01"], "--today"),
    (["--today", "1800-01-01"], "--today"),
    (["--today", "2026-02-30"], "--today"),
    (["--months", "100000"], "--months"),
    (["--months", "0"], "--months"),
    (["--reps", "100000000"], "--reps"),
    (["--reps", "-1"], "--reps"),
    (["--reps", "²"], "--reps"),
    (["--activities", "1e9"], "--activities"),
    (["--seed", "99999999999999999999"], "--seed"),
    (["--name", "   "], "--name"),
    (["--password", ""], "--password"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("arguments", "named"), BAD_SEED_ARGUMENTS)
def test_seed_demo_refuses_bad_arguments_before_writing_anything(
    arguments: list[str], named: str
) -> None:
    with pytest.raises(CommandError) as refused:
        call_command("seed_demo", "--org", "fresh", *arguments)
    message = str(refused.value)
    assert named in message
    assert "\n" not in message
    assert not Organization.objects.exists()
    assert not User.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "arguments",
    [["--port", "99999"], ["--port", "0"], ["--port", "http"], ["--workers", "0"]],
)
def test_serve_and_demo_refuse_bad_ports_and_worker_counts(arguments: list[str]) -> None:
    for command in ("serve", "demo"):
        with pytest.raises(CommandError) as refused:
            call_command(command, *arguments)
        assert arguments[0] in str(refused.value)
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_token_and_diagnose_refuse_bad_arguments(world: object) -> None:
    tokens = ApiToken.objects.count()
    for arguments, named in [
        (["token", "create", "--user", "rep", "--name", ""], "--name"),
        (["token", "create", "--user", "rep", "--name", "n" * 101], "--name"),
        (["token", "revoke", "--id", "99999999999999999999"], "--id"),
        (["token", "revoke", "--id", "abc"], "--id"),
        (["diagnose", "--org", "acme", "--from", "9999-01-01"], "--from"),
        (["diagnose", "--org", "acme", "--to", "2026-13-01"], "--to"),
    ]:
        with pytest.raises(CommandError) as refused:
            call_command(*arguments)
        assert named in str(refused.value)
    assert ApiToken.objects.count() == tokens


def _keyact(tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "KEYACT_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
    }
    return subprocess.run(
        [sys.executable, "-m", "keyact", *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_console_prints_one_error_line_and_exits_non_zero(tmp_path: Path) -> None:
    for arguments, named in [
        (("seed-demo", "--today", "9999-12-01"), "--today"),
        (("seed-demo", "--org", "bad slug/../x"), "--org"),
        (("serve", "--port", "99999"), "--port"),
    ]:
        finished = _keyact(tmp_path, *arguments)
        assert finished.returncode != 0
        assert "Traceback" not in finished.stderr
        errors = [line for line in finished.stderr.splitlines() if "error:" in line]
        assert len(errors) == 1
        assert named in errors[0]
    # Nothing was started: not even the database file was created.
    assert not (tmp_path / "cli.sqlite3").exists()
