"""``growthsim serve``: start the web app (Panel) on the shipped data (or `growthsim --data DIR`)."""
from __future__ import annotations

import argparse
import os
import threading

from forecast.errors import GrowthsimError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="start the web app")
    p.add_argument("--port", type=int, default=5006)
    p.add_argument("--address", default="127.0.0.1")
    p.add_argument("--show", action="store_true", help="open a browser")
    p.add_argument("--library", default=None, metavar="PATH",
                   help="scenario library (SQLite file; default $GROWTHSIM_LIBRARY or "
                        "~/.local/share/growthsim/library.sqlite)")
    add_scaling_options(p)
    p.set_defaults(func=cmd_serve)


# ---------------------------------------------------------------------------------- scaling (issue 12)
def add_scaling_options(p: argparse.ArgumentParser) -> None:
    """Flags for many users: threads for the event handlers, processes, idle-session clean-up.

    Taken as text and checked in `scaling_options`, so a bad value is one line (exit 2)."""
    p.add_argument("--num-threads", default=None, metavar="N",
                   help="threads that run session callbacks (the scenario engine) off the server's event "
                        "loop (Panel's config.nthreads; default 0 = none; a number >= 1)")
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
    threads = scaling.pop("num_threads", None)
    if threads:
        pn.config.nthreads = threads
    if scaling["num_procs"] != 1:
        warm_up()   # before the fork: every process starts with the caches filled (no thread across a fork)
    else:
        threading.Thread(target=warm_up, daemon=True).start()
    print(f"growthsim: serving on http://{args.address}:{args.port}/ ({describe_scaling(threads, scaling)})",
          flush=True)
    pn.serve({"/": create_app}, port=args.port, address=args.address, show=args.show,
             title="growthsim", websocket_origin=[f"{args.address}:{args.port}", f"localhost:{args.port}"],
             **scaling)
    return 0
