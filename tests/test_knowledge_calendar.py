"""Month and weekday names, as news writes them; publication dates read with them."""

from __future__ import annotations

import datetime as dt

from generator.ingest.dates import parse_date
from generator.knowledge.calendar import MONTHS, WEEKDAYS


def test_full_names_and_abbreviations():
    assert MONTHS["january"] == MONTHS["jan"] == 1
    assert MONTHS["september"] == MONTHS["sep"] == MONTHS["sept"] == 9
    assert len(set(MONTHS.values())) == 12
    assert WEEKDAYS["monday"] == WEEKDAYS["mon"] == 0
    assert WEEKDAYS["thursday"] == WEEKDAYS["thurs"] == WEEKDAYS["thu"] == 3
    assert len(set(WEEKDAYS.values())) == 7


def test_ingest_reads_dates_with_them():
    assert parse_date("Thurs 7 Sept 2017").date == dt.date(2017, 9, 7)
