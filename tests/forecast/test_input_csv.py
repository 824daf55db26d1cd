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


# ---------------------------------------------------------------- delimiters, decimal styles, unit and kind
def _store_csv(sep: str, dec: str, extra: str = "", bom: bool = False) -> bytes:
    """The store's IIP from 2015 as a user's file ('prov_iip', one decimal), with `sep` and decimal `dec`."""
    from forecast.data.api import load

    df = load("iip")
    df = df[df["period"] >= "2015-01"]
    head = sep.join(["series", "period", "value"] + ([extra.split("=")[0]] if extra else []))
    rows = [sep.join(["prov_iip", p, f"{v:.1f}".replace(".", dec)] + ([extra.split("=")[1]] if extra else []))
            for p, v in zip(df["period"], df["value"])]
    return (("\ufeff" if bom else "") + "\n".join([head, *rows]) + "\n").encode("utf-8")


def test_semicolon_decimal_comma_with_bom_reads_as_the_comma_dot_file():
    from forecast.input_csv import parse_input_csv

    vi = parse_input_csv(_store_csv(";", ",", bom=True), source="Bình Dương IIP.csv")["prov_iip"]
    en = parse_input_csv(_store_csv(",", "."))["prov_iip"]
    assert len(vi) > 100 and vi.equals(en)
    assert vi.index.equals(en.index) and (vi % 1 != 0).any()      # decimals kept, not read as thousands


def test_read_input_csv_takes_a_semicolon_file_from_disk(tmp_path):
    p = tmp_path / "tinh.csv"
    p.write_bytes("\ufeffseries;period;value\nx;2020-01;20145,2\nx;2020-02;19.012,7\n".encode("utf-8"))
    assert read_input_csv(p)["x"].tolist() == [20145.2, 19012.7]


@pytest.mark.parametrize("body, words", [
    ("series;period;value\nx;2020-01;8,5\nx;2020-02;8.5\n", ["row 2 (line 3)", "mixes number styles", "'8.5'"]),
    ("series;period;value\nx;2020-01;1.234\nx;2020-02;1.456\n", ["row 1 (line 2)", "could be 1.234 or 1234"]),
    ("series;period;value;kind\nx;2020-01;1,5;stock\n", ["row 1 (line 2)", "kind 'stock'"]),
    ("series;period;value;unit\nx;2020-01;1,5;kg\n", ["row 1 (line 2)", "unit 'kg'"]),
    ("series;period;value;unit;kind\nx;2020-01;1;million USD;index\n", ["unit 'million USD'", "not of an index"]),
    ("series;period;value;kind\nx;2020-01;1;index\nx;2020-02;1;flow\n", ["row 2 (line 3)", "two descriptions"]),
])
def test_upload_errors_name_the_files_own_name_and_row(body, words):
    from forecast.input_csv import parse_input_csv

    with pytest.raises(GrowthsimError) as err:
        parse_input_csv(body.encode("utf-8"), source="Bình Dương.csv")
    msg = str(err.value)
    assert msg.startswith("Bình Dương.csv: ") and "/tmp" not in msg
    for w in words:
        assert w in msg


def test_the_files_kind_decides_the_year_level():
    """A provincial IIP (kind index): the year's level is the mean of its months, not their total (the
    CLI printed 'level (total of the 12 months): 2,277' for one); the same file as a flow: the total."""
    from forecast.annual import annual_outlook
    from forecast.input_csv import parse_input_csv

    y_index = parse_input_csv(_store_csv(";", ",", "kind=index"))["prov_iip"]
    y_flow = parse_input_csv(_store_csv(";", ",", "kind=flow"))["prov_iip"]
    assert y_index.attrs == {"kind": "index"} and y_flow.attrs == {"kind": "flow"}
    mean = annual_outlook("prov_iip", 2025, n_paths=200, y=y_index).summary()
    total = annual_outlook("prov_iip", 2025, n_paths=200, y=y_flow).summary()
    assert mean["aggregation"] == "mean" and total["aggregation"] == "sum"
    assert total["level"]["p50"] == pytest.approx(12 * mean["level"]["p50"], rel=1e-9)
    assert mean["growth"] == total["growth"]        # growth is the same ratio either way
    last = y_index[P.year_months(2024)]
    assert 0.5 * last.mean() < mean["level"]["p50"] < 2 * last.mean()
