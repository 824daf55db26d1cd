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
    add_scaling_options(p)
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


# ---------------------------------------------------------------------------------- scaling (issue 12)
def add_scaling_options(p: argparse.ArgumentParser) -> None:
    """Flags for many users: threads for the event handlers, processes, idle-session clean-up.

    Taken as text and checked in `scaling_options`, so a bad value is one line (exit 2)."""
    p.add_argument("--num-threads", default=None, metavar="N",
                   help="threads that run session callbacks (the scenario engine) off the server's event "
                        "loop (Panel's config.nthreads; default 0 = none; a number >= 1). Not recommended: "
                        "under load Panel's thread pool can drop a slider release (RELIABILITY.md, load); "
                        "use --num-procs")
    p.add_argument("--num-procs", default="1", metavar="N",
                   help="server processes sharing the port (default 1; 0 = one per core)")
    p.add_argument("--unused-session-lifetime", default=None, metavar="MS",
                   help="milliseconds after its page closed before a session is destroyed "
                        "(default Bokeh's 15000; >= 1000)")


def _int_option(args: argparse.Namespace, name: str, lo: int, hi: int) -> int | None:
    raw = getattr(args, name.lstrip("-").replace("-", "_"))
    if raw is None:
        return None
    try:
        value = int(str(raw).strip())
    except ValueError:
        value = None
    if value is None or not lo <= value <= hi:
        raise GrowthsimError(f"{name} must be a whole number from {lo} to {hi}, got {raw!r}")
    return value


def scaling_options(args: argparse.Namespace) -> dict:
    """Checked scaling flags as Panel/Bokeh server keyword arguments (`num_threads` is Panel's
    config.nthreads, set by the caller)."""
    out: dict = {"num_procs": _int_option(args, "--num-procs", 0, 64)}
    threads = _int_option(args, "--num-threads", 0, 64)
    if threads:
        out["num_threads"] = threads
    lifetime = _int_option(args, "--unused-session-lifetime", 1000, 86_400_000)
    if lifetime is not None:
        out["unused_session_lifetime_milliseconds"] = lifetime
    return out


def warm_up() -> None:
    """Compute the default scenario once, so the first visitor finds the per-process caches filled."""
    from dashboards.app import store_root
    from dashboards.state import default_state

    try:
        default_state(root=store_root())
    except Exception:   # noqa: BLE001 - a failed warm-up only means the first page computes it
        pass


def describe_scaling(threads: int | None, scaling: dict) -> str:
    """The scaling in use, for the start-up line: 'threads 2, processes 1, idle sessions kept 15000 ms'."""
    procs = scaling["num_procs"] or os.cpu_count()
    kept = scaling.get("unused_session_lifetime_milliseconds", 15000)
    return f"threads {threads or 0}, processes {procs}, idle sessions kept {kept} ms"


def cmd_serve(args: argparse.Namespace) -> int:
    scaling = scaling_options(args)
    import panel as pn

    from dashboards.app import create_app

    if args.data is not None:
        os.environ["GROWTHSIM_DATA"] = str(args.data)
    if args.library is not None:
        os.environ["GROWTHSIM_LIBRARY"] = str(args.library)
    auth = auth_options(args)           # GrowthsimError: one line, exit 2 (dashboards.cli)
    hosts, origins = allow_lists(args)
    threads = scaling.pop("num_threads", None)
    if threads:
        pn.config.nthreads = threads
    if scaling["num_procs"] != 1:
        warm_up()   # before the fork: every process starts with the caches filled (no thread across a fork)
    else:
        threading.Thread(target=warm_up, daemon=True).start()
    print(f"growthsim: serving on http://{args.address}:{args.port}/ ({describe_scaling(threads, scaling)})"
          + (" (login required)" if auth else ""), flush=True)
    server = pn.serve({"/": create_app}, port=args.port, address=args.address, show=args.show,
                      title="growthsim", websocket_origin=origins, start=False,
                      websocket_max_message_size=WEBSOCKET_MAX_MESSAGE_BYTES, **auth, **scaling)
    start_guarded(server, hosts, origins)
    return 0
