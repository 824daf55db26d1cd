"""Writing scenario files (`dumps`) and the one validation shared by files and the app."""
from __future__ import annotations

import tomllib

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scenario_helpers import EXAMPLE, assumptions

from forecast.data.sectors import GROUPS, LEAVES
from scenarios.assumptions import Baseline, Filled, Normal, Point, SumOfMembers, Triangular, Uniform
from scenarios.errors import ImpossibleScenarioError, ScenarioError
from scenarios.files import dumps, load, parse
from scenarios.messages import Message
from scenarios.scenario import KEYS, MAX_PLAN_YEARS, Scenario, YearSpec, validate

EVERY_FIELD = Scenario(
    name='Kịch bản "8%" — công nghiệp\n10–12%', year=2026, target=8.25,
    growth={"services": Normal(7.5, 0.6), "agriculture": Triangular(2.5, 3.5, 4.0), "industry": Uniform(10.0, 12.0),
            "construction": Point(8.0), "taxes": Baseline()},
    known={1: 7.2, 3: -0.5}, known_sectors={3: {"manufacturing": 8.0}, 4: {"services": 6.5, "taxes": 5.0}},
    independent=True, vintage="2025-10-06", seed=11,
    bounds={"services": (6.0, 9.0), "industry": (-1.5, 14.0)},
    years={2025: YearSpec({"services": Point(7.0), "construction": Normal(8.0, 1.0)}, target=7.5),
           2027: YearSpec({"industry": Uniform(9.0, 11.0)})},
    until=2028, target_average=9.0, icor=4.5)


def test_every_field_round_trips():
    text = dumps(EVERY_FIELD)
    back = parse(text, source="x.toml")
    assert back == EVERY_FIELD
    assert list(back.growth) == list(EVERY_FIELD.growth)          # order kept: it orders the draws
    for f in ("name", "year", "target", "growth", "known", "known_sectors", "independent", "vintage", "seed",
              "bounds", "years", "until", "target_average", "icor"):
        assert getattr(back, f) == getattr(EVERY_FIELD, f), f
    assert back.source == "x.toml" and back.lines["growth.industry"] > 0    # not part of equality
    # one key per line, as a person would write it
    assert 'agriculture = { dist = "triangular", low = 2.5, mode = 3.5, high = 4.0 }' in text
    assert "[years.2025]\nservices = 7.0\n" in text and "target = 7.5" in text and "until = 2028" in text
    assert "industry = [10.0, 12.0]" in text and 'taxes = "baseline"' in text and "[known.2026Q3]\ntotal = -0.5\nmanufacturing = 8.0" in text


def test_defaults_are_left_out_and_the_example_round_trips():
    text = dumps(Scenario(name="a", year=2025, target=8.0))
    assert tomllib.loads(text) == {"scenario": {"name": "a", "year": 2025, "target": 8.0}}
    ex = load(EXAMPLE)
    assert parse(dumps(ex)) == ex


finite = st.floats(-40, 40, allow_nan=False, allow_infinity=False)


@st.composite
def scenarios_(draw):
    keys = draw(st.lists(st.sampled_from(KEYS), unique=True, max_size=6))
    bounds_keys = draw(st.lists(st.sampled_from(KEYS), unique=True, max_size=3))
    bounds = {}
    for k in bounds_keys:
        lo, hi = sorted((draw(finite), draw(finite)))
        bounds[k] = (lo, hi)
    year = draw(st.integers(1990, 2100))
    until = draw(st.none() | st.integers(year, year + MAX_PLAN_YEARS - 1))
    last = year - 1 if until is None else until
    year_keys = draw(st.lists(st.integers(year - MAX_PLAN_YEARS, last), unique=True, max_size=3))
    years = {y: YearSpec({k: draw(assumptions(finite)) for k in draw(st.lists(st.sampled_from(KEYS), unique=True,
                                                                              max_size=3))},
                         target=draw(st.none() | st.floats(-50, 50)))
             for y in year_keys}
    sc = Scenario(
        name=draw(st.text(max_size=40)), year=year, years=years, until=until,
        target_average=None if until is None else draw(st.none() | st.floats(-50, 50)),
        icor=draw(st.none() | st.floats(0.5, 30)),
        target=draw(st.floats(-50, 50)),               # scenarios/limits.py GROWTH_LIMITS
        growth={k: draw(assumptions(finite)) for k in keys},
        known={q: draw(finite) for q in draw(st.lists(st.integers(1, 4), unique=True))},
        known_sectors={q: {k: draw(finite) for k in draw(st.lists(st.sampled_from(LEAVES), min_size=1, max_size=3,
                                                                  unique=True))}
                       for q in draw(st.lists(st.integers(1, 4), unique=True))},
        independent=draw(st.booleans()),
        vintage=draw(st.none() | st.dates().map(lambda d: f"{d:%Y-%m-%d}").filter(lambda s: len(s) == 10)),
        seed=draw(st.none() | st.integers(0, 2**63 - 1)), bounds=bounds)
    try:
        validate(sc)
    except ImpossibleScenarioError:
        assume(False)          # a group set with all its members: refused, tested below
    return sc


@settings(max_examples=300, deadline=None)
@given(scenarios_())
def test_parse_of_dumps_is_the_scenario(sc):
    back = parse(dumps(sc))
    assert back == sc
    assert list(back.growth) == list(sc.growth)


# ---------------------------------------------------------------- one validation for files and the app
BAD = [
    ("year 1980", Scenario(name="x", year=1980, target=8.0), "year = 1980\ntarget = 8", "",
     "year must be a whole year such as 2025, got 1980"),
    ("target nan", Scenario(name="x", year=2025, target=float("nan")), "year = 2025\ntarget = nan", "",
     "target must be a number (GDP growth, %), got nan"),
    ("range order", Scenario(name="x", year=2025, target=8.0, growth={"industry": Uniform(12.0, 10.0)}),
     "year = 2025\ntarget = 8", "[growth]\nindustry = [12, 10]\n", "range low 12 is above high 10"),
    ("triangular order", Scenario(name="x", year=2025, target=8.0, growth={"services": Triangular(5.0, 9.0, 8.0)}),
     "year = 2025\ntarget = 8", '[growth]\nservices = {dist = "triangular", low = 5, mode = 9, high = 8}\n',
     "triangular needs low <= mode <= high, got 5, 9, 8"),
    ("bounds order", Scenario(name="x", year=2025, target=8.0, bounds={"services": (9.0, 6.0)}),
     "year = 2025\ntarget = 8", "[bounds]\nservices = [9, 6]\n", "bounds low 9 is above high 6"),
    ("group fixed twice", Scenario(name="x", year=2025, target=8.0,
                                   growth={"industry": Point(10.0), **{m: Point(9.0) for m in GROUPS["industry"]}}),
     "year = 2025\ntarget = 8", "[growth]\nindustry = 10\n" + "".join(f"{m} = 9\n" for m in GROUPS["industry"]),
     "industry is set and so is every one of its members"),
    ("until before year", Scenario(name="x", year=2026, target=8.0, until=2025), "year = 2026\ntarget = 8\nuntil = 2025",
     "", "until = 2025 is before year = 2026"),
    ("plan too long", Scenario(name="x", year=2026, target=8.0, until=2040), "year = 2026\ntarget = 8\nuntil = 2040",
     "", "a plan covers at most 10 years; 2026-2040 is 15"),
    ("year outside the chain", Scenario(name="x", year=2026, target=8.0, years={2026: YearSpec({"services": Point(7.0)})}),
     "year = 2026\ntarget = 8", "[years.2026]\nservices = 7\n", "[years.2026] is outside the chain"),
    ("icor", Scenario(name="x", year=2026, target=8.0, icor=0.1), "year = 2026\ntarget = 8\nicor = 0.1", "",
     "icor must be a number from 0.5 to 30"),
]


@pytest.mark.parametrize("what,sc,head,body,message", BAD, ids=[b[0] for b in BAD])
def test_files_and_the_app_share_one_validation(what, sc, head, body, message):
    with pytest.raises(ScenarioError) as direct:
        validate(sc)
    with pytest.raises(ScenarioError) as from_file:
        parse(f"[scenario]\nname = \"x\"\n{head}\n{body}", source="s.toml")
    assert message in direct.value.message and direct.value.message == from_file.value.message
    assert type(direct.value) is type(from_file.value)
    assert str(from_file.value).startswith("s.toml: line ")            # the file's errors name the line
    assert isinstance(direct.value.msg, Message) and direct.value.msg.key   # and carry a key for the app


def test_nested_groups_fixed_twice_and_partly_set_groups_pass():
    energy = set(GROUPS["energy"]) if "energy" in GROUPS else set()
    ok = Scenario(name="x", year=2025, target=8.0, growth={"industry": Point(10.0), "manufacturing": Point(11.0)})
    assert validate(ok) is ok
    if energy:
        rest = [m for m in GROUPS["industry"] if m not in energy]
        twice = Scenario(name="x", year=2025, target=8.0,
                         growth={"industry": Point(10.0), "energy": Point(9.0), **{m: Point(9.0) for m in rest}})
        with pytest.raises(ImpossibleScenarioError, match="industry is set and so is every one"):
            validate(twice)


def test_used_says_how_each_key_is_filled():
    sc = load(EXAMPLE)
    used = sc.used()
    assert used["industry"] == Uniform(10.0, 12.0) and used["electricity"] == Uniform(12.0, 16.0)
    assert used["manufacturing"] == Filled("industry") and used["mining"] == Filled("industry")
    assert used["taxes"] == Baseline()
    unset_groups = [g for g in GROUPS if g not in sc.growth]
    assert unset_groups and all(used[g] == SumOfMembers() for g in unset_groups)
    assert set(used) == set(LEAVES) | set(GROUPS)
