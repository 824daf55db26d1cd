"""``growthsim serve``: start the web app (Panel) on the shipped data (or `growthsim --data DIR`).

Safe by default: it binds to 127.0.0.1, answers only requests whose Host header is on the allow-list
(localhost and 127.0.0.1 on its port, plus `--allow-host`), accepts a websocket only from an Origin on
the allow-list (the same hosts plus `--allow-websocket-origin`), refusing the rest with 403
(`dashboards.server_guard`), and with `--basic-auth FILE --cookie-secret S` asks every visitor to log
in (Panel's basic authentication; each user then has a scenario library of their own). README,
"Serving a team".
"""
from __future__ import annotations

import argparse
import json
import os
import threading
from pathlib import Path

from forecast.errors import GrowthsimError

# The websocket's message limit: uploads travel as base64 (4/3 of the file) inside one message, so this
# leaves room for a file well over the app's upload limit (dashboards.indicators_view.MAX_UPLOAD_BYTES)
# to arrive and be refused with a message instead of a dropped connection.
WEBSOCKET_MAX_MESSAGE_BYTES = 32 * 1024 * 1024


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="start the web app")
    p.add_argument("--port", type=int, default=5006)
    p.add_argument("--address", default="127.0.0.1")
    p.add_argument("--show", action="store_true", help="open a browser")
    p.add_argument("--library", default=None, metavar="PATH",
                   help="scenario library (SQLite file; default $GROWTHSIM_LIBRARY or "
                        "~/.local/share/growthsim/library.sqlite)")
    register_safety_args(p)
    p.set_defaults(func=cmd_serve)


def register_safety_args(p: argparse.ArgumentParser) -> None:
    """The allow-lists and authentication options of `growthsim serve`."""
    p.add_argument("--allow-host", action="append", default=[], metavar="HOST[:PORT]",
                   help="also answer requests for this Host (repeatable; e.g. growth.example.gov.vn, the name "
                        "visitors type; default only localhost and 127.0.0.1 on --port)")
    p.add_argument("--allow-websocket-origin", action="append", default=[], metavar="HOST[:PORT]",
                   help="also accept websockets from pages of this origin (repeatable; the allowed hosts are "
                        "always accepted)")
    p.add_argument("--basic-auth", default=None, metavar="FILE",
                   help='ask for a login: FILE is JSON {"user": "password", ...} (keep it private, mode 600)')
    p.add_argument("--cookie-secret", default=None, metavar="SECRET",
                   help="secret that signs the login cookies (needed with --basic-auth; default "
                        "$GROWTHSIM_COOKIE_SECRET)")


def allow_lists(args: argparse.Namespace) -> tuple[list[str], list[str]]:
    """(hosts, websocket origins) the server accepts: the defaults plus --allow-host / --allow-websocket-origin."""
    from dashboards.server_guard import default_hosts

    hosts = default_hosts(args.address, args.port) + list(args.allow_host)
    return hosts, hosts + list(args.allow_websocket_origin)


def auth_options(args: argparse.Namespace) -> dict:
    """pn.serve's basic_auth / cookie_secret from --basic-auth / --cookie-secret; GrowthsimError (one line)
    when the file is not a JSON object of user names and passwords or the secret is missing."""
    if args.basic_auth is None:
        return {}
    path = Path(args.basic_auth)
    try:
        users = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise GrowthsimError(f"cannot read the login file ({exc.strerror})", source=str(path)) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise GrowthsimError(f"not a JSON file ({exc})", source=str(path)) from None
    if not isinstance(users, dict) or not users or not all(
            isinstance(u, str) and u and isinstance(pw, str) and pw for u, pw in users.items()):
        raise GrowthsimError('must hold a JSON object of user names and passwords: {"user": "password"}',
                             source=str(path))
    secret = args.cookie_secret or os.environ.get("GROWTHSIM_COOKIE_SECRET")
    if not secret:
        raise GrowthsimError("--basic-auth needs --cookie-secret (or $GROWTHSIM_COOKIE_SECRET): a long random "
                             "string, e.g. from: python -c 'import secrets; print(secrets.token_urlsafe(32))'")
    os.environ["GROWTHSIM_AUTH"] = "basic"     # sessions then use per-user libraries (dashboards.app)
    return {"basic_auth": str(path.resolve()), "cookie_secret": secret}


def start_guarded(server, hosts: list[str], origins: list[str]) -> None:
    """Put the Host / Origin gate (dashboards.server_guard) in front of `server` and run it until stopped."""
    from dashboards.server_guard import install

    install(server._tornado, hosts, origins)
    server.start()
    try:
        server.io_loop.start()
    except RuntimeError:
        pass


def warm_up() -> None:
    """Compute the default scenario once, so the first visitor finds the per-process caches filled."""
    from dashboards.app import store_root
    from dashboards.state import default_state

    try:
        default_state(root=store_root())
    except Exception:   # noqa: BLE001 - a failed warm-up only means the first page computes it
        pass


def cmd_serve(args: argparse.Namespace) -> int:
    import panel as pn

    from dashboards.app import create_app

    if args.data is not None:
        os.environ["GROWTHSIM_DATA"] = str(args.data)
    if args.library is not None:
        os.environ["GROWTHSIM_LIBRARY"] = str(args.library)
    auth = auth_options(args)           # GrowthsimError: one line, exit 2 (dashboards.cli)
    hosts, origins = allow_lists(args)
    threading.Thread(target=warm_up, daemon=True).start()
    print(f"growthsim: serving on http://{args.address}:{args.port}/"
          + (" (login required)" if auth else ""), flush=True)
    server = pn.serve({"/": create_app}, port=args.port, address=args.address, show=args.show,
                      title="growthsim", websocket_origin=origins, start=False,
                      websocket_max_message_size=WEBSOCKET_MAX_MESSAGE_BYTES, **auth)
    start_guarded(server, hosts, origins)
    return 0
