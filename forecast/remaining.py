"""The remaining periods' need: the one growth rate every period not yet known must grow by (on the
same period a year earlier) for the year's total to reach a target.

Pure arithmetic on arrays, shared by the layers above: the scenario engine's remaining quarters and
months (`scenarios.required`) and the tracking of a monthly series (`forecast.track`). It lives in
`forecast/` so that `growthsim forecast track` may use it without importing `scenarios/`.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def remaining_growth_pct(prev_levels: Sequence[float], known_growth_pct: Sequence[float],
                         target_pct: float) -> float:
    """The one growth rate % every unknown period needs for the year's total to grow by `target_pct`.

    `prev_levels`: last year's levels per period (quarters or months: the weights);
    `known_growth_pct`: this year's growth per period, NaN where not yet known. Sum-over-sum
    arithmetic: right for GDP quarters and flows (exports, retail), and for a volume index such as
    the IIP, whose annual growth is the mean of the monthly index over last year's mean.
    NaN when every period is known.
    """
    prev = np.asarray(prev_levels, dtype=float)
    g = np.asarray(known_growth_pct, dtype=float)
    if prev.shape != g.shape:
        raise ValueError(f"{prev.size} periods of last year's levels, {g.size} growth values")
    known = ~np.isnan(g)
    if known.all():
        return float("nan")
    need = (1 + target_pct / 100) * prev.sum() - (prev[known] * (1 + g[known] / 100)).sum()
    return float((need / prev[~known].sum() - 1) * 100)
