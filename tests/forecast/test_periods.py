"""forecast.periods: round trips, shift/between inverse, ranges, quarters, strict parsing naming the field."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from forecast import periods as P
from forecast.errors import GrowthsimError

ROOT = Path(__file__).resolve().parents[2]
years = st.integers(1900, 2100)
month_nums = st.integers(1, 12)
months = st.builds(lambda y, m: f"{y:04d}-{m:02d}", years, month_nums)
quarters = st.builds(lambda y, q: f"{y:04d}Q{q}", years, st.integers(1, 4))
steps = st.integers(-600, 600)


@given(months)
def test_month_text_round_trip(text):
    p = P.month(text)
    assert isinstance(p, pd.Period) and p.freqstr == "M"
    assert P.to_str(p) == text
    assert P.month(p) is p  # a Period passes through


@given(quarters)
def test_quarter_text_round_trip(text):
    q = P.quarter(text)
    assert P.to_str(q) == text and q.freqstr.startswith("Q")


@given(months, steps)
def test_shift_and_months_between_are_inverse(text, k):
    p = P.month(text)
    assert P.months_between(p, P.shift(p, k)) == k
    assert P.shift(P.shift(text, k), -k) == p
    assert P.months_between(text, P.to_str(P.shift(text, k))) == k  # text in, same answer


@given(months, st.integers(0, 60))
def test_month_range_is_contiguous_and_inclusive(start, n):
    r = P.month_range(start, P.shift(start, n))
    assert len(r) == n + 1 and r[0] == P.month(start)
    assert all(P.months_between(a, b) == 1 for a, b in zip(r[:-1], r[1:]))
    assert len(P.month_range(start, P.shift(start, -1))) == 0


@given(st.lists(st.integers(0, 48), min_size=1, max_size=30))
def test_missing_months_fill_the_gaps(offsets):
    base = P.month("2019-01")
    have = [base + k for k in offsets]
    missing = P.missing_months([P.to_str(p) for p in have])
    assert sorted(set(have) | set(missing)) == list(P.month_range(min(have), max(have)))
    assert not set(missing) & set(have)


@given(months)
def test_quarter_of_and_months_of_agree(text):
    m = P.month(text)
    q = P.quarter_of(m)
    assert m in P.months_of(q) and len(P.months_of(q)) == 3
    assert P.last_month(q) == P.months_of(q)[-1]
    assert P.to_str(q) == f"{text[:4]}Q{(int(text[5:]) - 1) // 3 + 1}"
    assert P.last_month(m) == m and P.last_month(m.year) == P.month(f"{text[:4]}-12")


@given(quarters, st.integers(-40, 40))
def test_quarter_steps(text, k):
    q = P.quarter(text)
    assert P.quarters_between(q, P.shift(q, k)) == k
    assert len(P.quarter_range(q, P.shift(q, 4))) == 5


@given(st.lists(months, min_size=1, max_size=20, unique=True))
def test_index_round_trip(texts):
    idx = P.to_index(texts)
    assert isinstance(idx, pd.PeriodIndex)
    assert list(P.str_index(idx)) == texts
    assert P.to_index(idx) is idx
    q = P.to_index([P.to_str(P.quarter_of(t)) for t in texts], P.QUARTER)
    assert q.freqstr.startswith("Q")


def test_year_months_and_last_month_of_a_year():
    assert P.to_strs(P.year_months(2025)) == [f"2025-{m:02d}" for m in range(1, 13)]
    assert P.last_month("2024") == P.month("2024-12") == P.last_month(pd.Period("2024", freq="Y"))
    assert P.last_month("2024Q2") == P.month("2024-06")


@pytest.mark.parametrize("bad", ["2024-13", "2024-00", "2024-1", "24-01", "2024/01", "2024-01-05", " 2024-01",
                                 "2024Q1", "", None, 202401, 2024.0, pd.Period("2024Q1", freq="Q")])
def test_bad_month_refused_naming_the_field(bad):
    with pytest.raises(GrowthsimError, match=r"^--origin must be a month YYYY-MM, got "):
        P.month(bad, "--origin")
    assert not P.is_month(bad)


@given(st.text(max_size=10))
def test_month_parser_is_strict(text):
    ok = re.fullmatch(r"\d{4}-\d{2}", text) is not None and 1 <= int(text[5:]) <= 12 and text.isascii()
    assert P.is_month(text) == ok
    if not ok:
        with pytest.raises(GrowthsimError, match="start"):
            P.month(text, "start")


@pytest.mark.parametrize("bad", ["2024Q5", "2024Q0", "2024q1", "2024-Q1", "2024-03", "Q1", None])
def test_bad_quarter_refused_naming_the_field(bad):
    with pytest.raises(GrowthsimError, match=r"^known\.2024Q5 must be a quarter YYYYQn, got "):
        P.quarter(bad, "known.2024Q5")


def test_bad_input_names_file_and_row_when_given():
    with pytest.raises(GrowthsimError) as e:
        P.month("2024-13", "period", source="in.csv", location="row 3")
    assert str(e.value) == "in.csv: row 3: period must be a month YYYY-MM, got '2024-13'"


@pytest.mark.parametrize("text, ok", [("2024-02-29", True), ("2023-02-29", False), ("2024-13-01", False),
                                      ("2024-01-32", False), ("2024-1-01", False), ("2024-12-31", True)])
def test_dates(text, ok):
    assert P.is_date(text) == ok
    if not ok:
        with pytest.raises(GrowthsimError, match="^vintage must be a date YYYY-MM-DD"):
            P.date(text, "vintage")


def test_freq_of_store_periods():
    assert [P.freq_of(t) for t in ("2024-05", "2024Q2", "2024")] == ["M", "Q", "A"]
    with pytest.raises(ValueError, match="not a period"):
        P.freq_of("2024-5")


def test_the_month_pattern_is_written_once():
    cmd = ["grep", "-rnE", "--include=*.py", r"0\[1-9\]|1\[0-2\]", "forecast", "scenarios", "dashboards"]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True).stdout.strip().splitlines()
    assert len(out) == 1 and out[0].startswith("forecast/periods.py:"), out
