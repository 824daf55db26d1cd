"""`growthsim scenario run|sweep`: outputs in every format, and every bad input as one line, exit 2."""
from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest
from tests.conftest import growthsim_command
from scenario_helpers import EXAMPLE, REPO

from dashboards.cli import main
from forecast.data.sectors import GROUPS, LEAVES

CONTRACT = {"name", "year", "target", "data_vintage", "gdp_growth", "probability_reach", "contributions",
            "required", "quarters_required", "quarters_implied"}


def test_example_runs_as_is_through_the_installed_command():
    # the real command, as a user types it: the entry point installed beside this interpreter
    out = subprocess.run([*growthsim_command(), "scenario", "run", str(EXAMPLE), "--format", "json", "--draws", "20000"],
                         capture_output=True, text=True, cwd=REPO, timeout=120)
    assert out.returncode == 0, out.stderr
    d = json.loads(out.stdout)
    assert CONTRACT <= set(d)
    assert set(d["gdp_growth"]) >= {"mean", "p5", "p10", "p50", "p90", "p95"}
    assert 0 <= d["probability_reach"] <= 1
    assert set(d["contributions"]) >= set(LEAVES)
    assert d["contributions"]["taxes"]["share_of_growth_pct"] is None
    assert set(d["required"]) == set(LEAVES) | set(GROUPS)
    assert set(d["quarters_required"]) == {"2025Q2", "2025Q3", "2025Q4"}


def run_cli(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_several_files_give_a_list_in_order_and_the_seed_repeats(capsys, tmp_path):
    other = tmp_path / "b.toml"
    other.write_text('[scenario]\nname = "b"\nyear = 2025\ntarget = 7\n[growth]\nservices = [6, 8]\n')
    code, out, _ = run_cli(capsys, "scenario", "run", str(EXAMPLE), str(other), "--draws", "3000", "--seed", "4")
    assert code == 0
    d = json.loads(out)
    assert [x["name"] for x in d] == ["2025: industry 10-12%, energy 12-16%", "b"]
    assert "quarters_required" not in d[1]
    code, again, _ = run_cli(capsys, "scenario", "run", str(EXAMPLE), str(other), "--draws", "3000", "--seed", "4")
    assert again == out


@pytest.mark.parametrize("fmt", ["csv", "parquet", "xlsx"])
def test_other_formats(capsys, tmp_path, fmt):
    path = tmp_path / f"r.{fmt}"
    code, _, err = run_cli(capsys, "scenario", "run", str(EXAMPLE), "--draws", "2000", "--output", str(path))
    assert code == 0, err
    if fmt == "csv":
        df = pd.read_csv(path)
    elif fmt == "parquet":
        df = pd.read_parquet(path)
    else:
        book = pd.read_excel(path, sheet_name=None)
        assert set(book) == {"assumptions", "gdp", "contributions", "required", "quarters", "plan", "investment"}
        assert "contribution, percentage points" in book["contributions"].columns
        assert book["gdp"]["probability of reaching the target"].between(0, 1).all()
        return
    assert list(df.columns) == ["scenario", "year", "table", "key", "measure", "value"]
    gdp = df[(df.table == "contributions") & (df.measure == "pp") & df.key.isin(LEAVES)]["value"].sum()
    central = df[(df.table == "gdp") & (df.measure == "central_pct")]["value"].item()
    assert gdp == pytest.approx(central, abs=1e-9)


def test_sweep_writes_a_grid(capsys, tmp_path):
    path = tmp_path / "s.csv"
    code, _, err = run_cli(capsys, "scenario", "sweep", str(EXAMPLE), "--vary", "industry=8:14:0.5",
                           "--vary", "services=7:8:0.5", "--draws", "5000", "--output", str(path))
    assert code == 0, err
    df = pd.read_csv(path)
    assert len(df) == 13 * 3
    assert df["industry"].min() == 8 and df["industry"].max() == 14
    for _, g in df.groupby("services"):
        assert g.sort_values("industry")["probability_reach"].is_monotonic_increasing


def _bad(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text)
    return str(p)


HEAD = "[scenario]\nyear = 2025\ntarget = 8\n"


@pytest.mark.parametrize("name,text,expect", [
    ("unknown.toml", HEAD + "[growth]\nindusty = 10\n", ["unknown.toml: line 5, growth.industy", "did you mean 'industry'"]),
    ("range.toml", HEAD + "[growth]\nindustry = [12, 10]\n", ["range.toml: line 5, growth.industry", "low 12 is above high 10"]),
    ("member.toml", HEAD + "[growth]\nindustry = 0\nelectricity = 50\n",
     ["member.toml: line 6, growth.electricity", "electricity = 50 inside industry = 0",
      "manufacturing would have to collapse", "beyond anything in history"]),
    ("year.toml", "[scenario]\nyear = 2040\ntarget = 8\n",
     ["year.toml: line 2, scenario.year", "a 2040 scenario would chain 16 years from 2025", "full year, 2024"]),
    ("old.toml", "[scenario]\nyear = 2005\ntarget = 8\n",
     ["old.toml: line 2, scenario.year", "no base-year data for 2005", "last full year is 2024"]),
    ("malformed.toml", HEAD + "[growth]\nindustry = 10 12\n", ["malformed.toml: line 5, column 15", "malformed TOML"]),
    ("text.toml", HEAD + "[growth]\nservices = \"seven\"\n", ["text.toml: line 5, growth.services", "got 'seven'"]),
])
def test_bad_input_is_one_line_and_exit_2(capsys, tmp_path, name, text, expect):
    code, out, err = run_cli(capsys, "scenario", "run", _bad(tmp_path, name, text), "--draws", "500")
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("growthsim: error: ")
    assert "Traceback" not in err
    for e in expect:
        assert e in lines[0], lines[0]


@pytest.mark.parametrize("vary,expect", [
    ("industy=8:14:0.5", "did you mean 'industry'"),
    ("industry=14:8:0.5", "below START"),
    ("industry=8:14", "KEY=START:STOP:STEP"),
    ("industry=8:14:0", "STEP must be positive"),
])
def test_bad_sweep_specs(capsys, vary, expect):
    code, _, err = run_cli(capsys, "scenario", "sweep", str(EXAMPLE), "--vary", vary, "--draws", "500")
    assert code == 2 and expect in err


def test_bad_input_through_a_real_process_has_no_traceback(tmp_path):
    path = _bad(tmp_path, "bad.toml", HEAD + "[growth]\nindusty = 10\n")
    out = subprocess.run([sys.executable, "-m", "dashboards.cli", "scenario", "run", path],
                         capture_output=True, text=True, cwd=REPO, timeout=120)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr and "did you mean 'industry'" in out.stderr
