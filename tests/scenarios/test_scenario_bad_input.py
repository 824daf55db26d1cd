"""Issue 12, "Bad scenario input": every case of the "Why" list is one line on stderr and exit 2, at once.

Before the fix these gave tracebacks (NaN bounds, an impossible vintage, 50 million draws), exit 0
with nonsense (±1e308, −1e6 growth), 15.8 GB and 19.5 s before a sweep's own limit, or hung
(/dev/zero, an .xlsx symlinked to it). The limits are scenarios/limits.py (docs/scenarios.md).
"""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from scenario_helpers import EXAMPLE, REPO

from dashboards.cli import main
from scenarios.limits import GROWTH_LIMITS, MAX_DRAWS, MAX_SWEEP_POINTS

HEAD = "[scenario]\nyear = 2025\ntarget = 8.0\n"


def one_line_exit_2(capsys, *argv) -> str:
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:             # argparse's refusals (--draws) end the process with exit 2
        code = exc.code
    out = capsys.readouterr()
    lines = out.err.strip().splitlines()
    assert code == 2, out.err
    assert out.out == ""
    assert len(lines) == 1 and "error:" in lines[0] and "Traceback" not in out.err, out.err
    return lines[0]


@pytest.mark.parametrize("body,words", [
    ("[growth]\nindustry = 10\n[bounds]\nindustry = [nan, nan]\n", ["line 7, bounds.industry", "nan"]),
    ("[bounds]\nindustry = [inf, 5]\n", ["bounds.industry", "inf"]),
    ("[bounds]\nindustry = [-60, 5]\n", ["bounds.industry", "-60 is outside the limits -50 to 50%"]),
    ("[growth]\nelectricity = [-1e308, 1e308]\n", ["line 5, growth.electricity", "-1e+308 is outside the limits"]),
    ("[growth]\nagriculture = -1e6\n", ["line 5, growth.agriculture", "-1e+06 is outside the limits -50 to 50%"]),
    ("[growth]\nservices = {dist = \"normal\", mean = 7, sd = 1e300}\n", ["growth.services.sd", "at most 100"]),
    ("[growth]\nservices = {dist = \"triangular\", low = 5, mode = 6, high = 1e9}\n", ["growth.services.high"]),
    ("[known]\n\"2025Q1\" = 1e308\n", ["known.2025Q1", "outside the limits"]),
    ("[known]\n\"2025Q1\" = nan\n", ["known.2025Q1", "must be a number"]),
])
def test_numbers_outside_the_shared_limits_are_refused(capsys, tmp_path, body, words):
    f = tmp_path / "bad.toml"
    f.write_text(HEAD + body)
    line = one_line_exit_2(capsys, "scenario", "run", f, "--draws", "500")
    assert line.startswith(f"growthsim: error: {f}")
    for w in words:
        assert w in line, line


@pytest.mark.parametrize("head,words", [
    ("year = 2025\ntarget = 8.0\nvintage = \"2024-02-30\"\n", ["line 4, scenario.vintage", "'2024-02-30'"]),
    ("year = 2025\ntarget = 8.0\nvintage = \"2024-13-01\"\n", ["scenario.vintage"]),
    ("year = 2025\ntarget = 1e308\n", ["scenario.target", "outside the limits"]),
    ("year = 2025\ntarget = -inf\n", ["scenario.target", "must be a number"]),
])
def test_scenario_table_values(capsys, tmp_path, head, words):
    f = tmp_path / "bad.toml"
    f.write_text("[scenario]\n" + head)
    line = one_line_exit_2(capsys, "scenario", "run", f, "--draws", "500")
    for w in words:
        assert w in line, line


def test_limits_are_the_apps():
    from dashboards.state import TARGET_LIMITS, ScenarioState
    assert TARGET_LIMITS == GROWTH_LIMITS == (-50.0, 50.0)
    assert ScenarioState.param.target.bounds == GROWTH_LIMITS


def test_too_many_draws_refused_before_allocating(capsys):
    line = one_line_exit_2(capsys, "scenario", "run", EXAMPLE, "--draws", "50000000")
    assert "--draws" in line and f"at most {MAX_DRAWS:,}" in line and "GiB" in line
    from scenarios.errors import ScenarioError
    from scenarios.files import load
    from scenarios.runner import run
    with pytest.raises(ScenarioError, match="at most"):           # the library call is bounded as well
        run(load(EXAMPLE), draws=MAX_DRAWS + 1)


@pytest.mark.parametrize("vary,words", [
    ("industry=0:1:0.000000001", ["1,000,000,00", f"at most {MAX_SWEEP_POINTS:,}"]),
    ("industry=0:50:0.00000000000000000000000000000000000000000000000001", ["points", "at most"]),
    ("industry=-60:10:1", ["START -60 is outside the limits -50 to 50%"]),
    ("industry=" + "9" * 400 + ":1:1", ["outside the limits"]),
])
def test_sweep_grid_is_counted_from_the_arguments(capsys, vary, words):
    line = one_line_exit_2(capsys, "scenario", "sweep", EXAMPLE, "--vary", vary, "--draws", "500")
    for w in words:
        assert w in line, line


def test_sweep_grid_product_is_counted_before_building(capsys):
    # each axis alone is allowed (1,001 points), together they are 1,003,003,001
    line = one_line_exit_2(capsys, "scenario", "sweep", EXAMPLE, "--draws", "500",
                           *sum((["--vary", f"{k}=0:10:0.01"] for k in ("industry", "services", "agriculture")), []))
    assert "1,003,003,001 points" in line


def _run_process(*argv, timeout=60):
    return subprocess.run([sys.executable, "-m", "dashboards.cli", *map(str, argv)], capture_output=True, text=True,
                          cwd=REPO, timeout=timeout)


def test_dev_zero_and_a_symlink_to_it_are_refused_at_once(tmp_path):
    link = tmp_path / "release.xlsx"
    link.symlink_to("/dev/zero")
    for path in ("/dev/zero", link):
        out = _run_process("scenario", "run", path, timeout=60)    # hung forever before the fix
        assert out.returncode == 2 and out.stdout == ""
        assert out.stderr.strip() == f"growthsim: error: {path}: not a regular scenario file: a character device"


def test_fifo_and_directory_are_refused(capsys, tmp_path):
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)                                # opening it would block until a writer comes
    assert "a named pipe (FIFO)" in one_line_exit_2(capsys, "scenario", "run", fifo)
    d = tmp_path / "folder.toml"
    d.mkdir()
    assert one_line_exit_2(capsys, "scenario", "sweep", d, "--vary", "industry=8:9:1").endswith(
        "not a regular scenario file: a directory")
    csv = tmp_path / "input.csv"
    csv.mkdir()
    assert "not a regular file: a directory" in one_line_exit_2(capsys, "forecast", "monthly", "--input", csv)


def test_unreadable_file(tmp_path):
    f = tmp_path / "secret.toml"
    f.write_text(EXAMPLE.read_text())
    f.chmod(0)
    if os.geteuid() == 0:
        # root reads any file whatever its mode: run the command as 'nobody', for whom mode 000 holds
        try:
            out = subprocess.run([sys.executable, "-m", "dashboards.cli", "scenario", "run", str(f)], cwd=REPO,
                                 capture_output=True, text=True, timeout=120, user=65534, group=65534,
                                 env={**os.environ, "HOME": str(tmp_path)})
        except (PermissionError, OSError) as exc:
            pytest.skip(f"running as root and cannot switch to user nobody ({exc})")
        if "ModuleNotFoundError" in out.stderr or "Permission denied: '" in out.stderr and "site" in out.stderr:
            pytest.skip("user nobody cannot read this checkout's virtual environment")
        tmp_path.chmod(0o755)
    else:
        out = _run_process("scenario", "run", f)
    assert out.returncode == 2, out.stderr
    assert out.stderr.strip() == f"growthsim: error: {f}: cannot read the scenario file: permission denied"


def test_a_file_that_cannot_be_read_whatever_the_user(capsys):
    # a regular file whose read fails (EIO at offset 0): unreadable for root too, unlike mode 000
    line = one_line_exit_2(capsys, "scenario", "run", "/proc/self/mem")
    assert line.startswith("growthsim: error: /proc/self/mem: cannot read the scenario file: "), line


def test_not_utf8_and_too_large(capsys, tmp_path):
    f = tmp_path / "latin1.toml"
    f.write_bytes(HEAD.encode() + "name = 'Kịch bản'\n".encode("utf-16"))
    assert "not a UTF-8 text file" in one_line_exit_2(capsys, "scenario", "run", f)
    big = tmp_path / "big.toml"
    big.write_text(HEAD + "#" * 2_000_000 + "\n")
    assert "at most 1,000,000 bytes" in one_line_exit_2(capsys, "scenario", "run", big)


def test_a_closed_pipe_ends_quietly():
    # `growthsim scenario sweep ... | head -1`: the reader goes away after one line
    cmd = (f"{sys.executable} -m dashboards.cli scenario sweep {EXAMPLE} --vary industry=0:40:0.001 --draws 500 "
           f"| head -1 >/dev/null; echo ${{PIPESTATUS[0]}}")
    out = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert "Traceback" not in out.stderr and "BrokenPipe" not in out.stderr, out.stderr
    assert out.stdout.strip() == "0"
