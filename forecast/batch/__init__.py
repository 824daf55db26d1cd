"""Every series at once: ``forecast refit --all`` and ``backtest --all`` in chunks on local processes or
a dask.distributed cluster, with the single-series engine's numbers (see ``series``, ``tasks``,
``executor``, ``refit``, ``backtest``, ``report``, ``cli``)."""
