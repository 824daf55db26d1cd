"""`scenarios.prefill.baseline_estimates`: the numbers the app's "Fill YYYY from the baseline" button
types into a `[years.YYYY]` table are the baseline scenario's own growth per sector (the CLI's), rounded
to 0.1; published quarters condition them; a year the engine refuses is refused the same way."""
from __future__ import annotations

import json
import subprocess

import pytest

from forecast.data.sectors import LEAVES
from forecast.errors import GrowthsimError
from scenarios.prefill import baseline_estimates
from tests.conftest import growthsim_command


def test_the_estimates_are_the_cli_baseline_scenarios_growth_rounded(tmp_path):
    f = tmp_path / "baseline.toml"
    f.write_text('[scenario]\nname = "b"\nyear = 2025\ntarget = 8\n', encoding="utf-8")
    out = subprocess.run(growthsim_command() + ["scenario", "run", str(f), "--format", "json"],
                         capture_output=True, text=True, check=True).stdout
    cli = json.loads(out)
    cli = cli[0] if isinstance(cli, list) else cli
    est = baseline_estimates(2025)
    assert list(est) == list(LEAVES)
    for k in LEAVES:
        assert est[k] == round(cli["contributions"][k]["growth_pct"], 1), k
    assert len({v for v in est.values()}) > 1            # per sector, not one number for all


def test_a_year_the_engine_refuses_is_refused():
    with pytest.raises(GrowthsimError, match="a 2100 scenario would chain"):
        baseline_estimates(2100)


def test_published_quarters_condition_the_estimates():
    low, high = baseline_estimates(2025, known={1: 5.0}), baseline_estimates(2025, known={1: 9.0})
    assert sum(high.values()) > sum(low.values())
