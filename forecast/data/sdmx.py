"""Safe reader for SDMX-ML 2.1 StructureSpecificData files (GSO's National Summary Data Page).

Parsed with defusedxml: a DTD, external entity or entity declaration is refused (no XXE, no
"billion laughs"); a truncated or malformed file raises a DataError naming the file and line.
The Prepared date must be a real date not in the future, every TIME_PERIOD a year, month or
quarter, every OBS_VALUE a finite number (forecast.data.validate); otherwise a DataError names
the observation.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from forecast.errors import DataError


@dataclass(frozen=True)
class SdmxData:
    """Observations of one SDMX message: `obs` has indicator, freq, period, value, unit_mult, base_per."""

    path: Path
    prepared: str  # YYYY-MM-DD, the message's Prepared date: the vintage of its values
    obs: pd.DataFrame


def _period(raw: str) -> str | None:
    """SDMX TIME_PERIOD ('2010', '2010-Q1', '2010-01') to growthsim's ('2010', '2010Q1', '2010-01');
    None if it is none of them ('2011-Q9', '2010-13')."""
    from forecast import periods as P

    text = raw.strip().replace("-Q", "Q")
    try:
        P.freq_of(text)
    except ValueError:
        return None
    return text


def read_sdmx(path: str | Path) -> SdmxData:
    """Every Series/Obs of a StructureSpecificData message as a long frame; values in the file's units."""
    import defusedxml.ElementTree as DET
    from defusedxml import DefusedXmlException
    from xml.etree.ElementTree import ParseError

    from forecast.data.validate import check_vintage

    path = Path(path)
    if not path.exists():
        raise DataError("file not found", source=str(path))
    try:
        root = DET.parse(path, forbid_dtd=True).getroot()
    except OSError as exc:
        raise DataError(f"cannot read file ({exc.strerror or exc})", source=str(path)) from None
    except DefusedXmlException as exc:
        raise DataError(f"refused unsafe XML ({type(exc).__name__}: DTDs and entity declarations are not "
                        "allowed in SDMX files)", source=str(path)) from None
    except ParseError as exc:
        line, col = getattr(exc, "position", (None, None))
        raise DataError(f"malformed or truncated XML ({exc.msg if hasattr(exc, 'msg') else exc})", source=str(path),
                        location=f"line {line}, column {col}" if line else None) from None
    prepared = ""
    for el in root.iter():
        if el.tag.endswith("}Prepared") and el.text:
            prepared = el.text.strip()
            break
    if not prepared:
        raise DataError("not an SDMX-ML message: no Header/Prepared date", source=str(path))
    if not re.match(r"^\d{4}-\d{2}-\d{2}($|T)", prepared):
        raise DataError(f"Header/Prepared must be a date YYYY-MM-DD[Thh:mm:ss], got {prepared[:40]!r}",
                        source=str(path))
    prepared = check_vintage(prepared[:10], str(path), "Header/Prepared", field="the Prepared date")
    rows = []
    n_series = 0
    for series in root.iter():
        if not (series.tag == "Series" or series.tag.endswith("}Series")):
            continue
        n_series += 1
        a = series.attrib
        ind = a.get("INDICATOR")
        if not ind:
            raise DataError(f"Series #{n_series} has no INDICATOR attribute", source=str(path))
        for ob in series:
            tp, val = ob.attrib.get("TIME_PERIOD"), ob.attrib.get("OBS_VALUE")
            if tp is None or val is None:
                continue
            where = f"series {ind}, observation TIME_PERIOD={tp[:40]!r}"
            period = _period(tp)
            if period is None:
                raise DataError(f"TIME_PERIOD {tp[:40]!r} is not a year YYYY, a month YYYY-MM or a quarter "
                                "YYYY-Qn", source=str(path), location=where)
            try:
                v = float(val)
            except ValueError:
                raise DataError(f"OBS_VALUE {val[:40]!r} is not a number", source=str(path),
                                location=f"series {ind}, period {tp[:40]}") from None
            if not math.isfinite(v):
                raise DataError(f"OBS_VALUE {val[:40]!r} is not a finite number", source=str(path), location=where)
            rows.append((ind.replace(" ", ""), a.get("FREQ", ""), period, v, a.get("UNIT_MULT", ""), a.get("BASE_PER", "")))
    if n_series == 0:
        raise DataError("no Series elements: not a StructureSpecificData message", source=str(path))
    obs = pd.DataFrame(rows, columns=["indicator", "freq", "period", "value", "unit_mult", "base_per"])
    return SdmxData(path=path, prepared=prepared, obs=obs)
