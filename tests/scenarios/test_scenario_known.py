"""Known quarters in a scenario: both [known] forms, the one limit, bad input with file and line, and
the baseline conditioned on them through the real forecast engine (data/ as shipped, to 2025-02)."""
from __future__ import annotations

import pytest
from scenario_helpers import make

import scenarios
from scenarios.errors import ScenarioError
from scenarios.files import dumps, parse
from scenarios.limits import QUARTER_LIMITS

HEAD = '[scenario]\nname = "k"\nyear = 2025\ntarget = 8.0\n'


def test_both_forms_read_and_round_trip():
    sc = parse(HEAD + '[known]\n"2025Q1" = 7.2\n\n[known.2025Q2]\ntotal = 6.9\nmanufacturing = 8\n\n'
               '[known.2025Q3]\nservices = 7.1\n', source="k.toml")
    assert sc.known == {1: 7.2, 2: 6.9}
    assert sc.known_sectors == {2: {"manufacturing": 8.0}, 3: {"services": 7.1}}
    assert parse(dumps(sc)) == sc
    assert "[known.2025Q2]\ntotal = 6.9\nmanufacturing = 8.0\n" in dumps(sc)
    # an inline table is the same table form
    assert parse(HEAD + '[known]\n"2025Q2" = {total = 6.9, manufacturing = 8}\n[known.2025Q3]\nservices = 7.1\n'
                 '[known.2025Q1]\ntotal = 7.2\n') == sc


@pytest.mark.parametrize("body, where, message", [
    ('[known]\n"2025Q1" = 7.2\n\n[known.2025Q1]\ntotal = 7\n', "k.toml: line 8, known.2025Q1", "given twice"),
    ("[known.2025Q2]\ntotal = 7\nmanufactring = 8\n", "k.toml: line 7, known.2025Q2.manufactring",
     "not a sector (did you mean 'manufacturing'?)"),
    ("[known.2025Q2]\nindustry = 8\n", "k.toml: line 6, known.2025Q2.industry", "is not a sector"),
    ("[known.2025Q2]\ntotal = 70\n", "k.toml: line 6, known.2025Q2", f"outside the limits {QUARTER_LIMITS[0]:g}"),
    ("[known.2025Q2]\nservices = -51\n", "k.toml: line 6, known.2025Q2.services", "outside the limits"),
    ("[known.2025Q2]\nservices = \"x\"\n", "k.toml: line 6, known.2025Q2.services", "must be a number"),
    ("[known.2024Q2]\ntotal = 7\n", "k.toml: line 6, known.2024Q2", "not a quarter of the scenario year 2025"),
    ("[known.2025Q2]\n", "k.toml: line 5, known.2025Q2", "gives nothing"),
    ("[known.2025Q2]\ntotal = 7\n" + "".join(f"{s} = 6\n" for s in ("agriculture", "mining", "manufacturing",
     "electricity", "water", "construction", "services", "taxes")), "k.toml: line 6, known.2025Q2",
     "every sector and the total"),
])
def test_bad_known_quarters_name_the_file_and_line(body, where, message):
    with pytest.raises(ScenarioError) as exc:
        parse(HEAD + body, source="k.toml")
    assert str(exc.value).startswith(where) and message in str(exc.value)
    assert "\n" not in str(exc.value)


def _run(extra: str):
    return scenarios.run(make("", extra=extra), draws=20_000, seed=3)


def test_a_lower_typed_first_quarter_lowers_the_baseline_call_and_the_probability():
    low, high = _run('[known]\n"2025Q1" = 6.0\n'), _run('[known]\n"2025Q1" = 7.5\n')
    none = _run("")
    assert low.baseline == high.baseline == "forecast engine"
    assert low.gdp_growth["mean"] < none.gdp_growth["mean"] < high.gdp_growth["mean"]
    assert high.gdp_growth["mean"] - low.gdp_growth["mean"] > 0.3
    assert low.probability_reach < high.probability_reach
    # the quarters the assumptions imply follow: the rest of the year is called from the conditioned baseline
    assert low.quarters_implied["2025Q2"] < high.quarters_implied["2025Q2"]


def test_a_known_sector_moves_the_call_and_set_sectors_keep_their_assumption():
    base = _run("")
    strong = _run("[known.2025Q1]\nmanufacturing = 14.0\n")
    assert strong.to_dict()["known_sectors"] == {"2025Q1": {"manufacturing": 14.0}}
    assert strong.contributions["manufacturing"]["growth_pct"] > base.contributions["manufacturing"]["growth_pct"]
    set_ = scenarios.run(make("manufacturing = 9.0", extra="[known.2025Q1]\nmanufacturing = 14.0\n"),
                         draws=20_000, seed=3)
    assert set_.contributions["manufacturing"]["growth_pct"] == pytest.approx(9.0)


def test_the_fallback_says_it_cannot_condition(fallback_baseline):
    res = _run('[known]\n"2025Q1" = 6.0\n')
    assert res.baseline.startswith("3-year average")
    assert any("cannot condition on the known quarters" in w for w in res.warnings)


def test_a_typed_published_quarter_wins_with_a_warning():
    sc = make("", head="year = 2024\ntarget = 7.0", extra='[known]\n"2024Q4" = 6.0\n')
    res = scenarios.run(sc, draws=5_000, seed=3)
    published = scenarios.run(make("", head="year = 2024\ntarget = 7.0"), draws=5_000, seed=3)
    assert any("2024Q4 is already published" in w for w in res.warnings)
    assert res.gdp_growth["mean"] < published.gdp_growth["mean"] - 0.2


def test_a_quarter_no_level_can_reach_falls_back_with_the_reason_and_leaves_the_engine_on():
    res = _run('[known.2025Q1]\ntotal = -45.0\nmanufacturing = 40.0\n')
    assert res.baseline.startswith("3-year average")
    assert any("no level can fall that far" in w for w in res.warnings)
    assert _run('[known]\n"2025Q1" = 6.0\n').baseline == "forecast engine"     # the failure is this quarter's
