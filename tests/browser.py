"""Test and benchmark support (not shipped): run ``growthsim serve`` in a child process on a free
localhost port, and the flags Debian's Chromium needs here.

The browser tests, the app benchmark and the screenshot script all need the real server (no
in-process stand-in): this starts it, waits until it answers HTTP 200, and stops it afterwards.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]  # tests/browser.py -> the checkout
CHROMIUM = "/usr/bin/chromium"
# Flags for Debian's Chromium here: root needs --no-sandbox; the networking flags stop it from
# trying to reach outside hosts (see shared/TESTING.md).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerDidNotStart(RuntimeError):
    """The server exited or did not answer in time; the message holds the end of its log."""


def start_server(library: Path, data: str | Path | None = None, flags: Sequence[str] = (),
                 timeout: float = 60.0) -> tuple[subprocess.Popen, str]:
    """Start ``growthsim serve`` (scenario library `library`, store `data`, extra `flags`) on a free port
    and wait until it answers HTTP 200: (process, URL). Its output goes to ``serve.log`` beside the
    library file; ServerDidNotStart (with the log's end) when it exits or does not answer in time."""
    port = free_port()
    env = {**os.environ, "GROWTHSIM_LIBRARY": str(library)}
    cmd = ([sys.executable, "-m", "dashboards.cli"] + (["--data", str(data)] if data else [])
           + ["serve", "--port", str(port), *flags])
    log_path = Path(library).parent / "serve.log"
    url = f"http://127.0.0.1:{port}/"
    with open(log_path, "wb") as log:   # the child keeps its own descriptor
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + timeout
    while True:
        try:
            if urllib.request.urlopen(url, timeout=10).status == 200:
                return proc, url
        except OSError:
            pass
        if proc.poll() is not None or time.time() > deadline:
            stop_server(proc)
            raise ServerDidNotStart(f"growthsim serve did not answer on {url}: "
                                    f"{log_path.read_text(errors='replace')[-2000:]}")
        time.sleep(0.3)


def stop_server(proc: subprocess.Popen) -> None:
    """Stop a server process: terminate, then kill if it has not exited within 10 s."""
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextmanager
def local_server(library: Path, data: str | Path | None = None, timeout: float = 60.0,
                 flags: Sequence[str] = ()) -> Iterator[str]:
    """Yield the URL of a running ``growthsim serve`` (see `start_server`); stop it on exit."""
    proc, url = start_server(library, data, flags, timeout)
    try:
        yield url
    finally:
        stop_server(proc)
