"""scenarios.monthly: growth of a monthly history and what the remaining months of a year need."""
from __future__ import annotations

import pandas as pd
import pytest

from scenarios.monthly import history_growth_pct, remaining_months_growth_pct


def test_history_growth_and_the_remaining_months_need():
    periods = [f"{y}-{m:02d}" for y in (2023, 2024) for m in range(1, 13)] + ["2025-01", "2025-02"]
    levels = pd.Series([100.0] * 12 + [110.0] * 12 + [121.0, 121.0], index=periods)
    yoy = history_growth_pct(levels, "yoy")
    assert yoy["2024-05"] == pytest.approx(10.0) and yoy["2025-02"] == pytest.approx(10.0)
    assert history_growth_pct(levels, "ytd")["2025-02"] == pytest.approx(10.0)
    # two months at +10%: the other ten need (1.2*1320 - 2*121) / (10*110) - 1 = 22%
    assert remaining_months_growth_pct(levels, 2025, target_pct=20.0) == pytest.approx(22.0)
    assert remaining_months_growth_pct(levels, 2025, target_level=1320 * 1.2) == pytest.approx(22.0)
    assert remaining_months_growth_pct(levels, 2025, target_level=110 * 1.2, agg="mean") == pytest.approx(22.0)
