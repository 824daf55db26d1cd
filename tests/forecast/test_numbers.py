"""forecast.numbers: numbers typed in the vi and en styles, ambiguous and malformed entries refused with
the field and what was typed, a CSV column's style decided from all its values and the delimiter."""
from __future__ import annotations

import pytest

from forecast.errors import GrowthsimError
from forecast.numbers import NumberError, column_style, format_number, is_ambiguous, parse_number, read_column


@pytest.mark.parametrize("text, style, value", [
    ("8,5", "vi", 8.5), ("90.500", "vi", 90500), ("351.640,5", "vi", 351640.5), ("-1,2", "vi", -1.2),
    ("−3,0%", "vi", -3.0), ("1 234,5", "vi", 1234.5), ("0,500", "vi", 0.5), ("1234,567", "vi", 1234.567),
    ("8.5", "en", 8.5), ("90,500", "en", 90500), ("351,640.5", "en", 351640.5), (" +9.7 % ", "en", 9.7),
    ("90500", "vi", 90500), ("90500", "en", 90500), (",5", "vi", 0.5), ("1.5e-05", "en", 1.5e-05),
])
def test_typed_numbers_in_each_style(text, style, value):
    assert parse_number(text, style, "target") == pytest.approx(value)


@pytest.mark.parametrize("text, style, readings", [
    ("90,500", "vi", ("90,5", "90500")), ("90.500", "en", ("90.5", "90500")), ("8,125", "vi", ("8,125", "8125")),
])
def test_ambiguous_entry_refused_with_both_readings_and_the_field(text, style, readings):
    assert is_ambiguous(text, style)
    with pytest.raises(NumberError) as err:
        parse_number(text, style, "level target")
    msg = str(err.value)
    assert msg.startswith("level target: ") and repr(text) in msg and "ambiguous" in msg
    assert all(r in msg for r in readings)


@pytest.mark.parametrize("text, style", [("0,500", "vi"), ("1234,567", "vi"), ("90,5", "vi"), ("90.500", "vi"),
                                         ("90,500", "en"), ("1.234,567", "vi")])
def test_not_ambiguous(text, style):
    assert not is_ambiguous(text, style)
    parse_number(text, style)


@pytest.mark.parametrize("text, style, hint", [
    ("8.5", "vi", "8,5?"), ("8,5", "en", "8.5?"), ("abc", "en", None), ("1,2,3", "en", None), ("12.34.5", "vi", None),
    ("1.23", "vi", "1,23?"), ("--3", "en", None), ("", "vi", None),
])
def test_malformed_entry_names_the_field_and_the_text(text, style, hint):
    with pytest.raises(NumberError) as err:
        parse_number(text, style, "Q1")
    msg = str(err.value)
    assert msg.startswith("Q1: ")
    assert (repr(text) in msg) if text else "needed" in msg
    if hint:
        assert hint in msg
    assert isinstance(err.value, ValueError)      # callers that catch ValueError keep working


def test_format_round_trips_through_parse():
    for x in (351640.5, -1.25, 0.0, 1234567.891):
        for style in ("vi", "en"):
            for d in (0, 1, 2):
                assert parse_number(format_number(x, style, d), style) == pytest.approx(round(x, d))
    assert is_ambiguous(format_number(-1.25, "vi", 3), "vi")      # why the app never shows 3 decimals below 1000
    assert format_number(351640.5, "vi", 1) == "351.640,5" and format_number(351640.5, "en", 1) == "351,640.5"


def test_column_style_is_decided_by_the_values_that_only_one_style_reads():
    assert column_style(["20145,2", "90,500"], ";")[0] == "vi"
    assert read_column(["20145,2", "90,500"], ";") == [20145.2, 90.5]   # the column says ',' is decimal
    assert read_column(["20145.2", "90,500"], ";") == [20145.2, 90500]
    assert column_style(["12", "13"], ";") == (None, None, None)       # read alike in both
    assert read_column(["90,500", "91,200"], ";") == [90.5, 91.2]      # ';' file: a comma is decimal
    assert read_column(['90,500', '91,200'], ",") == [90500, 91200]    # ',' file: English style


def test_column_that_cannot_be_decided_names_the_row():
    with pytest.raises(GrowthsimError) as err:
        read_column(["12", "1.234", "1.456"], ";", source="tinh.csv")
    msg = str(err.value)
    assert msg.startswith("tinh.csv: row 2: value '1.234' could be 1.234 or 1234")
    with pytest.raises(GrowthsimError, match=r"^tinh.csv: row 3: value mixes number styles: '8,5' \(row 1\)"):
        read_column(["8,5", "9", "8.5"], ",", source="tinh.csv")
    with pytest.raises(GrowthsimError, match=r"^tinh.csv: line 3: value 'x' is not a number"):
        read_column(["8,5", "x"], ";", source="tinh.csv", row_label=lambda n: f"line {n + 1}")


def test_restyle_keeps_the_decimals_typed():
    from forecast.numbers import decimals_typed, restyle

    assert restyle("8,4", "vi", "en") == "8.4" and restyle("8.36", "en", "vi") == "8,36"
    assert restyle("90.500", "vi", "en") == "90,500" and decimals_typed("90.500", "vi") == 0
    assert restyle("351.640,5", "vi", "en") == "351,640.5"
    with pytest.raises(NumberError):
        restyle("90,500", "vi", "en")
