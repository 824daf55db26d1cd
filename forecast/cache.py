"""Every cache of growthsim, on disk and in process, and the one rule they share: a cached value is
keyed by the data it was computed from, so new data never meet an old answer.

Three parts:

1. **The data fingerprint** (`data_fingerprint(root)`): 16 hex digits naming the *content* of the
   store at `root` (every ``*.csv`` of ``data/`` and ``data/observations/``: values, revision log,
   catalog, Tết table). Each call stats those files (name, size, mtime in ns, inode: about 14
   ``stat`` calls, about 0.1 ms); only when that stamp differs from the last one seen is the content
   hashed again (sha256 of about 8 MB, 7-20 ms, once per change). The store replaces files with
   ``os.replace``, which gives every rewritten file a new inode and mtime, so a ``growthsim data
   import`` or ``build`` changes the stamp; two stores with the same bytes (a copy, a rebuild, a
   checkout) have the same fingerprint, so they share disk entries. A stamp that moves while the
   files are hashed (an import in progress) is re-read until it holds still.
2. **The disk cache** (``$GROWTHSIM_CACHE`` if set, else ``cache/`` at the repository root,
   git-ignored): forecasts (`SamplePaths`, one ``<key>.npz``; arrays plus one JSON string, read with
   ``allow_pickle=False`` so loading runs no code) and arrays such as the GDP bridge's baseline draws
   (``<kind>/<key>.npy``). A key is the sha256 of canonical JSON of what the caller passes
   (`key(**parts)`); `store_key(root, **parts)` adds the store's fingerprint. Callers pass every
   setting the value depends on (engine settings, candidate models, seed, sizes, ...), so a change of
   data or settings misses instead of hitting a stale entry. Forecasts of one series are keyed by
   a hash of that series' values up to the origin (`hash_series`), which is finer than the store's
   fingerprint: an import that leaves a series' past alone keeps its backtests cached. Every file
   is written by `atomic_write`: a temporary file in the same directory, fsync, ``os.replace``; the
   temporary file is removed if anything fails, so a reader sees the old entry or the new one, never
   half of one. Unreadable entries count as missing.
3. **The in-process memo** (`memoize`, `Memo`): a small bounded LRU (thread-safe) whose key always
   holds the data fingerprint of the store root the function reads (its ``root`` argument, None =
   the default store). Used for the store's frames (`forecast.data.api`), the Tết shares, the
   scenarios' base data, baseline sample and engine-failure notes, and the app's scenario results.
   After ``growthsim data import`` a running server computes from the new data at the next call,
   without a restart: the fingerprint changed, so the memo misses. Results computed while the
   store changed underneath are not kept.

Not here, on purpose: caches that depend on no stored data (``scenarios.montecarlo``'s seed-keyed
normals and copula factors keyed by a `BaseData` object) and the import's caches of parsed raw
release files (keyed by the raw file's path, size and mtime).
"""
from __future__ import annotations

import functools
import hashlib
import inspect
import json
import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

import numpy as np
import pandas as pd

from forecast import periods as P
from forecast.sample_paths import SamplePaths

F = TypeVar("F", bound=Callable[..., Any])

# --------------------------------------------------------------------------- 1. data fingerprint

_STORE_DIRS = ("", "observations")   # the store's CSV files live here (forecast.data.store)
_FINGERPRINTS: OrderedDict[tuple[str, tuple], str] = OrderedDict()
_FINGERPRINTS_MAX = 16
_LOCK = threading.Lock()


_DEFAULT_ROOTS: dict[str | None, Path] = {}   # $GROWTHSIM_DATA -> default_root() (it resolves a path: slow)


def _store_root(root: str | Path | None) -> Path:
    if root is not None:
        return Path(root)
    env = os.environ.get("GROWTHSIM_DATA")
    if env not in _DEFAULT_ROOTS:
        from forecast.data.store import default_root   # lazy: forecast.data imports this module
        _DEFAULT_ROOTS[env] = default_root()
    return _DEFAULT_ROOTS[env]


def store_stamp(root: str | Path | None = None) -> tuple[tuple[str, int, int, int], ...]:
    """(relative name, size bytes, mtime ns, inode) of each CSV file of the store, sorted; () if none."""
    base = _store_root(root)
    out = []
    for sub in _STORE_DIRS:
        try:
            with os.scandir(base / sub if sub else base) as entries:
                for e in entries:
                    if e.name.endswith(".csv") and not e.name.startswith("."):
                        try:
                            s = e.stat()
                        except FileNotFoundError:   # replaced between listing and stat
                            continue
                        out.append((f"{sub}/{e.name}" if sub else e.name, s.st_size, s.st_mtime_ns, s.st_ino))
        except (FileNotFoundError, NotADirectoryError):
            continue
    out.sort()
    return tuple(out)


def _hash_content(base: Path, stamp: tuple) -> str:
    h = hashlib.sha256()
    for rel, *_ in stamp:
        h.update(rel.encode() + b"\0")
        h.update((base / rel).read_bytes())
        h.update(b"\0")
    return h.hexdigest()[:16]


def data_fingerprint(root: str | Path | None = None) -> str:
    """16 hex digits naming the content of the store at `root` (None: the default store).

    Costs a stat of the store's files per call; the content is hashed again only when the files
    changed. Equal bytes give an equal fingerprint (a copied store shares cache entries).
    """
    base = _store_root(root)
    stamp = store_stamp(base)
    k = (str(base), stamp)
    with _LOCK:
        fp = _FINGERPRINTS.get(k)
        if fp is not None:
            _FINGERPRINTS.move_to_end(k)
            return fp
    for _ in range(5):   # hash until the stamp holds still over the read (an import may be running)
        try:
            fp = _hash_content(base, stamp)
        except OSError:
            fp = None
        again = store_stamp(base)
        if fp is not None and again == stamp:
            break
        stamp = again
    if fp is None:
        fp = _hash_content(base, stamp)
    with _LOCK:
        _FINGERPRINTS[(str(base), stamp)] = fp
        while len(_FINGERPRINTS) > _FINGERPRINTS_MAX:
            _FINGERPRINTS.popitem(last=False)
    return fp


# --------------------------------------------------------------------------- 2. disk cache

def cache_dir() -> Path:
    """The disk cache: ``$GROWTHSIM_CACHE`` if set, else ``cache/`` at the repository root."""
    env = os.environ.get("GROWTHSIM_CACHE")
    return Path(env) if env else Path(__file__).resolve().parents[1] / "cache"


def atomic_write(path: str | Path, data: bytes | Callable[[BinaryIO], None]) -> Path:
    """Write `data` (bytes, or a function writing to a binary file) to `path` all or nothing.

    A temporary file in the same directory, flushed and fsync'ed, then ``os.replace``d onto `path`;
    on any failure the temporary file is removed and the exception propagates (`path` untouched).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=path.suffix, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            if callable(data):
                data(fh)
            else:
                fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def hash_series(y: pd.Series) -> str:
    """Short hash of a series' periods and values (12 significant digits): its data fingerprint."""
    text = "\n".join(f"{p},{v:.12g}" for p, v in zip(y.index, y.to_numpy(dtype=float)))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def key(**parts) -> str:
    """Cache key: 32 hex digits of the sha256 of the parts as canonical JSON."""
    text = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def store_key(root: str | Path | None = None, **parts) -> str:
    """Cache key of a value computed from the store at `root` and `parts` (every setting it depends on)."""
    return key(data=data_fingerprint(root), **parts)


def _path(k: str) -> Path:
    return cache_dir() / f"{k}.npz"


def _json_default(o):
    if isinstance(o, (np.floating, np.integer)):
        return o.item()
    if isinstance(o, np.ndarray):
        return o.tolist()
    return str(o)


def save(k: str, sp: SamplePaths) -> Path:
    """Write forecast `sp` under key `k` (atomically)."""
    meta = {"series": sp.series, "unit": sp.unit, "origin": P.to_str(sp.origin),
            "periods": P.to_strs(sp.periods), "model": sp.model, "data_vintage": sp.data_vintage, "scores": sp.scores,
            "history_index": P.to_strs(sp.history.index), "history_name": str(sp.history.name)}
    return atomic_write(_path(k), lambda fh: np.savez(
        fh, paths=np.asarray(sp.paths, dtype=float), history=sp.history.to_numpy(dtype=float),
        meta=np.array(json.dumps(meta, default=_json_default))))


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


def _array_path(kind: str, k: str) -> Path:
    return cache_dir() / kind / f"{k}.npy"


def save_array(kind: str, k: str, a: np.ndarray) -> Path | None:
    """Write array `a` under `kind`/`k` (atomically); None if the cache cannot be written (read-only)."""
    try:
        return atomic_write(_array_path(kind, k), lambda fh: np.save(fh, np.asarray(a), allow_pickle=False))
    except OSError:
        return None


def load_array(kind: str, k: str) -> np.ndarray | None:
    """The array cached under `kind`/`k`, or None (missing or unreadable)."""
    p = _array_path(kind, k)
    if not p.exists():
        return None
    try:
        return np.load(p, allow_pickle=False)
    except (OSError, ValueError):
        return None


def clear() -> int:
    """Remove every cached forecast and array (and stray temporary files); returns how many files."""
    d = cache_dir()
    n = 0
    if d.exists():
        for p in [*d.glob("*.npz"), *d.glob("*/*.npy"), *d.glob(".tmp-*"), *d.glob("*/.tmp-*")]:
            p.unlink(missing_ok=True)
            n += 1
    return n


# --------------------------------------------------------------------------- 3. in-process memo

_MISSING = object()


class Memo:
    """A bounded LRU map (thread-safe) whose keys always carry the data fingerprint of a store root.

    ``get(key, root)`` / ``put(key, value, root)``: `root` is the store the value was computed from
    (None: the default store); after the store changes, `get` misses. `hits` and `misses` count.
    """

    def __init__(self, maxsize: int, name: str = ""):
        if maxsize < 1:
            raise ValueError(f"maxsize must be >= 1, got {maxsize}")
        self.maxsize, self.name = maxsize, name
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def _get(self, full_key: Hashable, default: Any = None) -> Any:
        with self._lock:
            if full_key in self._items:
                self._items.move_to_end(full_key)
                self.hits += 1
                return self._items[full_key]
            self.misses += 1
            return default

    def _put(self, full_key: Hashable, value: Any) -> None:
        with self._lock:
            self._items[full_key] = value
            self._items.move_to_end(full_key)
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)

    def get(self, key: Hashable, root: str | Path | None = None, default: Any = None) -> Any:
        """The value stored under `key` for the store at `root` as it is now, else `default`."""
        return self._get((key, data_fingerprint(root)), default)

    def put(self, key: Hashable, value: Any, root: str | Path | None = None) -> None:
        """Store `value` under `key` for the store at `root` as it is now (the oldest entry goes if full)."""
        self._put((key, data_fingerprint(root)), value)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"Memo({self.name!r}, {len(self)}/{self.maxsize}, hits={self.hits}, misses={self.misses})"


def memoize(maxsize: int = 16, root: str = "root") -> Callable[[F], F]:
    """Decorator: memoise a function of hashable arguments in a `Memo` keyed by its arguments and the
    data fingerprint of the store its argument `root` names (None: the default store).

    The wrapper has ``.memo`` (the `Memo`) and ``.cache_clear()``. Exceptions are not cached.
    """
    def decorate(fn: F) -> F:
        params = inspect.signature(fn).parameters
        if root not in params:
            raise TypeError(f"{fn.__qualname__} has no argument {root!r} naming the store it reads")
        pos = list(params).index(root)
        default = params[root].default if params[root].default is not inspect.Parameter.empty else None
        memo = Memo(maxsize, fn.__qualname__)

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            r = kwargs[root] if root in kwargs else args[pos] if len(args) > pos else default
            fp = data_fingerprint(r)
            full = (args, tuple(sorted(kwargs.items())), fp)
            value = memo._get(full, _MISSING)
            if value is _MISSING:
                value = fn(*args, **kwargs)
                if data_fingerprint(r) == fp:   # the store did not change while computing
                    memo._put(full, value)
            return value

        wrapper.memo = memo
        wrapper.cache_clear = memo.clear
        return wrapper  # type: ignore[return-value]

    return decorate
