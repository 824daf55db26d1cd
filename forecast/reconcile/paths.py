"""Reconcile one hierarchy's sample paths (``core``) and check the result.

`reconcile_hierarchy(h, base, method)` stacks the base paths of every node (n_paths × horizon each,
rows paired across nodes), estimates W from the hierarchy's residuals (``hierarchies.residuals``),
projects, and returns the reconciled paths with what a reader must know: the shrinkage intensity λ,
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
    largest observed value). Projection shares a path's gap among the nodes, so one such node would
    spread its blow-up to every other; the caller keeps the base forecasts then and says why."""
    return [s for s in h.nodes if s in base
            and np.max(np.quantile(np.asarray(base[s], float), 0.99, axis=0)) > EXPLOSIVE * float(h.data[s].max())]


def reconcile_hierarchy(h: HierarchyData, base: dict[str, np.ndarray], method: str) -> Reconciled:
    """The reconciled paths of every node of `h` from their `base` paths ({node: n_paths × horizon})."""
    stack = np.stack([np.asarray(base[s], dtype=float) for s in h.nodes])
    S = summing_matrix(len(h.parts), h.weights)
    W, lam = error_weights(method, residuals(h))
    out = reconcile_paths(stack, projection(S, W))
    notes = []
    for i, s in enumerate(h.nodes):
        neg = float(np.mean(out[i] <= 0))
        if neg > 0:
            notes.append(f"{s}: {neg:.1%} of path-months at or below zero after {method}")
    return Reconciled({s: out[i] for i, s in enumerate(h.nodes)}, method, lam, coherence_gap(out, S), notes)
