"""Chains: a scenario for a year after the store's last full year runs through the years between.

The store's last full year is L (2024 with the shipped data). A 2026 scenario runs 2025 first (its
assumptions from `[years.2025]`, unset sectors the baseline), then 2026 on 2025's levels. For every
draw, each year's weights are the previous year's constant-price levels *of that draw*: levels
(billion VND, 2010 prices) = last year's levels x (1 + growth / 100) sector by sector, so the
uncertainty of 2025 moves 2026's weights as well as its base. The results' contributions, required
growth and least-change plan use the central path's weights (the mean of the draws' levels).

The baseline of a chain year: the forecast engine's draws for that year while the engine reaches it
(`forecast.gdp.baseline.sector_growth_draws`: at most three years of quarters past the published
ones, so L+1..L+3); beyond, each sector's long-run growth (`long_run_growth`: the mean of its last
`LONG_RUN_YEARS` years in the store without 2020-21) plus the engine's last year's joint deviations
from their mean, scaled by sqrt(1 + h / ENGINE_REACH) for the h-th year beyond the reach: the same
co-movement of sectors, a spread that widens as a random walk's would. Each year's draws are drawn
afresh (their own seed), so years are independent given the levels.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from forecast.errors import GrowthsimError
from forecast.gdp.icor import COVID_YEARS
from scenarios import baseline as baseline_mod
from scenarios.assumptions import Point
from scenarios.basedata import BaseData, base_data, chained_base, last_full_year
from scenarios.baseline import FALLBACK_LABEL, BaselineSample, baseline_sample, known_key, sample_of
from scenarios.errors import ScenarioError
from scenarios.icor import with_investment
from scenarios.limits import draws_problem
from scenarios.messages import Message
from scenarios.result import Result
from scenarios.runner import (Prepared, baseline_columns, compile_year, engine_seed, located, resolve_seed,
                              result_of)
from scenarios.scenario import MAX_PLAN_YEARS, Scenario, YearSpec

ENGINE_REACH = 3            # years past the last full year the engine simulates (forecast/bridge.py)
LONG_RUN_YEARS = 10         # non-COVID years averaged for the long-run growth beyond the engine's reach
MAX_CHAIN_YEARS = MAX_PLAN_YEARS + 1   # a 10-year plan and the year between the data and it


@dataclass(eq=False)
class ChainYear:
    """One year of a chain: its prepared simulation, its result, GDP growth draws (n,), % and the
    levels at its end (n, L), billion VND 2010 prices."""

    year: int
    prepared: Prepared
    result: Result
    gdp_draws: np.ndarray
    levels: np.ndarray


def _root(root) -> str | None:
    return None if root is None else str(root)


def first_chain_year(scenario: Scenario, root=None) -> int:
    """The year after the store's last full year: where a chain starts (2025 with the shipped data)."""
    return last_full_year(_root(root), scenario.vintage) + 1


def needs_chain(scenario: Scenario, root=None) -> bool:
    """True when the scenario runs through more than its own year: it is a plan, or it gives
    [years.YYYY], or it is for a year after the first one the store can weight (on the current data:
    a scenario on an older vintage does not chain by itself, it needs its base year in that vintage)."""
    if scenario.is_plan or scenario.years:
        return True
    return scenario.vintage is None and scenario.year > first_chain_year(scenario, root)


def chain_years(scenario: Scenario, root=None) -> tuple[int, ...]:
    """Every year the chain simulates, in order: from the first chain year (or `year`, if earlier)
    to the scenario's last year; ScenarioError for a [years.YYYY] outside it, known quarters of a
    chained year and a vintage with a chain beyond the data."""
    first = first_chain_year(scenario, root)
    start = min(scenario.year, first)
    last = scenario.last_year
    with located(scenario):
        if last - start + 1 > MAX_CHAIN_YEARS:
            raise ScenarioError(Message("chain_too_long", {"year": last, "years": last - start + 1, "first": first,
                                                           "last": first - 1, "most": MAX_CHAIN_YEARS}),
                                location="scenario.until" if scenario.is_plan else "scenario.year")
        for y in scenario.years:
            if y < scenario.year and scenario.year <= first:
                raise ScenarioError(Message("no_chain", {"year": y, "scenario_year": scenario.year,
                                                         "prev": scenario.year - 1}), location=f"years.{y}")
            if y < start or (y >= scenario.year and not scenario.is_plan):
                raise ScenarioError(Message("year_outside_chain", {
                    "year": y, "first": start, "last": last if scenario.is_plan else scenario.year - 1}),
                    location=f"years.{y}")
        if scenario.year > first and (scenario.known or scenario.known_sectors):
            raise ScenarioError(Message("chain_known", {"first": first, "year": scenario.year,
                                                        "prev": scenario.year - 1}), location="known")
        if last > first and scenario.vintage is not None:
            raise ScenarioError(Message("chain_vintage"), location="scenario.vintage")
    return tuple(range(start, last + 1))


def year_seed(seed: int, year: int, start: int) -> int:
    """The seed of a chain year: the run's own for the first year (so it equals a plain run), else
    one derived from (seed, year)."""
    return seed if year == start else int(np.random.SeedSequence([seed, year]).generate_state(1)[0])


def long_run_growth(base: BaseData, years: int = LONG_RUN_YEARS) -> np.ndarray:
    """Each leaf's mean annual growth, %, over the last `years` years of `base`'s history without
    2020-21 (the long-run growth beyond the engine's reach), in `base.leaves` order."""
    hist = base.history_pct[list(base.leaves)]
    hist = hist[~hist.index.isin(COVID_YEARS)].tail(years)
    return hist.mean().to_numpy()


def long_run_span(base: BaseData, years: int = LONG_RUN_YEARS) -> tuple[int, int]:
    """(first, last) year of the long-run average."""
    idx = base.history_pct.index
    idx = idx[~idx.isin(COVID_YEARS)][-years:]
    return int(idx.min()), int(idx.max())


def _engine_draws(year: int, n: int, seed: int, root, leaves) -> np.ndarray | None:
    engine = baseline_mod._engine()      # looked up at call time: tests switch the engine off
    if engine is None:
        return None
    try:
        d = engine(year, n, seed, root=root)
    except GrowthsimError:
        return None
    return d[list(leaves)].to_numpy(dtype=float)


def chain_sample(year: int, n: int, seed: int, root, base: BaseData, unset, drawn) -> BaselineSample:
    """The baseline of a chain year after the first (see the module docstring): engine draws while it
    reaches `year`, the long-run growth with the engine's widened spread beyond; without the engine,
    the 3-year average with the historical covariance (normal), widened the same way beyond."""
    leaves = base.leaves
    h = year - base.last_full_year
    reach = base.last_full_year + ENGINE_REACH
    values = _engine_draws(min(year, reach), n, seed, root, leaves)
    if values is not None and h <= ENGINE_REACH:
        label, note = "forecast engine", None
    else:
        if values is None:
            mu, cov = base.fallback_baseline()
            z = np.random.default_rng(seed).standard_normal((n, len(leaves)))
            values = z @ np.linalg.cholesky(cov).T + mu
            label = FALLBACK_LABEL
        else:
            label = "forecast engine"
        note = None
        if h > ENGINE_REACH:
            scale = float(np.sqrt(1.0 + (h - ENGINE_REACH) / ENGINE_REACH))
            first, end = long_run_span(base)
            values = long_run_growth(base) + (values - values.mean(axis=0)) * scale
            label = (f"long-run growth {first}-{end} without 2020-21, {label}'s spread x{scale:.2f} "
                     f"(beyond {reach}, the engine's reach)")
    central = {c: float(values[:, leaves.index(c)].mean()) for c in unset}
    return sample_of(values[:, [leaves.index(c) for c in drawn]], drawn, central, label, note)


def simulate_chain(scenario: Scenario, draws: int, seed: int | None = None, root=None) -> list[ChainYear]:
    """Every year of the chain (`chain_years`), simulated draw by draw on the previous year's levels."""
    problem = draws_problem(int(draws))
    if problem:
        raise ScenarioError(problem)
    seed = resolve_seed(scenario, seed)
    years = chain_years(scenario, root)
    start, first = years[0], first_chain_year(scenario, root)
    r = _root(root)
    base0 = base_data(start, r, scenario.vintage)
    levels = np.broadcast_to(base0.levels_prev_bn_vnd, (draws, len(base0.leaves)))
    out: list[ChainYear] = []
    for y in years:
        sc = scenario.for_year(y)
        s = year_seed(seed, y, start)
        eseed = engine_seed(s, np.random.SeedSequence(s).spawn(2)[0])
        with located(sc):
            if y == start:
                base = base0
            else:
                # the store's data of the year (or of the first chain year after it): history, correlations
                base = chained_base(base_data(min(y, first), r, scenario.vintage), y, levels.mean(axis=0))
            unset, drawn = baseline_columns(sc, base)
            if y <= first:
                sample = baseline_sample(y, draws, eseed, r, scenario.vintage, unset, drawn,
                                         known_key(sc.known, sc.known_sectors))
            else:
                sample = chain_sample(y, draws, eseed, root, base, unset, drawn)
            p = compile_year(sc, base, sample, draws, s, leaf_draws=True)
            if y > base.last_full_year + ENGINE_REACH and unset:
                span = long_run_span(base)
                p.warnings.append(Message("chain_baseline", {"last": base.last_full_year + ENGINE_REACH,
                                                             "first": span[0], "end": span[1]}))
            g = p.leaf_draws
            if y != start:       # per-draw weights: this draw's levels of last year
                p.gdp_draws = np.einsum("nl,nl->n", g, levels) / levels.sum(axis=1)
            p.seed = seed
            result = with_investment(result_of(p), sc, p.gdp_draws, root)
        levels = levels * (1.0 + g / 100.0)
        out.append(ChainYear(y, p, result, p.gdp_draws, levels))
    return out


def baseline_years(scenario: Scenario, draws: int = 4000, seed: int | None = None,
                   root=None) -> dict[int, YearSpec]:
    """The link years before `scenario.year` filled from the baseline: year -> YearSpec with every leaf
    at its baseline central growth, % (rounded to 0.1), and no target; {} when the scenario does not
    chain. For the app's "fill [years.2025] from the baseline" button: the user edits them afterwards."""
    first = first_chain_year(scenario, root)
    if scenario.year <= first:
        return {}
    bare = replace(scenario, growth={}, years={}, until=None, target_average=None, known={}, known_sectors={})
    years = simulate_chain(bare, draws, seed, root)
    return {y.year: YearSpec({k: Point(round(y.result.contributions[k]["growth_pct"], 1))
                              for k in y.prepared.base.leaves})
            for y in years[:-1]}


def run_chained(scenario: Scenario, draws: int, seed: int | None = None, root=None) -> Result:
    """A single-year scenario after the first chain year: its year's Result (today's keys) with
    `chain`, the link years' Results."""
    years = simulate_chain(scenario, draws, seed, root)
    return replace(years[-1].result, chain=tuple(y.result for y in years[:-1]))
