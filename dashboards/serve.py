"""``growthsim serve``: start the web app (Panel) on the shipped data."""
from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="start the web app")
    p.add_argument("--port", type=int, default=5006)
    p.add_argument("--address", default="127.0.0.1")
    p.add_argument("--show", action="store_true", help="open a browser")
    p.set_defaults(func=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    import panel as pn

    from dashboards.app import create_app

    if args.data is not None:
        import os
        os.environ["GROWTHSIM_DATA"] = str(args.data)
    print(f"growthsim: serving on http://{args.address}:{args.port}/", flush=True)
    pn.serve({"/": create_app}, port=args.port, address=args.address, show=args.show,
             title="growthsim", websocket_origin=[f"{args.address}:{args.port}", f"localhost:{args.port}"])
    return 0
