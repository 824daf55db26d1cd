"""Sample paths: the plain-data hand-over between the forecast engine and everything downstream.

Every forecast in growthsim is a set of simulated future paths of a monthly series; means,
intervals, year-to-date growth and the probability of an annual target are all read off the same
paths, so they are consistent with each other by construction.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from forecast import periods as P


@dataclass(frozen=True)
class SamplePaths:
    """Simulated futures of one monthly series.

    `origin`: the last observed month (``pd.Period``, freq 'M'). `history`: observed levels up to and
    including `origin`, indexed by a monthly ``PeriodIndex``, in the series' unit. `paths`: array
    (n_paths, horizon) of levels for `periods` (a monthly ``PeriodIndex``: the months after
    `origin`). `model`: the alias of the selected model or combination; `scores`: its selection
    scores; `data_vintage`: newest release date of the data it was fitted on (YYYY-MM-DD).
    Months given as 'YYYY-MM' text are converted on construction.
    """

    series: str
    unit: str
    origin: pd.Period
    periods: pd.PeriodIndex
    paths: np.ndarray
    history: pd.Series
    model: str
    data_vintage: str
    scores: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "origin", P.month(self.origin, "origin"))
        object.__setattr__(self, "periods", P.to_index(self.periods, field="forecast month"))
        if not isinstance(self.history.index, pd.PeriodIndex):
            h = self.history.copy()
            h.index = P.to_index(h.index, field="history month")
            object.__setattr__(self, "history", h)

    @property
    def horizon(self) -> int:
        return len(self.periods)

    @property
    def n_paths(self) -> int:
        return int(self.paths.shape[0])
