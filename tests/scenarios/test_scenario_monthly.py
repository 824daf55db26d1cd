"""scenarios.monthly: growth of a monthly history and and year to date."""
from __future__ import annotations

import pandas as pd
import pytest

from scenarios.monthly import history_growth_pct


def test_history_growth_yoy_and_ytd():
    periods = [f"{y}-{m:02d}" for y in (2023, 2024) for m in range(1, 13)] + ["2025-01", "2025-02"]
    levels = pd.Series([100.0] * 12 + [110.0] * 12 + [121.0, 121.0], index=periods)
    yoy = history_growth_pct(levels, "yoy")
    assert yoy["2024-05"] == pytest.approx(10.0) and yoy["2025-02"] == pytest.approx(10.0)
    assert history_growth_pct(levels, "ytd")["2025-02"] == pytest.approx(10.0)
