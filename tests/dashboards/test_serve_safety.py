"""`growthsim serve` safe by default: a foreign Host is refused, a websocket from a foreign Origin is
refused (DNS rebinding: Origin and Host both `http://evil.example:PORT`), uploads are parsed in memory
with limits, libraries per user; the README's "Serving a team" command runs as written.

The server tests start the real server (tests.browser.local_server) and talk to it over HTTP and
websockets from tornado's clients: no browser needed.
"""
from __future__ import annotations

import asyncio
import http.cookiejar
import json
import os
import re
import shlex
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.browser import REPO, free_port, stop_server

EVIL = "evil.example"


def _port(url: str) -> int:
    return urllib.parse.urlparse(url).port


def http_status(url: str, host: str | None = None, headers: dict | None = None) -> int:
    """Status of a GET (redirects not followed), with the Host header set to `host`."""
    h = dict(headers or {})
    if host:
        h["Host"] = host

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *a, **k):
            return None

    opener = urllib.request.build_opener(NoRedirect, urllib.request.ProxyHandler({}))
    try:
        return opener.open(urllib.request.Request(url, headers=h), timeout=20).status
    except urllib.error.HTTPError as exc:
        return exc.code
    except (urllib.error.URLError, ConnectionError):
        return 0                                        # not listening (yet)


def ws_handshake(port: int, origin: str | None, host: str | None = None, path: str = "/ws") -> int:
    """Status of a websocket handshake to 127.0.0.1:`port` (101 when accepted), with these Origin and Host."""
    from tornado.httpclient import HTTPClientError, HTTPRequest
    from tornado.websocket import websocket_connect

    headers = {}
    if origin is not None:
        headers["Origin"] = origin
    if host is not None:
        headers["Host"] = host

    async def go() -> int:
        req = HTTPRequest(f"ws://127.0.0.1:{port}{path}", headers=headers, request_timeout=20)
        try:
            conn = await websocket_connect(req, subprotocols=["bokeh"])
        except HTTPClientError as exc:
            return exc.code
        conn.close()
        return 101

    return asyncio.run(go())


# ---------------------------------------------------------------- Host and Origin
def test_a_foreign_host_is_refused(server):
    port = _port(server)
    assert http_status(server) == 200
    assert http_status(server, host=f"localhost:{port}") == 200
    assert http_status(server, host=f"{EVIL}:{port}") == 403
    assert http_status(server, host=EVIL) == 403
    assert http_status(server + "static/js/bokeh.min.js", host=f"{EVIL}:{port}") == 403


def test_dns_rebinding_websocket_is_refused(server):
    """Origin equal to Host passed tornado's same-origin rule; both foreign now mean 403."""
    port = _port(server)
    assert ws_handshake(port, origin=f"http://{EVIL}:{port}", host=f"{EVIL}:{port}") == 403
    assert ws_handshake(port, origin=f"http://{EVIL}:{port}") == 403            # foreign page, our Host
    assert ws_handshake(port, origin=f"http://{EVIL}:{port}", host=f"{EVIL}:{port}",
                        path="/ws?bokeh-session-id=x") == 403
    assert ws_handshake(port, origin=None) == 403                                # no Origin at all
    assert ws_handshake(port, origin=f"http://localhost:{port}") == 101          # the app's own page


def test_refusal_rules():
    from dashboards.server_guard import default_hosts, refusal

    hosts = default_hosts("127.0.0.1", 5006) + ["growth.example.gov.vn"]
    origins = hosts
    assert refusal("localhost:5006", "/", None, hosts, origins) is None
    assert refusal("growth.example.gov.vn", "/", None, hosts, origins) is None
    assert refusal("growth.example.gov.vn:443", "/", None, hosts, origins) is None   # no port: any port
    assert refusal("localhost:5007", "/", None, hosts, origins)                      # a port: that port
    assert refusal("evil.example:5006", "/", None, hosts, origins)
    assert refusal(None, "/", None, hosts, origins)
    assert refusal("localhost:5006", "/ws", "https://growth.example.gov.vn", hosts, origins) is None
    assert refusal("localhost:5006", "/ws", "http://evil.example:5006", hosts, origins)
    assert refusal("localhost:5006", "/app/ws", "null", hosts, origins)
    assert default_hosts("0.0.0.0", 80) == ["localhost:80", "127.0.0.1:80"]


def test_serve_options_are_checked(tmp_path):
    from dashboards.cli import build_parser
    from dashboards.serve import allow_lists, auth_options
    from forecast.errors import GrowthsimError

    args = build_parser().parse_args(["serve", "--port", "7000", "--allow-host", "team.example.org",
                                      "--allow-host", "10.0.0.5:7000", "--allow-websocket-origin", "other.example"])
    hosts, origins = allow_lists(args)
    assert hosts == ["localhost:7000", "127.0.0.1:7000", "team.example.org", "10.0.0.5:7000"]
    assert origins == hosts + ["other.example"]
    assert args.address == "127.0.0.1"                       # localhost by default
    bad = tmp_path / "users.json"
    for text, words in [("[1, 2]", "JSON object"), ("{not json", "not a JSON file"), ('{"a": ""}', "JSON object")]:
        bad.write_text(text)
        with pytest.raises(GrowthsimError, match=words):
            auth_options(build_parser().parse_args(["serve", "--basic-auth", str(bad), "--cookie-secret", "s"]))
    bad.write_text('{"anna": "pw"}')
    env = os.environ.pop("GROWTHSIM_COOKIE_SECRET", None)
    try:
        with pytest.raises(GrowthsimError, match="needs --cookie-secret"):
            auth_options(build_parser().parse_args(["serve", "--basic-auth", str(bad)]))
    finally:
        if env is not None:
            os.environ["GROWTHSIM_COOKIE_SECRET"] = env
    r = subprocess.run([sys.executable, "-m", "dashboards.cli", "serve", "--basic-auth", str(tmp_path / "none.json"),
                        "--cookie-secret", "s"], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "none.json" in r.stderr and "Traceback" not in r.stderr


# ---------------------------------------------------------------- uploads, libraries (no server)
def test_upload_is_parsed_in_memory_limited_and_cleared(tmp_path, monkeypatch):
    from dashboards import indicators_view as iv
    from dashboards.state import ScenarioState

    monkeypatch.chdir(tmp_path)
    view = iv.IndicatorsView(state=ScenarioState(compute=False, lang="vi"), root=None)
    rows = "".join(f"my.series,{2015 + i // 12}-{i % 12 + 1:02d},{100 + i}\n" for i in range(96))
    view.upload.param.update(filename="../../../../tmp/evil.csv")
    view.upload.value = ("series,period,value\n" + rows).encode()
    (st,) = [s for s in view.uploaded.values() if s.series_id == "my.series"]
    assert len(st.levels) == 96 and st.source == "evil.csv"                   # the file's own name, no folders
    assert view.upload.value is None and view.upload.filename is None         # bytes released
    assert list(tmp_path.iterdir()) == []
    view.upload.value = b"x" * (iv.MAX_UPLOAD_BYTES + 1)
    assert "vượt giới hạn 5 MB" in view.upload_status.object and view.upload.value is None
    view.state.lang = "en"
    view.upload.value = ("series,period,value\n" + "a,2020-01,1\n" * 120_000).encode()
    assert "more than 100,000 data rows" in view.upload_status.object
    view.upload.value = b"series,period,value\na,2020-01,1\na,2020-01,2\n"
    assert "upload.csv: " in view.upload_status.object and "tmp" not in view.upload_status.object


def test_user_libraries_are_apart_and_publish_to_the_shared_one(tmp_path):
    from dashboards.library import Library, LibraryError, publish, user_library_path
    from dashboards.library_view import LibraryView
    from dashboards.state import default_state
    from dashboards.library import summary_of

    shared_path = tmp_path / "library.sqlite"
    for user in ("../../etc/passwd", "/abs/path", "anna", "Anna", "nguyễn văn a"):
        p = user_library_path(shared_path, user)
        assert p.parent == tmp_path / "users" and "/" not in p.name and p.suffix == ".sqlite", user
    assert user_library_path(shared_path, "anna") != user_library_path(shared_path, "Anna")
    shared, anna = Library(shared_path), Library(user_library_path(shared_path, "anna"))
    ben = Library(user_library_path(shared_path, "ben"))
    st = default_state()
    anna.save("Anna's plan", st.unchecked(), "2025-02-28", summary_of(st.result))
    assert ben.names() == [] and shared.names() == []
    publish(anna, shared, "Anna's plan")
    assert shared.names() == ["Anna's plan"] and ben.names() == []
    with pytest.raises(LibraryError, match="already exists"):
        publish(anna, shared, "Anna's plan")
    view = LibraryView(state=st, library=anna, shared=shared, user="anna", data_vintage="2025-02-28")
    assert "anna" in " ".join(view.which.options) and view.publish_b.visible
    view.which.value = "shared"
    assert view.rows[0][0] == "Anna's plan" and not view.publish_b.visible
    view.pick.value = ["Anna's plan"]
    view.delete()
    assert shared.names() == [] and anna.names() == ["Anna's plan"]
    rendered = json.dumps([str(getattr(o, "object", "")) for o in view.__panel__().select(lambda o: True)])
    assert str(tmp_path) not in rendered                                    # no library path in the page


def test_no_server_paths_in_messages():
    from dashboards.i18n import fmt_error
    from forecast.errors import GrowthsimError

    exc = GrowthsimError("cannot read /srv/growthsim/data/observations/cpi.csv (denied)",
                         source="/home/planner/.local/share/growthsim/library.sqlite", location="row 3")
    text = fmt_error(exc, "en")
    assert "/srv" not in text and "/home" not in text and "cpi.csv" in text and "library.sqlite: row 3" in text


# ---------------------------------------------------------------- README: "Serving a team"
def readme_command() -> str:
    """The `growthsim serve` command of README's "Serving a team" section."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Serving a team", 1)[1].split("\n## ", 1)[0]
    lines = [ln.strip() for ln in section.splitlines() if ln.strip().startswith("growthsim serve")]
    assert len(lines) == 1, lines
    return lines[0]


def test_readme_serving_a_team_works_as_written(tmp_path):
    cmd = readme_command()
    assert "--basic-auth" in cmd and "--allow-host" in cmd
    real_host = re.search(r"--allow-host\s+(\S+)", cmd).group(1)
    port = free_port()
    argv = shlex.split(cmd.replace("5006", str(port)).replace("$GROWTHSIM_COOKIE_SECRET", "test-secret-0123456789"))
    assert argv[:2] == ["growthsim", "serve"]
    users = tmp_path / "users.json"
    users.write_text(json.dumps({"anna": "correct horse", "ben": "battery staple"}))
    basic = argv[argv.index("--basic-auth") + 1]
    (tmp_path / basic).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / basic).write_text(users.read_text())
    env = {**os.environ, "GROWTHSIM_LIBRARY": str(tmp_path / "library.sqlite"), "PYTHONPATH": str(REPO)}
    log = open(tmp_path / "serve.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "dashboards.cli"] + argv[1:], cwd=tmp_path, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while http_status(base + "/login") != 200:
            assert proc.poll() is None and time.time() < deadline, (tmp_path / "serve.log").read_text()
            time.sleep(0.3)
        # not logged in: the app redirects to the login page, which is served for the real host name too
        assert http_status(base + "/") in (302, 303)
        assert http_status(base + "/login", host=real_host) == 200
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), urllib.request.ProxyHandler({}))
        form = urllib.parse.urlencode({"username": "anna", "password": "wrong"}).encode()
        opener.open(urllib.request.Request(base + "/login", data=form), timeout=20)
        assert not any(c.name == "user" for c in jar)                          # a wrong password: no login
        form = urllib.parse.urlencode({"username": "anna", "password": "correct horse"}).encode()
        page = opener.open(urllib.request.Request(base + "/login", data=form), timeout=60)
        assert page.status == 200 and any(c.name == "user" for c in jar)
        html = page.read().decode("utf-8", "replace")
        assert "growthsim" in html and str(tmp_path) not in html and str(REPO) not in html
        # a foreign Host and a websocket from a foreign Origin are refused, logged in or not
        cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
        assert http_status(base + "/", host=f"{EVIL}:{port}", headers={"Cookie": cookie}) == 403
        assert ws_handshake(port, origin=f"http://{EVIL}:{port}", host=f"{EVIL}:{port}") == 403
        assert ws_handshake(port, origin=f"https://{EVIL}") == 403
    finally:
        stop_server(proc)
        log.close()
