"""Load test of ``growthsim serve`` (issue 12, part 7): N concurrent sessions over the websocket.

    python benchmarks/bench_load.py [--sessions 1 5 10 20] [--seconds 60] [--think 1.0]
                                    [--soak 600] [--url URL] [-- SERVE FLAGS...]

Starts ``growthsim serve`` on a free localhost port (with a temporary scenario library; any words after
``--`` are passed to it, e.g. ``-- --num-threads 2``), or uses ``--url`` of a running server. For each
N, N clients arrive one second apart. A client is `bokeh.client.pull_session`: a real Bokeh session
over the websocket, the whole document synced into the client (page ready = websocket open -> full
document received). Each client then, until the run ends, releases the industry slider (the
RangeSlider inside the ``#slider-industry`` row: sets ``value`` and ``value_throttled`` as the
browser does on mouse release, each time to a new range) and waits until the result tables (the HTML
pane holding ``#required-table``) change: the server sends them after the headline (the pane holding
``#gdp-growth``) and they change on every recomputation, so the new number is then shown; that is
one round trip. Before each move the client applies whatever arrived while it paused (its IOLoop
runs only while it waits), so a late patch of one move is never taken for the answer to the next;
it sends with TCP_NODELAY, as browsers do. Then it waits ``--think`` seconds. A
client thread has its own IOLoop and does no rendering, so the clients stay light (their CPU time is
printed beside the results).

Prints per N: round trip p50/p95/max (ms), page ready (tenth arrival, max), errors (failed pulls,
round trips over ``--timeout`` s, lost connections), moves done, the server's CPU time over the run
(user + system of the server and its forks, /proc/PID/stat: the cost of the sessions, little affected
by other jobs on the machine, unlike the times) and the server's RSS (VmRSS of the
server process and its children, /proc/PID/status) sampled every ``--sample`` s. ``--soak S``: 10
sessions for S seconds, RSS every 10 s, reported as growth in % from the first sample after all
sessions are open to the end (``--churn`` s: each client reopens its session that often, so session
clean-up is exercised too). Prints the figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the checkout: tests/browser.py (not shipped)



# ---------------------------------------------------------------------------------------------- server
def start_server(extra: list[str], library: Path, timeout: float = 120.0) -> tuple[subprocess.Popen, str]:
    """`growthsim serve` on a free port with `extra` flags; returns (process, URL) once it answers 200."""
    from tests.browser import ServerDidNotStart
    from tests.browser import start_server as start

    try:
        return start(library, flags=extra, timeout=timeout)
    except ServerDidNotStart as exc:
        raise SystemExit(str(exc)) from None


def server_pids(pid: int) -> list[int]:
    """Process `pid` and its child processes (``--num-procs`` forks)."""
    pids = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                pids += [int(c) for c in fh.read().split()]
    except OSError:
        pass
    return pids


def cpu_s(pid: int | None) -> float:
    """CPU time (user + system, s) used so far by the server process and its children: what the
    sessions cost the server, much less affected by other jobs on the machine than wall-clock times."""
    if pid is None:
        return float("nan")
    total = 0.0
    for p in server_pids(pid):
        try:
            with open(f"/proc/{p}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            continue
    return total


def rss_mb(pid: int) -> float:
    """Resident memory (MB) of process `pid` and its child processes (``--num-procs`` forks)."""
    pids = server_pids(pid)
    total = 0.0
    for p in pids:
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) / 1024
        except OSError:
            continue
    return total


def loadavg() -> str:
    with open("/proc/loadavg") as fh:
        return " ".join(fh.read().split()[:3])


class Sampler(threading.Thread):
    """RSS of the server every `every` s: list of (seconds since start, MB)."""

    def __init__(self, pid: int | None, every: float):
        super().__init__(daemon=True)
        self.pid, self.every, self.samples = pid, every, []
        self.t0 = time.perf_counter()
        self.stop = threading.Event()

    def run(self) -> None:
        while self.pid is not None and not self.stop.is_set():
            self.samples.append((time.perf_counter() - self.t0, rss_mb(self.pid)))
            self.stop.wait(self.every)


# ---------------------------------------------------------------------------------------------- client
@dataclass
class Stats:
    ready_ms: list[tuple[int, float]] = field(default_factory=list)   # (arrival index, ms)
    round_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, attr: str, value) -> None:
        with self.lock:
            getattr(self, attr).append(value)


def find_models(doc):
    """(industry RangeSlider, headline HTML model) in a pulled document."""
    from bokeh.models import RangeSlider

    col = next(m for m in doc.models if getattr(m, "html_id", None) == "slider-industry")
    slider = next(r for r in col.references() if isinstance(r, RangeSlider))
    head = next(m for m in doc.models if "gdp-growth" in str(getattr(m, "text", "") or ""))
    return slider, head


def find_tables(doc):
    """The HTML model of the result tables (changes on every recomputation: it shows the update time)."""
    return next(m for m in doc.models if "required-table" in str(getattr(m, "text", "") or ""))


class Timeout(Exception):
    pass


def wait_until(session, predicate, timeout: float) -> None:
    """Run the session's IOLoop (applying the server's patches) until `predicate()` or `timeout` s."""
    conn = session._connection
    loop = conn._loop
    expired = []
    handle = loop.call_later(timeout, lambda: (expired.append(1), loop.stop()))
    conn._loop_until(lambda: predicate() or bool(expired) or not conn.connected)
    loop.remove_timeout(handle)
    if expired:
        raise Timeout(f"no change within {timeout:g} s")
    if not conn.connected:
        raise ConnectionError("connection lost")


def drain(session) -> None:
    """Apply every patch that arrived while the client slept (its IOLoop runs only inside
    `wait_until`), so a late patch of one move is never taken for the answer to the next: a
    server-info request and its reply, which the server sends after everything before it. (Not a
    timed loop: stopping the IOLoop by a timer leaves a reader pending, and two readers split the
    websocket's message fragments between them.)"""
    session._connection.force_roundtrip()


def no_delay(session) -> None:
    """Send each websocket frame at once (TCP_NODELAY), as browsers do. Bokeh writes a message as
    three frames; without it Nagle's algorithm holds the second until the server's delayed ACK
    (~40 ms), which added ~100 ms to every round trip of this client and none to a browser's."""
    session._connection._socket._socket.protocol.set_nodelay(True)


def send_origin(url: str) -> None:
    """Make bokeh's websocket client send the page's Origin header, as a browser does: the server
    (dashboards.server_guard) refuses websockets without an allowed Origin."""
    from urllib.parse import urlsplit

    import bokeh.client.connection as connection
    from tornado.httpclient import HTTPRequest

    parts = urlsplit(url)
    origin = f"http://{parts.netloc}"
    connection.HTTPRequest = lambda u, **kw: HTTPRequest(u, headers={"Origin": origin}, **kw)


def client(idx: int, url: str, until: float, args, stats: Stats) -> None:
    """One user: open a session, move the industry slider until `until` (perf_counter)."""
    from bokeh.client import pull_session

    send_origin(url)
    rng = random.Random(idx)
    while time.perf_counter() < until:
        t0 = time.perf_counter()
        try:
            session = pull_session(url=url)
            no_delay(session)
            slider, head = find_models(session.document)
            tables = find_tables(session.document)
        except Exception as exc:  # noqa: BLE001 - every failure is counted, not raised
            stats.add("errors", f"open: {type(exc).__name__}: {exc}")
            return
        stats.add("ready_ms", (idx, (time.perf_counter() - t0) * 1e3))
        opened = time.perf_counter()
        try:
            while time.perf_counter() < until and not (args.churn and time.perf_counter() - opened > args.churn):
                lo = round(rng.uniform(8.0, 10.5), 1)
                value = (lo, round(lo + rng.uniform(1.0, 4.0), 1))
                if tuple(slider.value) == value:
                    continue
                drain(session)      # apply what arrived during the pause before taking `old`
                old, old_tables = head.text, tables.text
                t1 = time.perf_counter()
                slider.value = value
                slider.lookup("value_throttled")._set(slider, None, value)   # as the browser on release
                # the tables change on every recomputation and are sent after the headline, so when
                # they have changed the new number is shown (a same-number headline is covered too)
                wait_until(session, lambda: tables.text != old_tables, args.timeout)
                stats.add("round_ms", (time.perf_counter() - t1) * 1e3)
                time.sleep(args.think * rng.uniform(0.5, 1.5))
        except Exception as exc:  # noqa: BLE001
            stats.add("errors", f"move: {type(exc).__name__}: {exc}")
            try:
                session.close()
            except Exception:  # noqa: BLE001
                pass
            return
        session.close()


def run_phase(n: int, url: str, pid: int | None, seconds: float, args) -> dict:
    stats = Stats()
    sampler = Sampler(pid, args.sample)
    sampler.start()
    cpu0, server0 = time.process_time(), cpu_s(pid)
    start = time.perf_counter()
    until = start + seconds
    threads = []
    for i in range(n):
        th = threading.Thread(target=client, args=(i, url, until, args, stats), daemon=True)
        th.start()
        threads.append(th)
        time.sleep(1.0)
    for th in threads:
        th.join(seconds + args.timeout + 60)
    sampler.stop.set()
    sampler.join()
    rt = np.asarray(stats.round_ms) if stats.round_ms else np.asarray([np.nan])
    first = {}
    for i, ms in stats.ready_ms:
        first.setdefault(i, ms)
    ready = np.asarray(list(first.values()) or [np.nan])
    return {"n": n, "p50": float(np.percentile(rt, 50)), "p95": float(np.percentile(rt, 95)),
            "max": float(np.nanmax(rt)), "moves": len(stats.round_ms),
            "ready_last": first.get(n - 1, float("nan")), "ready_max": float(np.nanmax(ready)),
            "ready_p50": float(np.nanpercentile(ready, 50)), "reopened": len(stats.ready_ms) - len(first),
            "errors": stats.errors, "rss": sampler.samples, "client_cpu_s": time.process_time() - cpu0,
            "server_cpu_s": cpu_s(pid) - server0, "sessions": len(stats.ready_ms),
            "load": loadavg()}


def report(r: dict) -> None:
    rss = r["rss"]
    mem = (f"{rss[0][1]:.0f} -> {rss[-1][1]:.0f} MB (max {max(m for _, m in rss):.0f})" if rss else "n/a")
    print(f"N={r['n']:>2}  round trip p50 {r['p50']:6.0f} ms  p95 {r['p95']:6.0f} ms  max {r['max']:6.0f} ms"
          f"  (moves {r['moves']})  page ready: arrival {r['n']} {r['ready_last'] / 1e3:5.2f} s,"
          f" p50 {r['ready_p50'] / 1e3:5.2f} s, max {r['ready_max'] / 1e3:5.2f} s"
          f"  errors {len(r['errors'])}  RSS {mem}  load {r['load']}  client CPU {r['client_cpu_s']:.0f} s",
          flush=True)
    print(f"      server CPU {r['server_cpu_s']:.1f} s for {r['sessions']} sessions and {r['moves']} moves"
          f" ({r['server_cpu_s'] / max(r['moves'], 1) * 1e3:.0f} ms per move, sessions included)", flush=True)
    for e in sorted(set(r["errors"]))[:5]:
        print(f"      error: {e}")
    if rss:
        print("      RSS over time (s: MB): " + ", ".join(f"{t:.0f}: {m:.0f}" for t, m in rss), flush=True)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    extra = []
    if "--" in argv:
        i = argv.index("--")
        argv, extra = argv[:i], argv[i + 1:]
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sessions", type=int, nargs="+", default=[1, 5, 10, 20])
    ap.add_argument("--seconds", type=float, default=60.0, help="length of each run (s)")
    ap.add_argument("--think", type=float, default=1.0, help="mean pause between moves of one client (s)")
    ap.add_argument("--timeout", type=float, default=30.0, help="a round trip longer than this is an error (s)")
    ap.add_argument("--sample", type=float, default=5.0, help="RSS sampling interval (s)")
    ap.add_argument("--churn", type=float, default=0.0, help="each client reopens its session every S s (0: never)")
    ap.add_argument("--soak", type=float, default=None, metavar="S", help="10 sessions for S s, RSS every 10 s")
    ap.add_argument("--url", default=None, help="a running server (its memory is then not sampled)")
    ap.add_argument("--pause", type=float, default=20.0, help="pause between runs, for session clean-up (s)")
    args = ap.parse_args(argv)
    import panel  # noqa: F401 - registers Panel's Bokeh models, so the client can build the document

    proc = None
    if args.url:
        url, pid = args.url, None
    else:
        lib = Path(tempfile.mkdtemp(prefix="bench-load-")) / "library.sqlite"
        proc, url = start_server(extra, lib)
        pid = proc.pid
    print(f"server {url} flags {extra or '(none)'}  cores {os.cpu_count()}  load {loadavg()}", flush=True)
    try:
        if args.soak:
            args.sample = 10.0
            r = run_phase(10, url, pid, args.soak, args)
            report(r)
            steady = [m for t, m in r["rss"] if t >= 10 + args.sample]   # after all ten have arrived
            if len(steady) >= 2:
                growth = (steady[-1] - steady[0]) / steady[0] * 100
                print(f"soak {args.soak:.0f} s, 10 sessions: RSS {steady[0]:.0f} -> {steady[-1]:.0f} MB "
                      f"(max {max(steady):.0f}): growth {growth:+.1f}%  load {loadavg()}", flush=True)
        else:
            for k, n in enumerate(args.sessions):
                if k:
                    time.sleep(args.pause)
                report(run_phase(n, url, pid, args.seconds, args))
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
