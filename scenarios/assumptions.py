"""Growth assumptions for a sector or group: a point, a range, a distribution, or "baseline".

Each assumption is a marginal distribution of annual real growth (%), with a central value (used for
contributions and required growth), a [low, high] range (used for the range of required growth) and
an inverse CDF applied to standard-normal scores (so a Gaussian copula can correlate them).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.special import ndtr

from scenarios.errors import ScenarioError

# Normal and baseline assumptions have no finite range: required-growth ranges use their 5th-95th percentiles.
Z95 = 1.6448536269514722


@dataclass(frozen=True)
class Point:
    value: float
    kind = "point"

    @property
    def central(self) -> float:
        return self.value

    @property
    def bounds(self) -> tuple[float, float]:
        return self.value, self.value

    def from_normal(self, z: np.ndarray) -> np.ndarray:
        return np.full(np.shape(z), self.value)

    def describe(self) -> str:
        return f"{self.value:g}"


@dataclass(frozen=True)
class Uniform:
    low: float
    high: float
    kind = "range"

    @property
    def central(self) -> float:
        return (self.low + self.high) / 2

    @property
    def bounds(self) -> tuple[float, float]:
        return self.low, self.high

    def from_normal(self, z: np.ndarray) -> np.ndarray:
        return self.low + (self.high - self.low) * ndtr(z)

    def describe(self) -> str:
        return f"uniform [{self.low:g}, {self.high:g}]"


@dataclass(frozen=True)
class Triangular:
    low: float
    mode: float
    high: float
    kind = "triangular"

    @property
    def central(self) -> float:
        return self.mode

    @property
    def bounds(self) -> tuple[float, float]:
        return self.low, self.high

    def from_normal(self, z: np.ndarray) -> np.ndarray:
        u = ndtr(z)
        a, c, b = self.low, self.mode, self.high
        if b == a:
            return np.full(np.shape(z), a)
        fc = (c - a) / (b - a)
        left = a + np.sqrt(u * (b - a) * (c - a))
        right = b - np.sqrt((1 - u) * (b - a) * (b - c))
        return np.where(u < fc, left, right)

    def describe(self) -> str:
        return f"triangular ({self.low:g}, {self.mode:g}, {self.high:g})"


@dataclass(frozen=True)
class Normal:
    mean: float
    sd: float
    kind = "normal"

    @property
    def central(self) -> float:
        return self.mean

    @property
    def bounds(self) -> tuple[float, float]:
        return self.mean - Z95 * self.sd, self.mean + Z95 * self.sd

    def from_normal(self, z: np.ndarray) -> np.ndarray:
        return self.mean + self.sd * np.asarray(z)

    def describe(self) -> str:
        return f"normal (mean {self.mean:g}, sd {self.sd:g})"


@dataclass(frozen=True)
class Baseline:
    """The forecast engine's distribution (its joint draws are used as they are)."""
    kind = "baseline"

    def describe(self) -> str:
        return "baseline"


Assumption = Point | Uniform | Triangular | Normal | Baseline
DISTRIBUTIONS = {"triangular": ("low", "mode", "high"), "normal": ("mean", "sd")}


def _number(value: Any, key: str, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ScenarioError(f"{what} must be a number (growth in %), got {value!r}", location=key)
    return float(value)


def parse_assumption(value: Any, key: str) -> Assumption:
    """An assumption from its TOML value; `key` (e.g. "growth.industry") names it in errors."""
    if isinstance(value, str):
        if value.strip().lower() == "baseline":
            return Baseline()
        try:
            float(value)
            hint = " (write it without quotes)"
        except ValueError:
            hint = ""
        raise ScenarioError(f"expected a number, a [low, high] range, a {{dist = ...}} table or \"baseline\", "
                            f"got {value!r}{hint}", location=key)
    if isinstance(value, list):
        if len(value) != 2:
            raise ScenarioError(f"a range is [low, high], got {len(value)} values", location=key)
        low, high = (_number(v, key, "a range bound") for v in value)
        if low > high:
            raise ScenarioError(f"range low {low:g} is above high {high:g}", location=key)
        return Point(low) if low == high else Uniform(low, high)
    if isinstance(value, dict):
        dist = value.get("dist")
        if dist not in DISTRIBUTIONS:
            raise ScenarioError(f"dist must be one of {', '.join(map(repr, DISTRIBUTIONS))}, got {dist!r}",
                                location=key)
        fields = DISTRIBUTIONS[dist]
        extra = sorted(set(value) - set(fields) - {"dist"})
        missing = [f for f in fields if f not in value]
        if extra or missing:
            raise ScenarioError(f"a {dist} distribution takes {', '.join(fields)}"
                                + (f"; missing {', '.join(missing)}" if missing else "")
                                + (f"; unknown {', '.join(extra)}" if extra else ""), location=key)
        nums = {f: _number(value[f], f"{key}.{f}", f) for f in fields}
        if dist == "triangular":
            if not nums["low"] <= nums["mode"] <= nums["high"]:
                raise ScenarioError(f"triangular needs low <= mode <= high, got {nums['low']:g}, {nums['mode']:g}, "
                                    f"{nums['high']:g}", location=key)
            return Triangular(nums["low"], nums["mode"], nums["high"])
        if nums["sd"] < 0:
            raise ScenarioError(f"sd must not be negative, got {nums['sd']:g}", location=key)
        return Point(nums["mean"]) if nums["sd"] == 0 else Normal(nums["mean"], nums["sd"])
    return Point(_number(value, key, "growth"))
