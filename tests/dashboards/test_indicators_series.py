"""The Indicators view with the user's own series: an upload with a name, unit, kind and province is stored in
the library (a real SQLite file), listed, selected again by the id of a link; the kind decides the year's
level; a level target shows last year's level and the growth it means; names with HTML are text; bad
uploads are refused naming the file's own name and row."""
from __future__ import annotations

import html
import re

import pytest

from dashboards.i18n import fmt_pct, t
from dashboards.indicators_view import MAX_UPLOAD_BYTES, UPLOADED, IndicatorsView
from dashboards.library import Library
from dashboards.series_library import list_series
from dashboards.state import ScenarioState
from forecast.data.api import load
from forecast.track import track

NAME = "<b>IIP</b> tỉnh <script>alert(1)</script>"


def province_csv(kind_column: bool = False) -> bytes:
    """The store's IIP from 2015 as a province's file, as Vietnamese-locale Excel saves it: BOM, ';', decimal comma."""
    df = load("iip")
    df = df[df["period"] >= "2015-01"]
    head = "series;period;value" + (";kind" if kind_column else "")
    rows = [f"iip_tinh;{p};{v:.1f}".replace(".", ",") + (";index" if kind_column else "")
            for p, v in zip(df["period"], df["value"])]
    return ("\ufeff" + "\n".join([head, *rows]) + "\n").encode("utf-8")


def upload(view: IndicatorsView, data: bytes, filename: str = "IIP Bình Dương.csv") -> None:
    view.upload.param.update(filename=filename)
    view.upload.value = data                     # the upload widget's own path into the view


def text_of(panel) -> str:
    out = []
    for o in getattr(panel, "objects", [panel]):
        out.append(text_of(o) if hasattr(o, "objects") else str(getattr(o, "object", "")))
    return "".join(out)


@pytest.fixture()
def lib(tmp_path) -> Library:
    return Library(tmp_path / "library.sqlite")


def new_view(lib, lang="vi", ref=None) -> IndicatorsView:
    return IndicatorsView(state=ScenarioState(compute=False, lang=lang), root=None, library=lib, series_ref=ref)


def test_an_upload_is_stored_listed_and_found_again_by_its_id(lib):
    view = new_view(lib)
    view.series_name.value = NAME
    view.series_kind.value = "index"
    view.series_province.value = "Bình Dương"
    assert view.series_unit.value == "index 2015=100"         # the units of an index are offered
    upload(view, province_csv())
    (st,) = list_series(lib)
    assert st.name == NAME and st.kind == "index" and st.province == "Bình Dương" and st.source == "IIP Bình Dương.csv"
    assert view.family.value == UPLOADED and view.selected_series == st.id
    listed = view.series_list.object
    assert "&lt;script&gt;" in listed and "<script>" not in listed and "<b>IIP" not in listed
    assert "&lt;script&gt;" in view.upload_status.object and "<script>" not in view.upload_status.object
    again = new_view(lib, ref=st.id)                           # a reload of ?series=<id>
    assert again.selected_series == st.id and again.item.value == st.id
    assert again.history(st.id).equals(st.series())
    panel = again.view(st.id, "levels", 2025, "growth", "", "", "", None, "vi")
    assert "<script>" not in text_of(panel)


@pytest.mark.parametrize("ref", ["nothere00000", "<script>alert(1)</script>", "1' OR '1'='1"])
def test_a_link_to_an_unknown_or_malformed_id_gives_a_message(lib, ref):
    view = new_view(lib, ref=ref)
    assert view.selected_series is None
    html = view.series_list.object
    assert "id='series-error'" in html and "<script>" not in html


def test_the_kind_decides_the_level_and_a_level_target_shows_its_growth(lib):
    """An index (kind from the file): last year's mean, not its total; the growth it means is the CLI's."""
    view = new_view(lib, lang="en")
    upload(view, province_csv(kind_column=True))
    sid = view.selected_series
    st = view.uploaded[sid]
    assert st.kind == "index"
    last = st.levels[[p for p in st.levels.index if p.year == 2024]]
    level = round(float(last.mean()) * 1.08, 1)
    page = text_of(view.target_html(sid, view.history(sid), 2025, "level", f"{level:,.1f}", "mean", "en"))
    base = re.search(r"id='last-year-level'>([^<]+)<", page).group(1)
    assert base == f"{last.mean():,.1f}" and t("last_year_level_index", "en", year=2024) in page
    cli = track("iip_tinh", 2025, target_level=level, y=st.series(), n_paths=2000).result
    assert cli["aggregation"] == "mean"
    assert re.search(r"id='implied-growth'>([^<]+)<", page).group(1) == fmt_pct(
        cli["target"]["implied_growth_pct"], "en", 1, sign=True)
    assert "track-flag" not in page                            # +8% on last year: plausible
    page = text_of(view.target_html(sid, view.history(sid), 2025, "level", f"{level * 12:,.1f}", "mean", "en"))
    assert "track-flag" in page and "magnitude" in page        # a total typed for an index: flagged


def test_ambiguous_and_malformed_targets_are_refused_in_the_users_language(lib):
    view = new_view(lib)
    page = text_of(view.target_html("iip", view.history("iip"), 2025, "level", "90,500", "mean", "vi"))
    assert 'id="target-error"' in page and "90,5" in page and "90500" in page and "indicator-probability" not in page
    page = text_of(view.target_html("iip", view.history("iip"), 2025, "growth", "8.5", "mean", "vi"))
    assert "không phải là số" in page and "8,5?" in page


@pytest.mark.parametrize("body, words", [
    (b"series;period;value;unit\nx;2020-01;1;kg\n", ["IIP B\u00ecnh D\u01b0\u01a1ng.csv: row 1 (line 2)", "unit 'kg'"]),
    (b"series;period;value;kind\nx;2020-01;1;stock\n", ["row 1 (line 2)", "kind 'stock'"]),
    (b"series;period;value\nx;2020-01;1,5\nx;2020-02;1.5\n", ["row 2 (line 3)", "mixes number styles"]),
])
def test_bad_uploads_name_the_files_own_name_and_row(lib, body, words):
    view = new_view(lib, lang="en")
    upload(view, body)
    shown = html.unescape(view.upload_status.object)
    assert "upload-error" in shown and "/tmp" not in shown and list_series(lib) == []
    for w in words:
        assert w in shown


def test_an_upload_over_the_limit_is_refused(lib):
    view = new_view(lib)
    upload(view, b"x" * (MAX_UPLOAD_BYTES + 1))
    assert "vượt giới hạn 5 MB" in view.upload_status.object and list_series(lib) == []


def test_a_tracking_question_is_stored_and_opened_again_by_its_id_in_either_language(lib):
    view = new_view(lib)
    view.family.value = "iip"
    view.item.value = "iip"
    view.year.value = 2025
    view.target_kind.value = "range"
    view.target_text.value, view.target_high.value = "8,5", "9"
    view.through.value = "2025-11"
    view.ytd_text.value = "8,4"
    view._save_question()
    qid = view.question_id
    assert qid and "question-ok" in view.question_status.object
    assert f"data-question='{qid}'" in view.question_list.object
    again = new_view(lib, ref=None)
    again.param.update(question_ref=qid)
    assert again.select_question(qid)
    assert (again.item.value, again.year.value, again.target_kind.value, again.target_text.value,
            again.target_high.value, again.through.value, again.ytd_text.value) == \
        ("iip", 2025, "range", "8,5", "9", "2025-11", "8,4")
    assert again.question_id == qid
    again.target_text.value = "8"                  # edited: the inputs no longer show the stored question
    assert again.question_id is None
    en = IndicatorsView(state=ScenarioState(compute=False, lang="en"), root=None, library=lib, question_ref=qid)
    assert (en.target_text.value, en.ytd_text.value, en.question_id) == ("8.5", "8.4", qid)


@pytest.mark.parametrize("ref", ["nothere00000", "<img src=x onerror=alert(1)>"])
def test_a_link_to_an_unknown_or_malformed_question_gives_a_message(lib, ref):
    view = IndicatorsView(state=ScenarioState(compute=False, lang="en"), root=None, library=lib, question_ref=ref)
    assert view.question_id is None
    shown = view.question_status.object
    assert "question-error" in shown and "<img" not in shown


def test_a_question_without_a_number_is_not_stored(lib):
    view = new_view(lib)
    view.target_text.value = "90,500"
    view._save_question()
    assert view.question_id is None and "target-error" in view.question_status.object


def test_a_library_that_cannot_be_written_still_lets_the_upload_be_used(tmp_path):
    path = tmp_path / "library.sqlite"
    path.write_bytes(b"this is not SQLite\n" * 500)
    view = new_view(Library(path), lang="en")
    upload(view, province_csv(kind_column=True))
    sid = view.selected_series
    assert sid and view.uploaded[sid].kind == "index"
    assert t("series_not_saved", "en", why="")[:20] in view.upload_status.object


def test_units_are_offered_in_the_language_and_by_kind(lib):
    view = new_view(lib)
    view.series_kind.value = "flow"
    assert view.series_unit.options["tỷ đồng"] == "billion VND" and "chỉ số (2015=100)" not in view.series_unit.options
    view.series_kind.value = "index"
    assert view.series_unit.value == "index 2015=100" and "tỷ đồng" not in view.series_unit.options


@pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")     # Panel's Widget.name, in app.py
def test_the_apps_link_carries_a_valid_series_id_only(lib):
    from dashboards.app import App

    view = new_view(lib)
    upload(view, province_csv(kind_column=True))
    sid = view.selected_series
    app = App(query={"view": "indicators", "series": sid, "lang": "en"}, library=lib)
    assert app.indicators.selected_series == sid and app.query()["series"] == sid
    bad = App(query={"view": "indicators", "series": "<script>x</script>"}, library=lib)
    assert "series" not in bad.query() and "series-error" in bad.indicators.series_list.object
