"""Keep BLAS single-threaded while models are fitted.

The models multiply tiny matrices millions of times; OpenBLAS' thread pool then costs far more than
it saves, and on a busy 2-core machine it made a SARIMA fit 4-5 times slower (1.0 s vs 0.22 s).
`threadpoolctl` (the small, well-kept library scikit-learn uses for this) limits the pools for the
duration of a call and restores them afterwards, so nothing else in the process is affected.
"""
from __future__ import annotations

import functools
from typing import Callable, TypeVar

F = TypeVar("F", bound=Callable)


def single_threaded_blas(fn: F) -> F:
    """Decorator: run `fn` with every loaded BLAS limited to one thread."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1, user_api="blas"):
            return fn(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
