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


def condition_joint(levels: np.ndarray, quarters: pd.PeriodIndex, published: np.ndarray,
                    typed: Mapping[pd.Period, KnownQuarter], sectors: Sequence[str]) -> np.ndarray:
    """Joint sector draws (levels (n, quarters, k), billion VND) conditioned on `typed` quarters by
    Gaussian conditioning on the draws' own covariance (for models whose draws are jointly Gaussian in
    growth, such as the factor model): the yoy growth of every quarter that has its quarter a year
    earlier in the window is one vector per draw; the typed sectors and totals are linear constraints
    A g = r (per draw: the total's weights are the levels a year earlier), and

        g* = g + C A' (A C A')^-1 (r - A g)

    moves each draw onto them exactly, later quarters with the earlier ones through C (the covariance
    of the draws across quarters and sectors). Published quarters that are not typed keep their value
    (zero variance); a typed published quarter gets, for each sector, the mean variance of that sector
    over the unpublished quarters (1 pp² if none), so its gap is spread by sector volatility. Returns
    new levels, rebuilt quarter by quarter from the conditioned growth."""
    if not typed:
        return levels
    n, T, k = levels.shape
    pos = {q: t for t, q in enumerate(quarters)}
    rows = [t for t, q in enumerate(quarters) if q - 4 in pos]
    for q in typed:
        if q not in pos or q - 4 not in pos:
            raise GrowthsimError(f"known quarter {P.to_str(q)} is outside the draws' quarters "
                                 f"({P.to_str(quarters[4])}..{P.to_str(quarters[-1])})")
    prev = np.stack([levels[:, pos[quarters[t] - 4], :] for t in rows], axis=1)       # (n, R, k)
    g = (np.stack([levels[:, t, :] for t in rows], axis=1) / prev - 1) * 100        # (n, R, k)
    flat = g.reshape(n, -1)
    C = np.cov(flat, rowvar=False) if n > 1 else np.zeros((flat.shape[1],) * 2)
    var = np.diag(C).reshape(len(rows), k)
    live = var > 1e-12
    fill = np.where(live.any(axis=0), np.where(live, var, 0).sum(axis=0) / np.maximum(live.sum(axis=0), 1), 1.0)
    fill = np.where(fill > 0, fill, 1.0)
    typed_rows = {pos[q] for q in typed}
    extra = np.zeros_like(var)
    for i, t in enumerate(rows):
        if t in typed_rows and not live[i].any():
            extra[i] = fill
    C = C + np.diag(extra.ravel()) + np.eye(C.shape[0]) * 1e-9 * max(float(np.trace(C)), 1.0)
    A, r = [], []
    for q, kq in sorted(typed.items()):
        i = rows.index(pos[q])
        for s, v in kq.sectors:
            a = np.zeros((n, len(rows), k))
            a[:, i, list(sectors).index(s)] = 1.0
            A.append(a.reshape(n, -1))
            r.append(np.full(n, v))
        if kq.total is not None:
            a = np.zeros((n, len(rows), k))
            a[:, i, :] = prev[:, i, :] / prev[:, i, :].sum(axis=1, keepdims=True)
            A.append(a.reshape(n, -1))
            r.append(np.full(n, kq.total))
    A, r = np.stack(A, axis=1), np.stack(r, axis=1)                                    # (n, c, m), (n, c)
    AC = A @ C                                                                         # (n, c, m)
    gap = np.linalg.solve(AC @ A.transpose(0, 2, 1), (r - np.einsum("ncm,nm->nc", A, flat))[..., None])
    flat = flat + (AC.transpose(0, 2, 1) @ gap)[..., 0]
    g = flat.reshape(n, len(rows), k)
    for i, t in enumerate(rows):
        if t in typed_rows:
            _check_levels(g[:, i, :], typed[quarters[t]], sectors)
    out = levels.copy()
    for i, t in enumerate(rows):                       # chronological: a year earlier is rebuilt first
        out[:, t, :] = out[:, pos[quarters[t] - 4], :] * (1 + g[:, i, :] / 100)
    return out
