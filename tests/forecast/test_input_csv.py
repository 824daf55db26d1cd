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


# ---------------------------------------------------------------- in memory (the app's uploads)
def test_parse_in_memory_reads_bytes_and_text_and_names_the_source():
    from forecast.input_csv import parse_input_csv

    body = "series,period,value\na,2020-01,1\na,2020-02,2.5\n"
    assert parse_input_csv(body.encode())["a"].tolist() == [1.0, 2.5]
    assert parse_input_csv(body, source="mine.csv")["a"].tolist() == [1.0, 2.5]
    with pytest.raises(GrowthsimError, match=r"^upload\.csv: row 2 \(line 3\): value 'x'"):
        parse_input_csv(b"series,period,value\na,2020-01,1\na,2020-02,x\n")


def test_size_and_row_limits_refuse_before_parsing():
    from forecast.input_csv import InputTooLarge, parse_input_csv

    rows = "".join(f"a,{2000 + i // 12}-{i % 12 + 1:02d},{i}\n" for i in range(300))
    body = ("series,period,value\n" + rows).encode()
    with pytest.raises(InputTooLarge, match="bytes is more than the limit of 1,000 bytes"):
        parse_input_csv(body, max_bytes=1000)
    with pytest.raises(InputTooLarge, match="more than the limit of 100 data rows"):
        parse_input_csv(body, max_rows=100)
    assert len(parse_input_csv(body, max_rows=300, max_bytes=len(body))["a"]) == 300


def test_messages_are_capped_whatever_the_file_holds():
    """A 3 MB file of duplicate rows once gave a message of 1,986,122 characters."""
    from forecast.input_csv import parse_input_csv

    body = ("series,period,value\n" + "a,2020-01,1\n" * 250_000).encode()
    assert len(body) > 2_900_000
    with pytest.raises(GrowthsimError) as e:
        parse_input_csv(body)
    msg = str(e.value)
    assert len(msg) < 300, msg
    assert "rows 1, 2, 3, 4, 5 and 249,995 more" in msg
    long_cell = "x" * 100_000
    with pytest.raises(GrowthsimError) as e:
        parse_input_csv(f"series,period,value\na,2020-01,{long_cell}\n")
    assert len(str(e.value)) < 200
    with pytest.raises(GrowthsimError) as e:
        parse_input_csv(",".join(f"c{i}" for i in range(50_000)) + "\n" + "1," * 49_999 + "1\n")
    assert "and 49,990 more" in str(e.value) and len(str(e.value)) < 300
