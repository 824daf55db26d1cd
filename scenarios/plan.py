"""Plans over several years (`until = YYYY` in [scenario]): each year's result and the plan's own numbers.

A plan runs the chain (`scenarios.chain`) from the store's first unpublished year to `until` and
reports the years `year`..`until`. Per draw, the plan's average growth is the compound average
((prod_t (1 + g_t / 100)) ** (1 / T) - 1) x 100, %, over its T years, and GDP at the end against the
base year (year - 1) is 100 x prod_t (1 + g_t / 100) (constant prices: a level index). P(average) is
the share of draws whose average reaches `target_average`.

`required_constant`: for each sector or group, the growth %, the same in every plan year, that
would make the compound average of the *central path* equal `target_average`, every other sector
at its central assumption (a group: all its member leaves at that growth). The central path chains
the central growths from the base-year levels (weights move year by year); the equation is
monotone in the key's growth and solved by Brent's method inside the growth limits (None when no
growth inside them reaches the target).
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from forecast.data.sectors import NAMES
from scenarios.chain import ChainYear, simulate_chain
from scenarios.icor import plan_investment
from scenarios.limits import GROWTH_LIMITS
from scenarios.montecarlo import summarize
from scenarios.result import Result
from scenarios.runner import DEFAULT_DRAWS
from scenarios.scenario import Scenario


@dataclass(frozen=True)
class PlanResult:
    """A plan's results: `years` (one Result per plan year), `chain` (the link years before the plan),
    `plan` (average_growth {mean, p5, p10, p50, p90, p95} %, probability_average 0..1, target_average %,
    required_constant {key: %}, gdp_end {base_year, end_year, index {mean, p5, p50, p95} base = 100}),
    and `investment` (the plan's average need, when known)."""

    name: str
    year: int
    until: int
    target: float
    target_average: float
    data_vintage: str
    draws: int
    seed: int
    years: tuple[Result, ...]
    chain: tuple[Result, ...]
    plan: dict
    warnings: tuple[str, ...] = ()
    source: str | None = None
    average_draws: np.ndarray | None = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict:
        """The JSON contract: name, year, until, target, target_average, data_vintage, draws, seed,
        years [one object per plan year with the single-year keys], chain [the link years], plan,
        warnings, source."""
        d = {"name": self.name, "year": self.year, "until": self.until, "target": self.target,
             "target_average": self.target_average, "data_vintage": self.data_vintage, "draws": self.draws,
             "seed": self.seed, "years": [r.to_dict() for r in self.years], "plan": copy.deepcopy(self.plan)}
        if self.chain:
            d["chain"] = [r.to_dict() for r in self.chain]
        d.update({"warnings": list(self.warnings), "source": self.source})
        return d

    def to_frames(self) -> dict[str, pd.DataFrame]:
        """Tidy tables, each with a `year` column where it is per year: years (GDP growth and P(target)
        of the link and plan years), contributions, assumptions, required, least_change, investment,
        plan_summary (one row) and required_constant (one row per key)."""
        every = (*self.chain, *self.years)
        frames: dict[str, list[pd.DataFrame]] = {}
        for r in every:
            for name, df in r.to_frames().items():
                if name in ("gdp", "chain", "quarters"):
                    continue
                frames.setdefault("least_change" if name == "plan" else name, []).append(
                    df.drop(columns=["year"], errors="ignore").assign(year=r.year))
        out = {"years": pd.DataFrame([{**r.year_row(), "link": r.year < self.year} for r in every])}
        out.update({k: pd.concat(v, ignore_index=True)[["year", *[c for c in v[0].columns if c != "year"]]]
                    for k, v in frames.items()})
        p = self.plan
        row = {"year": self.until, "target_average_pct": self.target_average,
               **{f"average_{k}_pct": v for k, v in p["average_growth"].items()},
               "probability_average": p["probability_average"],
               **{f"gdp_end_index_{k}": v for k, v in p["gdp_end"]["index"].items()},
               "base_year": p["gdp_end"]["base_year"]}
        if p.get("investment"):
            row.update({"icor": p["investment"]["icor"],
                        **{f"share_needed_{k}_pct": v for k, v in p["investment"]["share_needed_pct"].items()}})
        out["plan_summary"] = pd.DataFrame([row])
        out["required_constant"] = pd.DataFrame(
            [{"key": k, "name_en": NAMES[k][1], "required_pct": v} for k, v in p["required_constant"].items()],
            columns=["key", "name_en", "required_pct"])
        return out


def compound_average_pct(growth_pct: np.ndarray) -> np.ndarray:
    """Compound average growth, %, of yearly growths % along the last axis: ((prod(1+g/100))**(1/T)-1)x100."""
    g = np.asarray(growth_pct, dtype=float)
    return (np.prod(1.0 + g / 100.0, axis=-1) ** (1.0 / g.shape[-1]) - 1.0) * 100.0


def central_path_average(levels0: np.ndarray, growth: np.ndarray, plan_rows: slice) -> float:
    """Compound average GDP growth, %, over the rows `plan_rows` of a central path: `growth` (years, L)
    leaf growth %, chained from `levels0` (L,) billion VND; GDP growth of a year = its levels' total
    over last year's."""
    levels = np.asarray(levels0, dtype=float)
    totals = [levels.sum()]
    for g in growth:
        levels = levels * (1.0 + g / 100.0)
        totals.append(levels.sum())
    gdp = np.diff(totals) / np.array(totals[:-1]) * 100.0
    return float(compound_average_pct(gdp[plan_rows]))


def required_constant(years: list[ChainYear], plan_start: int, target_average: float) -> dict[str, float | None]:
    """Growth %, the same in every plan year, each sector or group needs for the central path's compound
    average to reach `target_average`, the others at their central assumptions (see the module docstring)."""
    first = years[0].prepared.base
    leaves, groups = first.leaves, first.groups
    central = np.array([[y.result.contributions[k]["growth_pct"] for k in leaves] for y in years])
    rows = slice(plan_start, len(years))
    out: dict[str, float | None] = {}
    for k in list(leaves) + list(groups):
        cols = [leaves.index(m) for m in groups.get(k, (k,))]

        def gap(x: float) -> float:
            g = central.copy()
            g[rows, cols] = x
            return central_path_average(first.levels_prev_bn_vnd, g, rows) - target_average

        lo, hi = GROWTH_LIMITS
        glo, ghi = gap(lo), gap(hi)
        out[k] = float(brentq(gap, lo, hi, xtol=1e-6)) if glo <= 0 <= ghi else None
    return out


def run_plan(scenario: Scenario, draws: int = DEFAULT_DRAWS, seed: int | None = None, root=None) -> PlanResult:
    """Simulate a plan (or a single year as a one-year plan): every year's result, the compound average's
    distribution and P(average >= target_average), GDP at the end against the base year, the constant
    growth each key would need for the average (see the module docstring)."""
    years = simulate_chain(scenario, draws, seed, root)
    plan_start = next(i for i, y in enumerate(years) if y.year == scenario.year)
    plan_years = years[plan_start:]
    g = np.column_stack([y.gdp_draws for y in plan_years])
    avg = compound_average_pct(g)
    stats, prob = summarize(avg, scenario.average_target())
    index = 100.0 * np.prod(1.0 + g / 100.0, axis=1)
    q = np.percentile(index, (5, 50, 95))
    plan = {
        "average_growth": stats, "probability_average": prob, "target_average": scenario.average_target(),
        "required_constant": required_constant(years, plan_start, scenario.average_target()),
        "gdp_end": {"base_year": scenario.year - 1, "end_year": scenario.last_year,
                    "index": {"mean": float(index.mean()), "p5": float(q[0]), "p50": float(q[1]), "p95": float(q[2])}},
    }
    investment = plan_investment(scenario, avg, root)
    if investment is not None:
        plan["investment"] = investment
    first = plan_years[0].result
    warnings = tuple(dict.fromkeys(w for y in years for w in y.result.warnings))
    return PlanResult(name=scenario.name, year=scenario.year, until=scenario.last_year, target=scenario.target,
                      target_average=scenario.average_target(), data_vintage=first.data_vintage, draws=int(draws),
                      seed=first.seed, years=tuple(y.result for y in plan_years),
                      chain=tuple(y.result for y in years[:plan_start]), plan=plan, warnings=warnings,
                      source=scenario.source, average_draws=avg)

