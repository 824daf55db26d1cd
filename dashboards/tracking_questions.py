"""Tracking questions of the Indicators view, kept in the scenario library and linked by id.

A question is what the tracking panel was asked: the series (a store id, or a stored series' id of
`dashboards.series_library`), the year, the target (kind 'growth' | 'range' | 'level' and the text
typed: a growth in %, a range's low and high in %, or a level in the series' unit), and a typed year
to date (%, '' for none) with its month. The texts are kept as typed, with the language style they
were typed in, so a link opened in the other language shows them in its style (`forecast.numbers.
restyle`) and a typed year to date keeps the rounding it stands for. The id is 12 hex digits of a
SHA-256 of the question (`?view=indicators&question=<id>`), checked before any lookup.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import datetime, timezone

from forecast.numbers import NumberError, restyle

from dashboards.library import Library, LibraryError
from dashboards.series_library import read_all, read_by_id

TARGET_KINDS = ("growth", "range", "level")


@dataclass(frozen=True)
class Question:
    """One tracking question; texts in `style` ('vi' or 'en')."""

    series: str
    year: int
    target_kind: str
    target_text: str
    target_high: str
    ytd_text: str
    through: str
    style: str
    id: str = ""
    saved_at: str = ""

    def in_style(self, style: str) -> "Question":
        """The question with its typed texts written in `style`."""
        if style == self.style:
            return self
        conv = {k: restyle(v, self.style, style) if v.strip() else v
                for k, v in (("target_text", self.target_text), ("target_high", self.target_high),
                             ("ytd_text", self.ytd_text))}
        return Question(**{**asdict(self), **conv, "style": style})


def _body(q: Question) -> dict:
    return {k: v for k, v in asdict(q).items() if k not in ("id", "saved_at", "series", "year")}


def save_question(library: Library, q: Question) -> Question:
    """Store `q` (LibraryError when its target kind is unknown or its texts are not numbers in its style); the
    same question twice stays one row. Returns it with its id."""
    if q.target_kind not in TARGET_KINDS or not q.target_text.strip():
        raise LibraryError("a tracking question needs a target")
    try:
        q.in_style("en" if q.style == "vi" else "vi")
    except NumberError as exc:
        raise LibraryError(f"the question's {exc}") from None
    body = json.dumps(_body(q), ensure_ascii=False, sort_keys=True)
    digest = hashlib.sha256(json.dumps([q.series, int(q.year), body]).encode("utf-8")).hexdigest()[:12]
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    library.query("INSERT INTO questions (id, series, year, question, saved_at) VALUES (?,?,?,?,?) "
                  "ON CONFLICT(id) DO UPDATE SET saved_at=excluded.saved_at", (digest, q.series, int(q.year), body, now))
    return get_question(library, digest)


def _question(row) -> Question:
    return Question(series=row["series"], year=int(row["year"]), id=row["id"], saved_at=row["saved_at"],
                    **json.loads(row["question"]))


def get_question(library: Library, question_id: str) -> Question:
    """The stored question `question_id`; LibraryError when the id is malformed, unknown or its row damaged."""
    return read_by_id(library, "questions", question_id, "tracking question", _question)


def list_questions(library: Library) -> list[Question]:
    """Every readable stored question, newest first."""
    return read_all(library, "questions", _question)
