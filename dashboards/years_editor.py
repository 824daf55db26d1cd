"""The scenario view's `[years.YYYY]` tables: a scenario for a year after the data stands on estimates of
the years between (for 2026 on data that end in 2025-02: the estimates of 2025).

A button ("Fill 2025 from the baseline", html id `fill-years-button`) writes each sector's baseline
growth of that year into the state's `years` (`ScenarioState.fill_year`, numbers from
`scenarios.prefill.baseline_estimates`); one box per sector (`years-<year>-<sector>`) then shows the
estimate for the user to edit; every edit is one recomputation. The years offered are the state's
`link_years()`: the years the scenario needs estimates for.
"""
from __future__ import annotations

import panel as pn

from forecast.data.sectors import LEAVES
from forecast.errors import GrowthsimError
from scenarios.assumptions import Point

from dashboards.i18n import fmt_error, sector_name, t
from dashboards.widgets import FloatBox, IdColumn, IdRow, esc


class YearsEditor:
    """Fill buttons and the boxes of the link years of `state` (a `dashboards.state.ScenarioState`)."""

    def __init__(self, state):
        self.state = st = state
        self.button = pn.widgets.Button(color="primary", width=300)
        self.button.on_click(self._fill)
        self.button_row = IdRow(self.button, html_id="fill-years-button", visible=False)
        self.status = pn.pane.HTML("", sizing_mode="stretch_width")
        self.boxes: dict[tuple[int, str], FloatBox] = {}
        self.body = IdColumn(html_id="years-tables", sizing_mode="stretch_width")
        st.param.watch(self._refresh, ["years", "error", "result", "year", "lang"])
        self._refresh()

    def _fill(self, event=None) -> None:
        years = self.state.link_years()
        if not years:
            return
        try:
            for y in years:
                self.state.fill_year(y)
        except GrowthsimError as exc:
            self.status.object = f'<span style="color:#c62828">{esc(fmt_error(exc, self.state.lang))}</span>'
            return
        self.status.object = f'<span style="color:#1a7f37">{esc(t("years_filled", self.state.lang, year=years[-1]))}</span>'

    def _refresh(self, *events) -> None:
        st, lang = self.state, self.state.lang
        missing = [y for y in st.link_years() if y not in st.years]
        shown = sorted(y for y in st.years if y < st.year)
        with pn.io.hold():
            self.button_row.visible = bool(missing)
            if missing:
                self.button.name = t("fill_years", lang, year=", ".join(str(y) for y in missing))
            if {k for k in self.boxes} != {(y, k) for y in shown for k in LEAVES} or any(e.name == "lang" for e in events):
                self._build(shown)
            else:
                for (y, k), box in self.boxes.items():
                    a = st.years.get(y, {}).get(k)
                    v = a.value if isinstance(a, Point) else None
                    if box.value != v:
                        box.value = v

    def _build(self, shown: list[int]) -> None:
        st, lang = self.state, self.state.lang
        self.boxes = {}
        parts = []
        for y in shown:
            row = []
            for k in LEAVES:
                a = st.years.get(y, {}).get(k)
                box = FloatBox(label=sector_name(k, lang), value=a.value if isinstance(a, Point) else None,
                                            step=0.1, width=120, placeholder="–")
                box.param.watch(lambda e, y=y, k=k: self._edited(y, k, e.new), "value")
                self.boxes[(y, k)] = box
                row.append(IdRow(box, html_id=f"years-{y}-{k}", margin=0))
            parts += [pn.pane.Markdown(f"**{t('years_title', lang, year=y)}**", margin=(10, 5, 0, 5)),
                      pn.FlexBox(*row)]
        self.body.objects = parts

    def _edited(self, year: int, key: str, value) -> None:
        a = self.state.years.get(year, {}).get(key)
        if value is None:
            self.state.clear_year_range(year, key)
        elif not (isinstance(a, Point) and a.value == value):
            self.state.set_year_range(year, key, value, value)

    def layout(self) -> pn.viewable.Viewable:
        return pn.Column(self.button_row, self.status, self.body, sizing_mode="stretch_width")
