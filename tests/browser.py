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
from collections.abc import Iterator
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


@contextmanager
def local_server(library: Path, data: str | Path | None = None, timeout: float = 60.0) -> Iterator[str]:
    """Yield the URL of a running ``growthsim serve`` using scenario library `library`; stop it on exit.

    The server's output goes to ``serve.log`` beside the library file.
    """
    port = free_port()
    env = {**os.environ, "GROWTHSIM_LIBRARY": str(library)}
    cmd = [sys.executable, "-m", "dashboards.cli"] + (["--data", str(data)] if data else []) + ["serve", "--port", str(port)]
    log_path = Path(library).parent / "serve.log"
    url = f"http://127.0.0.1:{port}/"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.time() + timeout
            while True:
                try:
                    if urllib.request.urlopen(url, timeout=5).status == 200:
                        break
                except OSError:
                    pass
                if proc.poll() is not None or time.time() > deadline:
                    raise ServerDidNotStart(f"growthsim serve did not answer on {url}: "
                                            f"{log_path.read_text(errors='replace')[-2000:]}")
                time.sleep(0.3)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
