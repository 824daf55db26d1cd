"""Numbers as people type them, in a language's style, and a CSV column's numbers read the same way.

Two styles (`STYLES`, also the app's number format, `dashboards.i18n`):

* ``vi``: decimal comma, dot thousands: ``8,5``, ``90.500``, ``351.640,5``, ``-1,2``;
* ``en``: decimal dot, comma thousands: ``8.5``, ``90,500``, ``351,640.5``.

Accepted: an optional sign (``+``, ``-``, ``−``), digits grouped by threes with the style's thousands
mark (or a space) or not grouped at all, an optional decimal part after the style's decimal mark, an
optional exponent (``1.5e-05``, as programs write small numbers), an optional ``%`` at the end,
spaces around. Anything else is malformed: a `NumberError` naming the field
and quoting what was typed (with the other style's reading when it has one: ``8.5`` in vi).

**Ambiguous** (`is_ambiguous`): the text's only separator is one decimal mark with exactly three
digits after it and one to three digits (not starting with 0) before it: ``90,500`` in vi is 90.5 in
the vi style but 90500 in the en style, ``90.500`` in en likewise. Such an entry is refused with both
readings (write ``90,5`` or ``90.500`` in vi); ``0,500``, ``1234,567`` and ``90,5`` are not ambiguous.

`read_column` reads a whole CSV column: its style is decided by the values that only one style reads
(``20145,2``, ``1.234,5`` -> vi; ``20145.2``, ``1,234.5`` -> en); values without a separator read
alike. When no value decides (each is an integer or like ``90,500`` / ``103.456``), the delimiter
does: a comma-delimited file is in the en style; in a semicolon-delimited file (what Vietnamese-locale
Excel saves) a comma is a decimal comma, and a dot is refused (``103.456`` could be either). A column
that no style reads (``8,5`` and ``8.5`` both) is refused naming the first row that breaks each style.
Pure functions, no I/O.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Callable

from forecast.errors import GrowthsimError

#: style -> (decimal mark, thousands mark)
STYLES: dict[str, tuple[str, str]] = {"vi": (",", "."), "en": (".", ",")}
_SPACES = (" ", "\u00a0", "\u202f")     # spaces a spreadsheet may put between groups of three
_MINUS = ("-", "\u2212")
SHOWN_CHARS = 40


class NumberError(GrowthsimError, ValueError):
    """A typed number that is empty, malformed or ambiguous (a ValueError too, for callers that catch that).

    For a message in the user's language: `reason` ('empty', 'malformed', 'ambiguous'), `text` (what was
    typed), `field`, and `readings` (the two readings of an ambiguous entry, written in the style; for a
    malformed one the other style's reading, written in the style, when it has one)."""

    def __init__(self, message: str, *, reason: str, text: str, field: str, readings: tuple[str, ...] = ()):
        self.reason, self.text, self.field, self.readings = reason, text, field, readings
        super().__init__(message, location=field)


@dataclass(frozen=True)
class Reading:
    """How one style reads a text: `value` (None when it cannot), and when the text is ambiguous in the
    style, `other` (the other style's reading of the same text)."""

    value: float | None
    other: float | None = None

    @property
    def ambiguous(self) -> bool:
        return self.other is not None


def _shown(text: str) -> str:
    text = str(text)
    return repr(text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…")


def _check_style(style: str) -> tuple[str, str]:
    if style not in STYLES:
        raise GrowthsimError(f"unknown number style {style!r}; use one of {', '.join(STYLES)}")
    return STYLES[style]


def _pattern(dec: str, thou: str) -> re.Pattern:
    d, t = re.escape(dec), re.escape(thou)
    grouped = rf"[1-9]\d{{0,2}}(?:{t}\d{{3}})+|[1-9]\d{{0,2}}(?: \d{{3}})+"
    return re.compile(rf"(?P<int>{grouped}|\d+)?(?:{d}(?P<frac>\d+))?(?P<exp>[eE][+-]?\d{{1,3}})?")


_PATTERNS = {s: _pattern(*STYLES[s]) for s in STYLES}


def _strip(text: str) -> tuple[str, float]:
    """(the digits and marks of `text`, its sign): spaces of any kind, a trailing '%' and a sign removed."""
    s = str(text).strip()
    for sp in _SPACES[1:]:
        s = s.replace(sp, " ")
    if s.endswith("%"):
        s = s[:-1].rstrip()
    sign = 1.0
    if s[:1] in _MINUS or s[:1] == "+":
        sign = -1.0 if s[:1] in _MINUS else 1.0
        s = s[1:].lstrip()
    return s, sign


def _plain(text: str, style: str) -> float | None:
    """`text` read in `style` without the ambiguity check, or None when it is not a number in it."""
    s, sign = _strip(text)
    m = _PATTERNS[style].fullmatch(s)
    if not s or m is None or (m.group("int") is None and m.group("frac") is None):
        return None
    whole = re.sub(r"\D", "", m.group("int") or "0")
    value = sign * float(f"{whole}.{m.group('frac') or '0'}{m.group('exp') or ''}")
    return value if math.isfinite(value) else None


def is_ambiguous(text: str, style: str) -> bool:
    """True when `text`'s one separator is `style`'s decimal mark with exactly three digits after it and
    a thousands-like head (1..3 digits, not starting with 0) before it: e.g. '90,500' in vi."""
    dec, _ = _check_style(style)
    s, _ = _strip(text)
    return re.fullmatch(rf"[1-9]\d{{0,2}}{re.escape(dec)}\d{{3}}", s) is not None


def read(text: str, style: str) -> Reading:
    """`text` as `style` reads it: Reading(value) or, when ambiguous, Reading(value, other reading)."""
    _check_style(style)
    value = _plain(text, style)
    if value is not None and is_ambiguous(text, style):
        other = "en" if style == "vi" else "vi"
        return Reading(value, _plain(text, other))
    return Reading(value)


def format_number(x: float, style: str, decimals: int = 0) -> str:
    """`x` written in `style` with `decimals` decimals and thousands marks: 351640.5 -> '351.640,5' (vi).
    (Three decimals below 1000, '1,250', read back as ambiguous: show 1, 2 or 4 decimals.)"""
    dec, thou = _check_style(style)
    text = f"{x:,.{decimals}f}"          # en style first: 351,640.5
    return text.replace(",", "\x00").replace(".", dec).replace("\x00", thou)


def _short_number(x: float, style: str) -> str:
    """`x` in `style` with the decimals it needs (at most 6): 90.5 -> '90,5'; 90500 -> '90.500'."""
    decimals = next((d for d in range(7) if abs(round(x, d) - x) < 1e-9 * max(1.0, abs(x))), 6)
    return format_number(x, style, decimals)


def _plain_text(x: float) -> str:
    """`x` with a dot decimal, no thousands marks and the decimals it needs: 90500.0 -> '90500'."""
    return format(x, ".10g") if abs(x) < 1e10 else repr(x)


def parse_number(text: str, style: str, field: str = "value") -> float:
    """The number typed as `text` in `style` ('vi' or 'en'); NumberError naming `field` and quoting the text
    when it is empty, malformed or ambiguous (the message then shows both readings)."""
    r = read(text, style)
    if r.ambiguous:
        a, b = _short_number(r.value, style), _short_number(r.other, style)
        raise NumberError(f"{_shown(text)} is ambiguous: it could be {a} or {b}; type {a} for the first, "
                          f"{_plain_text(r.other)} for the second", reason="ambiguous", text=str(text), field=field,
                          readings=(a, b, _plain_text(r.other)))
    if r.value is None:
        if not str(text).strip():
            raise NumberError("a number is needed here", reason="empty", text="", field=field)
        other = "en" if style == "vi" else "vi"
        alt = _plain(text, other)
        alt_text = () if alt is None else (_short_number(alt, style),)
        hint = f" (decimal mark {STYLES[style][0]!r}: {alt_text[0]}?)" if alt_text else ""
        raise NumberError(f"{_shown(text)} is not a number{hint}", reason="malformed", text=str(text), field=field,
                          readings=alt_text)
    return r.value


def decimals_typed(text: str, style: str) -> int:
    """How many decimals `text` was typed with in `style` ('8,36' in vi -> 2; '90.500' in vi -> 0)."""
    s, _ = _strip(text)
    dec = STYLES[style][0]
    return len(s) - s.rindex(dec) - 1 if dec in s else 0


def restyle(text: str, from_style: str, to_style: str, field: str = "value") -> str:
    """`text` typed in `from_style` written in `to_style` with the decimals it was typed with ('8,4' vi ->
    '8.4' en); NumberError as `parse_number` when it is not a number in `from_style`."""
    x = parse_number(text, from_style, field)
    return format_number(x, to_style, decimals_typed(text, from_style))


def column_style(values: list[str], delimiter: str = ",") -> tuple[str | None, int | None, str | None]:
    """(the style of a CSV column's `values`, or None when they read alike in both; when it cannot be
    decided, the index of the row that shows it and why, else None, None). See the module's docstring."""
    readings = {s: [read(v, s) for v in values] for s in STYLES}
    bad = {s: next((i for i, r in enumerate(rs) if r.value is None), None) for s, rs in readings.items()}
    possible = [s for s in STYLES if bad[s] is None]
    neither = next((i for i, (a, b) in enumerate(zip(readings["vi"], readings["en"]))
                    if a.value is None and b.value is None), None)
    if neither is not None:
        return None, neither, f"{_shown(values[neither])} is not a number"
    if not possible:
        i, j = sorted((bad["vi"], bad["en"]))
        return None, j, (f"mixes number styles: {_shown(values[i])} (row {i + 1}) and "
                         f"{_shown(values[j])} (row {j + 1}) cannot both be read with one decimal mark")
    if len(possible) == 1:
        return possible[0], None, None
    differ = [i for i, (a, b) in enumerate(zip(readings["vi"], readings["en"])) if a.value != b.value]
    if not differ:
        return None, None, None
    if delimiter == ",":
        return "en", None, None
    if delimiter == ";" and all("." not in _strip(values[j])[0] for j in differ):
        return "vi", None, None
    i = differ[0]
    en, vi = readings["en"][i].value, readings["vi"][i].value
    return None, i, (f"{_shown(values[i])} could be {_plain_text(en)} or {_plain_text(vi)} "
                     f"(no value of the column shows its decimal mark); write the values without thousands "
                     f"marks, or one of them with more decimals")


def read_column(values: list[str], delimiter: str = ",", *, source: str | None = None, column: str = "value",
                row_label: Callable[[int], str] | None = None) -> list[float]:
    """The numbers of a CSV column (`values` as text, data row 1 first) in the one style the column is
    written in (`column_style`). GrowthsimError naming `source` and the row (`row_label(n)`, default
    'row n') and quoting the value when the style cannot be decided or a value is not a number."""
    label = row_label or (lambda n: f"row {n}")
    style, row, reason = column_style(values, delimiter)
    if reason is not None:
        raise GrowthsimError(f"{column} {reason}", source=source, location=label(row + 1))
    out = []
    for i, v in enumerate(values):
        x = _plain(v, style or "en")
        if x is None:   # not reached: column_style found every value readable
            raise GrowthsimError(f"{column} {_shown(v)} is not a number", source=source, location=label(i + 1))
        out.append(x)
    return out
