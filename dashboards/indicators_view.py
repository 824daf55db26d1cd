"""The indicators view: IIP, exports, imports, retail (and their sections / product groups, or a series
the user uploads): history with the forecast fan, as levels, yoy % or year-to-date %; the published
year-to-date figures beside the model's; the distribution of the year's growth against a target the
user types (a growth, a range or a level), tracked as `growthsim forecast track` does: the year to date
(published, from levels, or a figure the user types with its month), the growth the remaining months
need, its percentile in the forecast and P(target).

Forecasts come from the engine's disk cache (`forecast.engine.forecast_paths`) and are memoised per
process by ``forecast.cache.memoize`` under the store's fingerprint; summaries from `forecast.summaries`; history growth
from `scenarios.monthly`; the tracking panel from `forecast.track.track` (the CLI's function). Nothing here refits on a widget change once a series has been fitted.
"""
from __future__ import annotations

import io

import numpy as np
import pandas as pd
import panel as pn
import param
from bokeh.models import Span
from bokeh.plotting import figure

from forecast import periods as P
from forecast.cache import memoize
from forecast.errors import GrowthsimError
from forecast.input_csv import KINDS, UNITS
from forecast.numbers import NumberError
from forecast.track import Tracking
from scenarios.monthly import history_growth_pct

from dashboards.i18n import (fmt_error, fmt_number, fmt_number_error, fmt_pct, fmt_prob, indicator_name, parse_number, t,
                             unit_name)
from dashboards.library import LibraryError
from dashboards.series_library import StoredSeries, check_id, describe_series, list_series, store_series
from dashboards.tracking_questions import Question, get_question, list_questions, save_question
from dashboards.widgets import TABLE_CSS, IdColumn, IdRow, esc, html_table, notice_pane, scrub_paths

FAMILIES = ("iip", "exports", "imports", "retail")
N_PATHS = 2000        # the engine's default: its cache is shared with the CLI and the scenario baseline
SEED = 0
HISTORY_YEARS = 5
UPLOADED = "__uploaded__"
# Uploads: refused above these before parsing (bytes) or while parsing (data rows). The server's
# websocket message limit (dashboards.serve.WEBSOCKET_MAX_MESSAGE_BYTES) is set well above the
# base64 form of MAX_UPLOAD_BYTES, so a file over the limit reaches the app and gets the message.
MAX_UPLOAD_BYTES = 5_000_000
MAX_UPLOAD_ROWS = 100_000
UPLOAD_SOURCE = "upload.csv"     # the name shown in messages when the browser gives none
DEFAULT_UNIT = {"index": "index 2015=100", "flow": "billion VND"}


def upload_name(filename: str | None) -> str:
    """The uploaded file's own name for messages: its last part (no folders), printable, at most 80
    characters; never opened or used as a path (escaped when shown)."""
    name = str(filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if c.isprintable()).strip()[:80]
    return name or UPLOAD_SOURCE


@memoize(maxsize=64)
def store_paths(series: str, horizon: int, root: str | None):
    """Forecast sample paths of a store series (engine disk cache; fits only the first time), memoised
    per process under the store's fingerprint, so an import into a running server's store is seen."""
    from forecast.engine import forecast_paths
    return forecast_paths(series, horizon=horizon, n_paths=N_PATHS, seed=SEED, root=root)


@memoize(maxsize=64)
def store_outlook(series: str, year: int, root: str | None):
    """The year's outlook of a store series: the same `forecast.annual.annual_outlook` as
    `growthsim forecast annual` (published-rate gap included), memoised like `store_paths`."""
    from forecast.annual import annual_outlook
    return annual_outlook(series, year, n_paths=N_PATHS, seed=SEED, root=root)


@memoize(maxsize=128)
def store_tracking(series: str, year: int, target: tuple, ytd_pct: float | None, through: str | None,
                   tolerance_pp: float, root: str | None) -> Tracking:
    """`forecast.track.track` of a store series (the numbers of `growthsim forecast track`), memoised like
    `store_paths`. `target`: ("growth", pct) | ("range", low, high) | ("level", value)."""
    from forecast.track import track
    return track(series, year, through=through, ytd_pct=ytd_pct, ytd_tolerance_pp=tolerance_pp,
                 n_paths=N_PATHS, seed=SEED, root=root, **target_kwargs(target))


def target_kwargs(target: tuple) -> dict:
    """The keyword of `forecast.track.track` / `AnnualOutlook.summary` for a target tuple (see `store_tracking`)."""
    kind = target[0]
    if kind == "range":
        return {"target_range": (target[1], target[2])}
    return {"target_pct": target[1]} if kind == "growth" else {"target_level": target[1]}


def horizon_for(last_month) -> int:
    """Months from the last published month (Period or 'YYYY-MM') to December of the following year (at least 12)."""
    last = P.month(last_month)
    return max(12, P.months_between(last, P.last_month(last.year + 1)))


class IndicatorsView(pn.viewable.Viewer):
    """Monthly indicators: fan chart, year to date, annual target."""

    state = param.Parameter(doc="the session's ScenarioState (for the language)")
    root = param.String(default=None, allow_None=True)
    library = param.Parameter(default=None, doc="the scenario library (dashboards.library.Library) that also "
                                                "keeps the user's own series; None: uploads last the session")
    series_ref = param.String(default=None, allow_None=True, doc="a stored series' id from the link (?series=)")
    question_ref = param.String(default=None, allow_None=True, doc="a tracking question's id from the link (?question=)")
    question_id = param.String(default=None, allow_None=True, doc="the stored question the inputs show, if they do")

    def __init__(self, **params):
        super().__init__(**params)
        from forecast.data.api import catalog
        from forecast.engine import monthly_series_ids

        try:
            cat = catalog(self.root)
            ids = set(monthly_series_ids(self.root))
        except GrowthsimError:
            cat, ids = pd.DataFrame(columns=["id", "name_vi", "name_en", "unit", "last"]), set()
        self.catalog = cat.set_index("id")
        self.items = {f: [s for s in sorted(ids) if s == f or (s.startswith(f + ".") and not s.endswith(".adjusted"))]
                      for f in FAMILIES}
        self.items = {f: v for f, v in self.items.items() if f in v}
        self.uploaded: dict[str, StoredSeries] = {}       # stored id -> the user's series
        self.family = pn.widgets.Select(width=330)
        self.item = pn.widgets.Select(width=330)
        self.measure = pn.widgets.RadioButtonGroup(value="levels", color="default")
        self.year = pn.widgets.IntInput(width=90)
        self.target_kind = pn.widgets.RadioButtonGroup(value="growth")
        self.target_text = pn.widgets.TextInput(value="", width=160, placeholder="9,7")
        self.target_high = pn.widgets.TextInput(value="", width=160, placeholder="10", visible=False)
        self.ytd_text = pn.widgets.TextInput(value="", width=120, placeholder="8,4")
        self.through = pn.widgets.Select(width=120)
        self.target_kind.param.watch(lambda e: setattr(self.target_high, "visible", e.new == "range"), "value")
        self.year.param.watch(self._year_changed, "value")
        self.upload = pn.widgets.FileInput(accept=".csv", multiple=False)
        self.upload.param.watch(self._uploaded, "value")
        self.upload_status = pn.pane.HTML("")
        self.series_name = pn.widgets.TextInput(value="", width=220, max_length=120)
        self.series_kind = pn.widgets.Select(value="flow", width=260)
        self.series_unit = pn.widgets.Select(value=None, width=220)
        self.series_province = pn.widgets.TextInput(value="", width=180, max_length=80)
        self.series_kind.param.watch(self._kind_changed, "value")
        self.series_list = pn.pane.HTML("", sizing_mode="stretch_width")
        self.series_message = ""
        self._load_stored()
        self.question_save = pn.widgets.Button(width=220, color="default")
        self.question_save.on_click(self._save_question)
        self.question_status = pn.pane.HTML("", width=420)
        self.question_list = pn.pane.HTML("", sizing_mode="stretch_width")
        self._restoring = False
        for w in (self.item, self.year, self.target_kind, self.target_text, self.target_high, self.ytd_text,
                  self.through):
            w.param.watch(self._question_edited, "value")
        self.download = pn.widgets.FileDownload(callback=self._forecast_csv, filename="forecast.csv", width=200)
        self.title_upload = pn.pane.Markdown()
        self.family.param.watch(self._family_changed, "value")
        self.item.param.watch(self._item_changed, "value")
        self.state.param.watch(self._relabel, "lang")
        self._relabel()
        if self.items:
            self.family.value = next(iter(self.items))
            self._family_changed()
        if self.series_ref:
            self.select_stored(self.series_ref)
        if self.question_ref:
            self.select_question(self.question_ref)
        self.body = pn.panel(pn.bind(self.view, self.item.param.value, self.measure.param.value, self.year.param.value,
                                     self.target_kind.param.value, self.target_text.param.value,
                                     self.target_high.param.value, self.ytd_text.param.value,
                                     self.through.param.value, self.state.param.lang), loading_indicator=True, defer_load=True,
                             sizing_mode="stretch_width")

    # ------------------------------------------------------------------ pickers
    def _label(self, sid: str, lang: str) -> str:
        """A series' name for pickers and titles (plain text: Bokeh shows it as text, never markup)."""
        if sid in self.uploaded:
            st = self.uploaded[sid]
            return f"{st.name} ({st.province})" if st.province else st.name
        col = "name_vi" if lang == "vi" else "name_en"
        return str(self.catalog.loc[sid, col]) if sid in self.catalog.index else sid

    def _relabel(self, *events) -> None:
        lang = self.state.lang
        fams = {indicator_name(f, lang): f for f in self.items}
        if self.uploaded:
            fams[t("uploaded", lang)] = UPLOADED
        with pn.io.hold():
            self.family.param.update(options=fams, name=t("indicator", lang))
            self._family_changed()
            self.measure.options = {t("levels", lang): "levels", t("yoy", lang): "yoy", t("ytd", lang): "ytd"}
            self.target_kind.options = {t("target_growth", lang): "growth", t("target_range", lang): "range",
                                        t("target_level", lang): "level"}
            self.target_text.name = t("target_value", lang)
            self.target_high.name = t("target_high", lang)
            self.ytd_text.name = t("track_ytd_input", lang)
            self.through.name = t("track_through", lang)
            self.year.name = t("year", lang)
            self.title_upload.object = (f"**{t('upload', lang)}** "
                                        + t("upload_limits", lang, limit=fmt_number(MAX_UPLOAD_BYTES / 1e6, lang, 0),
                                            rows=fmt_number(MAX_UPLOAD_ROWS, lang)))
            self.series_name.name = t("series_name", lang)
            self.series_unit.name = t("series_unit", lang)
            self.series_kind.param.update(name=t("series_kind", lang),
                                          options={t(f"kind_{k}", lang): k for k in KINDS})
            self.series_province.name = t("series_province", lang)
            self._unit_options()
            self.series_list.object = self.series_list_html(lang)
            self.question_save.name = t("question_save", lang)
            self.question_list.object = self.question_list_html(lang)
            self.download.label = t("download_forecast_csv", lang)

    def _family_changed(self, *events) -> None:
        f = self.family.value
        ids = list(self.uploaded) if f == UPLOADED else self.items.get(f, [])
        keep = self.item.value if self.item.value in ids else (ids[0] if ids else None)
        self.item.param.update(options={self._label(s, self.state.lang): s for s in ids},
                               name=t("item", self.state.lang))
        self.item.value = keep

    def _item_changed(self, *events) -> None:
        sid = self.item.value
        if sid is None:
            return
        y = (P.month(self.history(sid).index[-1]) + 1).year  # the year of the first month to forecast
        self.year.param.update(start=y - 1, end=y + 1)
        self.year.value = y
        self._year_changed()

    def _year_changed(self, *events) -> None:
        """The months of the year for a typed year to date; default the latest month published in it."""
        year, sid = self.year.value, self.item.value
        if year is None or sid is None:
            return
        months = P.to_strs(P.year_months(year))
        last = P.to_str(min(P.month(self.history(sid).index[-1]), P.last_month(year)))
        self.through.param.update(options=months, value=last if last in months else months[0])

    def _uploaded(self, event) -> None:
        """Parse an uploaded CSV in memory (nothing is written to disk and the client's file name is not
        used), refusing it above MAX_UPLOAD_BYTES / MAX_UPLOAD_ROWS; then clear the FileInput so the
        upload's bytes are released (the widget and its Bokeh model hold them until cleared)."""
        from forecast.input_csv import InputTooLarge, parse_input_csv

        data = event.new
        if not data:             # the clear below, or an empty pick
            return
        lang = self.state.lang
        source = upload_name(self.upload.filename)
        try:
            if len(data) > MAX_UPLOAD_BYTES:
                self._upload_refused(t("upload_too_big", lang, size=fmt_number(len(data) / 1e6, lang, 1),
                                       limit=fmt_number(MAX_UPLOAD_BYTES / 1e6, lang, 0),
                                       rows=fmt_number(MAX_UPLOAD_ROWS, lang)))
                return
            try:
                series = parse_input_csv(data, source=source, max_bytes=MAX_UPLOAD_BYTES, max_rows=MAX_UPLOAD_ROWS)
                described = [self._describe(sid, y, source, len(series) > 1) for sid, y in series.items()]
            except InputTooLarge:
                self._upload_refused(t("upload_too_many_rows", lang, rows=fmt_number(MAX_UPLOAD_ROWS, lang),
                                       limit=fmt_number(MAX_UPLOAD_BYTES / 1e6, lang, 0)))
                return
            except GrowthsimError as exc:
                self._upload_refused(fmt_error(exc, lang))
                return
        finally:
            del data
            self.clear_upload()
        stored, why = [], ""
        for st in described:
            try:
                stored.append(store_series(self.library, st) if self.library is not None else st)
            except LibraryError as exc:
                stored.append(st)
                why = fmt_error(exc, lang)
        self.uploaded.update({st.id: st for st in stored})
        said = t("series_saved", lang) if not why and self.library is not None else t("series_not_saved", lang, why=why or "–")
        self.upload_status.object = (f"<span id='upload-ok'>{esc(said)}: "
                                     f"{esc(', '.join(self._label(st.id, lang) for st in stored))}</span>")
        self._relabel()
        self.select_stored(stored[0].id)

    def _describe(self, sid: str, y: pd.Series, source: str, several: bool) -> StoredSeries:
        """`y` of the upload with the form's description (a unit or kind column of the file wins)."""
        name = " ".join(self.series_name.value.split()) or sid
        kind = y.attrs.get("kind") or self.series_kind.value
        unit = y.attrs.get("unit") or (self.series_unit.value if UNITS.get(self.series_unit.value) == kind
                                       else DEFAULT_UNIT[kind])
        return describe_series(y, name=f"{name} · {sid}" if several and self.series_name.value.strip() else name,
                               unit=unit, kind=kind, province=self.series_province.value, source=source)

    def _kind_changed(self, event) -> None:
        """Offer the units of the kind chosen (an index's or a flow's)."""
        self._unit_options()

    def _unit_options(self) -> None:
        units = {unit_name(u, self.state.lang): u for u, k in UNITS.items() if k == self.series_kind.value}
        keep = self.series_unit.value if self.series_unit.value in units.values() else DEFAULT_UNIT[self.series_kind.value]
        self.series_unit.param.update(options=units, value=keep)

    def _load_stored(self) -> None:
        """The library's stored series (a library that cannot be read: none, and the reason under the list)."""
        if self.library is None:
            return
        try:
            self.uploaded.update({st.id: st for st in list_series(self.library)})
        except LibraryError as exc:
            self.series_message = fmt_error(exc, self.state.lang)

    def select_stored(self, ref: str) -> bool:
        """Show the stored series `ref` (an id from a link: checked first); False, and a message under the
        list, when it is malformed or unknown."""
        lang = self.state.lang
        try:
            sid = check_id(ref)
            if sid not in self.uploaded and self.library is not None:
                from dashboards.series_library import get_series
                self.uploaded[sid] = get_series(self.library, sid)
            if sid not in self.uploaded:
                raise LibraryError(f"no stored series with id {sid}")
        except LibraryError as exc:
            self.series_message = t("series_unknown", lang, why=fmt_error(exc, lang))
            self.series_list.object = self.series_list_html(lang)
            return False
        self.series_message = ""
        self._relabel()
        self.family.value = UPLOADED
        self.item.value = sid
        return True

    # ------------------------------------------------------------------ tracking questions
    def _question_edited(self, *events) -> None:
        """An input changed by the user: the inputs no longer show the stored question (the link drops it)."""
        if not self._restoring:
            self.question_id = None

    def current_question(self) -> Question:
        """The tracking question the inputs ask (texts as typed, in the session's language style)."""
        ytd = self.ytd_text.value.strip()
        return Question(series=self.item.value, year=int(self.year.value), target_kind=self.target_kind.value,
                        target_text=self.target_text.value, target_high=self.target_high.value if
                        self.target_kind.value == "range" else "", ytd_text=ytd,
                        through=self.through.value if ytd else "", style=self.state.lang)

    def _question_error(self, text: str) -> None:
        self.question_status.object = f"<p style='color:#c62828' id='question-error'>{esc(text)}</p>"

    def _save_question(self, *events) -> None:
        """Store the question the inputs ask (refused, with the reason, when its target is not a number)."""
        lang = self.state.lang
        if self.item.value is None or self.year.value is None:
            return
        q = self.current_question()
        target, note = self.parse_target(q.target_kind, q.target_text, q.target_high, lang)
        if target is None:
            if note:
                self.question_status.object = note
            else:
                self._question_error(t("question_needs_target", lang))
            return
        try:
            if self.library is None:
                raise LibraryError("no library")
            saved = save_question(self.library, q)
        except LibraryError as exc:
            self._question_error(fmt_error(exc, lang))
            return
        self.question_id = saved.id
        self.question_status.object = f"<p id='question-ok'>{esc(t('question_saved', lang))} ({esc(saved.id)})</p>"
        self.question_list.object = self.question_list_html(lang)

    def select_question(self, ref: str) -> bool:
        """Show the stored question `ref` (an id from a link: checked first) in the inputs; False, and a
        message, when it is malformed, unknown or its series is not there."""
        lang = self.state.lang
        try:
            if self.library is None:
                raise LibraryError("no library")
            q = get_question(self.library, ref).in_style(lang)
        except (LibraryError, NumberError) as exc:
            self._question_error(t("question_unknown", lang, why=fmt_error(exc, lang)))
            return False
        fam = UPLOADED if q.series in self.uploaded else next((f for f, ids in self.items.items() if q.series in ids),
                                                              None)
        if fam is None:
            self._question_error(t("question_unknown", lang, why=q.series))
            return False
        self._restoring = True
        try:
            self.family.value = fam
            self.item.value = q.series
            self.year.value = q.year
            self.target_kind.value = q.target_kind
            self.target_text.value, self.target_high.value = q.target_text, q.target_high
            if q.through:
                self.through.value = q.through
            self.ytd_text.value = q.ytd_text
        finally:
            self._restoring = False
        self.question_id = q.id
        return True

    def question_list_html(self, lang: str) -> str:
        """The stored tracking questions (#question-list), each a link by id; all text escaped."""
        try:
            questions = list_questions(self.library) if self.library is not None else []
        except LibraryError:
            questions = []
        rows = []
        for q in questions:
            target = q.target_text + (f" – {q.target_high}" if q.target_high else "")
            ytd = f" · {t('track_ytd_input', lang)} {q.ytd_text} ({q.through})" if q.ytd_text else ""
            rows.append(f"<li data-question='{esc(q.id)}'><a href='?view=indicators&amp;question={esc(q.id)}"
                        f"&amp;lang={lang}'>{esc(self._label(q.series, lang))} {q.year}</a>: "
                        f"{esc(t('target_' + q.target_kind, lang))} {esc(target)}{esc(ytd)}</li>")
        body = f"<ul>{''.join(rows)}</ul>" if rows else f"<p>{esc(t('series_none', lang))}</p>"
        return f"<div id='question-list'><b>{esc(t('question_list', lang))}</b>{body}</div>"

    @property
    def selected_series(self) -> str | None:
        """The id of the stored series shown, or None (a store series)."""
        return self.item.value if self.item.value in self.uploaded else None

    def series_list_html(self, lang: str) -> str:
        """The stored series (#series-list): name, province, unit, kind, saved at, a link by id; all text escaped."""
        rows = [f"<li data-series='{esc(st.id)}'><a href='?view=indicators&amp;series={esc(st.id)}&amp;lang={lang}'>"
                f"<span class='series-name'>{esc(st.name)}</span></a> · {esc(st.province or '–')} · {esc(unit_name(st.unit, lang))} · "
                f"{esc(t('kind_' + st.kind, lang))} · {esc(st.saved_at)} · <code>{esc(st.id)}</code></li>"
                for st in self.uploaded.values()]
        note = (f"<p style='color:#c62828' id='series-error'>{esc(self.series_message)}</p>"
                if self.series_message else "")
        body = f"<ul>{''.join(rows)}</ul>" if rows else f"<p>{esc(t('series_none', lang))}</p>"
        return f"<div id='series-list'><b>{esc(t('series_list', lang))}</b>{body}{note}</div>"

    def _upload_refused(self, text: str) -> None:
        self.upload_status.object = f'<span style="color:#c62828" id="upload-error">{esc(scrub_paths(text))}</span>'

    def clear_upload(self) -> None:
        """Drop the uploaded bytes: the widget's value and (through the browser) its Bokeh model's."""
        with param.parameterized.discard_events(self.upload):
            self.upload.param.update(value=None, filename=None, mime_type=None)
        self.upload.clear()

    # ------------------------------------------------------------------ data
    def history(self, sid: str) -> pd.Series:
        if sid in self.uploaded:
            return self.uploaded[sid].series()
        from forecast.data.api import load
        df = load(sid, root=self.root)
        return pd.Series(df["value"].to_numpy(dtype=float), index=P.to_index(df["period"]), name=sid)

    def paths(self, sid: str):
        if sid in self.uploaded:
            from dataclasses import replace

            from forecast.engine import forecast_paths
            st = self.uploaded[sid]
            sp = forecast_paths(st.series_id, y=st.levels, horizon=horizon_for(st.levels.index[-1]), n_paths=N_PATHS,
                                seed=SEED, unit=st.unit)
            return sp if sp.unit == st.unit else replace(sp, unit=st.unit)   # a cached fit keeps its first unit
        last = str(self.catalog.loc[sid, "last"])
        return store_paths(sid, horizon_for(last), self.root)

    def outlook(self, sid: str, year: int):
        """`forecast.annual.AnnualOutlook` of `sid` for `year` (the CLI's `forecast annual` numbers)."""
        if sid in self.uploaded:
            from forecast.annual import annual_outlook
            st = self.uploaded[sid]
            return annual_outlook(st.series_id, year, n_paths=N_PATHS, seed=SEED, y=st.series())
        return store_outlook(sid, year, self.root)

    def published_ytd(self, sid: str) -> pd.Series | None:
        pid = f"{sid}.ytd_yoy"
        if sid in self.uploaded or pid not in self.catalog.index:
            return None
        from forecast.data.api import load
        df = load(pid, root=self.root)
        return pd.Series(df["value"].to_numpy(dtype=float), index=P.to_index(df["period"]))

    def _forecast_csv(self) -> io.BytesIO:
        from forecast.summaries import monthly_table
        from forecast.tables import table_bytes
        sid = self.item.value
        if sid is None:
            return io.BytesIO(b"")
        name = self.uploaded[sid].series_id if sid in self.uploaded else sid
        self.download.filename = f"forecast_{name}.csv"
        return io.BytesIO(table_bytes(monthly_table(self.paths(sid)), "csv"))

    # ------------------------------------------------------------------ the view
    def view(self, sid, measure, year, target_kind, target_text, target_high, ytd_text, through, lang):
        if not self.items and not self.uploaded:
            return notice_pane(t("no_indicators", lang), kind="info")
        if sid is None or year is None:
            return pn.pane.Markdown("")
        try:
            sp = self.paths(sid)
        except GrowthsimError as exc:
            return notice_pane(fmt_error(exc, lang))
        from forecast.summaries import aggregation, monthly_table
        table = monthly_table(sp)
        hist = sp.history
        agg = aggregation(sp.series, sp.unit, self.uploaded[sid].kind if sid in self.uploaded else None)
        fan = self.fan_figure(sid, sp, table, hist, measure, lang)
        ytd = self.ytd_html(sid, table, hist, year, lang)
        target = self.target_html(sid, hist, year, target_kind, target_text, agg, lang, target_high=target_high,
                                  ytd_text=ytd_text, through=through)
        meta = (f'<p style="color:#666;font-size:12px">{esc(t("model", lang))}: {esc(sp.model)} · '
                f'{esc(t("data_vintage", lang))} {esc(sp.data_vintage or "–")} · '
                f'{esc(t("how_index" if agg == "mean" else "how_flow", lang))} · {esc(sp.unit)}</p>')
        return pn.Column(fan, pn.pane.HTML(meta), pn.Row(pn.pane.HTML(ytd, stylesheets=[TABLE_CSS], width=560),
                                                          target, sizing_mode="stretch_width"),
                         sizing_mode="stretch_width")

    def fan_figure(self, sid, sp, table, hist, measure, lang):
        start = P.month(f"{sp.origin.year - HISTORY_YEARS}-01")
        p = figure(height=340, sizing_mode="stretch_width", x_axis_type="datetime", toolbar_location="above",
                   tools="pan,wheel_zoom,box_zoom,reset,save", title=self._label(sid, lang))
        dt = lambda periods: pd.to_datetime(P.to_strs(periods), format="%Y-%m")  # noqa: E731
        fut = dt(table["period"])
        if measure == "levels":
            h = hist[hist.index >= start]
            p.varea(x=fut, y1=table["lo95"], y2=table["hi95"], color="#90caf9", alpha=0.35, legend_label=t("fan95", lang))
            p.varea(x=fut, y1=table["lo80"], y2=table["hi80"], color="#42a5f5", alpha=0.45, legend_label=t("fan80", lang))
            p.line(dt(h.index), h.to_numpy(), color="#222", line_width=2, legend_label=t("history", lang))
            p.line(fut, table["median"], color="#0d47a1", line_width=2, line_dash="dashed", legend_label=t("median", lang))
            p.yaxis.axis_label = sp.unit
        else:
            col = "yoy" if measure == "yoy" else "ytd_yoy"
            h = history_growth_pct(hist, measure)
            h = h[h.index >= start]
            p.varea(x=fut, y1=table[f"{col}_lo80"], y2=table[f"{col}_hi80"], color="#42a5f5", alpha=0.45,
                    legend_label=t("fan80", lang))
            p.line(dt(h.index), h.to_numpy(), color="#222", line_width=2, legend_label=t("history", lang))
            p.line(fut, table[f"{col}_pct"], color="#0d47a1", line_width=2, line_dash="dashed",
                   legend_label=t("mean", lang))
            pub = self.published_ytd(sid) if measure == "ytd" else None
            if pub is not None:
                pub = pub[pub.index >= start]
                p.scatter(dt(pub.index), pub.to_numpy(), size=5, color="#e65100", legend_label=t("published_ytd", lang))
            p.add_layout(Span(location=0, dimension="width", line_color="#999", line_width=1))
            p.yaxis.axis_label = "%"
        p.legend.location = "top_left"
        p.legend.click_policy = "hide"
        return pn.pane.Bokeh(p, sizing_mode="stretch_width")

    def ytd_html(self, sid, table, hist, year, lang) -> str:
        ours = history_growth_pct(hist, "ytd")
        pub = self.published_ytd(sid)
        fc = table.set_index("period")
        rows = []
        for month in P.year_months(year):
            per = P.to_str(month)
            published = pub.get(month) if pub is not None else None
            mine = ours.get(month)
            if per in fc.index:
                r = fc.loc[per]
                fct = f"{fmt_pct(r['ytd_yoy_pct'], lang, 1)} ({fmt_pct(r['ytd_yoy_lo80'], lang, 1)} – " \
                      f"{fmt_pct(r['ytd_yoy_hi80'], lang, 1)})"
            else:
                fct = "–"
            if published is None and mine is None and fct == "–":
                continue
            rows.append([per, fmt_pct(published, lang, 1), fmt_pct(mine, lang, 1), fct])
        return (f"<h4>{esc(t('ytd_table', lang))}</h4>"
                + html_table([t("col_month", lang), t("published_ytd", lang), t("model_ytd", lang),
                              t("col_forecast_ytd", lang)], rows, num_cols={1, 2, 3}, table_id="ytd-table"))

    def parse_target(self, kind: str, text: str, high: str, lang: str) -> tuple[tuple | None, str]:
        """(target tuple for `target_kwargs`, or None; an HTML note when the text is refused)."""
        if not text.strip() or (kind == "range" and not high.strip()):
            return None, ""
        values = []
        fields = (t("target_value", lang), t("target_high", lang))
        for typed, field in zip((text, high) if kind == "range" else (text,), fields):
            try:
                values.append(parse_number(typed, lang, field))
            except NumberError as exc:
                return None, f'<p style="color:#c62828" id="target-error">{esc(fmt_number_error(exc, lang))}</p>'
            if kind != "level" and not -50 <= values[-1] <= 50:
                return None, (f'<p style="color:#c62828">'
                              f'{esc(t("target_refused", lang, value=typed, lo="-50", hi="50", old="–"))}</p>')
        return (kind, *values), ""

    def tracking(self, sid: str, year: int, target: tuple, ytd_pct: float | None, through: str | None,
                 tolerance_pp: float) -> Tracking:
        """`forecast.track.Tracking` of `sid` (store or uploaded): the numbers of `growthsim forecast track`."""
        if sid in self.uploaded:
            from forecast.track import track
            st = self.uploaded[sid]
            return track(st.series_id, year, through=through, ytd_pct=ytd_pct, ytd_tolerance_pp=tolerance_pp,
                         n_paths=N_PATHS, seed=SEED, y=st.series(), **target_kwargs(target))
        return store_tracking(sid, year, target, ytd_pct, through, tolerance_pp, self.root)

    def tracking_html(self, sid: str, year: int, target: tuple, ytd_text: str, through: str | None, lang: str) -> str:
        """The tracking panel: year to date and its source, the remaining months' need, its percentile, P."""
        from forecast.track import YTD_ROUNDING_PP, typed_rounding_pp

        ytd, tolerance = None, YTD_ROUNDING_PP
        if ytd_text.strip():
            try:
                ytd, tolerance = parse_number(ytd_text, lang, t("track_ytd_input", lang)), typed_rounding_pp(ytd_text)
            except NumberError as exc:
                return f'<p style="color:#c62828" id="track-error">{esc(fmt_number_error(exc, lang))}</p>'
        try:
            tr = self.tracking(sid, year, target, ytd, through if ytd is not None else None, tolerance)
        except GrowthsimError as exc:
            return f'<p style="color:#c62828" id="track-error">{esc(fmt_error(exc, lang))}</p>'
        r = tr.result
        b = lambda hid, text: f"<b id='{hid}'>{esc(text)}</b>"  # noqa: E731
        lines = [f"<b>{esc(t('track_title', lang))}</b>",
                 f"{esc(t('track_ytd', lang, months=r['months_published'], through=r['through']))}: "
                 + b("track-ytd", fmt_pct(r["ytd_growth_pct"], lang, 2, sign=True))
                 + f" (<span id='track-ytd-source'>{esc(t('ytd_source_' + r['ytd_source'], lang))}</span>)"]
        if r["remaining_months"]:
            need = fmt_pct(r["required_remaining_pct"], lang, 1, sign=True)
            if "required_remaining_pct_high" in r:
                need += f" – {fmt_pct(r['required_remaining_pct_high'], lang, 1, sign=True)}"
            lines.append(f"{esc(t('track_required', lang, months=r['remaining_months']))} {b('track-required', need)} "
                         f"{esc(t('vs_same_months', lang))}")
            lines.append(f"{esc(t('track_percentile', lang))}: "
                         + b("track-percentile", fmt_number(r["required_percentile"], lang, 1)))
        else:
            lines.append(esc(t("year_done", lang)))
        lines.append(f"{esc(t('track_probability', lang))}: " + b("track-probability", fmt_prob(r["probability_reach"], lang)))
        if "probability_in_range" in r:
            lines.append(f"{esc(t('prob_in_range', lang))}: "
                         + b("track-probability-range", fmt_prob(r["probability_in_range"], lang)))
        lines += [f"<span style='color:#c62828' class='track-flag'>{esc(f)}</span>" for f in self.flags(r, lang)]
        lines += [f"<span style='color:#8a6d00' class='track-warning'>{esc(w)}</span>" for w in tr.warnings]
        return f"<div id='track-panel'>{'<br>'.join(lines)}</div>"

    @staticmethod
    def flags(r: dict, lang: str) -> list[str]:
        """The user's-language flags of a tracking result: a level target whose growth on last year, or a
        need of the remaining months, is impossible or outside `forecast.track.PLAUSIBLE_LEVEL_GROWTH`."""
        from forecast.track import PLAUSIBLE_LEVEL_GROWTH

        lo, hi = (fmt_pct(v, lang, 0, sign=True) for v in PLAUSIBLE_LEVEL_GROWTH)
        out = []
        implied = r["target"].get("implied_growth_pct")
        if implied is not None and not PLAUSIBLE_LEVEL_GROWTH[0] <= implied <= PLAUSIBLE_LEVEL_GROWTH[1]:
            out.append(t("flag_implausible_level", lang, growth=fmt_pct(implied, lang, 1, sign=True), year=r["year"] - 1,
                         lo=lo, hi=hi))
        need, months = r.get("required_remaining_pct"), r.get("remaining_months")
        if months and need is not None and np.isfinite(need):
            if need <= -100:
                out.append(t("flag_need_impossible", lang, months=months, need=fmt_pct(need, lang, 1, sign=True)))
            elif not PLAUSIBLE_LEVEL_GROWTH[0] <= need <= PLAUSIBLE_LEVEL_GROWTH[1]:
                out.append(t("flag_need_implausible", lang, months=months, need=fmt_pct(need, lang, 1, sign=True),
                             lo=lo, hi=hi))
        return out

    def level_html(self, outlook, level: float, lang: str) -> str:
        """Last year's level (total, or mean for an index) and the growth the level target means on it."""
        from forecast.summaries import year_values
        from forecast.track import level_target_growth

        year = outlook.year
        prev = year_values(outlook.paths, year)[1][0]
        base, implied = level_target_growth(prev, outlook.aggregation, level)
        what = "last_year_level_index" if outlook.aggregation == "mean" else "last_year_level_flow"
        return (f"{esc(t(what, lang, year=year - 1))}: <b id='last-year-level'>{esc(fmt_number(base, lang, 1))}</b> "
                f"{esc(outlook.paths.unit)} · {esc(t('implied_growth', lang))} "
                f"<b id='implied-growth'>{esc(fmt_pct(implied, lang, 1, sign=True))}</b>")

    def target_html(self, sid, hist, year, target_kind, target_text, agg, lang, *, target_high: str = "",
                    ytd_text: str = "", through: str | None = None):
        """The year's distribution against the target, and the tracking panel. (`hist`, `agg`: kept for
        callers; the numbers come from `forecast.annual` and `forecast.track`.)"""
        controls = pn.Column(self.year, self.target_kind, self.target_text, self.target_high,
                             IdRow(self.ytd_text, self.through, html_id="track-ytd-input"),
                             IdRow(self.question_save, html_id="question-save"), self.question_status)
        try:
            outlook = self.outlook(sid, year)
            growth = outlook.growth_draws()
        except GrowthsimError as exc:
            return pn.Column(controls, notice_pane(fmt_error(exc, lang)))
        sp = outlook.paths
        target, note = self.parse_target(target_kind, target_text, target_high, lang)
        dist = outlook.summary(**(target_kwargs(target) if target else {}))
        g = dist["growth"]
        counts, edges = np.histogram(growth, bins=40)
        fig = figure(height=220, width=420, toolbar_location=None, title=f"{t('annual_dist', lang)} {year}",
                     x_axis_label="%")
        fig.quad(top=counts, bottom=0, left=edges[:-1], right=edges[1:], color="#64b5f6", line_color="white")
        lines = [f"{t('median', lang)}: <b>{esc(fmt_pct(g['p50'], lang, 1))}</b> "
                 f"({t('fan80', lang)} {esc(fmt_pct(g['p10'], lang, 1))} – {esc(fmt_pct(g['p90'], lang, 1))})"]
        if target is not None:
            if target[0] == "level":
                lines.append(f"{t('target_level', lang)}: {esc(fmt_number(target[1], lang, 0))} {esc(sp.unit)}")
                try:
                    lines.append(self.level_html(outlook, target[1], lang))
                except GrowthsimError as exc:
                    lines.append(esc(fmt_error(exc, lang)))
            else:
                for v in target[1:]:
                    fig.add_layout(Span(location=v, dimension="height", line_color="#c62828", line_width=2))
            lines.append(f"{esc(t('prob_indicator', lang))}: <b id='indicator-probability'>"
                         f"{esc(fmt_prob(dist['probability_reach'], lang))}</b>")
            lines.append(self.tracking_html(sid, year, target, ytd_text, through, lang))
        return pn.Column(controls, pn.pane.Bokeh(fig), pn.pane.HTML(note + "<br>".join(lines), width=420))

    def __panel__(self):
        lang_free = pn.Row(self.family, self.item, self.measure, sizing_mode="stretch_width")
        form = pn.Row(IdRow(self.series_name, html_id="series-name-input"),
                      IdRow(self.series_kind, html_id="series-kind-select"),
                      IdRow(self.series_unit, html_id="series-unit-input"),
                      IdRow(self.series_province, html_id="series-province-input"), sizing_mode="stretch_width")
        return pn.Column(lang_free, self.body, pn.Row(self.download),
                         IdColumn(self.title_upload, form, self.upload, self.upload_status, self.series_list,
                                  html_id="series-upload", sizing_mode="stretch_width"),
                         self.question_list,
                         sizing_mode="stretch_width")
