"""Month and weekday names as English news writes them, full and abbreviated.

Read by ingest for publication dates ("07 April, 2023", "Wed 05 Apr 2017"); the
site names the months of its archive pages with them.
"""

from __future__ import annotations

__all__ = ["MONTHS", "MONTH_NAMES", "WEEKDAYS"]

_MONTH_NAMES = (
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
#: Month names and abbreviations, lower case -> month number (January 1).
MONTHS = {name: i for i, names in enumerate(_MONTH_NAMES, start=1) for name in names}
#: Full month names, lower case, January first (the site's archive pages name months).
MONTH_NAMES = tuple(names[0] for names in _MONTH_NAMES)

_WEEKDAY_NAMES = (
    ("monday", "mon"),
    ("tuesday", "tue", "tues"),
    ("wednesday", "wed"),
    ("thursday", "thu", "thur", "thurs"),
    ("friday", "fri"),
    ("saturday", "sat"),
    ("sunday", "sun"),
)
#: Weekday names and abbreviations, lower case -> ``date.weekday()`` (Monday 0).
WEEKDAYS = {name: i for i, names in enumerate(_WEEKDAY_NAMES) for name in names}
