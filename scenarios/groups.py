"""Sector groups in a scenario: a set group fixes its total, its unset members share the remainder.

Every leaf sector's growth is an affine function of the scenario's *variables*: the keys the user set
(leaves or groups, points or distributions) and the leaves left to the baseline that no set group
covers. `build_structure` writes that map once, g = M x + m0, so draws, central values, required
growth and the least-change plan are all matrix products on the same object.

Filling a set group G (weights w_i, members' baseline growth b_i): the group's points W_G x_G, minus
the points of members already determined (set by the user, or filled by a smaller set group inside
G), are shared by the unset members U in proportion to b_j w_j, i.e. g_j = b_j R / sum_U(b_k w_k).
When sum_U(b_k w_k) is not clearly positive (members shrinking in the baseline), proportional sharing
is meaningless and the remainder is shared as an equal shift from baseline instead:
g_j = b_j + (R - sum_U b_k w_k) / sum_U w_k. Groups are filled from the smallest to the largest, so
nested groups (energy inside industry inside industry_construction) compose.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from scenarios.errors import ImpossibleScenarioError
from scenarios.messages import Message

# sum_U(b w) must exceed this fraction of sum_U(|b| w) for proportional sharing.
PROPORTIONAL_MIN_RATIO = 0.05


@dataclass(frozen=True, eq=False)
class Structure:
    """Leaf growth as an affine map of the scenario's variables: g (L,) = M (L, V) @ x (V,) + m0 (L,)."""

    leaves: tuple[str, ...]
    variables: tuple[str, ...]
    M: np.ndarray
    m0: np.ndarray
    filled_by: dict[str, str]          # leaf -> the set group whose remainder it takes
    free: tuple[str, ...]              # baseline leaves that are variables

    def leaf_growth(self, x: np.ndarray) -> np.ndarray:
        """Leaf growth % for variables x (V,) or draws (n, V)."""
        return np.asarray(x) @ self.M.T + self.m0

    def gdp_coefficients(self, weights: np.ndarray) -> tuple[np.ndarray, float]:
        """(a, a0) with GDP growth = a @ x + a0."""
        return weights @ self.M, float(weights @ self.m0)


def free_leaves(set_keys: Sequence[str], groups: Mapping[str, Iterable[str]], leaves: Sequence[str]
                ) -> tuple[str, ...]:
    """Leaves the user left unset and no set group fills, in `leaves` order: the baseline draws them,
    and they are the structure's free variables (``Structure.free``)."""
    covered = {m for k in set_keys if k in groups for m in groups[k]}
    return tuple(k for k in leaves if k not in set_keys and k not in covered)


def build_structure(set_keys: Sequence[str], weights: Mapping[str, float], baseline: Mapping[str, float],
                    groups: Mapping[str, Iterable[str]], leaves: Sequence[str]) -> Structure:
    """The affine map from variables to leaf growth.

    `set_keys`: leaves and groups the user set (not "baseline"); `weights`: each leaf's share of last
    year's GDP; `baseline`: each unset leaf's central baseline growth, %; `groups`: group -> members.
    """
    leaves = tuple(leaves)
    groups = {g: tuple(m) for g, m in groups.items()}
    set_groups = [k for k in set_keys if k in groups]
    free = free_leaves(set_keys, groups, leaves)
    variables = tuple(set_keys) + free
    V = len(variables)
    rows: dict[str, np.ndarray] = {}        # leaf -> (V + 1,) coefficients, last = constant

    def unit(v: str) -> np.ndarray:
        r = np.zeros(V + 1)
        r[variables.index(v)] = 1.0
        return r

    for k in variables:
        if k in leaves:
            rows[k] = unit(k)
    filled_by: dict[str, str] = {}
    for g in sorted(set_groups, key=lambda g: (len(groups[g]), g)):
        members = groups[g]
        done = [m for m in members if m in rows]
        todo = [m for m in members if m not in rows]
        if not todo:
            raise ImpossibleScenarioError(Message("group_fixed_twice", {"group": g, "members": list(members)}),
                                          location=f"growth.{g}")
        w_g = sum(weights[m] for m in members)
        rest = w_g * unit(g) - sum((weights[m] * rows[m] for m in done), np.zeros(V + 1))
        bw = sum(baseline[m] * weights[m] for m in todo)
        gross = sum(abs(baseline[m]) * weights[m] for m in todo)
        w_u = sum(weights[m] for m in todo)
        const = np.zeros(V + 1)
        const[-1] = 1.0
        for m in todo:
            if bw > PROPORTIONAL_MIN_RATIO * gross and bw > 0:
                rows[m] = baseline[m] / bw * rest
            else:
                rows[m] = baseline[m] * const + (rest - bw * const) / w_u
            filled_by[m] = g
    M = np.vstack([rows[k][:V] for k in leaves])
    m0 = np.array([rows[k][V] for k in leaves])
    return Structure(leaves=leaves, variables=variables, M=M, m0=m0, filled_by=filled_by, free=free)


def check_fills(structure: Structure, x_central: np.ndarray, x_low: np.ndarray, x_high: np.ndarray,
                hist_min: Mapping[str, float], hist_max: Mapping[str, float], hist_sd: Mapping[str, float],
                first_year: int, last_year: int, set_values: Mapping[str, object],
                groups: Mapping[str, Iterable[str]]) -> list[Message]:
    """Raise ImpossibleScenarioError when set members push a group's other members beyond history.

    "Beyond history" = more than one historical standard deviation below the sector's worst year or
    above its best year. It is an error when members set above the group's growth make the others
    collapse (or members set below it make them jump); when the group's own value is what takes them
    there, or only the extremes of the ranges do, it is a warning (returned). `set_values`: key ->
    the assumption as set (an Assumption, or its text), for the message.
    """
    if not structure.filled_by:
        return []
    idx = {k: i for i, k in enumerate(structure.leaves)}
    var = {k: i for i, k in enumerate(structure.variables)}
    g = structure.leaf_growth(x_central)
    warnings: list[Message] = []
    bad: dict[str, list[Message]] = {}
    for leaf, group in structure.filled_by.items():
        lo, hi = hist_min[leaf] - hist_sd[leaf], hist_max[leaf] + hist_sd[leaf]
        row = structure.M[idx[leaf]]
        span = Message("history_span", {"first": first_year, "last": last_year, "low": float(hist_min[leaf]),
                                        "high": float(hist_max[leaf]), "sd": float(hist_sd[leaf])})
        gi = float(g[idx[leaf]])
        if not lo <= gi <= hi:
            members = set(groups[group])
            inside = [k for k in set_values if k != group and k in var
                      and (k in members or (k in groups and set(groups[k]) <= members))]
            g_group = x_central[var[group]]
            pushed = any((x_central[var[k]] > g_group) if gi < lo else (x_central[var[k]] < g_group) for k in inside)
            verb = Message("collapse_to" if gi < lo else "jump_to")
            if pushed:
                bad.setdefault(group, []).append(Message("member_would", {"leaf": leaf, "verb": verb, "growth": gi,
                                                                          "span": span}))
            else:
                warnings.append(Message("group_needs_fill", {"group": group, "assumption": set_values[group],
                                                             "leaf": leaf, "verb": verb, "growth": gi, "span": span}))
            continue
        ext_lo = float(structure.m0[idx[leaf]] + np.minimum(row * x_low, row * x_high).sum())
        ext_hi = float(structure.m0[idx[leaf]] + np.maximum(row * x_low, row * x_high).sum())
        if ext_lo < lo or ext_hi > hi:
            warnings.append(Message("fill_extremes", {"leaf": leaf, "group": group, "low": ext_lo, "high": ext_hi,
                                                      "span": span}))
    if bad:
        group, msgs = next(iter(bad.items()))
        members = set(groups[group])
        inside = [k for k in set_values if k != group
                  and (k in members or (k in groups and set(groups[k]) <= members))]
        settings = [Message("setting", {"key": k, "assumption": set_values[k]}) for k in inside]
        what = (Message("settings_inside", {"settings": settings, "group": group, "assumption": set_values[group]})
                if inside else Message("setting", {"key": group, "assumption": set_values[group]}))
        raise ImpossibleScenarioError(Message("impossible_in_group", {"what": what, "parts": msgs}),
                                      location=f"growth.{inside[0] if inside else group}")
    return warnings
