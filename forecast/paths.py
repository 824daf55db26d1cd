"""Sample paths: the plain-data hand-over between the forecast engine and everything downstream.

Every forecast in growthsim is a set of simulated future paths of a monthly series; means,
intervals, year-to-date growth and the probability of an annual target are all read off the same
paths, so they are consistent with each other by construction.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class SamplePaths:
    """Simulated futures of one monthly series.

    `history`: observed levels up to and including `origin`, indexed by 'YYYY-MM' strings, in the
    series' unit. `paths`: array (n_paths, horizon) of levels for `periods` (the months after
    `origin`). `model`: the alias of the selected model or combination; `scores`: its selection
    scores; `data_vintage`: newest release date of the data it was fitted on (YYYY-MM-DD).
    """

    series: str
    unit: str
    origin: str
    periods: tuple[str, ...]
    paths: np.ndarray
    history: pd.Series
    model: str
    data_vintage: str
    scores: dict = field(default_factory=dict)

    @property
    def horizon(self) -> int:
        return len(self.periods)

    @property
    def n_paths(self) -> int:
        return int(self.paths.shape[0])
