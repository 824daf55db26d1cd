"""Official data: the curated store, its import from GSO releases, and the loading API."""
from forecast.data.api import catalog, data_vintage, load, tet_dates

__all__ = ["catalog", "data_vintage", "load", "tet_dates"]
