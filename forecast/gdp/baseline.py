"""The baseline users get: joint sector draws from the GDP model the real-time backtest chose for the
kind of origin (``forecast.gdp.models.CHOICE``: the factor model a year ahead, the pool of bridge and
factor in January-June, the bridge in July-December; docs/gdp_backtest.md says why).

`simulate` gives ``forecast.bridge.SectorDraws`` like the bridge and the factor model, conditioned on
typed quarters (`known`): the bridge conditions inside its roll-forward (``forecast.conditioning.condition``),
the factor model's Gaussian draws afterwards on their own covariance (``condition_joint``); the pool
is half of each. When the chosen model cannot be fitted on the data (the bridge before mid-2017),
the next in CHOICE's list is used. `sector_growth_draws` is the scenario engine's entry (cached on disk).
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from forecast import bridge as B
from forecast import periods as P
from forecast.conditioning import cache_part, condition_joint, normalise
from forecast.data.sectors import LEAVES
from forecast.errors import GrowthsimError

CACHE_KIND = "gdp_baseline"
CACHE_VERSION = "gdp-baseline-1"


def bucket_of(year: int, origin: pd.Period) -> str:
    """The backtest bucket whose evidence applies to a call of `year` at `origin`: an origin before
    October of the year before counts as a year ahead, one after the year as July-December."""
    from forecast.gdp.metrics import bucket

    if (origin.year, origin.month) < (year - 1, 10):
        return "prev_oct_dec"
    if origin.year > year:
        return "jul_dec"
    return bucket(year, origin)


def preferences(year: int, origin: pd.Period) -> tuple[str, ...]:
    """The models to try for `year` at `origin`, best first (``forecast.gdp.models.CHOICE``)."""
    from forecast.gdp.models import CHOICE

    return CHOICE[bucket_of(year, origin)]


def _seeds(seed: int | np.random.Generator) -> tuple:
    if isinstance(seed, np.random.Generator):
        a, b = seed.integers(0, 2**32, size=2)
        return int(a), int(b)
    return int(seed), int(seed) + 1


def _factor(year: int, n: int, seed, root, data: B.BridgeData, typed) -> B.SectorDraws:
    from forecast.gdp import factor as F

    d = F.simulate(year, n, seed, root=root, data=data)
    if not typed:
        return d
    beyond = [P.to_str(q) for q in typed if q > d.quarters[-1]]
    if beyond:
        raise GrowthsimError(f"known quarter {beyond[0]} is after {year}Q4, the last quarter simulated for {year}")
    levels = condition_joint(d.levels, d.quarters, d.published, typed, LEAVES)
    return B.SectorDraws(d.quarters, levels, d.published, d.origin, d.vintage)


def simulate_model(name: str, year: int, n: int, seed: int | np.random.Generator, root, data: B.BridgeData,
                   typed) -> B.SectorDraws:
    """Draws of one named model ('bridge', 'factor' or 'pool') on `data`, conditioned on `typed`."""
    if name == "bridge":
        return B.simulate(year, n, seed, root=root, data=data, known=typed)
    if name == "factor":
        return _factor(year, n, seed, root, data, typed)
    if name == "pool":
        s1, s2 = _seeds(seed)
        a = B.simulate(year, n // 2, s1, root=root, data=data, known=typed) if n >= 2 else None
        b = _factor(year, n - n // 2, s2, root, data, typed)
        if a is None:
            return b
        return B.SectorDraws(a.quarters, np.concatenate([a.levels, b.levels]), a.published, a.origin, a.vintage)
    raise GrowthsimError(f"unknown GDP model {name!r} (bridge, factor, pool)")


def simulate_chosen(year: int, n: int, seed: int | np.random.Generator, root=None,
                    data: B.BridgeData | None = None, known: Mapping | None = None,
                    origin: pd.Period | str | None = None) -> tuple[B.SectorDraws, str]:
    """(draws, model name): the first of `preferences` for `year` at the data's origin that can be
    fitted on the data, conditioned on `known`."""
    if n < 1:
        raise GrowthsimError(f"n must be at least 1, got {n}")
    data = data if data is not None else B.load_bridge_data(origin, root)
    typed = normalise(known, LEAVES)
    errors = []
    for name in preferences(int(year), data.origin):
        try:
            return simulate_model(name, int(year), int(n), seed, root, data, typed), name
        except GrowthsimError as exc:
            if "known quarter" in str(exc) or "no level can fall" in str(exc):
                raise
            errors.append(f"{name}: {exc}")
    raise GrowthsimError("no GDP model could be fitted on these data (" + "; ".join(errors) + ")")


def simulate(year: int, n: int, seed: int | np.random.Generator, root=None, origin: pd.Period | str | None = None,
             data: B.BridgeData | None = None, known: Mapping | None = None) -> B.SectorDraws:
    """Joint quarterly sector draws for `year` from the chosen model (see the module docstring): the
    first of `preferences` that can be fitted on the data."""
    return simulate_chosen(year, n, seed, root, data, known, origin)[0]


def model_used(year: int, origin: pd.Period | str | None = None, root=None) -> str:
    """The name of the model `simulate` would use first for `year` at `origin` (default: the data end)."""
    data = B.load_bridge_data(origin, root)
    return preferences(int(year), data.origin)[0]


def sector_growth_draws(year: int, n: int, seed: int | np.random.Generator, root=None,
                        origin: pd.Period | str | None = None, known: Mapping | None = None) -> pd.DataFrame:
    """Draws of each leaf sector's real growth in `year`, % (sum of quarters vs last year's), from the
    chosen model: one column per leaf sector, `n` joint rows; cached on disk for an integer seed
    (store fingerprint, origin, the models' settings, the known quarters)."""
    B.check_draw_request(year, n, origin)
    typed = normalise(known, LEAVES)
    data = B.load_bridge_data(origin, root)
    k = None
    if isinstance(seed, (int, np.integer)) and not isinstance(seed, bool):
        from forecast import cache
        from forecast.engine import SETTINGS
        from forecast.gdp import factor as F
        from forecast.gdp.models import CHOICE
        from forecast.models import candidates_signature

        k = cache.store_key(root, kind=CACHE_VERSION, year=int(year), n=int(n), seed=int(seed),
                            origin=P.to_str(data.origin), vintage=data.vintage, engine=SETTINGS,
                            candidates=candidates_signature(), indicators=B.INDICATORS, bridge=B.CACHE_VERSION,
                            factor=F.SETTINGS, choice=CHOICE, known=cache_part(typed))
        hit = cache.load_array(CACHE_KIND, k)
        if hit is not None and hit.shape == (int(n), len(LEAVES)):
            return pd.DataFrame(hit, columns=list(LEAVES))
    out = simulate(int(year), int(n), seed, root=root, data=data, known=typed).annual_growth_pct(int(year))
    if k is not None:
        cache.save_array(CACHE_KIND, k, out.to_numpy())
    return out
