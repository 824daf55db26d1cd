"""The web app. Until the scenario and indicator views land, a page listing the curated data."""
from __future__ import annotations

import panel as pn

from forecast.data.api import catalog, data_vintage


def create_app() -> pn.viewable.Viewable:
    cat = catalog()
    table = pn.widgets.Tabulator(cat[["id", "name_vi", "name_en", "unit", "freq", "first", "last", "last_vintage"]],
                                 disabled=True, pagination="local", page_size=30, sizing_mode="stretch_width")
    return pn.template.FastListTemplate(
        title="growthsim",
        main=[pn.pane.Markdown(f"## Official series\nData vintage **{data_vintage()}** · {len(cat)} series"), table],
    )
