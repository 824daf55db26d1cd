"""The web server's gate: every request's Host header, and every websocket's Origin, checked against
allow-lists before any handler runs.

Why a gate of our own: Bokeh accepts any Host header, and tornado's same-origin rule (Origin equal to
Host, or `Sec-Fetch-Site: same-origin`) can let a websocket through, so a foreign page whose name
resolves to 127.0.0.1 (DNS rebinding: `http://evil.example:PORT/`) could run the app. `install` wraps
the tornado application's `find_handler`: a request whose Host is not allowed, or a websocket
handshake (a path ending in `/ws`) whose Origin is missing or not allowed, gets 403 Forbidden from
tornado's `ErrorHandler`, whatever the handler behind it would have said.

Entries are `host[:port]`, with `*` wildcards (`*.example.org`), matched by Bokeh's own
`check_allowlist` (an entry without a port matches any port), the syntax of Bokeh's `--allow-websocket-origin`.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from urllib.parse import urlparse

log = logging.getLogger("growthsim.serve")


def default_hosts(address: str, port: int) -> list[str]:
    """The hosts a local server answers to: localhost and 127.0.0.1 on its port (and its address, when
    it binds a specific one)."""
    hosts = [f"localhost:{port}", f"127.0.0.1:{port}"]
    if address not in ("", "0.0.0.0", "::", "localhost", "127.0.0.1"):
        hosts.append(f"{address}:{port}")
    return hosts


def _netloc(entry: str) -> str:
    """'https://Team.example.org:443/' or 'team.example.org:443' -> 'team.example.org:443'."""
    entry = entry.strip().lower()
    return urlparse(entry).netloc if "//" in entry else entry.rstrip("/")


def allowed(netloc: str | None, allow: Iterable[str]) -> bool:
    """Whether `netloc` ('host' or 'host:port') is on the allow-list."""
    from bokeh.server.util import check_allowlist

    if not netloc:
        return False
    return bool(check_allowlist(netloc.lower(), [_netloc(a) for a in allow]))


def refusal(host: str | None, path: str, origin: str | None, hosts: Iterable[str],
            origins: Iterable[str]) -> str | None:
    """Why a request is refused ('' / None: it is not): a Host not on `hosts`, or, for a websocket
    (`path` ending in /ws), an Origin missing or not on `origins`."""
    if not allowed(host, hosts):
        return f"Host {host!r} is not allowed"
    if path.rstrip("/").endswith("/ws") or path == "/ws":
        if not origin:
            return "a websocket without an Origin header"
        if not allowed(urlparse(origin).netloc, origins):
            return f"websocket Origin {origin!r} is not allowed"
    return None


def install(tornado_app, hosts: list[str], origins: list[str]) -> None:
    """Put the gate in front of every handler of `tornado_app` (Bokeh's `server._tornado`)."""
    from tornado.web import ErrorHandler

    find = tornado_app.find_handler

    def guarded_find_handler(request, **kwargs):
        why = refusal(request.headers.get("Host"), request.path, request.headers.get("Origin"), hosts, origins)
        if why:
            log.warning("refused %s %s: %s", request.method, request.path, why)
            return tornado_app.get_handler_delegate(request, ErrorHandler, {"status_code": 403})
        return find(request, **kwargs)

    tornado_app.find_handler = guarded_find_handler
