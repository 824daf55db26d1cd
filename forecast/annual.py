"""A monthly series' whole-year outlook: the distribution of the year's growth (%) as the office will
publish it, and the probability of a growth or level target.

This is the one place where the annual answer is put together, so `growthsim forecast annual` and
the app's Indicators view give the same numbers: the engine's sample paths to December of the year
(``forecast.engine.forecast_paths``), the months already published fixed, summarised by
``forecast.summaries.annual_distribution``. For a store series with a published full-year rate (the
IIP and its sections) the gap between the level index's growth and that published rate is carried in:
one historical gap drawn per path (or, when the year is complete and published, its own known gap).
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from forecast import periods as P
from forecast.errors import GrowthsimError
from forecast.sample_paths import SamplePaths


def published_rate_gaps(series: str, origin: pd.Period | str, year: int, root=None) -> tuple[np.ndarray | None, float | None]:
    """Historical gaps (level growth − published full-year rate, pp) known at `origin`, and `year`'s own
    gap if already published. (None, None) for series without a published annual rate."""
    from forecast.data.api import catalog, load
    from forecast.data.sources.iip import annual_gap

    if f"{series}.annual_yoy" not in set(catalog(root)["id"]):
        return None, None
    gaps = annual_gap(load([series, f"{series}.annual_yoy"], as_of=origin, root=root))
    gaps = gaps[gaps["series"] == series]
    known = gaps.loc[gaps["year"] == year, "gap_pp"]
    hist = gaps.loc[gaps["year"] < year, "gap_pp"].to_numpy(dtype=float)
    return (hist if len(hist) else None), (float(known.iloc[0]) if len(known) else None)


@dataclass(frozen=True)
class AnnualOutlook:
    """The paths that reach December of `year` and the published-rate gap to carry in (pp)."""

    paths: SamplePaths
    year: int
    gaps_pp: np.ndarray | None
    known_gap_pp: float | None
    seed: int
    kind: str | None = None        # 'index' / 'flow' of a user's series (None: the store's conventions)

    @property
    def aggregation(self) -> str:
        """'mean' (index) or 'sum' (flow): how the year's level is made from its months."""
        from forecast.summaries import aggregation

        return aggregation(self.paths.series, self.paths.unit, self.kind)

    def growth_draws(self) -> np.ndarray:
        """Per path, the year's growth in % as it will be published (gap carried in)."""
        from forecast.summaries import growth_draws

        return growth_draws(self.paths, self.year, gaps_pp=self.gaps_pp, known_gap_pp=self.known_gap_pp,
                            seed=self.seed)[0]

    def summary(self, *, target_pct: float | None = None, target_level: float | None = None,
                target_range: tuple[float, float] | None = None) -> dict:
        """What ``forecast annual`` prints as JSON: growth and level percentiles, P(target)."""
        from forecast.summaries import annual_distribution

        return annual_distribution(self.paths, self.year, target_pct=target_pct, target_level=target_level,
                                   target_range=target_range, gaps_pp=self.gaps_pp,
                                   known_gap_pp=self.known_gap_pp, agg=self.aggregation, seed=self.seed)


def annual_outlook(series: str, year: int, *, origin: pd.Period | str | None = None, n_paths: int = 2000, seed: int = 0,
                   root=None, y: pd.Series | None = None, data_vintage: str | None = None,
                   use_cache: bool = True) -> AnnualOutlook:
    """Paths of `series` (a store series, or the user's own `y`) to December of `year`, from data up to
    `origin` (a month, Period or 'YYYY-MM'; default the last month), with the IIP's published-rate gap
    where it applies. A user's `y` may say its unit and kind in ``y.attrs`` ('unit', 'kind': 'index' or
    'flow', as `forecast.input_csv` and the app's series library set them): the kind then decides
    whether the year's level is the mean or the total of its months."""
    from forecast.engine import MAX_HORIZON, forecast_paths, load_level_series

    if y is None:
        hist, _, _ = load_level_series(series, origin, root)
    else:
        hist = y if origin is None else y[P.to_index(y.index) <= P.month(origin, "origin")]
    last = P.month(origin if origin is not None else hist.index[-1], "origin")
    if year - 1 < P.month(hist.index[0]).year:
        raise GrowthsimError(f"{series}: year {year} needs the whole of {year - 1}, but the data start in "
                             f"{hist.index[0]}")
    need = P.months_between(last, P.last_month(year))  # ≤ 0: the year is published
    if need > MAX_HORIZON:
        raise GrowthsimError(f"{series}: year {year} is {need} months after the origin {last}; at most "
                             f"{MAX_HORIZON} can be forecast")
    sp = forecast_paths(series, origin=origin, horizon=max(need, 1), n_paths=n_paths, seed=seed, root=root, y=y,
                        data_vintage=data_vintage, use_cache=use_cache)
    gaps, known = (None, None) if y is not None else published_rate_gaps(series, sp.origin, year, root)
    if need > 0:
        known = None  # the year is not complete: its own gap is not known yet
    attrs = y.attrs if y is not None else {}
    if attrs.get("unit") and sp.unit != attrs["unit"]:
        sp = replace(sp, unit=str(attrs["unit"]))
    return AnnualOutlook(sp, int(year), gaps, known, int(seed), kind=attrs.get("kind"))


def annual_result(series: str, year: int, *, origin: pd.Period | str | None = None, target_pct: float | None = None,
                  target_level: float | None = None, target_range: tuple[float, float] | None = None,
                  n_paths: int = 2000, seed: int = 0, root=None, y: pd.Series | None = None,
                  data_vintage: str | None = None, use_cache: bool = True) -> dict:
    """The annual distribution of one series and the probability of its target (see `annual_outlook`)."""
    outlook = annual_outlook(series, year, origin=origin, n_paths=n_paths, seed=seed, root=root, y=y,
                             data_vintage=data_vintage, use_cache=use_cache)
    return outlook.summary(target_pct=target_pct, target_level=target_level, target_range=target_range)
