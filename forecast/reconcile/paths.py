"""Reconcile one hierarchy's sample paths (``core``) and check the result.

`reconcile_hierarchy(h, base, method)` stacks the base paths of every node (n_paths × horizon each,
rows paired across nodes) and, month by month, builds W from the hierarchy's residuals
(``hierarchies.residuals``: the correlation) and each node's base spread in that month
(``path_scale``), projects, and returns the reconciled paths with what a reader must know: the shrinkage intensity λ,
the largest coherence gap over every path and month (relative to the total; rounding only), and the
parts that reconciliation pushed to zero or below on some paths (reported, not clipped).
``explosive_nodes`` finds base paths that blow up, which reconciliation must not spread.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from forecast.reconcile.core import coherence_gap, error_weights, projection, reconcile_paths, summing_matrix
from forecast.reconcile.hierarchies import HierarchyData, residuals


@dataclass
class Reconciled:
    """Reconciled paths by node, the method, λ (mint_shrink), coherence gap, and notes."""

    paths: dict[str, np.ndarray]
    method: str
    shrinkage: float | None
    gap: float
    notes: list[str] = field(default_factory=list)


EXPLOSIVE = 5.0   # a node whose base paths' 99th percentile passes 5x its largest observed value


def explosive_nodes(h: HierarchyData, base: dict[str, np.ndarray]) -> list[str]:
    """Nodes whose base paths blow up (99th percentile in some month above ``EXPLOSIVE`` times the node's
    largest observed value). Projection shares a path's gap among the nodes, so such a node can spread
    its blow-up to others (with OLS especially); the backtest notes them."""
    return [s for s in h.nodes if s in base
            and np.max(np.quantile(np.asarray(base[s], float), 0.99, axis=0)) > EXPLOSIVE * float(h.data[s].max())]


def path_scale(values: np.ndarray) -> np.ndarray:
    """Robust standard deviation of each node's paths in one month ((q90 − q10) / 2.563; `values`:
    nodes × paths): the base forecast's spread, not swayed by the few extreme heavy-tailed paths."""
    q = np.quantile(values, [0.1, 0.9], axis=1)
    return (q[1] - q[0]) / 2.563


def reconcile_hierarchy(h: HierarchyData, base: dict[str, np.ndarray], method: str) -> Reconciled:
    """The reconciled paths of every node of `h` from their `base` paths ({node: n_paths × horizon})."""
    stack = np.stack([np.asarray(base[s], dtype=float) for s in h.nodes])
    S = summing_matrix(len(h.parts), h.weights)
    resid = residuals(h)
    out = np.empty_like(stack)
    lam = None
    for j in range(stack.shape[2]):              # each month with its own forecast spreads
        W, lam = error_weights(method, resid, path_scale(stack[:, :, j]))
        out[:, :, j:j + 1] = reconcile_paths(stack[:, :, j:j + 1], projection(S, W))
    notes = []
    for i, s in enumerate(h.nodes):
        neg = float(np.mean(out[i] <= 0))
        if neg > 0:
            notes.append(f"{s}: {neg:.1%} of path-months at or below zero after {method}")
    return Reconciled({s: out[i] for i, s in enumerate(h.nodes)}, method, lam, coherence_gap(out, S), notes)
