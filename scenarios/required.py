"""Required growth: what a sector, a group, or the remaining quarters must grow to hit a target.

All functions are pure, on arrays. GDP growth is affine in the scenario's variables (see
`scenarios.groups.Structure`), so a key's required growth with everything else at its central value
is one division, and its range over the others' ranges is the same division at the others' extremes.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

from forecast.remaining import remaining_growth_pct
from scenarios.groups import Structure


def required_coefficients(structure: Structure, weights: np.ndarray, key: str,
                          groups: Mapping[str, Iterable[str]]) -> tuple[np.ndarray, float, float]:
    """(c, c0, w): GDP growth = c @ x + c0 + w * growth of `key`, where c @ x + c0 are the points of
    everything but `key` (a leaf or a group) and w its share of last year's GDP."""
    members = tuple(groups[key]) if key in groups else (key,)
    idx = [structure.leaves.index(m) for m in members]
    w_k = weights[idx]
    a, a0 = structure.gdp_coefficients(weights)
    return a - w_k @ structure.M[idx], a0 - float(w_k @ structure.m0[idx]), float(w_k.sum())


def required_growth(structure: Structure, weights: np.ndarray, x_central: np.ndarray, x_low: np.ndarray,
                    x_high: np.ndarray, target_pct: float, key: str,
                    groups: Mapping[str, Iterable[str]]) -> tuple[float, float, float]:
    """(central, low, high) growth % that `key` (a leaf or a group) needs for GDP growth = target.

    Central: every other leaf at its central value (for a group, its members move together; for a
    member of a set group, the group gives way and the other members stay at their central values).
    The range: the others over their [low, high] (normal and baseline: 5th-95th percentile), the key's
    own members held at their central values; low is what is needed when the others do their best.
    """
    members = tuple(groups[key]) if key in groups else (key,)
    c, c0, w_total = required_coefficients(structure, weights, key, groups)
    central = (target_pct - (c @ x_central + c0)) / w_total
    own = np.array([v == key or v in members or (v in groups and set(groups[v]) <= set(members))
                    for v in structure.variables], dtype=bool)
    held = c0 + c[own] @ x_central[own]
    lo_pts = np.minimum(c * x_low, c * x_high)[~own].sum() + held
    hi_pts = np.maximum(c * x_low, c * x_high)[~own].sum() + held
    return float(central), float((target_pct - hi_pts) / w_total), float((target_pct - lo_pts) / w_total)


def quarter_growth(prev_quarters: Sequence[float], known: Mapping[int, float], annual_pct: float,
                   year: int) -> dict[str, float]:
    """{"YYYYQn": growth %} for the quarters not in `known` (quarter number -> growth %), for `annual_pct`."""
    g = np.full(4, np.nan)
    for q, v in known.items():
        g[q - 1] = v
    r = remaining_growth_pct(prev_quarters, g, annual_pct)
    return {f"{year}Q{q}": r for q in range(1, 5) if q not in known}


@dataclass(frozen=True)
class Plan:
    """The least change to the assumptions that reaches the target (values in %, GDP growth in %)."""

    variables: tuple[str, ...]
    before: np.ndarray
    after: np.ndarray
    gdp_growth_pct: float
    reachable: bool

    def to_dict(self) -> dict:
        changes = {k: {"from": float(b), "to": float(a), "change_pp": float(a - b)}
                   for k, b, a in zip(self.variables, self.before, self.after) if abs(a - b) > 1e-9}
        return {"reachable": self.reachable, "gdp_growth": self.gdp_growth_pct, "changes": changes}


def least_change_plan(variables: Sequence[str], a: np.ndarray, a0: float, x_central: np.ndarray,
                      volatility: np.ndarray, lower: np.ndarray, upper: np.ndarray, target_pct: float) -> Plan:
    """Smallest volatility-weighted change of the variables that gets GDP growth (a @ x + a0) to the target.

    Minimises sum(((x - x_central) / volatility)^2) subject to a @ x + a0 >= target and
    lower <= x <= upper: volatile sectors move more, steady ones less. The conditions for the optimum
    of this convex problem (Karush-Kuhn-Tucker) give x(lam) = clip(x_central + lam volatility^2 a,
    lower, upper), with GDP growth increasing in lam; scipy.optimize.brentq finds the lam that hits the
    target, so the plan is exact (not an iterative approximation). When even the upper bounds fall
    short, the plan is the upper bounds, marked unreachable.
    """
    x0 = np.asarray(x_central, dtype=float)
    a = np.asarray(a, dtype=float)
    scale = np.where(np.asarray(volatility) > 0, volatility, 1.0) ** 2
    lower, upper = np.minimum(lower, x0), np.maximum(upper, x0)
    gdp0 = float(a @ x0 + a0)
    if gdp0 >= target_pct:
        return Plan(tuple(variables), x0, x0.copy(), gdp0, True)
    best = np.where(a > 0, upper, np.where(a < 0, lower, x0))
    if float(a @ best + a0) < target_pct:
        return Plan(tuple(variables), x0, best, float(a @ best + a0), False)

    def x_of(lam: float) -> np.ndarray:
        return np.clip(x0 + lam * scale * a, lower, upper)

    hi = 1.0
    while float(a @ x_of(hi) + a0) < target_pct:
        hi *= 2.0
    lam = brentq(lambda t: float(a @ x_of(t) + a0) - target_pct, 0.0, hi, xtol=1e-14, rtol=1e-15)
    x = x_of(lam)
    return Plan(tuple(variables), x0, x, float(a @ x + a0), True)
