"""Tết regressors put the holiday, the pre-Tết weeks and the restart week in the right months."""
from __future__ import annotations

import numpy as np
import pytest

from forecast.tet_regressors import (COVID_MONTHS, PRE_TET_DAYS, calendar_exog, covid_dummies,
                                     tet_regressors)


def _months(year):
    return [f"{year}-{m:02d}" for m in range(1, 13)]


def test_2023_holiday_all_in_january():
    # Tết 2023-01-22, holiday 20..26 January
    r = tet_regressors(_months(2023))
    assert r.loc["2023-01", "tet_holiday"] == pytest.approx(1.0)
    assert r["tet_holiday"].drop("2023-01").sum() == pytest.approx(0.0)
    # pre-Tết: 30 Dec 2022 .. 19 Jan 2023 → 19 of 21 days in January
    assert r.loc["2023-01", "tet_pre"] == pytest.approx(19 / PRE_TET_DAYS)


def test_2024_holiday_all_in_february():
    # Tết 2024-02-10, holiday 8..14 February; pre-Tết 18 Jan .. 7 Feb: 14 days Jan, 7 Feb
    r = tet_regressors(_months(2024))
    assert r.loc["2024-02", "tet_holiday"] == pytest.approx(1.0)
    assert r.loc["2024-01", "tet_holiday"] == 0.0
    assert r.loc["2024-01", "tet_pre"] == pytest.approx(14 / 21)
    assert r.loc["2024-02", "tet_pre"] == pytest.approx(7 / 21)
    assert r.loc["2024-02", "tet_post"] == pytest.approx(1.0)


def test_2025_holiday_split_between_january_and_february_by_days():
    # holiday 27 Jan .. 1 Feb 2025: 5 days in January, 1 in February
    r = tet_regressors(_months(2025))
    assert r.loc["2025-01", "tet_holiday"] == pytest.approx(5 / 6)
    assert r.loc["2025-02", "tet_holiday"] == pytest.approx(1 / 6)
    assert r.loc["2025-03":, "tet_holiday"].sum() == 0.0


@pytest.mark.parametrize("year", range(2012, 2031))
def test_each_window_sums_to_one_over_the_year_and_its_december(year):
    r = tet_regressors([f"{year - 1}-12"] + _months(year)[:3])
    for col in ("tet_holiday", "tet_pre", "tet_post"):
        assert r[col].sum() == pytest.approx(1.0)
    # the holiday never falls in March or in December
    assert r.loc[f"{year}-03", "tet_holiday"] == 0.0 and r.loc[f"{year - 1}-12", "tet_holiday"] == 0.0


def test_covid_pulses_only_for_months_in_the_training_sample():
    train = _months(2020)
    X = covid_dummies(train + _months(2021), train)
    assert list(X.columns) == ["covid_2020_04"]
    assert X["covid_2020_04"].sum() == 1.0 and X.loc["2020-04", "covid_2020_04"] == 1.0
    Xt, Xf = calendar_exog(_months(2019) + _months(2020) + _months(2021), _months(2022))
    assert [c for c in Xt.columns if c.startswith("covid")] == [f"covid_{m.replace('-', '_')}" for m in COVID_MONTHS]
    assert np.all(Xf.filter(like="covid").to_numpy() == 0.0)
    assert len(Xf) == 12 and list(Xf.columns) == list(Xt.columns)
