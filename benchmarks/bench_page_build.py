"""Server-side cost of one session's first page (issue 12, load): what the server's event loop does
before a visitor sees anything.

    python benchmarks/bench_page_build.py [--sessions 8] [--data STORE] [--view scenario] [--profile N]

Builds `--sessions` sessions in this process exactly as ``growthsim serve`` does for a new websocket
session (Panel's `_eval_panel` on a fresh Bokeh Document: `dashboards.app.create_app()`, then
`get_root` into Bokeh models), then serialises the document as the server's PULL-DOC reply does
(`Document.to_json` inside a PULL-DOC-REPLY message). The first session (caches warming) is reported apart; the rest give the
median and max per phase (ms), the number of Bokeh models and the JSON size. `--profile N` prints
the N most expensive functions (cProfile, cumulative) of one more session.
Each phase is timed as CPU time of this process (`time.process_time`: what the build costs the
server, little affected by other jobs on the machine) and as wall-clock time (which is); the load
average is printed beside them. Prints the figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the checkout


def loadavg() -> str:
    with open("/proc/loadavg") as fh:
        return " ".join(fh.read().split()[:3])


def one_session(view: str) -> dict:
    """Build one session's page as the server does; times (ms) of each phase, models, JSON bytes."""
    from bokeh.document import Document
    from bokeh.protocol import Protocol
    from panel.io.state import set_curdoc
    from panel.pane import panel as as_panel

    from dashboards.app import create_app

    doc = Document()
    query = {} if view == "scenario" else {"view": [view.encode()]}
    marks = [(time.perf_counter(), time.process_time())]
    with set_curdoc(doc):
        from panel.io.state import state
        state._session_args = query    # what the server puts there: the page's query parameters
        obj = create_app()
        marks.append((time.perf_counter(), time.process_time()))
        as_panel(obj)._modify_doc(None, "growthsim", doc, False)   # get_root + add_root, as _eval_panel
    marks.append((time.perf_counter(), time.process_time()))
    text = Protocol().create("PULL-DOC-REPLY", "bench", doc).content_json   # the reply's text, as sent
    marks.append((time.perf_counter(), time.process_time()))
    out = {"models": len(doc.models), "json_kb": len(text) / 1024}
    for i, phase in enumerate(PHASES[:-1]):
        out[phase] = (marks[i + 1][0] - marks[i][0]) * 1e3
        out[phase + "_cpu"] = (marks[i + 1][1] - marks[i][1]) * 1e3
    out["total"] = (marks[-1][0] - marks[0][0]) * 1e3
    out["total_cpu"] = (marks[-1][1] - marks[0][1]) * 1e3
    return out


PHASES = ("create_app", "get_root", "to_json", "total")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sessions", type=int, default=8)
    ap.add_argument("--data", default=None, help="store (default: the shipped data/)")
    ap.add_argument("--view", default="scenario", choices=("scenario", "indicators", "library"),
                    help="the view the link opens (?view=...)")
    ap.add_argument("--profile", type=int, default=0, metavar="N", help="print the N costliest functions")
    args = ap.parse_args(argv)
    if args.data:
        os.environ["GROWTHSIM_DATA"] = args.data
    os.environ.setdefault("GROWTHSIM_LIBRARY", str(Path(tempfile.mkdtemp(prefix="bench-page-")) / "lib.sqlite"))
    import panel  # noqa: F401

    from dashboards.serve import warm_up

    warm_up()                      # as `growthsim serve` does at start
    print(f"view {args.view}  cores {os.cpu_count()}  load {loadavg()}", flush=True)
    first = one_session(args.view)
    rest = [one_session(args.view) for _ in range(max(args.sessions - 1, 1))]
    print(f"first session: total {first['total']:.0f} ms (CPU {first['total_cpu']:.0f} ms)")
    print("  phase       CPU median / max (ms)    wall median / max (ms)")
    for phase in PHASES:
        cpu, wall = [r[phase + "_cpu"] for r in rest], [r[phase] for r in rest]
        print(f"  {phase:<10}  {statistics.median(cpu):6.0f} / {max(cpu):6.0f}          "
              f"{statistics.median(wall):6.0f} / {max(wall):6.0f}   (n={len(rest)})")
    print(f"  Bokeh models {rest[-1]['models']}   document JSON {rest[-1]['json_kb']:.0f} KB   load {loadavg()}",
          flush=True)
    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        one_session(args.view)
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(args.profile)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
