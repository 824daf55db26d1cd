"""Where a batch's chunks run: local processes, or a dask.distributed cluster — the same task functions.

A chunk is one call ``fn(chunk)`` of a module-level function on plain data (the series'
observations, never the store's path), returning tidy frames; ``run_chunks`` yields
``(index, result)`` as chunks finish, in any order, and callers put the results back in chunk
order, so the outputs do not depend on where or when a chunk ran.

* ``LocalExecutor(jobs)``: a ``ProcessPoolExecutor`` of `jobs` processes (1: in this process).
* ``DaskExecutor(address)``: a ``distributed.Client`` connected to ``tcp://HOST:PORT``; chunks are
  submitted with ``pure=False`` and gathered with ``distributed.as_completed``. ``connect`` first
  probes the address (TCP connect and Dask handshake, bounded) and gives up after ``CONNECT_TIMEOUT``
  = 5 s with one ``GrowthsimError`` line (the CLI's exit 2), before anything is written.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any

from forecast.errors import GrowthsimError

CONNECT_TIMEOUT = 5  # seconds a scheduler gets to answer (the issue: a clear error within 10 s)


class LocalExecutor:
    """Chunks in `jobs` local processes (``jobs == 1``: one after another in this process)."""

    def __init__(self, jobs: int = 2):
        self.jobs = max(1, int(jobs))
        self.workers = self.jobs

    def run_chunks(self, fn: Callable[[Any], Any], chunks: Sequence) -> Iterator[tuple[int, Any]]:
        if self.jobs == 1 or len(chunks) <= 1:
            for i, c in enumerate(chunks):
                yield i, fn(c)
            return
        with ProcessPoolExecutor(max_workers=min(self.jobs, len(chunks))) as ex:
            futs = {ex.submit(fn, c): i for i, c in enumerate(chunks)}
            for fut in as_completed(futs):
                yield futs[fut], fut.result()

    def close(self) -> None:
        pass

    def describe(self) -> str:
        return f"{self.jobs} local process{'es' if self.jobs != 1 else ''}"


class DaskExecutor:
    """Chunks on a dask.distributed cluster: an address ``tcp://HOST:PORT``, or a ``Client`` (tests)."""

    def __init__(self, client):
        self.client = client
        self.workers = max(1, len(client.scheduler_info().get("workers", {})))
        self._own = False

    @classmethod
    def connect(cls, address: str, timeout: float = CONNECT_TIMEOUT) -> "DaskExecutor":
        """Connect to the scheduler at `address`; a scheduler that does not answer within `timeout`
        seconds is a GrowthsimError naming the address."""
        try:
            from distributed import Client
        except ModuleNotFoundError:
            raise GrowthsimError("--scheduler needs dask.distributed: pip install 'growthsim[dask]'") from None
        if "://" not in address:
            raise GrowthsimError(f"--scheduler must look like tcp://HOST:PORT, got {address!r}")
        try:
            _probe(address, timeout)
            client = Client(address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise GrowthsimError(f"--scheduler {address}: no Dask scheduler answered within {timeout:g} s "
                                 f"({type(exc).__name__}); start one with 'dask scheduler'") from None
        except ValueError as exc:
            raise GrowthsimError(f"--scheduler {address}: {exc}") from None
        ex = cls(client)
        ex._own = True
        return ex

    def run_chunks(self, fn: Callable[[Any], Any], chunks: Sequence) -> Iterator[tuple[int, Any]]:
        from distributed import as_completed as dask_completed

        futs = [self.client.submit(fn, c, pure=False) for c in chunks]
        index = {f.key: i for i, f in enumerate(futs)}
        for fut in dask_completed(futs, loop=self.client.loop):   # our client need not be the default one
            yield index[fut.key], fut.result()

    def close(self) -> None:
        if self._own:
            self.client.close()

    def describe(self) -> str:
        return f"Dask scheduler {self.client.scheduler.address} ({self.workers} workers)"


def _probe(address: str, timeout: float) -> None:
    """Open and close one comm to `address` (TCP connect and Dask handshake) within `timeout` seconds.

    ``distributed.Client(address, timeout=...)`` waits forever on a server that accepts the TCP
    connection but never speaks (a wrong port, a proxy); this bounded probe fails first."""
    import asyncio

    from distributed.comm import connect

    async def once():
        comm = await asyncio.wait_for(connect(address, timeout=timeout), timeout)
        await comm.close()

    asyncio.run(once())


def executor_for(scheduler: str | None, jobs: int):
    """A DaskExecutor connected to `scheduler` when given, else a LocalExecutor of `jobs` processes."""
    return DaskExecutor.connect(scheduler) if scheduler else LocalExecutor(jobs)


def chunked(items: Sequence, size: int) -> list[list]:
    """`items` in consecutive chunks of at most `size`."""
    size = max(1, int(size))
    return [list(items[i:i + size]) for i in range(0, len(items), size)]
