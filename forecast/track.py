"""Tracking a monthly series against its annual target during the year: what the months still to come
need, and how likely that is.

One method, for flows (exports, retail: the year's total) and for the IIP (the year's mean index):

* **Year to date** through month ``through`` (k months of the year): the office's published
  year-to-date rate where the store has one (``<series>.ytd_yoy``: the IIP, its sections, retail;
  ``ytd_source = "published"``), else January..through against the same months a year earlier on the
  stored levels (``"levels"``), or a figure the user types (``"typed"``, e.g. "11 months +8.4%").
* **The remaining months' need**: the one growth rate R (%, on the same months a year earlier) that the
  months after ``through`` must have, together, for the year to reach the target:

      (1 + T) · L = (1 + ytd) · L[1..k] + (1 + R) · L[k+1..12]

  with L the monthly levels of the year before (the total for flows; for the IIP the same sums are
  the mean index of the months times their number, so the weights are last year's monthly index, as
  the office's mean-of-the-year rule implies). It is `forecast.remaining.remaining_growth_pct` on
  two periods (the months published, the months to come). The IIP's published full-year rate differs
  from its level index's growth by a small gap (`forecast.annual`); tracking does not net it out: the
  target applies to this arithmetic.
* **Where the need falls**: the engine's sample paths of the remaining months (`forecast.annual.
  annual_outlook`, from data up to the origin) give their growth on the same months a year earlier per
  path; ``required_percentile`` is the share of paths (0-100) below the need. The year's growth per
  path is the year to date (as above) combined with the path's remaining months, so
  P(target) = 1 - required_percentile / 100 (ties aside) and the two figures never disagree.

`growthsim forecast track` and the app's Indicators view both call `track_outlook`.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from forecast import periods as P
from forecast.annual import AnnualOutlook, annual_outlook
from forecast.errors import GrowthsimError
from forecast.remaining import remaining_growth_pct
from forecast.summaries import distribution, year_values

YTD_SOURCES = ("published", "levels", "typed")
#: A level target whose implied growth on last year is outside this range (%) is probably a value of the
#: wrong magnitude (a thousand times off, or "90,500" read as 90): a warning, the result still given.
PLAUSIBLE_LEVEL_GROWTH = (-50.0, 100.0)
#: A typed year-to-date rate that differs from the store's published one by more than this (pp) is a
#: different figure, not a rounding of it (the office publishes one decimal).
YTD_ROUNDING_PP = 0.05


def typed_rounding_pp(text: str) -> float:
    """Half a unit of a typed figure's last digit (pp), the rounding it stands for: '8.4' -> 0.05,
    '8,36' -> 0.005, '8' -> 0.5."""
    digits = str(text).strip().rstrip("%").strip()
    sep = max(digits.rfind("."), digits.rfind(","))
    decimals = len(digits) - sep - 1 if sep >= 0 else 0
    return 0.5 * 10.0 ** -decimals


@dataclass(frozen=True)
class Tracking:
    """A tracking result: the JSON object of `growthsim forecast track` and the warnings (English text,
    each naming its flag) to show beside it."""

    result: dict
    warnings: tuple[str, ...] = ()


def published_ytd_id(series: str, root=None) -> str | None:
    """The store's published year-to-date rate of `series` (``<series>.ytd_yoy``; for a break-adjusted
    ``X.adjusted``, the published rate of ``X``), or None when the store has none."""
    from forecast.data.api import catalog

    ids = set(catalog(root)["id"])
    stem = series[: -len(".adjusted")] if series.endswith(".adjusted") else series
    pid = f"{stem}.ytd_yoy"
    return pid if pid in ids else None


def published_ytd(series: str, root=None) -> pd.Series | None:
    """The published year-to-date rate of `series` (%) on a monthly PeriodIndex (newest vintage), or None."""
    from forecast.data.api import load
    from forecast.data.frame import as_series

    pid = published_ytd_id(series, root)
    return None if pid is None else as_series(load(pid, root=root))


def required_remaining_pct(prev_levels: np.ndarray, months_published: int, ytd_pct: float,
                           target_pct: float) -> float:
    """Growth % (on the same months a year earlier) the months after the first `months_published` need,
    together, for the year to grow by `target_pct`, given `ytd_pct` for the months published.
    `prev_levels`: last year's 12 monthly levels (the weights). NaN when the year is complete."""
    k = int(months_published)
    if k >= 12:
        return float("nan")
    return remaining_growth_pct([prev_levels[:k].sum(), prev_levels[k:].sum()], [ytd_pct, np.nan], target_pct)


def need_warnings(need_pct: float, remaining: int) -> list[str]:
    """Warnings for a need of the remaining months that cannot be (≤ -100%: levels at or below zero; the
    months published already pass the target) or is implausible (outside PLAUSIBLE_LEVEL_GROWTH)."""
    if not remaining or not np.isfinite(need_pct):
        return []
    lo, hi = PLAUSIBLE_LEVEL_GROWTH
    if need_pct <= -100:
        return [f"impossible need: the remaining {remaining} months would need {need_pct:+.1f}% (levels below "
                f"zero); the months published already pass the target: is the target right?"]
    if not lo <= need_pct <= hi:
        return [f"implausible need: the remaining {remaining} months would need {need_pct:+.1f}%, outside "
                f"{lo:+.0f}..{hi:+.0f}%: is the target right?"]
    return []


def _through(outlook: AnnualOutlook, through: pd.Period | str | None) -> pd.Period:
    year = outlook.year
    if through is None:
        return min(outlook.paths.origin, P.last_month(year))
    t = P.month(through, "--through")
    if t.year != year:
        raise GrowthsimError(f"--through {t} is not in --year {year}")
    return t


def level_target_growth(prev_levels: np.ndarray, agg: str, level: float) -> tuple[float, float]:
    """(last year's level: the mean of `prev_levels`' 12 months for an index (`agg` 'mean') or their total
    for a flow, in the series' unit; the growth % a year's `level` means on it)."""
    base = float(np.mean(prev_levels) if agg == "mean" else np.sum(prev_levels))
    return base, 100 * (float(level) / base - 1)


def _target_growth(prev: np.ndarray, agg: str, unit: str, year: int, target_pct, target_range,
                   target_level) -> tuple[dict, float, tuple[float, float] | None, list[str]]:
    """(target object, growth % that reaching it means, range or None, warnings)."""
    if sum(x is not None for x in (target_pct, target_range, target_level)) != 1:
        raise GrowthsimError("give one target: --target PCT, --target LOW-HIGH or --target-level VALUE")
    if target_range is not None:
        lo, hi = sorted(float(v) for v in target_range)
        return {"kind": "growth_pct_range", "low": lo, "high": hi}, lo, (lo, hi), []
    if target_pct is not None:
        return {"kind": "growth_pct", "value": float(target_pct)}, float(target_pct), None, []
    base, implied = level_target_growth(prev, agg, float(target_level))
    warnings = []
    lo, hi = PLAUSIBLE_LEVEL_GROWTH
    if not lo <= implied <= hi:
        what = "mean index" if agg == "mean" else "total"
        warnings.append(f"--target-level {target_level:,.6g} implies {implied:+.1f}% on {year - 1}'s {what} "
                        f"({base:,.6g} {unit}), outside {lo:+.0f}..{hi:+.0f}%: is its magnitude right?")
    return ({"kind": "level", "value": float(target_level), "unit": unit, "last_year_level": base,
             "implied_growth_pct": implied}, implied, None, warnings)


def track_outlook(outlook: AnnualOutlook, *, target_pct: float | None = None,
                  target_range: tuple[float, float] | None = None, target_level: float | None = None,
                  ytd_pct: float | None = None, through: pd.Period | str | None = None,
                  published: pd.Series | None = None, ytd_tolerance_pp: float = YTD_ROUNDING_PP,
                  use_published: bool = True) -> Tracking:
    """Track `outlook`'s series (paths to December of its year) against one target.

    `through` (a month of the year): the last month of the year to date; default the origin (or December
    when the origin is later). `ytd_pct`: a typed year-to-date growth % through `through` (used as
    given; a warning when it differs from the `published` rate of that month by more than
    `ytd_tolerance_pp`). `published`: the published year-to-date rates (% on a monthly PeriodIndex;
    see `published_ytd`), used as the year to date when `ytd_pct` is not given and `use_published`.
    Targets as `forecast.summaries.annual_distribution`: growth %, a (low, high) range, or a level in
    the series' unit (the year's total, or mean index for the IIP).
    """
    sp, year = outlook.paths, outlook.year
    missing = [m for m in P.year_months(year - 1) if m not in sp.history.index]
    if missing:
        raise GrowthsimError(f"--year {year}: tracking needs every month of {year - 1} published "
                             f"({sp.series}: missing {missing[0]})")
    t = _through(outlook, through)
    if t.year < year:
        raise GrowthsimError(f"--year {year}: no month of {year} of {sp.series} is published by {t}; "
                             f"'growthsim forecast annual' gives the outlook of a year not yet begun")
    k = t.month
    if ytd_pct is None and t > sp.origin:
        raise GrowthsimError(f"--through {t} is after the last month of {sp.series} ({sp.origin}): give --ytd")
    cur, prev_all = year_values(sp, year)
    prev = prev_all[0]
    agg = outlook.aggregation
    target, goal, rng, warnings = _target_growth(prev, agg, sp.unit, year, target_pct, target_range, target_level)
    pub = None if published is None else published.get(t)
    if ytd_pct is not None:
        ytd, source = float(ytd_pct), "typed"
        if pub is not None and abs(ytd - float(pub)) > ytd_tolerance_pp + 1e-9:
            warnings.append(f"--ytd {ytd:g}% differs from the published year to date of {sp.series} through {t} "
                            f"({float(pub):.2f}%); the typed {ytd:g}% is used")
    elif pub is not None and use_published:
        ytd, source = float(pub), "published"
    else:
        ytd, source = float(100 * (cur[0, :k].sum() / prev[:k].sum() - 1)), "levels"
    known_prev, rest_prev = prev[:k].sum(), prev[k:].sum()
    rest = cur[:, k:].sum(axis=1)
    year_growth = 100 * (((1 + ytd / 100) * known_prev + rest) / prev.sum() - 1)
    rest_growth = 100 * (rest / rest_prev - 1) if k < 12 else np.full(sp.n_paths, np.nan)
    level = (1 + year_growth / 100) * (prev.mean() if agg == "mean" else prev.sum())
    need = required_remaining_pct(prev, k, ytd, goal)
    if not warnings:           # a target of the wrong magnitude explains its need: one warning, not two
        warnings += need_warnings(need, 12 - k)
    out = {
        "series": sp.series, "year": int(year), "origin": P.to_str(sp.origin), "data_vintage": sp.data_vintage,
        "model": sp.model, "unit": sp.unit, "months_published": int(k), "aggregation": agg,
        "n_paths": int(sp.n_paths), "target": target,
        "growth": distribution(year_growth), "level": distribution(level),
        "probability_reach": float(np.mean(year_growth >= goal)),
    }
    if rng is not None:
        out["probability_in_range"] = float(np.mean((year_growth >= rng[0]) & (year_growth <= rng[1])))
    out |= {"through": P.to_str(t), "ytd_growth_pct": ytd, "ytd_source": source, "remaining_months": 12 - k,
            "required_remaining_pct": need}
    if rng is not None:
        out["required_remaining_pct_low"] = need
        out["required_remaining_pct_high"] = required_remaining_pct(prev, k, ytd, rng[1])
    out["required_percentile"] = float(100 * np.mean(rest_growth < need)) if k < 12 else float("nan")
    return Tracking(out, tuple(warnings))


def track(series: str, year: int, *, target_pct: float | None = None,
          target_range: tuple[float, float] | None = None, target_level: float | None = None,
          origin: pd.Period | str | None = None, ytd_pct: float | None = None, through: pd.Period | str | None = None,
          ytd_tolerance_pp: float = YTD_ROUNDING_PP, use_published: bool = True, n_paths: int = 2000,
          seed: int = 0, root=None, y: pd.Series | None = None, data_vintage: str | None = None,
          use_cache: bool = True) -> Tracking:
    """Track `series` (a store series, or the user's own levels `y`) in `year` (see `track_outlook`).

    The forecast origin is `origin`, or `through` when given (`through` sets it; both together is an
    error), capped at the series' last month: a typed year to date may reach past the data, and then
    the paths from the last month give the months after `through`.
    """
    if through is not None and origin is not None:
        raise GrowthsimError("--origin and --through together: --through sets the origin; give one of them")
    if ytd_pct is not None and through is None:
        raise GrowthsimError("--ytd needs --through YYYY-MM: the last month of the typed year to date")
    fc_origin = origin
    if through is not None:
        t = P.month(through, "--through")
        if t.year != int(year):
            raise GrowthsimError(f"--through {t} is not in --year {year}")
        fc_origin = min(t, _last_month(series, root, y))
    outlook = annual_outlook(series, int(year), origin=fc_origin, n_paths=n_paths, seed=seed, root=root, y=y,
                             data_vintage=data_vintage, use_cache=use_cache)
    pub = published_ytd(series, root) if y is None else None
    return track_outlook(outlook, target_pct=target_pct, target_range=target_range, target_level=target_level,
                         ytd_pct=ytd_pct, through=through, published=pub, ytd_tolerance_pp=ytd_tolerance_pp,
                         use_published=use_published)


def _last_month(series: str, root, y: pd.Series | None) -> pd.Period:
    if y is not None:
        return P.month(y.index[-1])
    from forecast.engine import load_level_series

    return P.month(load_level_series(series, None, root)[0].index[-1])
