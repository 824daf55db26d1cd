"""The models of the annual GDP call, by name: each gives draws of year Y's GDP growth (%) from
what was published by the end of an origin month (`forecast.gdp.realtime.Published`).

* ``bridge``: `forecast.bridge.simulate` on the real-time data (its indicator forecasts refitted
  by the engine on the indicator history known at the origin);
* ``factor``: `forecast.gdp.factor.simulate`, same signature as the bridge, when that module exists;
* ``factor_activity``: the factor model with the newer monthly families as well
  (`forecast.gdp.factor.ACTIVITY_INDICATORS`, read as published by the origin): is what they add
  worth keeping?
* ``pool``: the bridge's and the factor model's draws pooled half and half (an equal-weight linear
  opinion pool: its mean is the average of the two calls, its spread covers both);
* ``naive``: the growth of the last four published quarters against the same four a year earlier
  (one value, no interval);
* ``institutions``: at the origin, the average of each institution's latest forecast of Y published
  by then (IMF, World Bank, ADB, AMRO; ``../shared/data/institutions/``): a yardstick, never an
  input to any model; no interval.

``growthsim`` is the call users get (and the scenarios' baseline, `forecast.gdp.baseline`): per
bucket of origins the first model in `CHOICE` that can be fitted at the origin. CHOICE was made from
this backtest's evidence (2015-2024 without 2020-21, against the first estimate: the lowest MAE per
bucket; docs/gdp_backtest.md): a model choice on the same years it is scored on, said where the
metrics are shown.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from forecast import periods as P
from forecast.gdp.realtime import Published
from forecast.errors import GrowthsimError

#: Models of the ``growthsim`` call per bucket of origins (see `forecast.gdp.metrics.bucket`), best
#: first; the next is used where the first cannot be fitted (the bridge before mid-2017).
CHOICE: dict[str, tuple[str, ...]] = {"prev_oct_dec": ("factor", "bridge"), "jan_jun": ("pool", "factor"),
                                      "jul_dec": ("bridge", "factor")}
INSTITUTIONS_FILE = Path(__file__).resolve().parents[3] / "shared" / "data" / "institutions" / \
    "vn_gdp_forecasts_2015_2024.csv"

# (pub, year, n, seed, root) -> draws of annual GDP growth, % (shape (n,), or (1,) for a point call)
Model = Callable[[Published, int, int, int, object], np.ndarray]


def _engine_provider(pub: Published):
    """Indicator paths from the engine, fitted on the indicator history as known at the origin."""
    from forecast.engine import forecast_paths

    def provide(series, origin, horizon, n_paths, seed, root):
        return forecast_paths(series, origin=origin, horizon=horizon, n_paths=n_paths, seed=seed, root=root,
                              y=pub.data.monthly[series])
    return provide


def _total_growth(draws, year: int) -> np.ndarray:
    """Annual GDP growth (%) per draw of a ``forecast.bridge.SectorDraws``."""
    tot = draws.levels.sum(axis=2)
    cur = [draws.quarters.get_loc(P.quarter(f"{year}Q{i}")) for i in range(1, 5)]
    prev = [draws.quarters.get_loc(P.quarter(f"{year - 1}Q{i}")) for i in range(1, 5)]
    return (tot[:, cur].sum(axis=1) / tot[:, prev].sum(axis=1) - 1) * 100


def bridge(pub: Published, year: int, n: int, seed: int, root=None) -> np.ndarray:
    from forecast import bridge as B

    d = B.simulate(year, n, seed, root=root, origin=pub.origin, provider=_engine_provider(pub), data=pub.data)
    return _total_growth(d, year)


def naive(pub: Published, year: int, n: int, seed: int, root=None) -> np.ndarray:
    tot = pub.data.gdp.sum(axis=1)
    last = tot.index[-1]
    four = [last - i for i in range(4)]
    return np.array([(tot[four].sum() / tot[[q - 4 for q in four]].sum() - 1) * 100])


@lru_cache(maxsize=4)
def _institutions_table(path: str) -> pd.DataFrame:
    t = pd.read_csv(path, dtype={"published": str})
    for c in ("institution", "published", "target_year", "gdp_growth_pct"):
        if c not in t.columns:
            raise GrowthsimError(f"column {c!r} missing", source=path)
    return t


def institutions(pub: Published, year: int, n: int, seed: int, root=None,
                 path: str | Path | None = None) -> np.ndarray:
    """Average (%) over institutions of each one's latest forecast of `year` published by the origin
    month; empty when none had published one."""
    t = _institutions_table(str(path or INSTITUTIONS_FILE))
    t = t[(t["target_year"] == year) & (t["published"] <= P.to_str(pub.origin))]
    if t.empty:
        return np.array([])
    latest = t.sort_values("published", kind="mergesort").groupby("institution").tail(1)
    return np.array([float(latest["gdp_growth_pct"].mean())])


def factor_model() -> Model | None:
    """``forecast.gdp.factor.simulate`` as a model, if that module is there."""
    try:
        mod = importlib.import_module("forecast.gdp.factor")
    except ModuleNotFoundError as exc:
        if exc.name != "forecast.gdp.factor":
            raise
        return None

    def factor(pub: Published, year: int, n: int, seed: int, root=None) -> np.ndarray:
        return _total_growth(mod.simulate(year, n, seed, root=root, origin=pub.origin, data=pub.data), year)
    return factor


def factor_activity(pub: Published, year: int, n: int, seed: int, root=None) -> np.ndarray:
    """The factor model on its indicators and the newer monthly families, as published by the origin."""
    from forecast.gdp import factor as F
    from forecast.gdp.realtime import with_indicators

    data = with_indicators(pub, F.ACTIVITY_INDICATORS, root)
    draws = F.simulate(year, n, seed, root=root, origin=pub.origin, data=data,
                       indicators=F.INDICATORS + F.ACTIVITY_INDICATORS)
    return _total_growth(draws, year)


def pooled(first: Model, second: Model) -> Model:
    """A model whose draws are `first`'s and `second`'s, half each (n // 2 and n - n // 2)."""
    def pool(pub: Published, year: int, n: int, seed: int, root=None) -> np.ndarray:
        a = first(pub, year, n // 2, seed, root)
        b = second(pub, year, n - n // 2, seed + 1, root)
        return np.concatenate([a, b]) if len(a) and len(b) else np.array([])
    return pool


def registry() -> dict[str, Model]:
    """Every model available here, by name (``growthsim`` is made from these by `CHOICE`)."""
    out: dict[str, Model] = {"bridge": bridge}
    f = factor_model()
    if f is not None:
        out["factor"] = f
        out["factor_activity"] = factor_activity
        out["pool"] = pooled(bridge, f)
    out["naive"] = naive
    if INSTITUTIONS_FILE.exists():
        out["institutions"] = institutions
    return out


POINT_MODELS = frozenset({"naive", "institutions"})   # one value per call: no interval
