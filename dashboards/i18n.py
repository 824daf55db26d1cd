"""Labels and number formats of the app in Vietnamese and English.

One table, `LABELS`: key -> (Tiếng Việt, English). Sector and group names come from
`forecast.data.sectors.NAMES`. Numbers follow the language chosen: Vietnamese writes a decimal
comma and dot thousands (8,5%; 351.640), English the reverse (8.5%; 351,640). Files the app
exports always use a dot decimal (they come from the scenario layer's exporters).

To add a language: a third element in every tuple below, its code in `LANGS`, and its separators
in `_SEPARATORS`.
"""
from __future__ import annotations

import math

from forecast.data.sectors import NAMES

LANGS = ("vi", "en")
_INDEX = {"vi": 0, "en": 1}
_SEPARATORS = {"vi": (",", "."), "en": (".", ",")}   # (decimal, thousands)

LABELS: dict[str, tuple[str, str]] = {
    "app_title": ("growthsim — Mục tiêu tăng trưởng", "growthsim — Growth targets"),
    "language": ("Ngôn ngữ", "Language"),
    "tab_scenario": ("Kịch bản GDP", "GDP scenario"),
    "tab_indicators": ("Chỉ tiêu tháng", "Monthly indicators"),
    "tab_library": ("Thư viện kịch bản", "Scenario library"),
    "data_vintage": ("Số liệu đến ngày", "Data vintage"),
    "preset": ("Kịch bản mẫu", "Preset"),
    "preset_target8": ("Mục tiêu 8%: công nghiệp 10–12%, năng lượng (điện) 12–16%",
                       "Target 8%: industry 10–12%, energy (electricity) 12–16%"),
    "preset_target8_broad": ("Mục tiêu 8%: công nghiệp 10–12%, năng lượng (điện + khai khoáng) 12–16%",
                             "Target 8%: industry 10–12%, energy (electricity + mining) 12–16%"),
    "preset_baseline": ("Kịch bản cơ sở (mô hình dự báo)", "Baseline (forecast engine)"),
    "apply_preset": ("Áp dụng", "Apply"),
    "year": ("Năm", "Year"),
    "target": ("Mục tiêu tăng trưởng GDP, %", "GDP growth target, %"),
    "name": ("Tên kịch bản", "Scenario name"),
    "sectors": ("Giả định tăng trưởng theo ngành (%, khoảng thấp–cao)",
                "Growth assumptions by sector (%, low–high range)"),
    "groups": ("Nhóm ngành", "Sector groups"),
    "set": ("đặt", "set"),
    "baseline_word": ("cơ sở", "baseline"),
    "gdp_growth": ("Tăng trưởng GDP (trung vị)", "GDP growth (median)"),
    "band80": ("khoảng 80%", "80% band"),
    "probability": ("Xác suất đạt mục tiêu", "Probability of reaching the target"),
    "verdict": ("Đánh giá", "Verdict"),
    "reachable": ("Có thể đạt", "Reachable"),
    "at_risk": ("Có rủi ro", "At risk"),
    "out_of_reach": ("Khó đạt", "Out of reach"),
    "verdict_help": ("Có thể đạt: xác suất ≥ {hi}. Có rủi ro: từ {lo} đến dưới {hi}. Khó đạt: dưới {lo}. "
                     "Xác suất là tỷ lệ trong {draws} lần mô phỏng Monte Carlo có tăng trưởng GDP ≥ mục tiêu.",
                     "Reachable: probability ≥ {hi}. At risk: {lo} up to {hi}. Out of reach: below {lo}. "
                     "The probability is the share of {draws} Monte Carlo draws with GDP growth ≥ the target."),
    "contributions": ("Đóng góp vào tăng trưởng GDP (điểm phần trăm)", "Contributions to GDP growth (percentage points)"),
    "pp": ("điểm %", "pp"),
    "required": ("Tăng trưởng cần thiết để đạt mục tiêu (các ngành khác như đã đặt)",
                 "Growth required for the target (others as set)"),
    "col_sector": ("Ngành / nhóm", "Sector / group"),
    "col_assumption": ("Giả định", "Assumption"),
    "col_used": ("Tăng trưởng dùng, %", "Growth used, %"),
    "col_required": ("Cần đạt, %", "Required, %"),
    "col_range": ("Khoảng (theo khoảng các ngành khác)", "Range (over the others' ranges)"),
    "col_pp": ("Đóng góp, điểm %", "Contribution, pp"),
    "col_share": ("Tỷ trọng đóng góp, %", "Share of growth, %"),
    "quarters": ("Các quý trong năm", "Quarters of the year"),
    "known_quarters": ("Quý đã công bố (tăng trưởng GDP so cùng kỳ, %)", "Published quarters (GDP growth yoy, %)"),
    "col_quarter": ("Quý", "Quarter"),
    "col_known": ("Đã công bố, %", "Published, %"),
    "col_q_required": ("Cần đạt cho mục tiêu, %", "Required for the target, %"),
    "col_q_implied": ("Theo giả định, %", "Implied by assumptions, %"),
    "no_known": ("Nhập tăng trưởng các quý đã công bố để xem các quý còn lại cần đạt bao nhiêu.",
                 "Enter the published quarters to see what the remaining quarters need."),
    "plan": ("Phương án điều chỉnh ít nhất để đạt mục tiêu", "Least change that reaches the target"),
    "plan_none": ("Không cần điều chỉnh: mức giả định trung tâm đã đạt mục tiêu.",
                  "No change needed: the central assumptions already reach the target."),
    "plan_unreachable": ("Không đạt được trong giới hạn lịch sử của các ngành.",
                         "Not reachable within the sectors' historical limits."),
    "warnings": ("Lưu ý", "Notes"),
    "baseline_source": ("Kịch bản cơ sở từ", "Baseline from"),
    "draws": ("lần mô phỏng", "draws"),
    "update_ms": ("tính lại trong", "recomputed in"),
    "download_xlsx": ("Tải báo cáo Excel (.xlsx)", "Download Excel report (.xlsx)"),
    "download_csv": ("Tải CSV", "Download CSV"),
    "download_toml": ("Tải tệp kịch bản (.toml)", "Download scenario file (.toml)"),
    "save": ("Lưu vào thư viện", "Save to library"),
    "saved": ("Đã lưu kịch bản", "Saved scenario"),
    "overwrite": ("Ghi đè nếu trùng tên", "Overwrite if the name exists"),
    "target_refused": ("Mục tiêu {value} nằm ngoài giới hạn hợp lý ({lo} đến {hi}%); giữ nguyên {old}.",
                       "A target of {value} is outside sensible limits ({lo} to {hi}%); kept {old}."),
    "bad_url": ("Liên kết không hợp lệ ({why}); đã dùng kịch bản mặc định.",
                "The link's scenario could not be read ({why}); the defaults are shown."),
    "error": ("Không tính được kịch bản", "The scenario cannot be computed"),
    # indicators view
    "indicator": ("Chỉ tiêu", "Indicator"),
    "item": ("Ngành / nhóm hàng", "Section / product group"),
    "show_as": ("Hiển thị", "Show as"),
    "levels": ("Mức", "Levels"),
    "yoy": ("% so cùng kỳ", "yoy %"),
    "ytd": ("% lũy kế so cùng kỳ", "year-to-date %"),
    "history": ("Số liệu", "History"),
    "median": ("Trung vị dự báo", "Forecast median"),
    "mean": ("Trung bình dự báo", "Forecast mean"),
    "fan80": ("Khoảng 80%", "80% interval"),
    "fan95": ("Khoảng 95%", "95% interval"),
    "published_ytd": ("Lũy kế công bố, %", "Published year-to-date, %"),
    "model_ytd": ("Lũy kế tính từ mức, %", "Year-to-date from levels, %"),
    "ytd_table": ("Lũy kế từ đầu năm: công bố và mô hình", "Year to date: published and model"),
    "col_month": ("Tháng", "Month"),
    "col_forecast_ytd": ("Dự báo lũy kế (trung bình; khoảng 80%), %", "Forecast year-to-date (mean; 80% interval), %"),
    "target_kind": ("Loại mục tiêu", "Target type"),
    "target_growth": ("Tăng trưởng, %", "Growth, %"),
    "target_level": ("Mức cả năm", "Annual level"),
    "target_value": ("Giá trị mục tiêu", "Target value"),
    "annual_dist": ("Phân bố tăng trưởng cả năm", "Distribution of the year's growth"),
    "prob_indicator": ("Xác suất đạt", "Probability of reaching it"),
    "remaining_need": ("Các tháng còn lại cần tăng", "The remaining months need"),
    "vs_same_months": ("so cùng kỳ", "on the same months last year"),
    "year_done": ("Cả năm đã có số liệu.", "The whole year is already published."),
    "upload": ("Tải lên chuỗi riêng (CSV: series,period,value)", "Upload your own series (CSV: series,period,value)"),
    "uploaded": ("Chuỗi tải lên", "Uploaded series"),
    "fitting": ("Đang ước lượng mô hình (chỉ lần đầu)…", "Fitting the models (first time only)…"),
    "no_indicators": ("Kho số liệu này chưa có chỉ tiêu tháng (IIP, xuất khẩu, bán lẻ).",
                      "This data store has no monthly indicators (IIP, exports, retail) yet."),
    "model": ("Mô hình", "Model"),
    "how_index": ("chỉ số: tăng trưởng năm = bình quân các tháng so năm trước",
                  "index: annual growth = mean of the months vs last year's"),
    "how_flow": ("dòng: tăng trưởng năm = tổng các tháng so năm trước",
                 "flow: annual growth = sum of the months vs last year's"),
    "download_forecast_csv": ("Tải dự báo (CSV)", "Download forecast (CSV)"),
    # library view
    "saved_scenarios": ("Kịch bản đã lưu", "Saved scenarios"),
    "load": ("Mở", "Load"),
    "rename": ("Đổi tên", "Rename"),
    "new_name": ("Tên mới", "New name"),
    "delete": ("Xóa", "Delete"),
    "compare": ("So sánh", "Compare"),
    "compare_pick": ("Chọn hai kịch bản trở lên để so sánh", "Pick two or more scenarios to compare"),
    "library_file": ("Tệp thư viện", "Library file"),
    "saved_at": ("Lưu lúc", "Saved at"),
    "stale": ("Số liệu mới hơn ({now}) sẽ thay đổi kết quả: {what}",
              "Newer data ({now}) would change its numbers: {what}"),
    "stale_same": ("Tính trên số liệu {then}; số liệu mới ({now}) không làm thay đổi kết quả.",
                   "Computed on data of {then}; the newer data ({now}) leave its numbers unchanged."),
    "stale_note": ("tính trên số liệu cũ hơn số liệu đang dùng ({now}); mở kịch bản để xem số liệu mới thay đổi gì.",
                   "computed on data older than the data in use ({now}); load it to see what the newer data change."),
    "current_data": ("số liệu hiện tại", "current data"),
    "loaded": ("Đã mở kịch bản", "Loaded scenario"),
    "deleted": ("Đã xóa kịch bản", "Deleted scenario"),
    "renamed": ("Đã đổi tên thành", "Renamed to"),
    "empty_library": ("Chưa có kịch bản nào được lưu.", "No scenario saved yet."),
    "row_gdp": ("Tăng trưởng GDP, trung vị", "GDP growth, median"),
    "row_band": ("Khoảng 80%", "80% band"),
    "row_prob": ("Xác suất đạt", "Probability"),
    "row_target": ("Mục tiêu", "Target"),
    "row_vintage": ("Số liệu", "Data vintage"),
    "pick_one": ("Chọn một kịch bản.", "Pick a scenario."),
}

INDICATOR_NAMES: dict[str, tuple[str, str]] = {
    "iip": ("Chỉ số sản xuất công nghiệp (IIP)", "Index of industrial production (IIP)"),
    "exports": ("Kim ngạch xuất khẩu", "Exports"),
    "imports": ("Kim ngạch nhập khẩu", "Imports"),
    "retail": ("Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng",
               "Retail sales of goods and consumer services"),
}


def t(key: str, lang: str, **fields) -> str:
    """The label `key` in `lang` ("vi" or "en"), with `{fields}` filled in."""
    text = LABELS[key][_INDEX[lang]]
    return text.format(**fields) if fields else text


def sector_name(key: str, lang: str) -> str:
    """Name of a GDP sector or group (forecast.data.sectors.NAMES) in `lang`."""
    return NAMES[key][_INDEX[lang]]


def indicator_name(key: str, lang: str) -> str:
    return INDICATOR_NAMES[key][_INDEX[lang]] if key in INDICATOR_NAMES else key


def fmt_number(x: float | None, lang: str, digits: int = 0) -> str:
    """351640 -> '351.640' (vi) or '351,640' (en); 8.5 with digits=1 -> '8,5' / '8.5'. None/NaN -> '–'."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    dec, thou = _SEPARATORS[lang]
    text = f"{x:,.{digits}f}"          # English style first: 351,640.5
    return text.replace(",", "\x00").replace(".", dec).replace("\x00", thou)


def fmt_pct(x: float | None, lang: str, digits: int = 1, sign: bool = False) -> str:
    """Growth in % (8.5 -> '8,5%' / '8.5%'); `sign` writes '+8,5%'."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    s = fmt_number(x, lang, digits) + "%"
    return ("+" + s) if sign and x > 0 else s


def fmt_pp(x: float | None, lang: str, digits: int = 2) -> str:
    """Percentage points: 0.52 -> '0,52 điểm %' / '0.52 pp'."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    return f"{fmt_number(x, lang, digits)} {t('pp', lang)}"


def fmt_prob(p: float | None, lang: str) -> str:
    """Probability 0..1 as a percentage with no decimals ('43%'), '<1%' / '>99%' at the ends."""
    if p is None or (isinstance(p, float) and not math.isfinite(p)):
        return "–"
    if 0 < p < 0.005:
        return "<1%"
    if 0.995 < p < 1:
        return ">99%"
    return fmt_pct(100 * p, lang, 0)


def parse_number(text: str, lang: str) -> float:
    """A number typed in `lang`'s style ('90.500' or '9,7' in vi; '90,500' or '9.7' in en). ValueError if not."""
    s = str(text).strip().replace(" ", "").replace("%", "")
    dec, thou = _SEPARATORS[lang]
    if not s:
        raise ValueError("empty")
    s = s.replace(thou, "").replace(dec, ".")
    value = float(s)
    if not math.isfinite(value):
        raise ValueError("not finite")
    return value


def slider_format_js(lang: str) -> str:
    """JavaScript body for a Bokeh CustomJSTickFormatter showing `tick` with the language's decimal mark."""
    dec = _SEPARATORS[lang][0]
    return f"return tick.toFixed(1).replace('.', '{dec}');"
