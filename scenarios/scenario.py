"""A scenario: a year, a GDP growth target and growth assumptions per sector or group."""
from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from forecast import periods as P
from forecast.data.sectors import GROUPS, LEAVES

from scenarios.assumptions import (Assumption, Baseline, Filled, SumOfMembers, Used, check_assumption,
                                   parse_assumption)
from scenarios.errors import ImpossibleScenarioError, ScenarioError
from scenarios.limits import GROWTH_LIMITS, QUARTER_LIMITS, within_growth_limits, within_quarter_limits
from scenarios.messages import Message

KEYS: tuple[str, ...] = tuple(LEAVES) + tuple(GROUPS)
YEAR_RANGE = (1990, 2100)          # a scenario year outside this is refused
MAX_PLAN_YEARS = 10                # a plan (`until`) covers at most this many years
ICOR_LIMITS = (0.5, 30.0)          # an ICOR (investment share / growth) outside this is refused


@dataclass(frozen=True)
class YearSpec:
    """One `[years.YYYY]` table: that year's assumptions (same syntax as [growth]; unset keys take
    the scenario's [growth] in a plan year, else the baseline) and optionally its own GDP target, %."""

    growth: dict[str, Assumption] = field(default_factory=dict)
    target: float | None = None


@dataclass(frozen=True)
class Scenario:
    """What a scenario file holds. `growth` lists only the keys given; the others take "baseline".

    `known`: quarter number (1-4) -> GDP growth yoy % (the total), already published or typed;
    `known_sectors`: quarter number -> {leaf sector: growth yoy %} (the table form `[known.YYYYQn]`).
    Both condition the baseline (`forecast.gdp.baseline`). `years`: year -> YearSpec, the
    assumptions of the years a chained scenario runs through (and of a plan's years); `until`: the
    last year of a plan (the plan runs `year`..`until`); `target_average`: the plan's average GDP
    growth target, % (default `target`); `icor`: the incremental capital-output ratio for the
    investment a path needs (default: the historical one, `scenarios.icor`). `bounds`: key -> (low, high)
    limits for the least-change plan (default: each key's range in history). `source` and `lines`
    (e.g. "growth.industry" -> 7) let errors name the file and line.
    """

    name: str
    year: int
    target: float
    growth: dict[str, Assumption] = field(default_factory=dict)
    known: dict[int, float] = field(default_factory=dict)
    known_sectors: dict[int, dict[str, float]] = field(default_factory=dict)
    independent: bool = False
    vintage: str | None = None
    seed: int | None = None
    bounds: dict[str, tuple[float, float]] = field(default_factory=dict)
    years: dict[int, YearSpec] = field(default_factory=dict)
    until: int | None = None
    target_average: float | None = None
    icor: float | None = None
    source: str | None = field(default=None, compare=False)
    lines: dict[str, int] = field(default_factory=dict, compare=False)

    def assumption(self, key: str) -> Assumption:
        return self.growth.get(key, Baseline())

    @property
    def last_year(self) -> int:
        """The last year the scenario computes: `until` for a plan, else `year`."""
        return self.until if self.until is not None else self.year

    @property
    def is_plan(self) -> bool:
        """True when `until` is set: a plan over `year`..`until` (one year when equal)."""
        return self.until is not None

    def plan_years(self) -> tuple[int, ...]:
        """The years whose results a plan reports: `year`..`until` (just `year` for a single year)."""
        return tuple(range(self.year, self.last_year + 1))

    def year_target(self, year: int) -> float:
        """GDP growth target of `year`, %: its [years.YYYY] target, else the scenario's."""
        spec = self.years.get(year)
        return spec.target if spec is not None and spec.target is not None else self.target

    def average_target(self) -> float:
        """The plan's average GDP growth target, %: `target_average`, else `target`."""
        return self.target if self.target_average is None else self.target_average

    def year_growth(self, year: int) -> dict[str, Assumption]:
        """Assumptions of `year`: in a plan year, [growth] overridden key by key by [years.YYYY];
        in a link year before `year`, [years.YYYY] alone; for `year` of a single-year scenario, [growth]."""
        spec = self.years.get(year, YearSpec())
        if year < self.year:
            return dict(spec.growth)
        return {**self.growth, **spec.growth}

    def for_year(self, year: int) -> Scenario:
        """The single-year scenario of `year` inside the chain or plan (its assumptions and target; no
        years, until or known quarters of another year)."""
        known = (self.known, self.known_sectors) if year == self.year else ({}, {})
        return replace(self, year=year, target=self.year_target(year), growth=self.year_growth(year),
                       known=known[0], known_sectors=known[1], years={}, until=None, target_average=None)

    def set_keys(self) -> tuple[str, ...]:
        """Keys the user set to something other than "baseline", in file order."""
        return tuple(k for k, a in self.growth.items() if not isinstance(a, Baseline))

    def used(self, groups: Mapping[str, Iterable[str]] = GROUPS,
             leaves: Iterable[str] = LEAVES) -> dict[str, Used]:
        """How a run uses each leaf and group, without running it: the assumption set, `Filled(group)`
        for an unset leaf inside a set group, `SumOfMembers()` for an unset group, else `Baseline()`."""
        set_keys = self.set_keys()
        fills = fill_map(set_keys, groups)
        out: dict[str, Used] = {}
        for k in list(leaves) + list(groups):
            if k in set_keys:
                out[k] = self.growth[k]
            elif k in fills:
                out[k] = Filled(fills[k])
            elif k in groups:
                out[k] = SumOfMembers()
            else:
                out[k] = Baseline()
        return out

    def with_growth(self, **changes: Any) -> Scenario:
        """A copy with some assumptions replaced (numbers, [low, high], dicts or Assumption objects)."""
        growth = dict(self.growth)
        for k, v in changes.items():
            growth[k] = v if hasattr(v, "kind") else parse_assumption(v, f"growth.{k}")
        return replace(self, growth=growth)

    def locate(self, key: str | None) -> str | None:
        """'line 7, growth.industry' for a key of the file (or the key alone when its line is unknown)."""
        if key is None:
            return None
        line = self.lines.get(key.split(",")[0].strip())
        return f"line {line}, {key}" if line else key


def fill_map(set_keys: Iterable[str], groups: Mapping[str, Iterable[str]] = GROUPS) -> dict[str, str]:
    """Unset leaf -> the set group whose remainder it takes: the smallest set group holding it (the
    order `scenarios.groups.build_structure` fills groups in)."""
    set_keys = tuple(set_keys)
    groups = {g: tuple(m) for g, m in groups.items()}
    out: dict[str, str] = {}
    for g in sorted((k for k in set_keys if k in groups), key=lambda g: (len(groups[g]), g)):
        for m in groups[g]:
            if m not in set_keys and m not in out:
                out[m] = g
    return out


def suggest(key: str, valid: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for a close valid key, else '; valid keys: ...' (`_suggestion`'s English)."""
    return str(_suggestion(key, valid))


def _suggestion(key: str, valid: Iterable[str]) -> Message:
    """`suggest` as a Message (the app writes it in its language)."""
    valid = list(valid)
    close = difflib.get_close_matches(key, valid, n=1, cutoff=0.5)
    return Message("did_you_mean", {"name": close[0]}) if close else Message("valid_keys", {"keys": valid})


def _finite(x: Any) -> bool:
    return not isinstance(x, bool) and isinstance(x, (int, float)) and math.isfinite(x)


def _out_of_limits(value: float, location: str, limits: tuple[float, float] = GROWTH_LIMITS) -> ScenarioError:
    return ScenarioError(Message("out_of_limits", {"value": value, "lo": limits[0], "hi": limits[1]}),
                         location=location)


def known_year_problem(quarter: pd.Period, year: int) -> Message | None:
    """Why a known quarter cannot be used in a scenario of `year` (None when it can): today only the
    scenario year's own quarters (the one check of the year, for files and the app)."""
    if quarter.year != year:
        return Message("known_year", {"quarter": P.to_str(quarter), "year": year})
    return None


def _check_known(sc: Scenario) -> None:
    """Known quarters: numbered 1-4; totals and sectors finite and inside QUARTER_LIMITS; sectors are
    leaf sectors; not every sector and the total together."""
    y = sc.year
    for q in set(sc.known) | set(sc.known_sectors):
        if isinstance(q, bool) or q not in (1, 2, 3, 4):
            raise ScenarioError(Message("known_quarter", {"value": q}), location="known")
    for q, v in sc.known.items():
        if not _finite(v):
            raise ScenarioError(Message("known_not_number", {"value": v}), location=f"known.{y}Q{q}")
        if not within_quarter_limits(v):
            raise _out_of_limits(v, f"known.{y}Q{q}", QUARTER_LIMITS)
    for q, sectors in sc.known_sectors.items():
        where = f"known.{y}Q{q}"
        if not isinstance(sectors, Mapping) or not sectors:
            raise ScenarioError(Message("known_table_empty", {"quarter": f"{y}Q{q}"}), location=where)
        for s, v in sectors.items():
            if s not in LEAVES:
                raise ScenarioError(Message("known_sector", {"name": s, "quarter": f"{y}Q{q}",
                                                             "hint": _suggestion(s, ("total",) + tuple(LEAVES))}),
                                    location=f"{where}.{s}")
            if not _finite(v):
                raise ScenarioError(Message("known_not_number", {"value": v}), location=f"{where}.{s}")
            if not within_quarter_limits(v):
                raise _out_of_limits(v, f"{where}.{s}", QUARTER_LIMITS)
        if q in sc.known and len(sectors) == len(LEAVES):
            raise ScenarioError(Message("known_overdetermined", {"quarter": f"{y}Q{q}"}), location=f"{where}.total")


def validate(sc: Scenario, groups: Mapping[str, Iterable[str]] = GROUPS) -> Scenario:
    """`sc` if it can be run, else ScenarioError with the key it is about as `location` (e.g.
    "scenario.year", "growth.industry"). The one check behind scenario files (`scenarios.files.parse`)
    and the app (`dashboards.state.ScenarioState.scenario`): year in YEAR_RANGE; target, assumptions,
    and bounds finite and inside `scenarios.limits.GROWTH_LIMITS`, known quarters inside `QUARTER_LIMITS`
    (`_check_known`); known sectors;
    assumptions in order (low <= high); quarters 1-4; bounds low <= high; a vintage that is a real
    date; and no set group whose members are all set too."""
    y = sc.year
    if isinstance(y, bool) or not isinstance(y, int) or not YEAR_RANGE[0] <= y <= YEAR_RANGE[1]:
        raise ScenarioError(Message("year_invalid", {"value": y}), location="scenario.year")
    if not _finite(sc.target):
        raise ScenarioError(Message("target_invalid", {"value": sc.target}), location="scenario.target")
    if not within_growth_limits(sc.target):
        raise _out_of_limits(sc.target, "scenario.target")
    if not isinstance(sc.name, str):
        raise ScenarioError(f"name must be text, got {sc.name!r}", location="scenario.name")
    if not isinstance(sc.independent, bool):
        raise ScenarioError(f"independent must be true or false, got {sc.independent!r}",
                            location="scenario.independent")
    if sc.vintage is not None and not (isinstance(sc.vintage, str) and P.is_date(sc.vintage)):
        raise ScenarioError(f"vintage must be a release date \"YYYY-MM-DD\", got {sc.vintage!r}",
                            location="scenario.vintage")
    s = sc.seed
    if s is not None and (isinstance(s, bool) or not isinstance(s, int) or s < 0):
        raise ScenarioError(f"seed must be a whole number >= 0, got {s!r}", location="scenario.seed")
    for k, a in sc.growth.items():
        if k not in KEYS:
            raise ScenarioError(f"unknown sector or group {k!r}{suggest(k, KEYS)}", location=f"growth.{k}")
        check_assumption(a, f"growth.{k}")
    _check_known(sc)
    for k, b in sc.bounds.items():
        if k not in KEYS:
            raise ScenarioError(f"unknown sector or group {k!r}{suggest(k, KEYS)}", location=f"bounds.{k}")
        if not (isinstance(b, tuple) and len(b) == 2 and all(_finite(x) for x in b)):
            raise ScenarioError(f"bounds are [low, high] growth in %, got {b!r}", location=f"bounds.{k}")
        for x in b:
            if not within_growth_limits(x):
                raise _out_of_limits(x, f"bounds.{k}")
        if b[0] > b[1]:
            raise ScenarioError(Message("bounds_order", {"low": b[0], "high": b[1]}), location=f"bounds.{k}")
    check_groups(sc.set_keys(), groups)
    _check_plan(sc, groups)
    return sc


def _check_plan(sc: Scenario, groups: Mapping[str, Iterable[str]]) -> None:
    """`until` a year >= `year` and the plan at most MAX_PLAN_YEARS long; `target_average` (only with
    `until`) and each [years.YYYY] target finite and inside GROWTH_LIMITS; `icor` inside ICOR_LIMITS;
    each [years.YYYY] inside the chain (at most MAX_PLAN_YEARS before `year`, or inside the plan), its
    keys and assumptions checked like [growth]. Where the chain starts (the year after the store's
    last full year) is checked when it runs (`scenarios.chain`)."""
    u = sc.until
    if u is not None:
        if isinstance(u, bool) or not isinstance(u, int):
            raise ScenarioError(Message("until_invalid", {"value": u}), location="scenario.until")
        if u < sc.year:
            raise ScenarioError(Message("until_before_year", {"until": u, "year": sc.year}), location="scenario.until")
        if u - sc.year + 1 > MAX_PLAN_YEARS:
            raise ScenarioError(Message("plan_too_long", {"most": MAX_PLAN_YEARS, "year": sc.year, "until": u,
                                                          "years": u - sc.year + 1}), location="scenario.until")
    ta = sc.target_average
    if ta is not None:
        if u is None:
            raise ScenarioError(Message("target_average_needs_until"), location="scenario.target_average")
        if not _finite(ta):
            raise ScenarioError(Message("target_invalid", {"value": ta}), location="scenario.target_average")
        if not within_growth_limits(ta):
            raise _out_of_limits(ta, "scenario.target_average")
    if sc.icor is not None and not (_finite(sc.icor) and ICOR_LIMITS[0] <= sc.icor <= ICOR_LIMITS[1]):
        raise ScenarioError(Message("icor_invalid", {"lo": ICOR_LIMITS[0], "hi": ICOR_LIMITS[1], "value": sc.icor}),
                            location="scenario.icor")
    first, last = sc.year - MAX_PLAN_YEARS, sc.last_year
    for y, spec in sc.years.items():
        where = f"years.{y}"
        if isinstance(y, bool) or not isinstance(y, int):
            raise ScenarioError(Message("years_form", {"value": y}), location=where)
        if not first <= y <= last or (y == sc.year and u is None):
            raise ScenarioError(Message("year_outside_chain", {"year": y, "first": first,
                                                               "last": last if u is not None else sc.year - 1}),
                                location=where)
        if not isinstance(spec, YearSpec):
            raise ScenarioError(Message("years_form", {"value": spec}), location=where)
        if spec.target is not None:
            if not _finite(spec.target):
                raise ScenarioError(Message("target_invalid", {"value": spec.target}), location=f"{where}.target")
            if not within_growth_limits(spec.target):
                raise _out_of_limits(spec.target, f"{where}.target")
        for k, a in spec.growth.items():
            if k not in KEYS:
                raise ScenarioError(f"unknown sector or group {k!r}{suggest(k, KEYS)}", location=f"{where}.{k}")
            check_assumption(a, f"{where}.{k}")
        merged = sc.year_growth(y)
        try:
            check_groups(tuple(k for k, a in merged.items() if not isinstance(a, Baseline)), groups)
        except ImpossibleScenarioError as exc:
            raise ImpossibleScenarioError(exc.msg or exc.message, location=where) from None


def check_groups(set_keys: Iterable[str], groups: Mapping[str, Iterable[str]] = GROUPS) -> None:
    """ImpossibleScenarioError when a set group's members are all set too (by the user, or filled by a
    smaller set group inside it): its total would be fixed twice."""
    set_keys = tuple(set_keys)
    groups = {g: tuple(m) for g, m in groups.items()}
    determined = {k for k in set_keys if k not in groups}
    for g in sorted((k for k in set_keys if k in groups), key=lambda g: (len(groups[g]), g)):
        members = groups[g]
        if all(m in determined for m in members):
            raise ImpossibleScenarioError(Message("group_fixed_twice", {"group": g, "members": list(members)}),
                                          location=f"growth.{g}")
        determined.update(members)
