"""``growthsim serve``: start the web app (Panel) on the shipped data (or `growthsim --data DIR`)."""
from __future__ import annotations

import argparse
import os
import threading


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="start the web app")
    p.add_argument("--port", type=int, default=5006)
    p.add_argument("--address", default="127.0.0.1")
    p.add_argument("--show", action="store_true", help="open a browser")
    p.add_argument("--library", default=None, metavar="PATH",
                   help="scenario library (SQLite file; default $GROWTHSIM_LIBRARY or "
                        "~/.local/share/growthsim/library.sqlite)")
    p.set_defaults(func=cmd_serve)


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
    threading.Thread(target=warm_up, daemon=True).start()
    print(f"growthsim: serving on http://{args.address}:{args.port}/", flush=True)
    pn.serve({"/": create_app}, port=args.port, address=args.address, show=args.show,
             title="growthsim", websocket_origin=[f"{args.address}:{args.port}", f"localhost:{args.port}"])
    return 0
