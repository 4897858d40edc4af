"""Pages that grow with the archive, cut into bounded parts.

A governorate, a faction or the list of articles gains rows with every article:
at 20,000 articles one faction page was 8 MB. Such a page shows its latest
:data:`LATEST` rows, and when it has more, links an archive: one page per month
(newest first), a month with more than :data:`MAX_ROWS` rows cut into numbered
parts. So no page holds more than ``max(LATEST, MAX_ROWS)`` rows at any size, and
adding an article changes only the archive pages of the months it touches, never
a page of another month (what keeps a rebuild proportional to the change).

Rows without a date go to one "undated" archive (in parts too), listed last.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from generator.knowledge.calendar import MONTH_NAMES

T = TypeVar("T")

LATEST = 50
"""Rows on the page itself (its newest); the rest are in its archive."""
MAX_ROWS = 200
"""Rows on an archive page at most (a busy month is cut into parts)."""
UNDATED = "undated"


@dataclass(frozen=True)
class Part(Generic[T]):
    """One archive page: a month (or part of one), its rows in the page's order."""

    key: str
    """Its name in the URL: ``2016-03``, ``2016-03-part-2``, ``undated``."""
    label: str
    """For a reader: "March 2016", "March 2016 (part 2)", "Undated"."""
    rows: tuple[T, ...]


def month_key(date: dt.date | None) -> str:
    return date.strftime("%Y-%m") if date is not None else UNDATED


def month_label(key: str) -> str:
    """'2016-03' -> 'March 2016'."""
    if key == UNDATED:
        return "Undated"
    year, month = key.split("-")
    return f"{MONTH_NAMES[int(month) - 1][0].capitalize()} {year}"


def archive(
    rows: Sequence[T], date_of: Callable[[T], dt.date | None], *, max_rows: int = MAX_ROWS
) -> list[Part[T]]:
    """``rows`` (already in page order) cut by month: the months newest first, undated
    last, each month's rows in their order, cut into parts of at most ``max_rows``."""
    months: dict[str, list[T]] = {}
    for row in rows:
        months.setdefault(month_key(date_of(row)), []).append(row)
    order = sorted((k for k in months if k != UNDATED), reverse=True)
    if UNDATED in months:
        order.append(UNDATED)
    parts: list[Part[T]] = []
    for key in order:
        chunk = months[key]
        count = (len(chunk) + max_rows - 1) // max_rows
        for n in range(count):
            suffix, note = ("", "") if n == 0 else (f"-part-{n + 1}", f" (part {n + 1})")
            rows_n = tuple(chunk[n * max_rows : (n + 1) * max_rows])
            parts.append(Part(key + suffix, month_label(key) + note, rows_n))
    return parts


def needs_archive(rows: Iterable[object], latest: int = LATEST) -> bool:
    """More rows than the page shows itself."""
    return sum(1 for _ in rows) > latest
