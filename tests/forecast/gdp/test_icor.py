"""The historical ICOR (forecast/gdp/icor.py) against a hand computation from the stored series."""
from __future__ import annotations

import numpy as np
import pytest

from forecast.data.api import load
from forecast.gdp.icor import COVID_YEARS, default_icor, icor_table


def annual(series: str, year: int) -> float:
    """The sum of a quarterly series' four quarters in `year`."""
    df = load([series], start=f"{year}Q1", end=f"{year}Q4")
    assert len(df) == 4, (series, year)
    return float(df["value"].sum())


def real_growth(year: int) -> float:
    return (annual("gdp_real.total", year) / annual("gdp_real.total", year - 1) - 1) * 100


def gfcf(year: int) -> float:
    df = load(["gfcf.total"], start=str(year), end=str(year))
    return float(df["value"].item())


def test_growth_reproduces_the_official_2024_figure():
    assert round(real_growth(2024), 2) == 7.09


def test_icor_by_hand_from_the_stored_series():
    t = icor_table().set_index("year")
    share = {y: annual("investment.social", y) / annual("gdp_nominal.total", y) * 100 for y in (2022, 2023, 2024)}
    growth = {y: real_growth(y) for y in (2022, 2023, 2024)}
    for y in share:
        assert t.loc[y, "investment_share_pct"] == pytest.approx(share[y], rel=1e-12)
        assert t.loc[y, "icor"] == pytest.approx(share[y] / growth[y], rel=1e-12)
    assert t.loc[2024, "icor_3y"] == pytest.approx(np.mean(list(share.values())) / np.mean(list(growth.values())),
                                                  rel=1e-12)
    # before 2020: GFCF share scaled by the mean social/GFCF ratio of the years both have (2020-2023)
    both = [2020, 2021, 2022, 2023]
    ratio = np.mean([annual("investment.social", y) / gfcf(y) for y in both])
    assert t.attrs["splice_ratio"] == pytest.approx(ratio, rel=1e-12)
    s2018 = gfcf(2018) / annual("gdp_nominal.total", 2018) * 100 * ratio
    assert t.loc[2018, "investment_share_pct"] == pytest.approx(s2018, rel=1e-12)
    assert t.loc[2018, "source"] == "gfcf" and t.loc[2024, "source"] == "social"


def test_the_default_is_the_last_five_non_covid_years():
    value, years = default_icor()
    assert years == [2018, 2019, 2022, 2023, 2024] and not set(years) & set(COVID_YEARS)
    t = icor_table().set_index("year")
    hand = t.loc[years, "investment_share_pct"].mean() / np.mean([real_growth(y) for y in years])
    assert value == pytest.approx(hand, rel=1e-12) and t.loc[2024, "icor_5y"] == pytest.approx(hand, rel=1e-12)
    with_covid = icor_table(None, ()).set_index("year")
    assert with_covid.loc[2024, "icor_5y"] > value          # 2020-21's near-zero growth inflates the ratio
