"""A scenario: a year, a GDP growth target and growth assumptions per sector or group."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from forecast.data.sectors import GROUPS, LEAVES

from scenarios.assumptions import Assumption, Baseline, parse_assumption

KEYS: tuple[str, ...] = tuple(LEAVES) + tuple(GROUPS)


@dataclass(frozen=True)
class Scenario:
    """What a scenario file holds. `growth` lists only the keys given; the others take "baseline".

    `known`: quarter number (1-4) -> GDP growth yoy %, already published. `bounds`: key -> (low, high)
    limits for the least-change plan (default: each key's range in history). `source` and `lines`
    (e.g. "growth.industry" -> 7) let errors name the file and line.
    """

    name: str
    year: int
    target: float
    growth: dict[str, Assumption] = field(default_factory=dict)
    known: dict[int, float] = field(default_factory=dict)
    independent: bool = False
    vintage: str | None = None
    seed: int | None = None
    bounds: dict[str, tuple[float, float]] = field(default_factory=dict)
    source: str | None = None
    lines: dict[str, int] = field(default_factory=dict)

    def assumption(self, key: str) -> Assumption:
        return self.growth.get(key, Baseline())

    def set_keys(self) -> tuple[str, ...]:
        """Keys the user set to something other than "baseline", in file order."""
        return tuple(k for k, a in self.growth.items() if not isinstance(a, Baseline))

    def with_growth(self, **changes: Any) -> Scenario:
        """A copy with some assumptions replaced (numbers, [low, high], dicts or Assumption objects)."""
        growth = dict(self.growth)
        for k, v in changes.items():
            growth[k] = v if hasattr(v, "kind") else parse_assumption(v, f"growth.{k}")
        return replace(self, growth=growth)

    def locate(self, key: str | None) -> str | None:
        """'line 7, growth.industry' for a key of the file (or the key alone when its line is unknown)."""
        if key is None:
            return None
        line = self.lines.get(key.split(",")[0].strip())
        return f"line {line}, {key}" if line else key
