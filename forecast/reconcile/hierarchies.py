"""The hierarchies growthsim reconciles, and their data.

* **exports**, **imports** (million USD, flows): the total = the sum of the product groups that are
  forecastable (``forecast.batch.series``) with at least 120 months, plus ``<flow>.other``, the remainder the groups do not
  cover (total − Σ groups, computed month by month). Left out as parts: the breakdown by economic
  sector (``domestic``, ``fdi``, ``fdi-excl-crude``: another cut of the same total) and items nested in
  another group (``cars-cbu`` in ``cars``, ``motorcycles-cbu`` in ``motorcycles``). The window is the
  months every node has. A month where the groups add up to more than the total (a remainder ≤ 0)
  is reported as an issue and the hierarchy is not reconciled: nothing is forced.
* **iip** (index 2015=100): the all-industry index ≈ Σ wᵢ · sectionᵢ over the four sections (mining,
  manufacturing, electricity, water). GSO's value-added weights are not in the raw data, so w is
  estimated from the last ``IIP_WEIGHT_MONTHS`` = 60 months up to the origin by non-negative least
  squares (``iip_weights``; the whole history since 2013 fits worse, up to 4.6%, as the weights were
  revised); ``tolerance`` is the largest relative gap |iip − w·sections| / iip in those months (on the
  shipped data to 2025-02: 0.28%, mean 0.09%; w = 0.176, 0.692, 0.107, 0.016). Reconciled IIP paths satisfy the estimated identity exactly.

Residuals for the error covariance W (``residuals``): the in-sample one-step errors of a seasonal
rule with growth, ŷ_t = y_{t−12} · y_{t−1} / y_{t−13} (last year's month times the latest
year-on-year ratio), over the last ``RESID_MONTHS`` = 60 months before the origin, in the series'
units. The engine's candidates keep no residuals; this rule tracks what they do (seasonal pattern,
current growth). The plain seasonal-naive errors y_t − y_{t−12} were tried first and rejected: they
are linear in the data, so for a sum hierarchy they add up exactly like the series, and MinT with
them gave the same projection as WLS to 1e-12.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from forecast import periods as P

HIERARCHIES = ("exports", "imports", "iip")
IIP_SECTIONS = ("iip.mining", "iip.manufacturing", "iip.electricity", "iip.water")
NOT_PARTS = {"domestic": "economic-sector breakdown, another cut of the total",
             "fdi": "economic-sector breakdown, another cut of the total",
             "fdi-excl-crude": "economic-sector breakdown, another cut of the total",
             "cars-cbu": "nested in cars", "motorcycles-cbu": "nested in motorcycles"}
#: The forecasts users get, per hierarchy: reconciled only where the reconciliation backtest shows it
#: wins (docs/backtest.md, section 3: 13 origins 2019-12..2023-12, 500 paths). It wins nowhere at the
#: total: exports' total MASE 1.029 base vs 1.021 OLS (but its parts 1.53 -> 2.19), 1.17 WLS, 1.20
#: MinT; imports' reconciled forecasts inherit blown-up base paths of small groups; IIP's total 0.767
#: base vs 0.790 MinT (its sections gain: 0.796 -> 0.775). So every hierarchy keeps its base forecasts.
DEFAULT_METHOD = {"exports": "none", "imports": "none", "iip": "none"}
RESID_MONTHS = 60
MIN_PART_MONTHS = 120
IIP_WEIGHT_MONTHS = 60  # the weights are fitted on the last 60 months before the origin
IIP_TOLERANCE = 0.01    # a weight fit worse than 1% at some month of that window is reported


@dataclass
class HierarchyData:
    """A hierarchy's nodes (total first, then the parts, then the remainder if any), their levels on
    one common monthly window, the total row of S (`weights`), and issues found (parts exceeding the
    total, a poor weight fit): `ok` is False when the hierarchy must not be reconciled."""

    name: str
    nodes: list[str]
    data: dict[str, pd.Series]
    weights: np.ndarray
    tolerance: float = 0.0
    issues: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(i.startswith("parts exceed") for i in self.issues)

    @property
    def parts(self) -> list[str]:
        return self.nodes[1:]


def level_of(series: str) -> str:
    """The node's level for metrics: 'total', 'part', 'other' (a remainder), or 'series' (no hierarchy)."""
    if series in HIERARCHIES:
        return "total"
    if series.endswith(".other"):
        return "other"
    if series in IIP_SECTIONS or series.split(".")[0] in ("exports", "imports") and "." in series:
        return "part"
    return "series"


def trade_parts(flow: str, root=None) -> list[str]:
    """The product groups of `flow` ('exports' or 'imports') that are parts of its hierarchy: forecastable,
    not in ``NOT_PARTS``, with at least ``MIN_PART_MONTHS`` months (a shorter group stays in the remainder,
    so it does not shorten the window of every node)."""
    from forecast.batch.series import forecastable_series
    from forecast.data.api import catalog

    count = catalog(root).set_index("id")["count"]
    return [s for s in forecastable_series(root) if s.startswith(flow + ".")
            and s.split(".", 1)[1] not in NOT_PARTS and int(count[s]) >= MIN_PART_MONTHS]


def _window(series: dict[str, pd.Series], origin=None) -> dict[str, pd.Series]:
    first = max(y.index[0] for y in series.values())
    last = min(y.index[-1] for y in series.values())
    if origin is not None:
        last = min(last, P.month(origin))
    return {s: y[(y.index >= first) & (y.index <= last)] for s, y in series.items()}


def iip_weights(total: pd.Series, sections: list[pd.Series]) -> tuple[np.ndarray, float]:
    """(w, tolerance): non-negative least squares of the all-industry index on the section indices
    (no intercept), and the largest relative gap |total − w·sections| / total over those months."""
    from scipy.optimize import nnls

    X = np.column_stack([s.to_numpy(float) for s in sections])
    y = total.to_numpy(float)
    w, _ = nnls(X, y)
    return w, float(np.max(np.abs(y - X @ w) / y))


def hierarchy_data(name: str, series: dict[str, pd.Series], origin=None) -> HierarchyData:
    """The hierarchy `name` from the levels in `series` (total and parts, monthly PeriodIndex; more
    may be present), cut at `origin`: remainder and weights computed on that window only."""
    if name == "iip":
        d = _window({s: series[s] for s in ("iip", *IIP_SECTIONS)}, origin)
        recent = {s: y.iloc[-IIP_WEIGHT_MONTHS:] for s, y in d.items()}
        w, tol = iip_weights(recent["iip"], [recent[s] for s in IIP_SECTIONS])
        issues = [] if tol <= IIP_TOLERANCE else [f"the estimated weights miss the index by up to {tol:.1%}"]
        return HierarchyData(name, ["iip", *IIP_SECTIONS], d, w, tol, issues)
    parts = sorted(s for s in series if s.startswith(name + ".") and not s.endswith(".other"))
    d = _window({name: series[name], **{s: series[s] for s in parts}}, origin)
    other = d[name] - sum(d[s] for s in parts)
    issues = []
    bad = other[other <= 0]
    if len(bad):
        worst = bad.idxmin()
        issues.append(f"parts exceed the total in {len(bad)} months (first {bad.index[0]}; worst {worst}, "
                      f"by {-bad.min():,.1f})")
    d[f"{name}.other"] = other.rename(f"{name}.other")
    nodes = [name, *parts, f"{name}.other"]
    return HierarchyData(name, nodes, d, np.ones(len(nodes) - 1), 0.0, issues)


def store_hierarchy_series(name: str, root=None) -> dict[str, pd.Series]:
    """The store's levels of hierarchy `name`'s total and parts (monthly PeriodIndex)."""
    from forecast.backtest.inputs import store_series

    ids = [name, *(IIP_SECTIONS if name == "iip" else trade_parts(name, root))]
    return store_series(ids, root)


def residuals(h: HierarchyData) -> np.ndarray:
    """(T × nodes) one-step errors of every node, last ``RESID_MONTHS`` months: y_t − ŷ_t with
    ŷ_t = y_{t−12} · y_{t−1} / y_{t−13} (last year's month grown by the latest year-on-year ratio)."""
    m = np.column_stack([h.data[s].to_numpy(float) for s in h.nodes])
    e = m[13:] - m[1:-12] * m[12:-1] / m[:-13]
    return e[-RESID_MONTHS:]
