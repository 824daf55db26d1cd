"""The result of one scenario run: plain data, a JSON-ready dict and tidy frames for exports."""
from __future__ import annotations

import copy
from dataclasses import dataclass, field

import pandas as pd

from forecast.data.sectors import NAMES
from scenarios.assumptions import Used


@dataclass(frozen=True)
class Result:
    """Everything a run computed. Growth in %, contributions in percentage points (pp), probability 0..1.

    `gdp_growth`: mean, p5, p10, p50, p90, p95 of the simulated GDP growth, plus `central` (GDP growth
    at the central values, the one the contributions add up to). `contributions`: per leaf and group,
    growth_pct, pp and the office's share_of_growth_pct (None for taxes). `required`: growth % each key
    needs for the target with the others central; `required_range`: [low, high] over the others'
    ranges. `assumptions`: one row per leaf and group as used, its text in English; `used`: the same
    as structure (key -> an Assumption, `Filled(group)` or `SumOfMembers()`), for formatting in other
    languages. `plan`: the least-change plan. `warnings`: English text; most are `scenarios.messages.
    Message`s (a str with a key and parameters). `chain`: the Results of the years a chained scenario
    runs through before its own (`scenarios.chain`); `investment`: {icor, icor_source, share_needed_pct
    {mean, p10, p50, p90}} (`scenarios.icor`).
    """

    name: str
    year: int
    target: float
    data_vintage: str
    baseline: str
    draws: int
    seed: int
    independent: bool
    gdp_growth: dict[str, float]
    probability_reach: float
    contributions: dict[str, dict[str, float | None]]
    required: dict[str, float]
    required_range: dict[str, tuple[float, float]]
    assumptions: tuple[dict, ...]
    plan: dict
    known: dict[str, float] = field(default_factory=dict)
    known_sectors: dict[str, dict[str, float]] = field(default_factory=dict)   # "YYYYQn" -> {sector: %}
    quarters_required: dict[str, float] | None = None
    quarters_implied: dict[str, float] | None = None
    warnings: tuple[str, ...] = ()
    source: str | None = None
    used: dict[str, Used] = field(default_factory=dict, compare=False)
    chain: tuple[Result, ...] = ()            # the link years before `year` (a chained scenario)
    investment: dict | None = None            # the investment share of GDP the growth needs (scenarios.icor)

    def to_dict(self) -> dict:
        """The JSON contract: name, year, target, data_vintage, gdp_growth, probability_reach,
        contributions, required (and quarters_required / quarters_implied with known quarters, known_sectors
        with [known.YYYYQn] sectors), plus
        baseline, draws, seed, independent, required_range, assumptions, plan, warnings, source."""
        d = {
            "name": self.name, "year": self.year, "target": self.target, "data_vintage": self.data_vintage,
            "gdp_growth": dict(self.gdp_growth), "probability_reach": self.probability_reach,
            "contributions": copy.deepcopy(self.contributions), "required": dict(self.required),
        }
        if self.known:
            d["known"] = dict(self.known)
            d["quarters_required"] = dict(self.quarters_required or {})
            d["quarters_implied"] = dict(self.quarters_implied or {})
        if self.known_sectors:
            d["known_sectors"] = copy.deepcopy(self.known_sectors)
        d.update({
            "required_range": {k: list(v) for k, v in self.required_range.items()},
            "baseline": self.baseline, "draws": self.draws, "seed": self.seed, "independent": self.independent,
            "assumptions": [dict(r) for r in self.assumptions], "plan": copy.deepcopy(self.plan),
            "warnings": list(self.warnings), "source": self.source,
        })
        if self.investment is not None:
            d["investment"] = copy.deepcopy(self.investment)
        if self.chain:
            d["chain"] = [r.to_dict() for r in self.chain]
        return d

    def to_frames(self) -> dict[str, pd.DataFrame]:
        """Tidy tables: assumptions, gdp, contributions, required, quarters (if known), plan."""
        gdp = pd.DataFrame([{"target_pct": self.target, **{f"{k}_pct": v for k, v in self.gdp_growth.items()},
                             "probability_reach": self.probability_reach, "data_vintage": self.data_vintage,
                             "baseline": self.baseline, "draws": self.draws, "seed": self.seed,
                             "independent": self.independent}])
        contrib = pd.DataFrame([{"key": k, "name_en": NAMES[k][1], "name_vi": NAMES[k][0], **v}
                                for k, v in self.contributions.items()])
        required = pd.DataFrame([{"key": k, "name_en": NAMES[k][1], "required_pct": v,
                                  "low_pct": self.required_range[k][0], "high_pct": self.required_range[k][1]}
                                 for k, v in self.required.items()])
        frames = {"assumptions": pd.DataFrame(list(self.assumptions)), "gdp": gdp,
                  "contributions": contrib, "required": required}
        if self.known:
            rows = [{"period": p, "known_pct": self.known.get(p), "required_pct": (self.quarters_required or {}).get(p),
                     "implied_pct": (self.quarters_implied or {}).get(p)}
                    for p in sorted(set(self.known) | set(self.quarters_required or {}))]
            frames["quarters"] = pd.DataFrame(rows)
        plan_rows = [{"key": k, **v} for k, v in self.plan.get("changes", {}).items()]
        frames["plan"] = pd.DataFrame(plan_rows, columns=["key", "from", "to", "change_pp"])
        if self.chain:
            frames["chain"] = pd.DataFrame([r.year_row() for r in (*self.chain, self)])
        if self.investment is not None:
            frames["investment"] = pd.DataFrame([self.investment_row()])
        return frames

    def year_row(self) -> dict:
        """One row for a table of years: year, target, GDP growth statistics (%), P(target)."""
        return {"year": self.year, "target_pct": self.target,
                **{f"{k}_pct": v for k, v in self.gdp_growth.items()}, "probability_reach": self.probability_reach}

    def investment_row(self) -> dict:
        """One row: year, ICOR, its source and the investment share of GDP needed (%), flat."""
        inv = self.investment or {}
        return {"year": self.year, "icor": inv.get("icor"), "icor_source": inv.get("icor_source"),
                **{f"share_needed_{k}_pct": v for k, v in (inv.get("share_needed_pct") or {}).items()}}
