"""Publication dates: from a front-matter value, or from a header line of the text.

Accepted forms (case-insensitive, optional weekday, optional trailing time)::

    2023-04-07   2023/04/07   07 April, 2023   7 April 2023   7th April 2023
    April 7, 2023   Apr 7 2023   Saturday 13 April 2019   13.04.2019 (d.m.y)

Numeric ``a/b/yyyy`` is ambiguous (US or European) and is read only when one
reading is impossible; ``m/d/yy`` is read as US because that is what FA-KES
and spreadsheet exports use.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    name: i
    for i, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_TIME = (
    r"(?:[,\s|\-–—]+(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?"
    r"(?:\s*\(?[A-Z]{2,5}\)?|\s*[+-]\d{2}:?\d{2})?)?"
)

_FORMS = [
    re.compile(
        _WEEKDAY + r"(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})(?:[T ]\S*)?", re.I
    ),
    re.compile(_WEEKDAY + _DAY + r"(?:\s+of)?[\s\-]+" + _MONTH + r"[,\s\-]+" + _YEAR + _TIME, re.I),
    re.compile(_WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + _TIME, re.I),
    re.compile(r"(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})" + _TIME, re.I),
]
_NUMERIC_SLASH = re.compile(r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>\d{2}|\d{4})")

#: Words that may precede a date on a header line: "Published: 7 April 2023".
_PREFIX = re.compile(
    r"^(?:(?:first\s+)?(?:published|posted|updated|last\s+updated|date|dated|on)\b\s*(?:on\b)?\s*[:\-–—|]?\s*)",
    re.I,
)


@dataclass(frozen=True)
class DateParse:
    """The outcome of reading one date string."""

    date: dt.date | None
    impossible: bool = False
    """The string has a date's shape but names no real day (2023-02-30)."""


def _make(year: int, month: int, day: int) -> DateParse:
    try:
        return DateParse(dt.date(year, month, day))
    except ValueError:
        return DateParse(None, impossible=True)


def _month(value: str) -> int:
    return int(value) if value.isdigit() else MONTHS[value.lower().rstrip(".")]


def parse_date(value: str) -> DateParse:
    """Read a whole string as one date; ``DateParse(None)`` if it is not one.

    >>> parse_date("07 April, 2023").date
    datetime.date(2023, 4, 7)
    >>> parse_date("2023-02-30").impossible
    True
    """
    s = value.strip().strip(",;|")
    if not s or len(s) > 80:
        return DateParse(None)
    for form in _FORMS:
        m = form.fullmatch(s)
        if m:
            month = _month(m.group("month"))
            return _make(int(m.group("year")), month, int(m.group("day")))
    m = _NUMERIC_SLASH.fullmatch(s)
    if m:
        a, b, year = int(m.group("a")), int(m.group("b")), int(m.group("year"))
        if year < 100:
            year += 2000 if year < 70 else 1900
            return _make(year, a, b)  # m/d/yy: the FA-KES and spreadsheet convention
        if a > 12 >= b:
            return _make(year, b, a)
        if b > 12 >= a or a == b:
            return _make(year, a, b)
        return DateParse(None)  # 03/04/2023: March 4 or 3 April? Do not guess.
    return DateParse(None)


def date_from_header(lines: list[str], *, max_lines: int = 15) -> DateParse:
    """The first line among the first ``max_lines`` non-empty ones that *is* a date.

    A date inside a sentence ("air strikes in Idlib on 11 June 2018") is not a
    publication date; only a line that holds a date and nothing else (apart
    from a "Published:"-style prefix or a time) counts.
    """
    seen = 0
    for line in lines:
        line = line.strip()
        if not line:
            continue
        seen += 1
        if seen > max_lines:
            break
        candidate = _PREFIX.sub("", line, count=1)
        parsed = parse_date(candidate)
        if parsed.date is not None or parsed.impossible:
            return parsed
    return DateParse(None)
