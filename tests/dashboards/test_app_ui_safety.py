"""The web app in Chromium against hostile input: Markdown in link parameters stays text (no link, no
image, no request to the foreign host), and an upload whose file name (set from page JavaScript on the
FileInput's Bokeh model) is made of ../ segments or is absolute writes nothing anywhere; an upload over
the size limit gets the message and the page keeps working.

Marked `ui`; fixtures (one server with a temporary library, one Chromium) from test_app_ui.
"""
from __future__ import annotations

import base64
import hashlib
import os
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.browser import CHROMIUM, REPO
from tests.dashboards.test_app_ui import browser, open_app, page  # noqa: F401 - fixtures (server: conftest)

pytestmark = [pytest.mark.ui,
              pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                 reason=f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)")]
EVIL = "evil.example"


def foreign_requests(page) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url) if EVIL in (urlparse(r.url).hostname or "") else None)
    return seen


@pytest.mark.parametrize("query, shown", [
    ("?s=[Session expired - click here](//evil.example/login)", "[Session expired - click here](//evil.example/login)"),
    ("?s=[x](//evil.example)", "[x](//evil.example)"),
    ("?t=![x](//evil.example/p.png)", "![x](//evil.example/p.png)"),
    ("?s=<a href='//evil.example'>x</a>", "<a href='//evil.example'>x</a>"),
])
def test_markdown_or_html_in_a_link_is_shown_as_text(page, server, query, shown):
    seen = foreign_requests(page)
    open_app(page, server, query)
    page.get_by_text("Liên kết không hợp lệ").wait_for()
    assert page.get_by_text(shown, exact=False).count() >= 1            # the text, as typed
    time.sleep(0.5)
    assert page.locator(f"a[href*='{EVIL}']").count() == 0
    assert page.locator(f"img[src*='{EVIL}']").count() == 0
    assert seen == []
    assert page.errors == []


def _snapshot(roots: list[Path]) -> dict[str, str]:
    """{path: sha1} of every file under `roots` (skipping .git and .venv), to compare before/after."""
    out = {}
    for root in roots:
        for d, dirs, files in os.walk(root):
            dirs[:] = [x for x in dirs if x not in (".git", ".venv", "__pycache__", ".pytest_cache")]
            for f in files:
                p = Path(d) / f
                try:
                    out[str(p)] = hashlib.sha1(p.read_bytes()).hexdigest() if p.stat().st_size < 50_000_000 else "big"
                except OSError:
                    continue
    return out


def _upload(page, content: bytes, filename: str) -> None:
    """Set value, MIME type and file name on the page's FileInput Bokeh model, as a script could."""
    ok = page.evaluate("""([b64, name]) => {
        for (const doc of Bokeh.documents)
            for (const m of doc.all_models)
                if (m.type === "FileInput") { m.setv({mime_type: "text/csv", filename: name, value: b64}); return true; }
        return false; }""", [base64.b64encode(content).decode("ascii"), filename])
    assert ok, "no FileInput model on the page"


def _indicators(page, server):
    open_app(page, server)
    page.get_by_role("button", name="Chỉ tiêu tháng").click()
    page.get_by_text("Tải lên chuỗi riêng").wait_for()


def test_upload_file_names_never_become_paths(page, server):
    _indicators(page, server)
    tag = uuid.uuid4().hex[:10]
    store, tmp = REPO / "data", Path(tempfile.gettempdir())
    before_store = _snapshot([store])
    before_repo = set(_snapshot([REPO]))
    names = ["../" * 12 + f"tmp/gs-evil-{tag}-rel.csv", f"{tmp}/gs-evil-{tag}-abs.csv", str(store / "catalog.csv")]
    rows = "".join(f"evil_{tag},{2015 + i // 12}-{i % 12 + 1:02d},{100 + i}\n" for i in range(96))
    for i, name in enumerate(names):
        body = f"series,period,value\n{rows}".replace(f"evil_{tag}", f"evil_{tag}_{i}").encode()
        _upload(page, body, name)
        page.locator("#upload-ok").get_by_text(f"evil_{tag}_{i}").wait_for(timeout=90_000)
    assert _snapshot([store]) == before_store                         # the store: byte-identical
    new_repo = set(_snapshot([REPO])) - before_repo
    assert not [p for p in new_repo if "gs-evil" in p or p.endswith("catalog.csv")], new_repo
    for root in (tmp, REPO, REPO.parent, Path("/")):
        assert not list(root.glob(f"gs-evil-{tag}*")), root
    assert not [p for p in tmp.rglob(f"*{tag}*")]
    assert page.errors == []


def test_an_upload_over_the_limit_gets_the_message(page, server):
    _indicators(page, server)
    big = b"series,period,value\n" + b"a,2020-01,1\n" * 600_000          # 7.2 MB
    _upload(page, big, "big.csv")
    page.locator("#upload-error").get_by_text("vượt giới hạn 5 MB").wait_for(timeout=60_000)
    rows = "".join(f"ok,{2015 + i // 12}-{i % 12 + 1:02d},{100 + i}\n" for i in range(96))
    _upload(page, f"series,period,value\n{rows}".encode(), "ok.csv")    # the connection is still there
    page.locator("#upload-ok").get_by_text("ok").wait_for(timeout=90_000)
    assert page.errors == []
