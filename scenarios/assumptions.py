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
from scenarios.limits import GROWTH_LIMITS, SD_MAX
from scenarios.messages import Message

# Normal and baseline assumptions have no finite range: required-growth ranges use their 5th-95th percentiles.
Z95 = 1.6448536269514722


class _Described:
    """Each kind names itself in its class statement: `kind` (the file's word) and `text` (English,
    with its fields filled in by `describe()`)."""
    kind = ""
    text = ""

    def __init_subclass__(cls, kind: str = "", text: str = "", **kw):
        super().__init_subclass__(**kw)
        cls.kind, cls.text = kind, text

    def describe(self) -> str:
        return self.text.format(**self.__dict__)


@dataclass(frozen=True)
class Point(_Described, kind="point", text="{value:g}"):
    """A known growth, %. Like every assumption: `central` (%, for contributions and required growth),
    `bounds` (low, high %, for the range of required growth), `from_normal` (the inverse CDF on normal
    scores, for the copula) and `describe` (English text; the app formats the structure itself)."""
    value: float
    central = property(lambda self: self.value)
    bounds = property(lambda self: (self.value, self.value))

    def from_normal(self, z: np.ndarray) -> np.ndarray:
        return np.full(np.shape(z), self.value)


@dataclass(frozen=True)
class Uniform(_Described, kind="range", text="uniform [{low:g}, {high:g}]"):
    """Growth uniform between `low` and `high`, %."""
    low: float
    high: float
    central = property(lambda self: (self.low + self.high) / 2)
    bounds = property(lambda self: (self.low, self.high))

    def from_normal(self, z: np.ndarray) -> np.ndarray:
        return self.low + (self.high - self.low) * ndtr(z)


@dataclass(frozen=True)
class Triangular(_Described, kind="triangular", text="triangular ({low:g}, {mode:g}, {high:g})"):
    """Growth triangular on [`low`, `high`] with its peak at `mode`, %."""
    low: float
    mode: float
    high: float
    central = property(lambda self: self.mode)
    bounds = property(lambda self: (self.low, self.high))

    def from_normal(self, z: np.ndarray) -> np.ndarray:
        u = ndtr(z)
        a, c, b = self.low, self.mode, self.high
        if b == a:
            return np.full(np.shape(z), a)
        fc = (c - a) / (b - a)
        left = a + np.sqrt(u * (b - a) * (c - a))
        right = b - np.sqrt((1 - u) * (b - a) * (b - c))
        return np.where(u < fc, left, right)


@dataclass(frozen=True)
class Normal(_Described, kind="normal", text="normal (mean {mean:g}, sd {sd:g})"):
    """Growth normal with `mean` and `sd`, % (bounds: the 5th and 95th percentiles)."""
    mean: float
    sd: float
    central = property(lambda self: self.mean)
    bounds = property(lambda self: (self.mean - Z95 * self.sd, self.mean + Z95 * self.sd))

    def from_normal(self, z: np.ndarray) -> np.ndarray:
        return self.mean + self.sd * np.asarray(z)


@dataclass(frozen=True)
class Baseline(_Described, kind="baseline", text="baseline"):
    """The forecast engine's distribution (its joint draws are used as they are)."""


@dataclass(frozen=True)
class Filled(_Described, kind="filled", text="filled inside {group}"):
    """How a run used an unset leaf inside a set group: it takes a share of `group`'s remainder
    (scenarios/groups.py). Not something a file can say; results carry it."""
    group: str


@dataclass(frozen=True)
class SumOfMembers(_Described, kind="sum", text="sum of members"):
    """How a run used an unset group: its growth is that of its members together."""


Assumption = Point | Uniform | Triangular | Normal | Baseline
Used = Assumption | Filled | SumOfMembers          # what a result says about each key
DISTRIBUTIONS = {"triangular": ("low", "mode", "high"), "normal": ("mean", "sd")}


def _finite(value: Any) -> bool:
    return not isinstance(value, bool) and isinstance(value, (int, float)) and math.isfinite(value)


def _number(value: Any, key: str, what: str) -> float:
    if not _finite(value):
        raise ScenarioError(Message("growth_not_number", {"what": what, "value": value}), location=key)
    return float(value)


def _growth(value: Any, key: str, what: str) -> float:
    """A finite growth (%) inside GROWTH_LIMITS (scenarios/limits.py), else ScenarioError at `key`."""
    x = _number(value, key, what)
    if not GROWTH_LIMITS[0] <= x <= GROWTH_LIMITS[1]:
        raise ScenarioError(Message("out_of_limits", {"value": x, "lo": GROWTH_LIMITS[0], "hi": GROWTH_LIMITS[1]}),
                            location=key)
    return x


def check_assumption(a: Any, key: str) -> None:
    """ScenarioError (at `key`, e.g. "growth.industry") unless `a` is an assumption with finite numbers
    in order (low <= high, low <= mode <= high, sd >= 0) inside GROWTH_LIMITS (sd <= SD_MAX). The one
    check for files and the app."""
    if isinstance(a, Baseline):
        return
    if isinstance(a, Point):
        _growth(a.value, key, "growth")
    elif isinstance(a, Uniform):
        low, high = (_growth(v, key, "a range bound") for v in (a.low, a.high))
        if low > high:
            raise ScenarioError(Message("range_order", {"low": low, "high": high}), location=key)
    elif isinstance(a, Triangular):
        low, mode, high = (_growth(getattr(a, f), f"{key}.{f}", f) for f in ("low", "mode", "high"))
        if not low <= mode <= high:
            raise ScenarioError(Message("triangular_order", {"low": low, "mode": mode, "high": high}), location=key)
    elif isinstance(a, Normal):
        _growth(a.mean, f"{key}.mean", "mean")
        sd = _number(a.sd, f"{key}.sd", "sd")
        if sd < 0:
            raise ScenarioError(Message("sd_negative", {"sd": sd}), location=key)
        if sd > SD_MAX:
            raise ScenarioError(Message("sd_too_large", {"sd": sd, "hi": SD_MAX}), location=f"{key}.sd")
    else:
        raise ScenarioError(f"not an assumption: {a!r}", location=key)


def assumption_value(a: Assumption) -> float | list[float] | dict[str, Any] | str:
    """The TOML value of an assumption (what `parse_assumption` reads back to an equal one)."""
    if isinstance(a, Point):
        return float(a.value)
    if isinstance(a, Uniform):
        return [float(a.low), float(a.high)]
    if isinstance(a, Triangular):
        return {"dist": "triangular", "low": float(a.low), "mode": float(a.mode), "high": float(a.high)}
    if isinstance(a, Normal):
        return {"dist": "normal", "mean": float(a.mean), "sd": float(a.sd)}
    if isinstance(a, Baseline):
        return "baseline"
    raise TypeError(f"not an assumption: {a!r}")


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
        low, high = (_growth(v, key, "a range bound") for v in value)
        check_assumption(Uniform(low, high), key)
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
            a = Triangular(nums["low"], nums["mode"], nums["high"])
            check_assumption(a, key)
            return a
        check_assumption(Normal(nums["mean"], nums["sd"]), key)
        return Point(nums["mean"]) if nums["sd"] == 0 else Normal(nums["mean"], nums["sd"])
    return Point(_growth(value, key, "growth"))
