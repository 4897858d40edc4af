"""When: ``resolve_date(clause, published)``, resolved against the publication date.

Month and weekday names and the relative days come from
``generator/data/vocab/dates.yaml`` (the extractor's one month table).
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from spacy.tokens import Doc, Span

from generator.extract.tokens import memo, norms
from generator.extract.vocab import table
from generator.extract.vocab import words as vocab_words

ORDINAL_SUFFIXES = ("st", "nd", "rd", "th")
EARLIEST_YEAR = 1900


@cache
def months() -> dict[str, int]:
    """Full month name -> its number. Abbreviations ("Jul") date no event here: they
    mark numbers that are no counts (``numbers.measures_or_dates``)."""
    return {row[0]: n for n, row in enumerate(table("dates", "months"), start=1)}


@cache
def weekdays() -> dict[str, int]:
    return {name: n for n, name in enumerate(table("dates", "weekdays"))}


@cache
def relative_days() -> dict[str, list[tuple[tuple[str, ...], int, str]]]:
    """First word -> (words, days before publication, precision), from dates.yaml."""
    out: dict[str, list[tuple[tuple[str, ...], int, str]]] = {}
    for row in table("dates", "relative_days"):
        for phrase in row["words"]:
            words = tuple(str(phrase).split())
            out.setdefault(words[0], []).append((words, int(row["days"]), str(row["precision"])))
    return out


def weekday_before(published: dt.date, weekday: int) -> dt.date:
    """The latest such weekday on or before publication.

    "killed Thursday", published Friday 2023-04-07 -> 2023-04-06; "on Friday",
    published Friday -> that Friday.
    """
    return published - dt.timedelta(days=(published.weekday() - weekday) % 7)


def day_number(text: str) -> int | None:
    """ "13" -> 13, and "13th" (one token) -> 13."""
    if text[-2:] in ORDINAL_SUFFIXES:
        text = text[:-2]
    return int(text) if text.isdigit() else None


def is_publication_date(ns: list[str], i: int) -> bool:
    """ "Published October 2 2017", "Date of publication 4 October 2016": the page's
    date, not an event's."""
    return bool(vocab_words("dates", "publication_words").intersection(ns[max(0, i - 3) : i]))


def explicit_date(ns: list[str], published: dt.date | None) -> dt.date | None:
    """ "11 June 2018", "June 11, 2018", "11 June": without a year, the year of
    publication, or the year before for a month later than publication's."""
    for i, word in enumerate(ns):
        month = months().get(word)
        if month is None or is_publication_date(ns, i):
            continue
        day = day_number(ns[i - 1]) if i else None
        if day is None and i + 1 < len(ns):
            day = day_number(ns[i + 1])
        year = next(
            (y for y in (day_number(n) for n in ns[i + 1 : i + 4]) if y and y > EARLIEST_YEAR), None
        )
        if year is None and published:
            year = published.year if month <= published.month else published.year - 1
        if day and year and 1 <= day <= 31:
            try:
                return dt.date(year, month, day)
            except (ValueError, OverflowError):
                pass
    return None


def relative_date(ns: list[str], published: dt.date) -> tuple[dt.date, str] | None:
    """ "on Friday" -> the latest Friday; "yesterday", "last night" -> the day before
    publication; "this morning" -> publication day; "last week" -> a week before
    (precision week). The first such words in the clause decide."""
    days_of, relative = weekdays(), relative_days()
    for i, word in enumerate(ns):
        if word in days_of:
            return weekday_before(published, days_of[word]), "day"
        for words, days, precision in relative.get(word, ()):
            if tuple(ns[i : i + len(words)]) == words:
                return published - dt.timedelta(days=days), precision
    return None


def resolve_date(clause: Span, published: dt.date | None) -> tuple[dt.date | None, str]:
    """The date the clause gives for its event, and its precision (see ``read_date``);
    remembered per stretch of text (a sentence is asked again for its clauses)."""
    known = memo(clause.doc, DATES_KEY, _no_dates)
    key = (clause.start, clause.end, published)
    if key not in known:
        known[key] = read_date(clause, published)
    return known[key]  # type: ignore[no-any-return]


DATES_KEY = "sitrep.dates"


def _no_dates(doc: Doc) -> dict[tuple[int, int, dt.date | None], tuple[dt.date | None, str]]:
    return {}


def read_date(clause: Span, published: dt.date | None) -> tuple[dt.date | None, str]:
    """The date the clause gives for its event, and its precision.

    "This Tuesday" -> the Tuesday of that week; "yesterday", "last night" -> the
    day before publication; "on 11 June 2018" -> that day; "last week" -> the
    week before (precision week). Without a publication date only a full date can
    be read.
    """
    ns = [n for n in norms(clause.doc)[clause.start : clause.end] if not n.isspace()]
    found = explicit_date(ns, published)
    if found is not None:
        return found, "day"
    if published is None:
        return None, "unknown"
    relative = relative_date(ns, published)
    return relative if relative is not None else (None, "unknown")
