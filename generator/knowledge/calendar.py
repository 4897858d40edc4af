"""Month and weekday names as English news writes them, full and abbreviated.

Read by ingest for publication dates ("07 April, 2023", "Wed 05 Apr 2017") and by the
extractor for the dates of events ("on 11 June", "on Friday") and the numbers that
are dates, not counts ("27 Jul 2016").
"""

from __future__ import annotations

__all__ = ["MONTHS", "MONTH_NAMES", "WEEKDAYS", "WEEKDAY_NAMES"]

MONTH_NAMES = (
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
)
"""Each month's names, January first: the full name, then its abbreviations."""
#: Month names and abbreviations, lower case -> month number (January 1).
MONTHS = {name: i for i, names in enumerate(MONTH_NAMES, start=1) for name in names}

WEEKDAY_NAMES = (
    ("monday", "mon"),
    ("tuesday", "tue", "tues"),
    ("wednesday", "wed"),
    ("thursday", "thu", "thur", "thurs"),
    ("friday", "fri"),
    ("saturday", "sat"),
    ("sunday", "sun"),
)
"""Each weekday's names, Monday first: the full name, then its abbreviations."""
#: Weekday names and abbreviations, lower case -> ``date.weekday()`` (Monday 0).
WEEKDAYS = {name: i for i, names in enumerate(WEEKDAY_NAMES) for name in names}
