"""Scenario files (TOML): reading and checking, with errors that name the file, line and key.

    [scenario]              name, year, target (GDP growth %), and optionally independent,
                            vintage ("YYYY-MM-DD": run on the data as published then), seed
    [growth]                sector or group = number | [low, high] | {dist = ...} | "baseline"
    [known]                 "YYYYQn" = GDP growth yoy %, for quarters published or typed (shorthand for the total)
    [known.YYYYQn]          total = GDP growth yoy %, and/or leaf sectors (manufacturing = 8.0): one form a quarter
    [bounds]                sector or group = [low, high]: limits for the least-change plan
    [years.YYYY]            a year of the chain or plan: sector or group = (as in [growth]), target = %
    [scenario] also takes   until = YYYY (a plan over year..until), target_average = % (the plan's
                            average, default target), icor = number (investment share % / growth %)
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import tomli_w

from forecast import periods as P
from forecast.errors import GrowthsimError
from forecast.input_files import check_regular_file
from scenarios.assumptions import assumption_value, parse_assumption
from scenarios.errors import ScenarioError
from scenarios.messages import Message
from scenarios.scenario import KEYS, Scenario, YearSpec, known_year_problem, validate
from scenarios.scenario import suggest as _suggest

TABLES = ("scenario", "growth", "known", "bounds", "years")
SCENARIO_KEYS = ("name", "year", "target", "independent", "vintage", "seed", "until", "target_average", "icor")
MAX_FILE_BYTES = 1_000_000          # a scenario file is a few hundred bytes; anything above 1 MB is refused
_TOML_POS = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


def _key_lines(text: str) -> dict[str, int]:
    """'table.key' -> line number (1-based) for every key = value line of the file."""
    lines: dict[str, int] = {}
    table = ""
    key_re = re.compile(r'^\s*(?:"([^"]+)"|\'([^\']+)\'|([A-Za-z0-9_\-]+))\s*=')
    for i, line in enumerate(text.splitlines(), start=1):
        stripped = line.split("#", 1)[0].strip()
        header = re.match(r"^\[\s*([A-Za-z0-9_\-.]+)\s*\]$", stripped)
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
    """Read and check a scenario file (a regular file of at most MAX_FILE_BYTES, UTF-8 TOML)."""
    path = Path(path)
    try:
        check_regular_file(path, "scenario file")
    except GrowthsimError as exc:
        raise ScenarioError(exc.message, source=str(path)) from None
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ScenarioError(f"a scenario file is at most {MAX_FILE_BYTES:,} bytes, this one has {size:,}",
                            source=str(path))
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError("no such scenario file", source=str(path)) from None
    except UnicodeDecodeError as exc:
        raise ScenarioError(f"not a UTF-8 text file (byte {exc.start})", source=str(path)) from None
    except OSError as exc:
        raise ScenarioError(f"cannot read the scenario file: {exc.strerror or exc}", source=str(path)) from None
    return parse(text, source=str(path))


def parse(text: str, source: str | None = None) -> Scenario:
    """A Scenario from TOML text; `source` names the file in errors."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        twice = _known_twice(text)
        if twice is not None:
            quarter, first, second = twice
            raise ScenarioError(Message("known_twice", {"quarter": quarter, "first": first}), source=source,
                                location=f"line {second}, known.{quarter}") from None
        msg = str(exc)
        m = _TOML_POS.search(msg)
        where = f"line {m.group(1)}, column {m.group(2)}" if m else None
        raise ScenarioError(f"malformed TOML: {_TOML_POS.sub('', msg)}", source=source, location=where) from None
    lines = _key_lines(text)
    for key in [k for k in lines if k.startswith("known.") and k.endswith(".total")]:
        lines[key[: -len(".total")]] = lines[key]      # a table's total: errors about it name its line

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
    year, target = head["year"], head["target"]
    if isinstance(target, int) and not isinstance(target, bool):
        target = float(target)
    name = head.get("name", Path(source).stem if source else f"{year} scenario")

    def checked(sc: Scenario) -> Scenario:
        try:
            return validate(sc)
        except ScenarioError as exc:
            where = exc.location or "scenario"
            line = lines.get(where) or lines.get(where.rsplit(".", 1)[0])
            raise type(exc)(exc.message, source=source, location=f"line {line}, {where}" if line else where) from None

    fields = dict(name=name, year=year, target=target, independent=head.get("independent", False),
                  vintage=head.get("vintage"), seed=head.get("seed"), until=head.get("until"),
                  target_average=_number(head.get("target_average")), icor=_number(head.get("icor")))
    checked(Scenario(**fields))        # the [scenario] table first: its errors come before the others'
    growth = _assumptions(data.get("growth", {}), "growth", fail)

    known, known_sectors = _known(data.get("known", {}), year, fail)

    bounds: dict[str, tuple[float, float]] = {}
    for k, v in data.get("bounds", {}).items():
        if k not in KEYS:
            raise fail(f"unknown sector or group {k!r}{_suggest(k, KEYS)}", f"bounds.{k}")
        ok = (isinstance(v, list) and len(v) == 2
              and all(isinstance(b, (int, float)) and not isinstance(b, bool) for b in v))
        if not ok:
            raise fail(f"bounds are [low, high] growth in %, got {v!r}", f"bounds.{k}")
        bounds[k] = (float(v[0]), float(v[1]))

    years = _years(data.get("years", {}), fail)
    return checked(Scenario(**fields, growth=growth, known=known, known_sectors=known_sectors, bounds=bounds,
                            years=years, source=source, lines=lines))


def _years(table: dict, fail) -> dict[int, YearSpec]:
    """[years.YYYY] tables: year -> YearSpec (assumptions as in [growth], optional target); whether each
    year is inside the chain is checked by `validate`."""
    out: dict[int, YearSpec] = {}
    for y, body in table.items():
        where = f"years.{y}"
        if not (isinstance(y, str) and y.isdigit() and len(y) == 4):
            raise fail(f"years are written [years.YYYY], got [years.{y}]", where)
        if not isinstance(body, dict):
            raise fail(f"[years.{y}] must be a table: sector = growth, target = %", where)
        growth = _assumptions({k: v for k, v in body.items() if k != "target"}, where, fail, ("target",))
        out[int(y)] = YearSpec(growth=growth, target=_number(body.get("target")))
    return out


def _assumptions(table: dict, where: str, fail, also: tuple[str, ...] = ()) -> dict:
    """Key -> Assumption for a table of assumptions ([growth] or [years.YYYY]); an unknown key or a bad
    value is an error at `where.key` (suggesting among the keys and `also`)."""
    out = {}
    for k, v in table.items():
        if k not in KEYS:
            raise fail(f"unknown sector or group {k!r}{_suggest(k, KEYS + also)}", f"{where}.{k}")
        try:
            out[k] = parse_assumption(v, f"{where}.{k}")
        except ScenarioError as exc:
            raise fail(exc.message, exc.location or f"{where}.{k}") from None
    return out


def _number(v: Any) -> Any:
    return float(v) if isinstance(v, int) and not isinstance(v, bool) else v


def _known(table: dict, year: int, fail) -> tuple[dict[int, float], dict[int, dict[str, float]]]:
    """[known]: ({quarter: total %}, {quarter: {sector: %}}) from the shorthand "YYYYQn" = total and the
    table form [known.YYYYQn] (total = ..., sector = ...); the values are checked by `validate`."""
    known: dict[int, float] = {}
    sectors: dict[int, dict[str, float]] = {}
    for k, v in table.items():
        if not P.is_quarter(k):
            raise fail(f"known quarters are written \"{year}Q1\" .. \"{year}Q4\", got {k!r}", f"known.{k}")
        q = P.quarter(k)
        problem = known_year_problem(q, year) if isinstance(year, int) else None
        if problem is not None:
            raise fail(problem, f"known.{k}")
        if isinstance(v, dict):
            rest = {s: _number(x) for s, x in v.items() if s != "total"}
            if "total" in v:
                known[q.quarter] = _number(v["total"])
            if rest or "total" not in v:
                sectors[q.quarter] = rest
        else:
            known[q.quarter] = _number(v)
    return known, sectors


def _known_twice(text: str) -> tuple[str, int, int] | None:
    """(quarter, line of the shorthand, line of the [known.YYYYQn] header) when a quarter is written
    in both forms (TOML itself refuses that, with a less helpful message)."""
    lines = _key_lines(text)
    for i, line in enumerate(text.splitlines(), start=1):
        m = re.match(r"^\s*\[\s*known\.([^\]\s]+)\s*\]", line)
        if m and P.is_quarter(m.group(1)) and lines.get(f"known.{m.group(1)}", i) != i:
            return m.group(1), lines[f"known.{m.group(1)}"], i
    return None


def _literal(value: Any) -> str:
    """One TOML value on one line: arrays and tables inline (scalars written by tomli-w)."""
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_literal(v)}" for k, v in value.items()) + " }"
    return tomli_w.dumps({"v": value}).split(" = ", 1)[1].rstrip("\n")


def _key(key: str) -> str:
    return tomli_w.dumps({key: 0}).rsplit(" = ", 1)[0]


def dumps(sc: Scenario) -> str:
    """The scenario as a scenario file: `parse(dumps(sc)) == sc` for every field (`source` and `lines`
    excepted). The order of [growth] is kept (it orders the Monte Carlo's columns), one key per line."""
    head: dict[str, Any] = {"name": sc.name, "year": sc.year, "target": float(sc.target)}
    if sc.independent:
        head["independent"] = True
    if sc.vintage is not None:
        head["vintage"] = sc.vintage
    if sc.seed is not None:
        head["seed"] = sc.seed
    for k in ("until", "target_average", "icor"):
        v = getattr(sc, k)
        if v is not None:
            head[k] = v if k == "until" else float(v)
    tables: list[tuple[str, dict[str, Any]]] = [("scenario", head)]
    if sc.growth:
        tables.append(("growth", {k: assumption_value(a) for k, a in sc.growth.items()}))
    short = {f"{sc.year}Q{q}": float(v) for q, v in sorted(sc.known.items()) if q not in sc.known_sectors}
    if short:
        tables.append(("known", short))
    for q, by_sector in sorted(sc.known_sectors.items()):
        total = {"total": float(sc.known[q])} if q in sc.known else {}
        tables.append((f"known.{sc.year}Q{q}", {**total, **{k: float(v) for k, v in by_sector.items()}}))
    if sc.bounds:
        tables.append(("bounds", {k: [float(lo), float(hi)] for k, (lo, hi) in sc.bounds.items()}))
    for y, spec in sorted(sc.years.items()):
        body = {k: assumption_value(a) for k, a in spec.growth.items()}
        if spec.target is not None:
            body["target"] = float(spec.target)
        tables.append((f"years.{y}", body))
    return "\n".join(f"[{name}]\n" + "".join(f"{_key(k)} = {_literal(v)}\n" for k, v in body.items())
                     for name, body in tables)
