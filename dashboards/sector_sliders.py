"""One range slider per sector and group, each with a "set" box: the inputs the scenario view and the
Plan view share.

Bound to a `dashboards.state.ScenarioState` (or a subclass): a box sets `<key>_set`, a slider's release
(`value_throttled`: one recomputation per drag, not one per pixel) calls `state.set_range`, and
changes made in Python (presets, the library, links) are shown back in the widgets. Rows carry the
html id `<prefix><key>` (`slider-industry`; the Plan view's `plan-slider-industry`).
"""
from __future__ import annotations

import panel as pn
from bokeh.models import CustomJSTickFormatter

from forecast.data.sectors import GROUPS, LEAVES
from scenarios.scenario import KEYS

from dashboards.i18n import sector_name, slider_format_js
from dashboards.state import SLIDER_LIMITS
from dashboards.widgets import IdRow


def clip(x: float) -> float:
    """`x` inside the sliders' range (a scenario may hold growth beyond what a slider shows)."""
    return min(max(float(x), SLIDER_LIMITS[0]), SLIDER_LIMITS[1])


class SectorSliders:
    """The boxes, sliders and rows of every key (`checks`, `sliders`, `rows`: key -> widget) of `state`."""

    def __init__(self, state, prefix: str = "slider-", width: int = 250):
        self.state = st = state
        self.checks, self.sliders, self.rows = {}, {}, {}
        fmt = CustomJSTickFormatter(code=slider_format_js(st.lang))
        for k in KEYS:
            lo, hi = getattr(st, f"{k}_range")
            cb = pn.widgets.Checkbox(value=getattr(st, f"{k}_set"), width=22, margin=(22, 0, 0, 5))
            sl = pn.widgets.RangeSlider(start=SLIDER_LIMITS[0], end=SLIDER_LIMITS[1], step=0.1,
                                        value=(clip(lo), clip(hi)), format=fmt, width=width, margin=(5, 10))
            cb.param.watch(lambda e, k=k: setattr(st, f"{k}_set", e.new), "value")
            sl.param.watch(lambda e, k=k: st.set_range(k, *e.new), "value_throttled")
            self.checks[k], self.sliders[k] = cb, sl
            self.rows[k] = IdRow(cb, sl, html_id=f"{prefix}{k}", margin=(0, 0, 2, 0))
        self.sectors_title = pn.pane.Markdown(margin=(10, 5, 0, 5))
        self.groups_title = pn.pane.Markdown(margin=(10, 5, 0, 5))
        st.param.watch(self._state_to_widgets, [f"{k}_{s}" for k in KEYS for s in ("set", "range")])
        st.param.watch(self.relabel, ["lang"])
        self.relabel()

    def _state_to_widgets(self, *events) -> None:
        with pn.io.hold():
            for e in events:
                if e.name.endswith("_set"):
                    self.checks[e.name[:-4]].value = e.new
                else:
                    self.sliders[e.name[:-6]].value = (clip(e.new[0]), clip(e.new[1]))

    def relabel(self, *events) -> None:
        from dashboards.i18n import t

        lang = self.state.lang
        fmt = CustomJSTickFormatter(code=slider_format_js(lang))
        with pn.io.hold():
            for k in KEYS:
                self.sliders[k].param.update(name=sector_name(k, lang), format=fmt)
            self.sectors_title.object = f"**{t('sectors', lang)}**"
            self.groups_title.object = f"**{t('groups', lang)}**"

    def layout(self) -> list:
        """Title, the leaves' rows, title, the groups' rows (to put in a Column)."""
        return ([self.sectors_title, *[self.rows[k] for k in LEAVES], self.groups_title,
                 *[self.rows[k] for k in GROUPS]])
