"""Builders of the curated store from the raw GSO folder, one module per family of series.

Each module exposes two functions (plain data in, plain data out; see `forecast.data.frame`):

``read_raw(gso: Path, until: str | None) -> tuple[obs, meta]``
    Official observations of every vintage found in the raw folder (``tables/``, ``sdmx/``),
    restricted to releases whose reference month is ``<= until`` (``YYYY-MM``) when given,
    and one catalog row per series (`META_COLUMNS`).
``derive(latest: obs) -> tuple[obs, meta]``
    Series that growthsim computes from official ones (a level index chained from published
    rates, a real series deflated by the CPI), from the store's newest-vintage observations of
    all families. Status ``derived``. Called after every build and every import.

The matching reader of a monthly Excel release lives in ``forecast.data.releases.<module>``
as ``parse(book: ReleaseWorkbook) -> obs`` and must give the same series ids, units and
statuses as ``read_raw`` does for that release, so that importing releases one by one equals
a full build.
"""
