"""A grid of scenarios: one file, some keys varied over ranges, one row per grid point.

Every grid point has the same structure (the varied keys are points), so the draws are made once:
GDP growth = rest + sum(a_k v_k), where `rest` is the simulated GDP growth without the varied keys.
Percentiles shift by the constant, and the probability of the target is one binary search in the
sorted `rest`. A 1,000-point sweep costs about one run. The same seed gives the same numbers as
running each grid point on its own (up to the last digit of floating point).
"""
from __future__ import annotations

import difflib
import itertools
import re

import numpy as np
import pandas as pd

from scenarios.assumptions import Point
from scenarios.messages import Message
from scenarios.errors import ScenarioError
from scenarios.limits import GROWTH_LIMITS, MAX_SWEEP_POINTS, sweep_points_problem
from scenarios.montecarlo import PERCENTILES
from scenarios.required import required_coefficients
from scenarios.runner import DEFAULT_DRAWS, located, prepare
from scenarios.scenario import KEYS, Scenario

MAX_POINTS = MAX_SWEEP_POINTS
_SPEC = re.compile(r"^\s*([A-Za-z_]+)\s*=\s*(-?[\d.]+)\s*:\s*(-?[\d.]+)\s*:\s*([\d.]+)\s*$")


def parse_vary(spec: str) -> tuple[str, np.ndarray]:
    """'industry=8:14:0.5' -> ('industry', [8.0, 8.5, ..., 14.0]) (both ends included)."""
    key, start, step, count = vary_spec(spec)
    if count > MAX_POINTS:
        raise ScenarioError(sweep_points_problem(count))
    return key, np.round(start + step * np.arange(count), 10)


def parse_varies(specs: list[str]) -> dict[str, np.ndarray]:
    """key -> grid values for every --vary string; the grid's size is checked against the memory
    budget (scenarios/limits.py) from the arguments alone, before any value is built."""
    parsed = [vary_spec(s) for s in specs]
    size = 1
    for _, _, _, count in parsed:
        size *= count
    problem = sweep_points_problem(size)
    if problem:
        raise ScenarioError(problem)
    return {key: np.round(start + step * np.arange(count), 10) for key, start, step, count in parsed}


def vary_spec(spec: str) -> tuple[str, float, float, int]:
    """'industry=8:14:0.5' -> ('industry', 8.0, 0.5, 13): key, start, step and the number of grid
    values (both ends included), checked (START and STOP inside GROWTH_LIMITS) without building them."""
    m = _SPEC.match(spec)
    if not m:
        raise ScenarioError(f"--vary takes KEY=START:STOP:STEP (e.g. industry=8:14:0.5), got {spec!r}")
    key = m.group(1)
    if key not in KEYS:
        close = difflib.get_close_matches(key, KEYS, n=1, cutoff=0.5)
        hint = f" (did you mean {close[0]!r}?)" if close else f"; valid keys: {', '.join(KEYS)}"
        raise ScenarioError(f"--vary: unknown sector or group {key!r}{hint}")
    try:
        start, stop, step = (float(m.group(i)) for i in (2, 3, 4))
    except ValueError:
        raise ScenarioError(f"--vary: START, STOP and STEP must be numbers, got {spec!r}") from None
    if step <= 0:
        raise ScenarioError(f"--vary {key}: STEP must be positive, got {step:g}")
    lo, hi = GROWTH_LIMITS
    for what, x in (("START", start), ("STOP", stop)):
        if not (np.isfinite(x) and lo <= x <= hi):
            raise ScenarioError(f"--vary {key}: {what} {x:g} is outside the limits {lo:g} to {hi:g}%")
    if stop < start:
        raise ScenarioError(f"--vary {key}: STOP {stop:g} is below START {start:g}")
    if not np.isfinite(step):
        raise ScenarioError(f"--vary {key}: STEP must be a finite number, got {step:g}")
    with np.errstate(over="ignore"):
        count_f = float(np.floor((stop - start) / step + 1e-9)) + 1
    if not np.isfinite(count_f) or count_f > MAX_POINTS:
        raise ScenarioError(f"--vary {key}: " + sweep_points_problem(int(min(count_f, 1e30))))
    return key, start, step, int(count_f)


def sweep(scenario: Scenario, vary: dict[str, np.ndarray], draws: int = DEFAULT_DRAWS, seed: int | None = None,
          root=None) -> pd.DataFrame:
    """One row per point of the grid over `vary` (key -> values): GDP growth percentiles, probability,
    the varied keys' required growth, and whether the filled group members stay within history
    (`members_within_history`; else `note` says which do not)."""
    if not vary:
        raise ScenarioError("nothing to sweep: give at least one --vary KEY=START:STOP:STEP")
    keys = list(vary)
    size = int(np.prod([len(v) for v in vary.values()]))
    if size > MAX_POINTS:
        raise ScenarioError(f"the grid has {size:,} points; at most {MAX_POINTS:,}")
    first = scenario.with_growth(**{k: Point(float(v[0])) for k, v in vary.items()})
    p = prepare(first, draws, seed, root, check_groups=False)
    st, base = p.structure, p.base
    idx = [st.variables.index(k) for k in keys]
    grid = np.array(list(itertools.product(*vary.values())), dtype=float)      # (P, K)
    shift0 = float(p.a[idx] @ p.x_central[idx])
    rest = np.sort(p.gdp_draws - shift0)
    shift = grid @ p.a[idx]                                                     # (P,)
    n = rest.size
    q = np.percentile(rest, PERCENTILES)
    out = pd.DataFrame(grid, columns=keys)
    xc = np.repeat(p.x_central[None, :], len(grid), axis=0)
    xc[:, idx] = grid
    out["gdp_central_pct"] = xc @ p.a + p.a0
    out["gdp_mean_pct"] = rest.mean() + shift
    for pct, v in zip(PERCENTILES, q):
        out[f"gdp_p{pct}_pct"] = v + shift
    out["probability_reach"] = (n - np.searchsorted(rest, scenario.target - shift, side="left")) / n
    for k in keys:
        # required growth is affine in the other keys' values: evaluate at two points and interpolate
        out[f"required_{k}_pct"] = _required_over_grid(p, k, xc)
    feasible, notes = _feasibility(p, xc)
    out["members_within_history"] = feasible
    out["note"] = notes
    out.attrs.update(name=scenario.name, year=scenario.year, target=scenario.target, draws=n, seed=p.seed,
                     baseline=p.baseline_label, data_vintage=base.data_vintage)
    return out


def _required_over_grid(p, key: str, xc: np.ndarray) -> np.ndarray:
    c, c0, w = required_coefficients(p.structure, p.base.weights, key, p.base.groups)
    return (p.scenario.target - (xc @ c + c0)) / w


def _feasibility(p, xc: np.ndarray) -> tuple[np.ndarray, list[str]]:
    st = p.structure
    if not st.filled_by:
        return np.ones(len(xc), dtype=bool), [""] * len(xc)
    hmin, hmax, hsd = p.base.hist_stats
    g = st.leaf_growth(xc)
    ok = np.ones(len(xc), dtype=bool)
    notes = [""] * len(xc)
    for leaf, group in st.filled_by.items():
        i = st.leaves.index(leaf)
        lo, hi = hmin[leaf] - hsd[leaf], hmax[leaf] + hsd[leaf]
        bad = (g[:, i] < lo) | (g[:, i] > hi)
        for r in np.flatnonzero(bad):
            ok[r] = False
            notes[r] += f"{leaf} would need {g[r, i]:.1f}% inside {group} (history {hmin[leaf]:.1f} to {hmax[leaf]:.1f}); "
    return ok, [n.strip().rstrip(";") for n in notes]


def run_sweep(scenario: Scenario, specs: list[str], draws: int = DEFAULT_DRAWS, seed: int | None = None,
              root=None) -> pd.DataFrame:
    """`sweep` from --vary strings such as 'industry=8:14:0.5'."""
    from scenarios.chain import first_chain_year, needs_chain

    vary = parse_varies(specs)
    with located(scenario):
        if needs_chain(scenario, root):
            raise ScenarioError(Message("sweep_single_year", {"first": first_chain_year(scenario, root)}),
                                location="scenario.until" if scenario.is_plan else "scenario.year")
        return sweep(scenario, vary, draws, seed, root)
