"""The downloads of a view: the report workbook, the tidy CSV and the scenario (or plan) file, exactly what
`growthsim scenario run FILE --format xlsx|csv` writes for the file downloaded beside them.

Bound to a `dashboards.state.ScenarioState` (or a subclass): file names follow the scenario's name, and
the two result files are disabled while there is no result (the inputs cannot be computed: nothing of
earlier inputs is offered as theirs). The scenario file stays available: it is the inputs themselves.
"""
from __future__ import annotations

import io
import re

import panel as pn

from forecast.tables import table_bytes
from scenarios.export import tidy, write_xlsx

from dashboards.i18n import t


def slug(name: str) -> str:
    """A file name from a scenario name (letters and digits, '_' between)."""
    s = re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_")
    return s[:60] or "scenario"


class Downloads:
    """`xlsx`, `csv` and `toml` FileDownload widgets of `state`'s result and scenario file."""

    def __init__(self, state, toml_label: str = "download_toml"):
        self.state = st = state
        self._toml_label = toml_label
        self.xlsx = pn.widgets.FileDownload(callback=self.xlsx_bytes, filename="scenario.xlsx", color="success",
                                            width=260)
        self.csv = pn.widgets.FileDownload(callback=self.csv_bytes, filename="scenario.csv", width=150)
        self.toml = pn.widgets.FileDownload(callback=self.toml_bytes, filename="scenario.toml", width=230)
        st.param.watch(self._filenames, ["scenario_name"])
        st.param.watch(self._enable, ["result"])
        st.param.watch(self.relabel, ["lang"])
        self._filenames()
        self._enable()
        self.relabel()

    def _filenames(self, *events) -> None:
        s = slug(self.state.scenario_name)
        self.xlsx.filename, self.csv.filename, self.toml.filename = f"{s}.xlsx", f"{s}.csv", f"{s}.toml"

    def _enable(self, *events) -> None:
        with pn.io.hold():
            self.xlsx.disabled = self.csv.disabled = self.state.result is None

    def relabel(self, *events) -> None:
        lang = self.state.lang
        with pn.io.hold():
            self.xlsx.label = t("download_xlsx", lang)
            self.csv.label = t("download_csv", lang)
            self.toml.label = t(self._toml_label, lang)

    def xlsx_bytes(self) -> io.BytesIO:
        """The report workbook of `growthsim scenario run --format xlsx`, for the current inputs."""
        buf = io.BytesIO()
        write_xlsx([self.state.result], buf)
        buf.seek(0)
        return buf

    def csv_bytes(self) -> io.BytesIO:
        """The tidy long table of `growthsim scenario run --format csv` (dot decimals)."""
        return io.BytesIO(table_bytes(tidy([self.state.result]), "csv"))

    def toml_bytes(self) -> io.BytesIO:
        """The scenario file of the inputs (what `growthsim scenario run` reads)."""
        return io.BytesIO(self.state.scenario_toml().encode("utf-8"))

    def row(self) -> pn.Row:
        return pn.Row(self.xlsx, self.csv, self.toml)
