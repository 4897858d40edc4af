"""Publication dates from strings and from header lines."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.ingest.dates import date_from_header, parse_date

D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("07 April, 2023", D(2023, 4, 7)),
        ("01 August, 2020", D(2020, 8, 1)),
        ("April 7, 2023", D(2023, 4, 7)),
        ("Apr. 7 2023", D(2023, 4, 7)),
        ("2023-04-07", D(2023, 4, 7)),
        ("2023/04/07", D(2023, 4, 7)),
        ("2023-04-07T10:00:00Z", D(2023, 4, 7)),
        ("7 April 2023", D(2023, 4, 7)),
        ("7th April 2023", D(2023, 4, 7)),
        ("Saturday 13 April 2019", D(2019, 4, 13)),
        ("Sat, 13 Apr 2019 10:15 GMT", D(2019, 4, 13)),
        ("Wednesday, April 5, 2017", D(2017, 4, 5)),
        ("13.04.2019", D(2019, 4, 13)),
        ("4/5/17", D(2017, 4, 5)),  # FA-KES m/d/yy
        ("25/12/2016", D(2016, 12, 25)),
        ("12/25/2016", D(2016, 12, 25)),
        ("03/04/2023", None),  # ambiguous: not guessed
        ("Idlib, 7 April 2023, shelling", None),
        ("", None),
        ("April 2023", None),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text).date == expected


@pytest.mark.parametrize("text", ["2023-02-30", "30 February 2023", "13/13/2020", "2/30/21"])
def test_impossible_dates(text):
    parsed = parse_date(text)
    assert parsed.date is None and parsed.impossible


def test_header_date_is_a_whole_line_only():
    lines = [
        "Dozens dead as Syria regime, opposition clash in the north",
        "Syrians check the damage after air strikes in Idlib, Syria on 11 June 2018",
        "Published: 12 June 2018 | 10:42",
    ]
    assert date_from_header(lines).date == D(2018, 6, 12)
    assert date_from_header(lines[:2]).date is None


def test_header_date_only_in_first_lines():
    lines = ["line"] * 15 + ["7 April 2023"]
    assert date_from_header(lines).date is None
    assert date_from_header(lines[1:]).date == D(2023, 4, 7)
