"""Dates of incidents, resolved against the article's publication date."""

from __future__ import annotations

import datetime as dt

from generator.extract.words import Clause

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]


PUBLICATION_WORDS = frozenset({"published", "updated", "posted", "publication"})
""""Published October 2 2017", "Date of publication 4 October 2016": the date the page
carries, not the date of an event."""


def weekday_before(published: dt.date, weekday: int) -> dt.date:
    """The latest such weekday on or before publication.

    "killed Thursday", published Friday 2023-04-07 -> 2023-04-06; "on Friday",
    published Friday -> that Friday.
    """
    return published - dt.timedelta(days=(published.weekday() - weekday) % 7)


def resolve_date(clause: Clause, published: dt.date | None) -> tuple[dt.date | None, str]:
    """The date the clause gives for its event, and its precision.

    "This Tuesday" -> the Tuesday of that week; "yesterday", "last night" ->
    the day before publication; "on 11 June 2018" -> that day; "last week" ->
    the week before (precision week). Without a publication date only a full
    date can be read.
    """
    norms = [w.norm for w in clause.words]
    for i, word in enumerate(norms):
        # an explicit date: "11 June 2018", "June 11, 2018", "11 June"
        if word in MONTHS and not PUBLICATION_WORDS.intersection(norms[max(0, i - 3) : i]):
            month = MONTHS.index(word) + 1
            day = _int(norms[i - 1]) if i else None
            if day is None and i + 1 < len(norms):
                day = _int(norms[i + 1])
            year = next(
                (y for y in (_int(n) for n in norms[i + 1 : i + 4]) if y and y > 1900), None
            )
            if year is None and published:
                year = published.year if month <= published.month else published.year - 1
            if day and year and 1 <= day <= 31:
                try:
                    return dt.date(year, month, day), "day"
                except (ValueError, OverflowError):
                    pass
    if published is None:
        return None, "unknown"
    for i, word in enumerate(norms):
        if word in WEEKDAYS:
            return weekday_before(published, WEEKDAYS.index(word)), "day"
        if word == "yesterday" or (
            word == "last" and i + 1 < len(norms) and norms[i + 1] == "night"
        ):
            return published - dt.timedelta(days=1), "day"
        if word == "today" or (word == "this" and i + 1 < len(norms) and norms[i + 1] == "morning"):
            return published, "day"
        if word == "last" and i + 1 < len(norms) and norms[i + 1] == "week":
            return published - dt.timedelta(days=7), "week"
    return None, "unknown"


ORDINAL_SUFFIXES = ("st", "nd", "rd", "th")


def _int(text: str) -> int | None:
    """ "13" -> 13, and "13th" (one token) -> 13."""
    if text[-2:] in ORDINAL_SUFFIXES:
        text = text[:-2]
    return int(text) if text.isdigit() else None
