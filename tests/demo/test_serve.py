"""``keyact serve`` collects hashed static files, serves with gunicorn, stops on Ctrl-C."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def answers(url: str) -> bool:
    """Whether a server answers ``url`` at all (any HTTP status counts)."""
    try:
        with urllib.request.urlopen(url, timeout=5):
            return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


def test_serve_answers_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "KEYACT_DATA_DIR": str(tmp_path)}
    process = subprocess.Popen(
        [sys.executable, "-m", "keyact", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 300  # generous: it collects static files first, CI is busy
        while not answers(f"http://127.0.0.1:{port}/accounts/login/"):
            assert time.monotonic() < deadline, "keyact serve did not answer within 300 s"
            assert process.poll() is None, process.stdout.read() if process.stdout else b""
            time.sleep(0.2)
        # Up: now the expensive document, with a timeout that a busy machine cannot miss.
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/api/v1/openapi.json", timeout=60
        ) as response:
            body = response.read()
            server = response.headers.get("Server", "")
        assert b'"openapi"' in body
        assert "gunicorn" in server
        # Static files were collected with hashed, compressed names and are served from there.
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/") as response:
            page = response.read().decode()
        match = re.search(r"/static/keyact/app\.[0-9a-f]{12}\.css", page)
        assert match, "the login page links the hashed stylesheet"
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{match.group(0)}", headers={"Accept-Encoding": "gzip"}
        )
        with urllib.request.urlopen(request) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            assert "immutable" in response.headers["Cache-Control"]
        assert (tmp_path / "staticfiles" / "staticfiles.json").exists()
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
