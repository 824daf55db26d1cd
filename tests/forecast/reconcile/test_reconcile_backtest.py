"""`growthsim backtest --hierarchy` end to end on the shipped store (one origin, few paths): metrics
per node with level and reconciled columns, reconciled forecasts that add up, and the plain
backtest's metrics.csv with the same two columns."""
from __future__ import annotations

import subprocess

import numpy as np
import pandas as pd

from tests.conftest import growthsim_command


def test_hierarchy_backtest_scores_every_node_before_and_after(tmp_path, monkeypatch):
    monkeypatch.setenv("GROWTHSIM_CACHE", str(tmp_path / "cache"))
    out = tmp_path / "rec"
    p = subprocess.run(growthsim_command() + ["backtest", "--hierarchy", "iip", "--start", "2023-06", "--end",
                                              "2023-06", "--paths", "200", "--output", str(out), "--quiet"],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    m = pd.read_csv(out / "metrics.csv")
    assert {"hierarchy", "level", "reconciled"} <= set(m.columns)
    assert set(m["reconciled"]) == {"none", "ols", "wls", "mint_shrink"}
    assert (m.groupby("reconciled")["series"].nunique() == 5).all()
    assert set(m.loc[m["series"] == "iip", "level"]) == {"total"}
    assert set(m.loc[m["series"] != "iip", "level"]) == {"part"}
    lv = pd.read_csv(out / "levels.csv")
    assert len(lv) == 8 and lv["mase"].notna().all()
    notes = pd.read_csv(out / "notes.csv")
    gaps = notes["note"].str.extract(r"coherence gap ([\d.e+-]+)")[0].dropna().astype(float)
    assert len(gaps) == 3 and (gaps < 1e-9).all()
    f = pd.read_csv(out / "forecasts.csv")
    assert len(f) == 4 * 5 * 12 and np.isfinite(f["mean"]).all() and f["actual"].notna().all()


def test_plain_backtest_metrics_gain_level_and_reconciled(tmp_path, monkeypatch):
    monkeypatch.setenv("GROWTHSIM_CACHE", str(tmp_path / "cache"))
    out = tmp_path / "bt"
    p = subprocess.run(growthsim_command() + ["backtest", "iip.water", "--start", "2024-01", "--end", "2024-01",
                                              "--horizon", "3", "--paths", "100", "--models", "drift",
                                              "--output", str(out), "--quiet"],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    m = pd.read_csv(out / "metrics.csv")
    assert list(m[["level", "reconciled"]].iloc[0]) == ["part", "none"]
