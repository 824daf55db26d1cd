"""International arrivals: published rates from the stored levels, the unit switch, import = build, bad headers."""
from __future__ import annotations

import pytest

from forecast.data.releases import arrivals as release_arrivals
from forecast.data.releases.workbook import open_release
from forecast.data.sources import arrivals

from tests.forecast.data.activity_checks import (assert_import_one_by_one_equals_build, assert_refused,
                                                 broken_release, gso_dir, rate_gaps, release, series, stored)

STEMS = ["arrivals", "arrivals.air", "arrivals.road", "arrivals.sea"]
# Arrivals are counted at the border and barely revised: the month's published rate is reproduced
# by its first estimate against the newest value a year earlier to 0.05% of the growth factor
# (largest gap 0.03%, road 2021-02); the year to date to 3.5% (road 2021-04, 3.15%: 2020's
# road arrivals revised after the year to date was printed; all others within 0.6%).
MONTH_TOL, YTD_TOL = 0.05, 3.5


@pytest.mark.parametrize("stem", STEMS)
def test_published_rates_reproduced(stem):
    _, every = stored()
    latest_level = series(every, stem)
    month = rate_gaps(series(every, stem, "first_estimate", first=True), latest_level,
                      series(every, f"{stem}.yoy", first=True))
    ytd = rate_gaps(series(every, f"{stem}.ytd", first=True), series(every, f"{stem}.ytd"),
                    series(every, f"{stem}.ytd_yoy", first=True))
    assert len(month) >= 50 and len(ytd) >= 49  # 2021-01 .. 2025-02
    assert month.abs().max() <= MONTH_TOL, month.abs().idxmax()
    assert ytd.abs().max() <= YTD_TOL, ytd.abs().idxmax()
    assert ytd.abs().median() <= 0.01


def test_modes_add_up_to_the_total():
    latest, _ = stored()
    total = series(latest, "arrivals")
    parts = sum(series(latest, s) for s in STEMS[1:])
    assert ((parts / total - 1).abs() < 0.001).all()


def test_unit_switch_thousands_to_visits():
    """2020-03 prints thousands, 2020-04 visits; March as revised in April equals March as first
    estimated in thousands x 1000 (to the rounding of the thousands: 10 visits)."""
    gso = gso_dir()
    march = release_arrivals.parse(open_release(release(gso, "2020-03")))
    april = release_arrivals.parse(open_release(release(gso, "2020-04")))
    first = march[(march["series"] == "arrivals") & (march["period"] == "2020-03")]["value"].item()
    revised = april[(april["series"] == "arrivals") & (april["period"] == "2020-03")]["value"].item()
    assert abs(first - revised) <= 10
    assert first > 400_000  # visits, not thousands


def test_covid_collapse_and_recovery():
    latest, _ = stored()
    s = series(latest, "arrivals")
    assert s["2019-12"] > 1_500_000 and s["2020-04"] < 30_000  # borders closed from late March 2020
    assert s["2021-01":"2021-12"].max() < 50_000
    assert s["2024-12"] > 1_500_000


def test_english_edition_read():
    gso = gso_dir()
    obs = release_arrivals.parse(open_release(release(gso, "2020-09")))
    assert set(obs["series"]) == {f"{s}{k}" for s in STEMS for k in ("", ".ytd", ".yoy", ".ytd_yoy")}
    ytd = obs[obs["series"] == "arrivals.ytd"]["value"].item()
    assert 3_700_000 < ytd < 3_900_000


@pytest.mark.slow
def test_import_one_by_one_equals_build():
    assert assert_import_one_by_one_equals_build(arrivals, release_arrivals, gso_dir()) > 900


def test_unexpected_header_refused(capsys, tmp_path):
    gso = gso_dir()
    bad, sheet, row = broken_release(gso, "2025-02", "khach quoc te den viet nam", "tháng 02", "Dự báo tháng 3", tmp_path)
    assert_refused(capsys, tmp_path, bad, sheet, row, "not a column growthsim knows")
