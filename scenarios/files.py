"""Scenario files (TOML): reading and checking, with errors that name the file, line and key.

    [scenario]              name, year, target (GDP growth %), and optionally independent,
                            vintage ("YYYY-MM-DD": run on the data as published then), seed
    [growth]                sector or group = number | [low, high] | {dist = ...} | "baseline"
    [known]                 "YYYYQn" = GDP growth yoy %, for quarters already published
    [bounds]                sector or group = [low, high]: limits for the least-change plan
"""
from __future__ import annotations

import difflib
import math
import re
import tomllib
from pathlib import Path

from forecast import periods as P
from scenarios.assumptions import parse_assumption
from scenarios.errors import ScenarioError
from scenarios.scenario import KEYS, Scenario

TABLES = ("scenario", "growth", "known", "bounds")
SCENARIO_KEYS = ("name", "year", "target", "independent", "vintage", "seed")
_TOML_POS = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


def _suggest(key: str, valid: tuple[str, ...] | list[str]) -> str:
    close = difflib.get_close_matches(key, list(valid), n=1, cutoff=0.5)
    return f" (did you mean {close[0]!r}?)" if close else f"; valid keys: {', '.join(valid)}"


def _key_lines(text: str) -> dict[str, int]:
    """'table.key' -> line number (1-based) for every key = value line of the file."""
    lines: dict[str, int] = {}
    table = ""
    key_re = re.compile(r'^\s*(?:"([^"]+)"|\'([^\']+)\'|([A-Za-z0-9_\-]+))\s*=')
    for i, line in enumerate(text.splitlines(), start=1):
        stripped = line.split("#", 1)[0].strip()
        header = re.match(r"^\[\s*([A-Za-z0-9_\-]+)\s*\]$", stripped)
        if header:
            table = header.group(1)
            lines.setdefault(table, i)
            continue
        m = key_re.match(line)
        if m:
            key = next(g for g in m.groups() if g is not None)
            lines.setdefault(f"{table}.{key}" if table else key, i)
    return lines


def load(path: str | Path) -> Scenario:
    """Read and check a scenario file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError("no such scenario file", source=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"cannot read the scenario file: {exc}", source=str(path)) from None
    return parse(text, source=str(path))


def parse(text: str, source: str | None = None) -> Scenario:
    """A Scenario from TOML text; `source` names the file in errors."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = _TOML_POS.search(msg)
        where = f"line {m.group(1)}, column {m.group(2)}" if m else None
        raise ScenarioError(f"malformed TOML: {_TOML_POS.sub('', msg)}", source=source, location=where) from None
    lines = _key_lines(text)

    def fail(message: str, key: str) -> ScenarioError:
        line = lines.get(key)
        return ScenarioError(message, source=source, location=f"line {line}, {key}" if line else key)

    for t in data:
        if t not in TABLES:
            raise fail(f"unknown table [{t}]{_suggest(t, TABLES)}", t)
        if not isinstance(data[t], dict):
            raise fail(f"{t} must be a table: [{t}]", t)
    head = data.get("scenario")
    if head is None:
        raise ScenarioError("missing [scenario] table (name, year, target)", source=source)
    for k in head:
        if k not in SCENARIO_KEYS:
            raise fail(f"unknown key {k!r} in [scenario]{_suggest(k, SCENARIO_KEYS)}", f"scenario.{k}")
    for k in ("year", "target"):
        if k not in head:
            raise fail(f"[scenario] needs {k}", "scenario")
    year = head["year"]
    if isinstance(year, bool) or not isinstance(year, int) or not 1990 <= year <= 2100:
        raise fail(f"year must be a whole year such as 2025, got {year!r}", "scenario.year")
    target = head["target"]
    if isinstance(target, bool) or not isinstance(target, (int, float)) or not math.isfinite(target):
        raise fail(f"target must be a number (GDP growth, %), got {target!r}", "scenario.target")
    name = head.get("name", Path(source).stem if source else f"{year} scenario")
    if not isinstance(name, str):
        raise fail(f"name must be text, got {name!r}", "scenario.name")
    independent = head.get("independent", False)
    if not isinstance(independent, bool):
        raise fail(f"independent must be true or false, got {independent!r}", "scenario.independent")
    vintage = head.get("vintage")
    if vintage is not None and not (isinstance(vintage, str) and P.is_date(vintage)):
        raise fail(f"vintage must be a release date \"YYYY-MM-DD\", got {vintage!r}", "scenario.vintage")
    seed = head.get("seed")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or seed < 0):
        raise fail(f"seed must be a whole number >= 0, got {seed!r}", "scenario.seed")

    growth = {}
    for k, v in data.get("growth", {}).items():
        if k not in KEYS:
            raise fail(f"unknown sector or group {k!r}{_suggest(k, KEYS)}", f"growth.{k}")
        try:
            growth[k] = parse_assumption(v, f"growth.{k}")
        except ScenarioError as exc:
            raise fail(exc.message, exc.location or f"growth.{k}") from None

    known: dict[int, float] = {}
    for k, v in data.get("known", {}).items():
        if not P.is_quarter(k):
            raise fail(f"known quarters are written \"{year}Q1\" .. \"{year}Q4\", got {k!r}", f"known.{k}")
        q = P.quarter(k)
        if q.year != year:
            raise fail(f"{k} is not a quarter of the scenario year {year}", f"known.{k}")
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            raise fail(f"a known quarter's GDP growth must be a number (%), got {v!r}", f"known.{k}")
        known[q.quarter] = float(v)

    bounds: dict[str, tuple[float, float]] = {}
    for k, v in data.get("bounds", {}).items():
        if k not in KEYS:
            raise fail(f"unknown sector or group {k!r}{_suggest(k, KEYS)}", f"bounds.{k}")
        ok = (isinstance(v, list) and len(v) == 2
              and all(isinstance(b, (int, float)) and not isinstance(b, bool) for b in v))
        if not ok:
            raise fail(f"bounds are [low, high] growth in %, got {v!r}", f"bounds.{k}")
        if v[0] > v[1]:
            raise fail(f"bounds low {v[0]:g} is above high {v[1]:g}", f"bounds.{k}")
        bounds[k] = (float(v[0]), float(v[1]))

    return Scenario(name=name, year=year, target=float(target), growth=growth, known=known,
                    independent=independent, vintage=vintage, seed=seed, bounds=bounds, source=source,
                    lines=lines)
