"""Scenario files: the example contract, every field, and errors naming file, line and key."""
from __future__ import annotations

import pytest
from scenario_helpers import EXAMPLE

import scenarios
from scenarios.assumptions import Baseline, Normal, Point, Triangular, Uniform
from scenarios.errors import ScenarioError
from scenarios.files import parse


def test_example_file_reads_as_written():
    sc = scenarios.load(EXAMPLE)
    assert sc.name == "2025: industry 10-12%, energy 12-16%"
    assert (sc.year, sc.target) == (2025, 8.0)
    assert sc.growth["industry"] == Uniform(10.0, 12.0)
    assert sc.growth["electricity"] == Uniform(12.0, 16.0)
    assert sc.growth["agriculture"] == Point(3.5)
    assert isinstance(sc.growth["taxes"], Baseline)
    assert sc.known == {1: 7.2}
    assert sc.lines["growth.electricity"] == 8


def test_every_kind_of_assumption():
    sc = parse("""[scenario]
year = 2025
target = 8
independent = true
vintage = "2024-10-24"
seed = 11
[growth]
agriculture = {dist = "triangular", low = 2.5, mode = 3.5, high = 4.0}
services = {dist = "normal", mean = 7.5, sd = 0.6}
"construction" = 8
mining = "baseline"
manufacturing = [9, 9]
[bounds]
services = [6, 9]
""")
    assert sc.growth["agriculture"] == Triangular(2.5, 3.5, 4.0)
    assert sc.growth["services"] == Normal(7.5, 0.6)
    assert sc.growth["construction"] == Point(8.0)
    assert sc.growth["manufacturing"] == Point(9.0)
    assert sc.set_keys() == ("agriculture", "services", "construction", "manufacturing")
    assert sc.independent and sc.vintage == "2024-10-24" and sc.seed == 11
    assert sc.bounds == {"services": (6.0, 9.0)}


@pytest.mark.parametrize("body,where,message", [
    ("[scenario]\nyear = 2025\ntarget = 8\n[growth]\nindusty = 10\n", "line 5, growth.industy", "did you mean 'industry'"),
    ("[scenario]\nyear = 2025\ntarget = 8\nindependant = true\n", "line 4, scenario.independant", "did you mean 'independent'"),
    ("[scenario]\nyear = 2025\ntarget = 8\n[grwth]\n", "line 4, grwth", "did you mean 'growth'"),
    ("[scenario]\nyear = 2025\ntarget = 8\n[growth]\nindustry = [12, 10]\n", "line 5, growth.industry", "low 12 is above high 10"),
    ("[scenario]\nyear = 2025\ntarget = 8\n[growth]\nindustry = \"ten\"\n", "line 5, growth.industry", "got 'ten'"),
    ("[scenario]\nyear = 2025\ntarget = 8\n[growth]\nindustry = \"10\"\n", "line 5, growth.industry", "without quotes"),
    ("[scenario]\nyear = 2025\ntarget = 8\n[growth]\nindustry = [10, \"x\"]\n", "line 5, growth.industry", "must be a number"),
    ("[scenario]\nyear = 2025\ntarget = 8\n[growth]\nindustry = 10 12\n", "line 5, column 15", "malformed TOML"),
    ("[scenario]\nyear = 2025\ntarget = \"eight\"\n", "line 3, scenario.target", "target must be a number"),
    ("[scenario]\nyear = 2025\n", "line 1, scenario", "needs target"),
    ("[scenario]\nyear = 2025\ntarget = 8\n[growth]\nservices = {dist = \"beta\", a = 1}\n", "line 5, growth.services", "dist must be one of"),
    ("[scenario]\nyear = 2025\ntarget = 8\n[growth]\nservices = {dist = \"triangular\", low = 5, mode = 9, high = 8}\n", "line 5, growth.services", "low <= mode <= high"),
    ("[scenario]\nyear = 2025\ntarget = 8\n[known]\n\"2024Q1\" = 7\n", "line 5, known.2024Q1", "not a quarter of the scenario year"),
    ("[scenario]\nyear = 2025\ntarget = 8\n[known]\nQ1 = 7\n", "line 5, known.Q1", "2025Q1"),
])
def test_bad_files_say_where_and_what(body, where, message):
    with pytest.raises(ScenarioError) as exc:
        parse(body, source="bad.toml")
    text = str(exc.value)
    assert text.startswith(f"bad.toml: {where}: "), text
    assert message in text


def test_missing_file():
    with pytest.raises(ScenarioError, match="no such scenario file"):
        scenarios.load("/nonexistent/s.toml")
