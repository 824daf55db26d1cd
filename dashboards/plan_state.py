"""The plan a session's Plan view is looking at: a scenario over several years, testable without a browser.

`PlanState` is a `ScenarioState` (the same sliders: each key's growth for every plan year, the same
guarded setters, error and language handling) with the plan's own inputs: the last year (`until`), the
plan's average target (`target_average`, None: the yearly `target`), and the per-year overrides
(`years`: year -> {key: (low, high)}, `year_targets`: year -> target %) it shares with the scenario
state. Its scenario is a plan file (`[scenario] until = ...`, docs/scenarios.md); the engine's
`scenarios.plan.run_plan` computes it, memoised per plan text and store content (`run_plan_cached`),
so the Plan view, `growthsim scenario run` on the downloaded file and the Python API give the same
numbers. It holds no arithmetic.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import param

from forecast.cache import memoize
from scenarios.files import load, parse
from scenarios.plan import run_plan
from scenarios.scenario import Scenario

from dashboards.state import INPUTS, YEAR_LIMITS, ScenarioState

PLAN_INPUTS = ("until", "target_average")      # params whose change recomputes, besides ScenarioState's
PLAN_EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "scenarios" / "2026_2030_plan_10pct.toml"


@memoize(maxsize=128)
def run_plan_cached(toml: str, draws: int, seed: int | None, root: str | None):
    """`scenarios.plan.run_plan` on the plan file `toml` (`scenarios.files.dumps` of it: a lossless key),
    memoised per process and store content."""
    return run_plan(parse(toml, source="app"), draws=draws, seed=seed, root=root)


class PlanState(ScenarioState):
    """One session's plan: the scenario inputs for every year, `until`, `target_average`, and the
    engine's `PlanResult` for them (`result`; None while they cannot be computed)."""

    until = param.Integer(default=2030, bounds=YEAR_LIMITS, doc="the plan's last year")
    target_average = param.Number(default=None, allow_None=True, doc="the plan's average growth target, % "
                                  "(None: the yearly target)")

    def unchecked(self) -> Scenario:
        """The plan's Scenario: the scenario inputs (every year's) with `until` and `target_average`."""
        return replace(super().unchecked(), until=self.until, target_average=self.target_average)

    def values_of(self, sc: Scenario) -> dict:
        return {**super().values_of(sc), "until": sc.until or sc.year, "target_average": sc.target_average}

    def compute(self, toml: str):
        return run_plan_cached(toml, self.draws, self.seed, self.root)

    @param.depends(*INPUTS, *PLAN_INPUTS, watch=True)
    def _inputs_changed(self) -> None:          # one recomputation when both kinds change together
        if self._compute:
            self.recompute()


def default_plan(lang: str = "vi", root: str | None = None, compute: bool = True) -> PlanState:
    """A state showing the example plan (examples/scenarios/2026_2030_plan_10pct.toml: 2026–2030 at 10% a
    year, on 2025's estimates)."""
    st = PlanState(compute=False, lang=lang, root=root)
    st.param.update(st.values_of(load(PLAN_EXAMPLE)))
    st._compute = compute
    if compute:
        st.recompute()
    return st
