"""Messages the scenario engine gives users (warnings and errors) as a key and parameters.

A `Message` is a `str` whose text is the English sentence (so the CLI, JSON exports and every
`"..." in warning` check read it as before) that also keeps `key` and `params`, so the app can
write the same sentence in another language from `TEMPLATES`-like tables of its own
(`dashboards/i18n.py`). Parameters are plain values: numbers, sector keys, assumptions, nested
Messages, or lists of these.

Template fields: `{name}` (a value as is), `{name:.1f}` / `{name:g}` (a number), `{name:sector}`
(a sector or group key, or a list of them, written with ", "), `{name:; }` (a list written with
"; " between its elements). `render` takes a `Style` that says how to write a number, a sector
and an assumption in a language.
"""
from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any

TEMPLATES: dict[str, str] = {
    # warnings (scenarios/runner.py, scenarios/groups.py)
    "beyond_history": "{key:sector} = {assumption} is beyond its history ({first}-{last}: {low:.1f} to {high:.1f}%)",
    "history_span": "history {first}-{last}: {low:.1f} to {high:.1f}%, sd {sd:.1f}",
    "collapse_to": "collapse to",
    "jump_to": "jump to",
    "group_needs_fill": "{group:sector} = {assumption} needs {leaf:sector} (filled inside it) to {verb} "
                        "{growth:.1f}% ({span})",
    "fill_extremes": "at the extremes of the ranges {leaf:sector} (filled inside {group:sector}) reaches "
                     "{low:.1f} to {high:.1f}% ({span})",
    "baseline_note": "{note}",         # the baseline's own note (scenarios/baseline.py): why it fell back
    # errors
    "setting": "{key:sector} = {assumption}",
    "settings_inside": "{settings:, } inside {group:sector} = {assumption}",
    "member_would": "{leaf:sector} would have to {verb} {growth:.1f}% ({span})",
    "impossible_in_group": "impossible inside its group: {what} leaves the other members a share of growth they "
                           "cannot take: {parts:; }, beyond anything in history; change the member's or the "
                           "group's growth",
    "group_fixed_twice": "{group:sector} is set and so is every one of its members ({members:sector}): its total is "
                         "then fixed twice; leave at least one member unset or drop the {group:sector} line",
    "no_base_year": "no base-year data for {year}: a {year} scenario needs the four quarters of {prev} at constant "
                    "prices, and the data's last full year is {last} (first {first})",
    "too_little_history": "too little history for {year}: the baseline and correlations need {years} years of "
                          "growth before {year}, the data start in {first}",
    "no_quarterly_gdp": "no quarterly GDP for {prev} to weight the known quarters",
    # the shared validation (scenarios/scenario.py:validate)
    "year_invalid": "year must be a whole year such as 2025, got {value!r}",
    "target_invalid": "target must be a number (GDP growth, %), got {value!r}",
    "range_order": "range low {low:g} is above high {high:g}",
    "bounds_order": "bounds low {low:g} is above high {high:g}",
    "triangular_order": "triangular needs low <= mode <= high, got {low:g}, {mode:g}, {high:g}",
    "sd_negative": "sd must not be negative, got {sd:g}",
    "growth_not_number": "{what} must be a number (growth in %), got {value!r}",
    "known_not_number": "a known quarter's GDP growth must be a number (%), got {value!r}",
    "known_quarter": "known quarters are numbered 1 to 4, got {value!r}",
    "known_year": "{quarter} is not a quarter of the scenario year {year}",
    "known_sector": "{name!r} in [known.{quarter}] is not a sector{hint}",
    "did_you_mean": " (did you mean {name!r}?)",
    "valid_keys": "; valid keys: {keys:, }",
    "known_table_empty": "[known.{quarter}] gives nothing: write total = ... and/or leaf sectors",
    "known_overdetermined": "[known.{quarter}] gives every sector and the total: give one or the other",
    "known_twice": "{quarter} is given twice under [known] (as a total on line {first} and as a table); "
                   "use one form: \"{quarter}\" = growth, or [known.{quarter}] with total = ...",
    "known_published": "{quarter} is already published ({published:.2f}%); the typed {typed:.2f}% is used in its place",
    "fallback_ignores_known": "the {years}-year average cannot condition on the known quarters: they change the "
                              "quarters table, not the baseline",
    "out_of_limits": "{value:g} is outside the limits {lo:g} to {hi:g}%",
    "sd_too_large": "sd must be at most {hi:g} percentage points, got {sd:g}",
    # chains and plans (scenarios/scenario.py:_check_plan, scenarios/chain.py)
    "until_invalid": "until must be a year (a whole number), got {value!r}",
    "until_before_year": "until = {until} is before year = {year}: a plan runs from year to until",
    "plan_too_long": "a plan covers at most {most} years; {year}-{until} is {years}",
    "target_average_needs_until": "target_average needs until (a plan over several years)",
    "icor_invalid": "icor must be a number from {lo:g} to {hi:g} (investment share of GDP over real growth), "
                    "got {value!r}",
    "years_form": "years are written [years.YYYY], got {value!r}",
    "year_outside_chain": "[years.{year}] is outside the chain: it can hold a year from {first} to {last}",
    "no_chain": "[years.{year}] is outside the chain: a {scenario_year} scenario is weighted by {prev}'s published "
                "data and runs through no other year",
    "chain_known": "known quarters condition only {first}, the year after the data; a {year} scenario chains "
                   "through {first}-{prev}: give that year's assumptions in [years.YYYY] instead",
    "chain_too_long": "a {year} scenario would chain {years} years from {first} (the year after the data's last "
                      "full year, {last}); a chain covers at most {most}",
    "sweep_single_year": "sweep varies a single-year scenario of {first} or before; a plan or a later year "
                         "(a chain) runs with scenario run",
    "chain_vintage": "a chained scenario runs on the current data: drop vintage (the chain's baseline needs the "
                     "forecast engine)",
    "chain_baseline": "beyond {last}, the engine's reach, the baseline is each sector's long-run growth "
                      "({first}-{end} without 2020-21) with a spread widening each year",
}


class Style:
    """How a language writes the parts of a message. This one: the engine's English (keys as written
    in scenario files, numbers with a dot)."""

    def number(self, x: float, spec: str) -> str:
        return format(x, spec)

    sectors_sep = ", "                 # between the sectors of a list

    def sector(self, key: str) -> str:
        return key

    def assumption(self, a: Any) -> str:
        return a.describe()

    def template(self, key: str) -> str:
        return TEMPLATES[key]


ENGLISH = Style()


class _Formatter(string.Formatter):
    def __init__(self, style: Style):
        self.style = style

    def format_field(self, value: Any, spec: str) -> str:
        s = self.style
        if isinstance(value, Message):
            return render(value, s)
        if isinstance(value, (list, tuple)):
            if spec == "sector":
                return s.sectors_sep.join(s.sector(v) for v in value)
            return (spec or ", ").join(self.format_field(v, "") for v in value)
        if spec == "sector":
            return s.sector(value)
        if hasattr(value, "kind") and hasattr(value, "describe"):
            return s.assumption(value)
        if isinstance(value, float) or (spec and isinstance(value, int) and not isinstance(value, bool)):
            return s.number(value, spec or "g")
        return format(value, spec)


def render(msg: Message, style: Style = ENGLISH) -> str:
    """The message's sentence in `style`'s language."""
    return _Formatter(style).vformat(style.template(msg.key), (), msg.params)


class Message(str):
    """A user-facing sentence: `str(m)` is English; `m.key` and `m.params` let the app translate it."""

    key: str
    params: dict[str, Any]

    def __new__(cls, key: str, params: Mapping[str, Any] | None = None) -> Message:
        if key not in TEMPLATES:
            raise KeyError(f"no message template {key!r}")
        params = dict(params or {})
        obj = super().__new__(cls, _Formatter(ENGLISH).vformat(TEMPLATES[key], (), params))
        obj.key, obj.params = key, params
        return obj

    def __reduce__(self):
        return (Message, (self.key, self.params))

    def __repr__(self) -> str:
        return f"Message({self.key!r}, {self.params!r})"
