"""On-disk cache of forecasts (sample paths), so the app and the CLI answer in milliseconds.

Location: ``$GROWTHSIM_CACHE`` if set, else ``cache/`` at the repository root (git-ignored).
One ``<key>.npz`` per forecast: the paths and the history as arrays, everything else as one JSON
string (months as 'YYYY-MM' text); read with ``allow_pickle=False`` (no code runs when a cache file is loaded). The key is a
hash of the data vintage, a hash of the series' values, series, origin, number of paths, seed,
simulated horizon and the engine's settings, so new data or new settings never hit a stale entry.
``growthsim forecast refit`` rebuilds entries; ``clear()`` removes them all.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from forecast import periods as P
from forecast.paths import SamplePaths


def cache_dir() -> Path:
    env = os.environ.get("GROWTHSIM_CACHE")
    return Path(env) if env else Path(__file__).resolve().parents[1] / "cache"


def hash_series(y: pd.Series) -> str:
    """Short hash of a series' periods and values (12 significant digits)."""
    text = "\n".join(f"{p},{v:.12g}" for p, v in zip(y.index, y.to_numpy(dtype=float)))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def key(**parts) -> str:
    """Cache key: sha256 of the parts as canonical JSON."""
    text = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _path(k: str) -> Path:
    return cache_dir() / f"{k}.npz"


def save(k: str, sp: SamplePaths) -> Path:
    """Write `sp` under key `k` (atomically: a temporary file, then rename)."""
    d = cache_dir()
    d.mkdir(parents=True, exist_ok=True)
    meta = {"series": sp.series, "unit": sp.unit, "origin": P.to_str(sp.origin), "periods": P.to_strs(sp.periods),
            "model": sp.model, "data_vintage": sp.data_vintage, "scores": sp.scores,
            "history_index": P.to_strs(sp.history.index), "history_name": str(sp.history.name)}
    fd, tmp = tempfile.mkstemp(dir=d, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            np.savez(fh, paths=np.asarray(sp.paths, dtype=float), history=sp.history.to_numpy(dtype=float),
                     meta=np.array(json.dumps(meta, default=_json_default)))
        os.replace(tmp, _path(k))
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return _path(k)


def _json_default(o):
    if isinstance(o, (np.floating, np.integer)):
        return o.item()
    if isinstance(o, np.ndarray):
        return o.tolist()
    return str(o)


def load(k: str) -> SamplePaths | None:
    """The cached forecast under `k`, or None (missing or unreadable entries count as missing)."""
    p = _path(k)
    if not p.exists():
        return None
    try:
        with np.load(p, allow_pickle=False) as z:
            meta = json.loads(str(z["meta"]))
            paths, hist = z["paths"], z["history"]
    except (OSError, ValueError, KeyError):
        return None
    history = pd.Series(hist, index=P.to_index(meta["history_index"]), name=meta["history_name"])
    return SamplePaths(series=meta["series"], unit=meta["unit"], origin=P.month(meta["origin"]),
                       periods=P.to_index(meta["periods"]), paths=paths, history=history, model=meta["model"],
                       data_vintage=meta["data_vintage"], scores=meta["scores"])


def clear() -> int:
    """Remove every cached forecast; returns how many files were removed."""
    d = cache_dir()
    n = 0
    if d.exists():
        for p in d.glob("*.npz"):
            p.unlink(missing_ok=True)
            n += 1
    return n
