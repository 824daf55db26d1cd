"""The baseline for sectors a scenario leaves unset: joint draws of annual real growth per leaf sector.

It comes from the forecast engine (`forecast.gdp.baseline.sector_growth_draws`: the GDP model the
real-time backtest chose for the kind of origin), conditioned on the
scenario's known quarters (`known`: the totals and sectors of `[known]`). When the engine is not
available, fails on the data, or the scenario asks for an older data vintage (the engine takes none),
the fallback is each sector's mean growth of the last three years with the historical covariance of
annual growth (multivariate normal), labelled with which of these cases it is in every result. The
fallback knows no quarters: it cannot condition on them (the runner says so in the warnings).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from scenarios.basedata import BASELINE_YEARS, base_data
from forecast.cache import Memo, memoize
from forecast.errors import GrowthsimError

from scenarios.errors import ScenarioError

FALLBACK_LABEL = f"{BASELINE_YEARS}-year average (forecast engine not available)"   # not installed or switched off
FAILED_LABEL = f"{BASELINE_YEARS}-year average (the forecast engine failed on this data; see the note)"
# Why the engine failed for (year, root, known quarters), per store content: the same data fail the same way, so a
# slider move does not retry; after an import the engine is tried again.
_ENGINE_FAILURES = Memo(maxsize=32, name="engine failures")


@cache
def _engine():
    """The engine's `sector_growth_draws`, or None while it does not exist."""
    try:
        from forecast.gdp.baseline import sector_growth_draws
    except ImportError:
        return None
    return sector_growth_draws


KnownKey = tuple[tuple[int, float | None, tuple[tuple[str, float], ...]], ...]
"""Known quarters as a hashable key: ((quarter number, total % or None, ((sector, %), ...)), ...)."""


def known_key(known: dict[int, float], known_sectors: dict[int, dict[str, float]]) -> KnownKey:
    """A scenario's `known` and `known_sectors` as one sorted, hashable key (the memo's and the engine's)."""
    return tuple((q, None if q not in known else float(known[q]),
                  tuple(sorted((s, float(v)) for s, v in known_sectors.get(q, {}).items())))
                 for q in sorted(set(known) | set(known_sectors)))


def _engine_known(year: int, known: KnownKey) -> dict:
    """The engine's form of the known quarters: {'YYYYQn': forecast.conditioning.KnownQuarter}."""
    from forecast.conditioning import KnownQuarter

    return {f"{year}Q{q}": KnownQuarter(total, sectors) for q, total, sectors in known}


def baseline_draws(year: int, n: int, rng: np.random.Generator | int, root=None, *, vintage: str | None = None,
                   sectors: Sequence[str] | None = None, known: KnownKey = ()) -> tuple[pd.DataFrame, str]:
    """n joint draws of annual growth % per leaf sector for `year`, and a label saying where they come from.

    `rng` a Generator or an integer seed (an integer lets the engine cache its draws). `sectors`
    restricts the columns. The engine takes no vintage: a scenario on an older vintage uses the
    fallback computed from that vintage's data. `known` (`known_key`) conditions the engine's draws.
    """
    values, cols, label, _ = baseline_values(year, n, rng, root, vintage=vintage, sectors=sectors, known=known)
    return pd.DataFrame(values, columns=cols), label


def baseline_values(year: int, n: int, rng: np.random.Generator | int, root=None, *, vintage: str | None = None,
                    sectors: Sequence[str] | None = None, use_engine: bool = True,
                    known: KnownKey = ()) -> tuple[np.ndarray, list[str], str, str | None]:
    """(draws (n, k), columns, label, note): `note` says why the engine was not used when it failed."""
    base = base_data(year, None if root is None else str(root), vintage)
    cols = list(sectors) if sectors is not None else list(base.leaves)
    if not cols:
        return np.zeros((n, 0)), cols, "none (every sector set)", None
    engine = _engine() if use_engine else None
    note = None
    failed = (year, None if root is None else str(root), known)
    known_failure = _ENGINE_FAILURES.get(failed, root) if engine is not None and vintage is None else None
    if known_failure is not None:
        note = known_failure
    elif engine is not None and vintage is None:
        try:
            draws = engine(year, n, rng, root=root, known=_engine_known(year, known))
        except GrowthsimError as exc:
            note = f"the forecast engine could not give a {year} baseline ({exc}); using the {BASELINE_YEARS}-year average"
            _ENGINE_FAILURES.put(failed, note, root)
        else:
            missing = [c for c in cols if c not in draws.columns]
            if missing or len(draws) != n:
                raise ScenarioError(f"the forecast engine's baseline for {year} lacks "
                                    f"{', '.join(missing) or 'rows'}: expected {n} draws of {', '.join(cols)}")
            return draws[cols].to_numpy(dtype=float), cols, "forecast engine", None
    rng = np.random.default_rng(rng)
    mu, cov = base.fallback_baseline()
    idx = [base.leaves.index(c) for c in cols]
    mu, cov = mu[idx], cov[np.ix_(idx, idx)]
    chol = np.linalg.cholesky(cov)
    z = rng.standard_normal((n, len(cols)))
    if n > 1:
        z -= z.mean(axis=0)   # centred sample: the draws' mean is exactly the 3-year average
    if vintage is None or _engine() is None:
        label = (FAILED_LABEL if note else FALLBACK_LABEL) if vintage is None else \
            f"{FALLBACK_LABEL[:-1]}; data vintage {vintage})"
    else:
        label = f"{BASELINE_YEARS}-year average (the forecast engine takes no vintage; data vintage {vintage})"
    return z @ chol.T + mu, cols, label, note


def baseline_call(year: int, known: dict[int, float], known_sectors: dict[int, dict[str, float]], root=None):
    """The engine's baseline call of `year`'s GDP growth (``forecast.gdp.call.gdp_call``: annual call,
    quarters, what changed since the month before the data's last) conditioned on a scenario's known
    quarters; the same function as ``growthsim gdp call``. GrowthsimError when the engine cannot run."""
    from forecast.gdp.call import gdp_call

    return gdp_call(year, known=_engine_known(year, known_key(known, known_sectors)), root=root)


@dataclass(frozen=True, eq=False)
class BaselineSample:
    """Baseline draws (n, k) of the `drawn` sectors (read-only) with their means and standard deviations,
    and the central growth % of every requested sector (`central`: the draws' mean, or the 3-year
    average itself for the fallback)."""

    values: np.ndarray
    drawn: tuple[str, ...]
    mean: np.ndarray
    sd: np.ndarray
    central: dict[str, float]
    label: str
    note: str | None


@memoize(maxsize=4)
def baseline_sample(year: int, n: int, seed: int, root: str | None, vintage: str | None,
                    sectors: tuple[str, ...], drawn: tuple[str, ...], known: KnownKey = ()) -> BaselineSample:
    """Central values of `sectors` and draws of `drawn` (a subset), conditioned on the `known` quarters
    (`known_key`), cached per process: a slider move with the same seed and known quarters reuses the
    draws (memoised per store content); the engine's disk cache keys them by the known quarters too.
    The fallback draws only the `drawn` columns."""
    base = base_data(year, root, vintage)
    engine_ok = _engine() is not None and vintage is None and _ENGINE_FAILURES.get((year, root, known), root) is None
    if engine_ok or not sectors:
        values, cols, label, note = baseline_values(year, n, seed, root, vintage=vintage, sectors=sectors,
                                                    known=known)
        if label == "forecast engine" or not sectors:
            central = dict(zip(cols, values.mean(axis=0)))
            values = values[:, [cols.index(c) for c in drawn]]
            return sample_of(values, drawn, central, label, note)
    else:
        note = _ENGINE_FAILURES.get((year, root, known), root) if vintage is None else None
    # fallback: central = the 3-year average exactly; draw only what the simulation uses
    mu, _ = base.fallback_baseline()
    central = {c: float(mu[base.leaves.index(c)]) for c in sectors}
    values, _, label, note2 = baseline_values(year, n, seed, root, vintage=vintage, sectors=drawn, use_engine=False)
    note = note or note2
    return sample_of(values, drawn, central, FAILED_LABEL if note and label == FALLBACK_LABEL else label, note)


def sample_of(values, drawn, central, label, note) -> BaselineSample:
    """A read-only BaselineSample of draws `values` (n, len(drawn)) with their means and sds
    (shared by a single year's sample and a chain year's, `scenarios.chain.chain_sample`)."""
    values = np.ascontiguousarray(values)
    mean, sd = values.mean(axis=0), values.std(axis=0)
    for a in (values, mean, sd):
        a.flags.writeable = False
    return BaselineSample(values, tuple(drawn), mean, sd, central, label, note)
