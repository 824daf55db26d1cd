"""The library view: saved scenarios (load, rename, delete, compare side by side), each with its data
vintage; when the data in use is newer, the scenario is run again on it and the view says whether
its numbers change.

With a login, the view has two libraries: the user's own (`library`, where the scenario view saves)
and the shared one (`shared`); a toggle picks which is listed and acted on, and "publish" copies the
scenarios picked in the user's library into the shared one. No file path is shown."""
from __future__ import annotations

import panel as pn
import param

from forecast.data.sectors import GROUPS, LEAVES
from forecast.errors import GrowthsimError
from scenarios.files import dumps

from dashboards.i18n import fmt_assumption, fmt_error, fmt_pct, fmt_prob, sector_name, t
from dashboards.library import Library, LibraryError, LibraryStorageError, Saved, publish
from dashboards.state import run_cached
from dashboards.widgets import TABLE_CSS, esc, html_table


def library_message(exc: GrowthsimError, lang: str) -> str:
    """One sentence in `lang` for a library failure (the file's sentence, or the request's message)."""
    if isinstance(exc, LibraryStorageError):
        return t(exc.label, lang)
    return fmt_error(exc, lang)


def _red(text: str) -> str:
    return f'<span style="color:#c62828" class="library-notice">{esc(text)}</span>'


class LibraryView(pn.viewable.Viewer):
    state = param.Parameter(doc="the session's ScenarioState")
    library = param.ClassSelector(class_=Library, doc="the library saved to (the user's own, with a login)")
    shared = param.ClassSelector(class_=Library, default=None, allow_None=True,
                                 doc="the shared library users publish to (None: no login, one library)")
    user = param.String(default="", doc="the logged-in user ('' without a login)")
    data_vintage = param.String(default="")

    def __init__(self, **params):
        super().__init__(**params)
        self.table = pn.pane.HTML("", stylesheets=[TABLE_CSS], sizing_mode="stretch_width")
        self.pick = pn.widgets.MultiSelect(size=8, width=380)
        self.new_name = pn.widgets.TextInput(width=260)
        self.load_b = pn.widgets.Button(color="primary", width=100)
        self.rename_b = pn.widgets.Button(width=100)
        self.delete_b = pn.widgets.Button(color="danger", width=100)
        self.compare_b = pn.widgets.Button(width=100)
        self.status = pn.pane.HTML("", sizing_mode="stretch_width")
        self.compare_out = pn.pane.HTML("", stylesheets=[TABLE_CSS], sizing_mode="stretch_width")
        self.which = pn.widgets.RadioButtonGroup(value="mine", color="default", visible=self.shared is not None)
        self.which.param.watch(lambda e: self._which_changed(), "value")
        self.publish_b = pn.widgets.Button(width=220, visible=self.shared is not None)
        self.publish_b.on_click(self.publish)
        self.load_b.on_click(self.load)
        self.rename_b.on_click(self.rename)
        self.delete_b.on_click(self.delete)
        self.compare_b.on_click(self.compare)
        self.state.param.watch(self._relabel, "lang")
        self._relabel()

    def _relabel(self, *events) -> None:
        lang = self.state.lang
        with pn.io.hold():
            self.pick.name = t("saved_scenarios", lang)
            self.new_name.name = t("new_name", lang)
            self.load_b.name, self.rename_b.name = t("load", lang), t("rename", lang)
            self.delete_b.name, self.compare_b.name = t("delete", lang), t("compare", lang)
            self.which.options = {t("lib_mine", lang, user=self.user): "mine", t("lib_shared", lang): "shared"}
            self.publish_b.name = t("publish", lang)
            self.refresh()

    @property
    def active(self) -> Library:
        """The library listed and acted on: the shared one when picked, else the user's (or the only) one."""
        return self.shared if self.shared is not None and self.which.value == "shared" else self.library

    def _which_changed(self) -> None:
        self.publish_b.visible = self.shared is not None and self.which.value == "mine"
        self.pick.value = []
        self.compare_out.object = ""
        self.refresh()

    def publish(self, event=None) -> None:
        """Copy the scenarios picked in the user's library into the shared one."""
        names = self._selected()
        if not names or self.shared is None:
            return
        try:
            for n in names:
                publish(self.library, self.shared, n)
        except LibraryError as exc:
            self.status.object = f'<span style="color:#c62828">{esc(exc.message)}</span>'
            return
        self.status.object = f"{esc(t('published', self.state.lang))}: {esc(', '.join(names))}"

    def refresh(self, *events) -> None:
        lang = self.state.lang
        try:
            saved, skipped = self.active.list_checked()
        except GrowthsimError as exc:  # a broken library file must not break the page
            self.table.object = ""
            self.pick.options = []
            self.status.object = _red(library_message(exc, lang))
            return
        except Exception as exc:  # noqa: BLE001 - an unforeseen failure: still a page, with a notice
            self.table.object = ""
            self.status.object = _red(f"{t('library_error', lang)} ({type(exc).__name__})")
            return
        self.rows = [[s.name, str(s.summary.get("year")), fmt_pct(s.summary.get("target"), lang, 1),
                      fmt_pct(s.summary["gdp_growth"]["p50"], lang, 2), fmt_prob(s.summary["probability_reach"], lang),
                      s.data_vintage + ("" if s.data_vintage == self.data_vintage else " *"), s.saved_at]
                     for s in saved]
        header = [t("name", lang), t("year", lang), t("row_target", lang), t("row_gdp", lang), t("row_prob", lang),
                  t("row_vintage", lang), t("saved_at", lang)]
        with pn.io.hold():
            self.table.object = html_table(header, self.rows, num_cols={2, 3, 4}, table_id="library-table") + (
                f'<p style="color:#666;font-size:12px">* {esc(t("stale_note", lang, now=self.data_vintage))}</p>'
                if any(s.data_vintage != self.data_vintage for s in saved) else "")
            names = [s.name for s in saved]
            self.pick.options = names
            self.pick.value = [v for v in self.pick.value if v in names]
        if skipped:
            self.status.object = _red(t("library_skipped", lang, n=len(skipped), names="; ".join(skipped[:5])
                                        + ("; …" if len(skipped) > 5 else "")))
        elif not saved:
            self.status.object = esc(t("empty_library", lang))

    def _selected(self, at_least: int = 1) -> list[str] | None:
        if len(self.pick.value) < at_least:
            self.status.object = esc(t("pick_one" if at_least == 1 else "compare_pick", self.state.lang))
            return None
        return list(self.pick.value)

    def freshness(self, s: Saved) -> str:
        """'' when the scenario was computed on the data in use; else what the newer data change."""
        lang = self.state.lang
        if s.data_vintage == self.data_vintage:
            return ""
        try:
            now = run_cached(dumps(s.scenario()), self.state.draws, self.state.seed, self.state.root)
        except GrowthsimError as exc:
            return fmt_error(exc, lang)
        old_g, old_p = s.summary["gdp_growth"]["p50"], s.summary["probability_reach"]
        new_g, new_p = now.gdp_growth["p50"], now.probability_reach
        if round(old_g, 2) == round(new_g, 2) and round(old_p, 3) == round(new_p, 3):
            return t("stale_same", lang, then=s.data_vintage, now=self.data_vintage)
        what = (f"{t('row_gdp', lang)} {fmt_pct(old_g, lang, 2)} → {fmt_pct(new_g, lang, 2)}; "
                f"{t('row_prob', lang)} {fmt_prob(old_p, lang)} → {fmt_prob(new_p, lang)}")
        return t("stale", lang, now=self.data_vintage, what=what)

    def load(self, event=None) -> None:
        names = self._selected()
        if not names:
            return
        lang = self.state.lang
        try:
            s = self.active.get(names[0])
            self.state.apply_scenario(s.scenario())
        except GrowthsimError as exc:
            self.status.object = _red(library_message(exc, lang))
            return
        msg = f"{esc(t('loaded', lang))}: {esc(s.name)}"
        fresh = self.freshness(s)
        self.status.object = msg + (f"<br><b>{esc(fresh)}</b>" if fresh else "")

    def rename(self, event=None) -> None:
        names = self._selected()
        if not names:
            return
        try:
            s = self.active.rename(names[0], self.new_name.value)
        except LibraryError as exc:
            self.status.object = _red(library_message(exc, self.state.lang))
            return
        self.status.object = f"{esc(t('renamed', self.state.lang))}: {esc(s.name)}"
        self.refresh()

    def delete(self, event=None) -> None:
        names = self._selected()
        if not names:
            return
        for n in names:
            try:
                self.active.delete(n)
            except LibraryStorageError as exc:
                self.status.object = _red(library_message(exc, self.state.lang))
                return
            except LibraryError:
                pass
        self.status.object = f"{esc(t('deleted', self.state.lang))}: {esc(', '.join(names))}"
        self.refresh()

    def compare(self, event=None) -> None:
        names = self._selected(2)
        if not names:
            return
        lang = self.state.lang
        try:
            saved = [self.active.get(n) for n in names]
        except LibraryError as exc:
            self.status.object = _red(library_message(exc, lang))
            return
        used = []
        for s in saved:
            try:
                used.append(s.scenario().used())
            except GrowthsimError:
                used.append({})
        rows = [[t("row_target", lang)] + [fmt_pct(s.summary["target"], lang, 1) for s in saved],
                [t("row_gdp", lang)] + [fmt_pct(s.summary["gdp_growth"]["p50"], lang, 2) for s in saved],
                [t("row_band", lang)] + [f"{fmt_pct(s.summary['gdp_growth']['p10'], lang, 2)} – "
                                         f"{fmt_pct(s.summary['gdp_growth']['p90'], lang, 2)}" for s in saved],
                [t("row_prob", lang)] + [fmt_prob(s.summary["probability_reach"], lang) for s in saved],
                [t("row_vintage", lang)] + [s.data_vintage for s in saved]]
        rows += [[sector_name(k, lang)] + [fmt_assumption(u[k], lang) if k in u else "–" for u in used]
                 for k in list(LEAVES) + list(GROUPS)]
        notes = [f"{s.name}: {f}" for s in saved if (f := self.freshness(s))]
        self.compare_out.object = (html_table([""] + [s.name for s in saved], rows, table_id="compare-table")
                                   + "".join(f"<p><b>{esc(n)}</b></p>" for n in notes))
        self.status.object = ""

    def __panel__(self):
        return pn.Column(
            self.which, self.table,
            pn.Row(self.pick, pn.Column(pn.Row(self.load_b, self.delete_b, self.compare_b),
                                        pn.Row(self.new_name, self.rename_b), self.publish_b, self.status)),
            self.compare_out, sizing_mode="stretch_width")

