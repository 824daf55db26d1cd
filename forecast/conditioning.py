"""Conditioning the bridge's draws on quarters known from outside the store (typed by a user).

A known quarter gives the yoy growth (%) of GDP (`total`) and/or of some leaf sectors. In every draw:

* a given sector's growth is set to its value;
* a given total constrains the remaining (free) sectors jointly: their growth vector ``g`` (one
  row a draw) is moved by Gaussian conditioning of the quarter's sector innovations on their
  level-weighted sum,

      g* = g + C w (r - w'g) / (w' C w),

  where ``w`` are the free sectors' levels in the same quarter a year earlier divided by that
  quarter's GDP (so GDP growth = Σ w_j g_j exactly), ``r`` is the total minus the given sectors'
  weighted growth, and ``C`` is the covariance of the equations' residuals (the innovations,
  ``innovation_cov``). Then ``w'g* = r`` exactly, and if the innovations are Gaussian the moved
  draw has the distribution of the draw given the total (conditioning by kriging).

Written in docs/forecast.md ("Conditioning on known quarters").
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from forecast import periods as P
from forecast.errors import GrowthsimError


@dataclass(frozen=True)
class KnownQuarter:
    """One quarter's known yoy growth, %: GDP `total` (None: not given) and leaf `sectors`
    ((sector, growth %) pairs, sorted by sector)."""

    total: float | None = None
    sectors: tuple[tuple[str, float], ...] = ()

    def __post_init__(self):
        object.__setattr__(self, "sectors", tuple(sorted((str(k), float(v)) for k, v in self.sectors)))
        if self.total is not None:
            object.__setattr__(self, "total", float(self.total))


Known = Mapping[pd.Period, KnownQuarter]


def normalise(known: Mapping | None, leaves: Sequence[str]) -> dict[pd.Period, KnownQuarter]:
    """{quarter Period: KnownQuarter} from keys 'YYYYQn' or Periods; GrowthsimError for a sector not in
    `leaves`, a quarter that gives every sector and a total, or a value that is not finite."""
    out: dict[pd.Period, KnownQuarter] = {}
    for q, kq in (known or {}).items():
        q = P.quarter(q, "known quarter")
        if not isinstance(kq, KnownQuarter):
            raise GrowthsimError(f"known quarter {q}: expected a KnownQuarter, got {kq!r}")
        values = ([kq.total] if kq.total is not None else []) + [v for _, v in kq.sectors]
        if not all(np.isfinite(values)):
            raise GrowthsimError(f"known quarter {q}: growth must be finite, got {kq!r}")
        bad = [s for s, _ in kq.sectors if s not in leaves]
        if bad:
            raise GrowthsimError(f"known quarter {q}: {bad[0]!r} is not a leaf sector ({', '.join(leaves)})")
        if kq.total is not None and len(kq.sectors) == len(leaves):
            raise GrowthsimError(f"known quarter {q}: every sector and the total are given; give one or the other")
        out[q] = kq
    return dict(sorted(out.items()))


def cache_part(known: Mapping[pd.Period, KnownQuarter]) -> list:
    """The known quarters as plain JSON for a cache key: [[quarter, total, [[sector, value], ...]], ...]."""
    return [[P.to_str(q), kq.total, [list(s) for s in kq.sectors]] for q, kq in sorted(known.items())]


def innovation_cov(resid: np.ndarray) -> np.ndarray:
    """(k, k) covariance of the equations' joint residuals (T, k), pp², with a tiny ridge so that
    every free subset is positive definite."""
    C = np.cov(np.asarray(resid, float), rowvar=False, ddof=1)
    return C + np.eye(C.shape[0]) * 1e-9 * max(float(np.trace(C)), 1.0)


def condition(g: np.ndarray, prev_levels: np.ndarray, kq: KnownQuarter, sectors: Sequence[str],
              cov: np.ndarray) -> np.ndarray:
    """The growth draws (n, k), % yoy, of one quarter given `kq`: given sectors fixed, the others moved
    jointly so that GDP growth (levels a year earlier `prev_levels` (n, k) or (k,) as weights) equals the
    total exactly in every draw."""
    g = np.array(g, dtype=float, copy=True)
    n, k = g.shape
    fixed = dict(kq.sectors)
    idx = [sectors.index(s) for s in fixed]
    if idx:
        g[:, idx] = np.array([fixed[s] for s in fixed], dtype=float)
    if kq.total is None:
        return g
    prev = np.broadcast_to(np.asarray(prev_levels, float), (n, k))
    w = prev / prev.sum(axis=1, keepdims=True)                       # GDP growth = Σ w_j g_j
    free = [j for j in range(k) if j not in idx]
    if not free:
        return g
    wf, gf = w[:, free], g[:, free]
    r = kq.total - (w[:, idx] * g[:, idx]).sum(axis=1)               # what the free sectors must give
    Cw = wf @ cov[np.ix_(free, free)]                                 # (n, free): C w per draw
    gap = (r - (wf * gf).sum(axis=1)) / (wf * Cw).sum(axis=1)
    g[:, free] = gf + Cw * gap[:, None]
    _check_levels(g, kq, sectors)
    return g


def _check_levels(g: np.ndarray, kq: KnownQuarter, sectors: Sequence[str]) -> None:
    """GrowthsimError when a conditioned sector would shrink by 100% or more (a level below zero): the
    known quarter asks more of the other sectors than they can give."""
    low = g.min(axis=0)
    if np.all(low > -100):
        return
    j = int(np.argmin(low))
    total = "" if kq.total is None else f"GDP {kq.total:g}%"
    given = ", ".join(f"{s} {v:g}%" for s, v in kq.sectors)
    raise GrowthsimError(f"a quarter with {', '.join(x for x in (total, given) if x)} would need {sectors[j]} "
                         f"to fall {-low[j]:.0f}%: no level can fall that far")
