"""Keep OpenBLAS single-threaded while models are fitted.

The models multiply tiny matrices millions of times; OpenBLAS' thread pool then costs far more than
it saves, and on a busy 2-core machine it made a SARIMA fit 4-5 times slower (1.0 s vs 0.22 s).
``single_thread_blas()`` finds the OpenBLAS libraries numpy and scipy loaded (Linux: from
/proc/self/maps) and sets their thread count to 1, as ``threadpoolctl`` would (not a dependency).
It does nothing where that is not possible.
"""
from __future__ import annotations

import ctypes
from functools import lru_cache

_SETTERS = ("openblas_set_num_threads", "openblas_set_num_threads64_", "scipy_openblas_set_num_threads",
            "scipy_openblas_set_num_threads64_")


@lru_cache(maxsize=1)
def single_thread_blas() -> int:
    """Set every loaded OpenBLAS to one thread; returns how many libraries were set."""
    try:
        with open("/proc/self/maps") as fh:
            libs = {line.split()[-1] for line in fh if "openblas" in line.lower() and ".so" in line}
    except OSError:
        return 0
    n = 0
    for path in sorted(libs):
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for name in _SETTERS:
            fn = getattr(lib, name, None)
            if fn is not None:
                fn(1)
                n += 1
                break
    return n
