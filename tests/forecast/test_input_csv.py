"""--input CSV: clean files are read; every kind of bad row is named."""
from __future__ import annotations

import pytest

from forecast import periods as P
from forecast.errors import GrowthsimError
from forecast.input_csv import read_input_csv


def _write(tmp_path, text, name="in.csv"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_reads_two_series(tmp_path):
    p = _write(tmp_path, "series,period,value\na,2020-01,1\na,2020-02,2.5\nb,2020-01,3\n")
    d = read_input_csv(p)
    assert list(d) == ["a", "b"]
    assert d["a"].to_dict() == {P.month("2020-01"): 1.0, P.month("2020-02"): 2.5}


@pytest.mark.parametrize("body, words", [
    ("series,period,value\na,2020-01,1\na,2020-02,abc\n", ["row 2", "'abc'", "not a number"]),
    ("series,period,value\na,2020-01,1\na,2020-13,2\n", ["row 2", "not a month"]),
    ("series,period,value\na,2020-01,1\na,2020-01,2\n", ["appears more than once", "rows 1, 2"]),
    ("series,period,value\na,2020-01,1\na,2020-04,2\n", ["gap", "2020-02, 2020-03"]),
    ("series,month,value\na,2020-01,1\n", ["missing column", "period"]),
    ("series,period,value\n", ["no data rows"]),
])
def test_bad_files_name_the_problem(tmp_path, body, words):
    p = _write(tmp_path, body)
    with pytest.raises(GrowthsimError) as e:
        read_input_csv(p)
    msg = str(e.value)
    assert str(p) in msg
    for w in words:
        assert w in msg
