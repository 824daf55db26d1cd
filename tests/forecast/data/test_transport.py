"""Transport: published rates from stored levels, layout quirks, import = build, bad headers refused."""
from __future__ import annotations

import pytest

from forecast.data.releases import transport as release_transport
from forecast.data.releases.workbook import open_release
from forecast.data.sources import transport

from tests.forecast.data.activity_checks import (assert_import_one_by_one_equals_build, assert_refused,
                                                 broken_release, gso_dir, rate_gaps, release, series, stored)

STEMS = ["transport.passengers", "transport.passenger_km", "transport.freight", "transport.tonne_km"]
# GSO revises transport heavily after the first estimate (the next year to date differs from the
# last by the month's estimate by 3-6% at the median), and its rates compare with the revised
# figures a year earlier. So the published year-to-date rate against the first-published year
# to date a year earlier agrees to a median 0.7-1.6% of the growth factor, and the years whose
# base was not revised (2021, 2024) to 0.5% in December; 2022 passenger levels were revised by
# about 14% in 2023 (2023-12 gap 13.7%).
YTD_MEDIAN_TOL = 2.0
DECEMBER_TOL = 0.5


@pytest.mark.parametrize("stem", STEMS)
def test_published_ytd_rates_reproduced(stem):
    _, every = stored()
    gaps = rate_gaps(series(every, f"{stem}.ytd", first=True), series(every, f"{stem}.ytd"),
                     series(every, f"{stem}.ytd_yoy", first=True))
    assert len(gaps) >= 49
    assert gaps.abs().median() <= YTD_MEDIAN_TOL
    for year in (2021, 2024):
        assert abs(gaps[f"{year}-12"]) <= DECEMBER_TOL, year


def test_rates_printed_as_percent_in_2021_02():
    """2021-02 prints % changes, not indices: read as is (passengers carried -12.83% on 2020-02)."""
    obs = release_transport.parse(open_release(release(gso_dir(), "2021-02")))
    v = obs.set_index(["series", "period"])["value"]
    assert abs(v["transport.passengers.yoy", "2021-02"] - -12.83) < 0.01
    assert abs(v["transport.freight.yoy", "2021-02"] - 5.51) < 0.01


def test_shifted_freight_rows_of_2022_12():
    """2022-12: the freight volume's numbers stand on 'B. HÀNG HÓA'; the year to date then follows
    November's year to date plus December within 2%."""
    latest, _ = stored()
    ytd, month = series(latest, "transport.freight.ytd"), series(latest, "transport.freight")
    assert abs((ytd["2022-11"] + month["2022-12"]) / ytd["2022-12"] - 1) < 0.02


def test_covid_lockdown_months():
    latest, _ = stored()
    s = series(latest, "transport.passengers")
    assert s["2020-04"] < 0.3 * s["2020-01"]          # April 2020 nationwide social distancing
    assert s["2021-08"] < 0.2 * s["2021-01"]          # the southern lockdown of summer 2021


@pytest.mark.slow
def test_import_one_by_one_equals_build():
    assert assert_import_one_by_one_equals_build(transport, release_transport, gso_dir()) > 900


def test_unexpected_header_refused(capsys, tmp_path):
    bad, sheet, row = broken_release(gso_dir(), "2025-02", "van tai hang hoa", "tháng 02", "Dự báo tháng 4", tmp_path)
    assert_refused(capsys, tmp_path, bad, sheet, row, "not a column growthsim knows")
