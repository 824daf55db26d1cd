"""Investment: state-budget (monthly) and social (quarterly) rates from stored levels, the deflated
series, import = build, bad headers refused."""
from __future__ import annotations

import pytest

from forecast.data.releases import investment as release_investment
from forecast.data.releases.workbook import open_release
from forecast.data.sources import investment

from tests.forecast.data.activity_checks import (assert_import_one_by_one_equals_build, assert_refused,
                                                 broken_release, gso_dir, rate_gaps, release, series, stored)

# The published year-to-date rate against the first-published year to date a year earlier: GSO
# compares with the previous year's revised (final) figures, so the gap is the revision of the
# base, not a reading error. Largest gaps (% of the growth factor): total 3.9 (2025-01), local 4.1
# (2025-01), central 16.7 (2023-02, a small two-month base revised by a sixth).
YTD_TOL = {"investment": 4.0, "investment.local": 4.5, "investment.central": 17.0}


@pytest.mark.parametrize("stem", sorted(YTD_TOL))
def test_published_ytd_rates_reproduced(stem):
    _, every = stored()
    gaps = rate_gaps(series(every, f"{stem}.ytd", first=True), series(every, f"{stem}.ytd"),
                     series(every, f"{stem}.ytd_yoy", first=True))
    assert len(gaps) >= 45
    assert gaps.abs().max() <= YTD_TOL[stem], gaps.abs().idxmax()
    assert gaps.abs().median() <= 2.5


def test_social_first_quarter_rate_reproduced_within_its_release():
    """March releases print the first quarter a year earlier (revised) beside the estimate and their
    index: estimate / last year's quarter reproduces the published rate to 0.05%."""
    _, every = stored()
    level = every[every["series"] == "investment.social"]
    rate = series(every, "investment.social.yoy", "first_estimate", first=True)
    checked = 0
    for year in range(2021, 2025):
        est = level[(level["period"] == f"{year}Q1") & (level["status"] == "first_estimate")].iloc[0]
        base = level[(level["period"] == f"{year - 1}Q1") & (level["vintage"] == est["vintage"])]
        if base.empty:
            continue
        growth = est["value"] / base["value"].iloc[0]
        assert abs(growth / (1 + rate[f"{year}Q1"] / 100) - 1) < 0.0005, year
        checked += 1
    assert checked >= 3


def test_social_rebased_in_2021():
    """The 2021-03 release raises 2020Q1 by about 30% (new basis): the stored level breaks, the rates do not."""
    _, every = stored()
    q1 = every[(every["series"] == "investment.social") & (every["period"] == "2020Q1")].sort_values("vintage")
    assert q1["value"].iloc[-1] / q1["value"].iloc[0] > 1.25


def test_deflated_by_construction_deflator():
    latest, _ = stored()
    defl = investment.deflator(latest)
    real = series(latest, "investment_real.social")
    nominal = series(latest, "investment.social")
    assert len(real) >= 20 and real.index.max() == "2024Q4"
    assert ((real * defl.reindex(real.index) / nominal.reindex(real.index) - 1).abs() < 1e-9).all()
    quarterly = investment.quarterly_sum(series(latest, "investment"))
    state = series(latest, "investment_real")
    assert ((state * defl.reindex(state.index) / quarterly.reindex(state.index) - 1).abs() < 1e-9).all()
    assert (defl["2024Q1":] > defl["2020Q1"]).all()  # construction prices rose


def test_levels_add_up():
    """Central + local = total (0.5%), local rows filled from province + district + commune included."""
    latest, _ = stored()
    total, central, local = (series(latest, s) for s in ("investment", "investment.central", "investment.local"))
    both = total.index.intersection(local.index)
    assert len(both) >= 60
    assert (((central[both] + local[both]) / total[both] - 1).abs() < 0.005).all()


def test_empty_local_row_filled_from_its_levels():
    obs = release_investment.parse(open_release(release(gso_dir(), "2024-10")))
    v = obs.set_index(["series", "period"])["value"]
    assert abs(v["investment.local", "2024-10"] + v["investment.central", "2024-10"] - v["investment", "2024-10"]) < 1
    assert ("investment.local.ytd_yoy", "2024-10") not in v.index  # its rate stays empty


@pytest.mark.slow
def test_import_one_by_one_equals_build():
    assert assert_import_one_by_one_equals_build(investment, release_investment, gso_dir()) > 600


def test_unexpected_header_refused(capsys, tmp_path):
    bad, sheet, row = broken_release(gso_dir(), "2025-02", "von dau tu thuc hien tu nguon ngan sach",
                                     "tháng 02", "tháng 04", tmp_path)
    assert_refused(capsys, tmp_path, bad, sheet, row, "not a column growthsim knows")
