"""`growthsim serve --num-threads/--num-procs/--unused-session-lifetime` (issue 12, load).

A bad value is one line on stderr and exit 2 (in-process, no server started); good values reach a
real server, which then opens a websocket session and answers a slider release with a new headline
(the session callbacks then run on Panel's thread pool). No load and no timing asserts here: the
load test is benchmarks/bench_load.py.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from dashboards.cli import main
from tests.browser import ServerDidNotStart, start_server, stop_server

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("flags, name", [
    (["--num-threads", "abc"], "--num-threads"),
    (["--num-threads", "-1"], "--num-threads"),
    (["--num-threads", "2.5"], "--num-threads"),
    (["--num-procs", "many"], "--num-procs"),
    (["--num-procs", "-3"], "--num-procs"),
    (["--unused-session-lifetime", "10"], "--unused-session-lifetime"),
    (["--unused-session-lifetime", "1e9x"], "--unused-session-lifetime"),
])
def test_bad_value_is_one_line_exit_2(capsys, flags, name):
    assert main(["serve", "--port", "1", *flags]) == 2
    out = capsys.readouterr()
    lines = out.err.strip().splitlines()
    assert len(lines) == 1, out.err
    assert lines[0].startswith("growthsim: error:") and name in lines[0], lines[0]
    assert "Traceback" not in out.err and out.out == ""


def _serve(tmp_path: Path, flags: list[str]):
    try:
        return start_server(tmp_path / "library.sqlite", flags=flags, timeout=90)
    except ServerDidNotStart as exc:
        pytest.fail(str(exc))


def test_flags_reach_a_server_that_answers_a_slider_move(tmp_path):
    import panel  # noqa: F401 - Panel's models, so the client can build the document
    from bokeh.client import pull_session

    sys.path.insert(0, str(REPO / "benchmarks"))
    from bench_load import find_models, send_origin, wait_until

    proc, url = _serve(tmp_path, ["--num-threads", "2", "--num-procs", "1", "--unused-session-lifetime", "2000"])
    try:
        first = (tmp_path / "serve.log").read_text().splitlines()[0]
        assert "threads 2, processes 1, idle sessions kept 2000 ms" in first, first
        send_origin(url)
        session = pull_session(url=url)
        try:
            slider, head = find_models(session.document)
            old = head.text
            slider.value = (9.0, 11.5)
            slider.lookup("value_throttled")._set(slider, None, (9.0, 11.5))
            wait_until(session, lambda: head.text != old, 60)
            assert "gdp-growth" in head.text and head.text != old
        finally:
            session.close()
        assert proc.poll() is None
    finally:
        stop_server(proc)
    assert "Traceback" not in (tmp_path / "serve.log").read_text(errors="replace")
