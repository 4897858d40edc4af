"""Publication dates from strings and from header lines."""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.ingest.dates import (
    _DATE_START,
    _YEARLESS,
    _YEARLESS_END,
    DATELINE_FORMS,
    HEADER_CHARS,
    HEADER_LINES,
    date_from_header,
    find_dateline,
    may_hold_dateline,
    parse_date,
    scan_dates,
    vocabulary,
    year_for,
)

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


# -- datelines: the publication date at the top of a pasted article ------------


@pytest.mark.parametrize("form", DATELINE_FORMS, ids=lambda f: f.name)
def test_every_dateline_form_reads_its_example(form):
    assert form.pattern.fullmatch(form.example)
    [found] = scan_dates(f"{form.example} Two soldiers were killed")
    assert found.parsed.date is not None
    assert find_dateline(f"{form.example} Two soldiers were killed").date == found.parsed.date


DATE_FRAGMENTS = st.lists(
    st.sampled_from(
        ["Wed", "wed.", "Thursday", "05", "5th", "of", "Apr", "APRIL", "ſep", "Sept.", "may",
         "May", "2017", "092017", "٣", "٢٠١٧", ",", "-", " ", "  ", "\n", "x", "12", "(", "the"]
    ),
    max_size=14,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(DATE_FRAGMENTS)
def test_dateline_forms_find_what_they_found_without_their_shortcuts(text):
    """The lookahead before each named form (``_DATE_START``) and the scan for what its
    matches hold (``required``) only make a form fail sooner: it finds what it found
    without them, and a line it matches holds ``required``."""
    for form in DATELINE_FORMS:
        plain = re.compile(form.pattern.pattern.replace(_DATE_START, ""), form.pattern.flags)
        found = [(m.span(), m.groups()) for m in form.pattern.finditer(text)]
        assert found == [(m.span(), m.groups()) for m in plain.finditer(text)]
        if found and form.required is not None:
            assert form.required.search(text)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["BEIRUT", "Al-Bab", ",", " ", "  ", "April", "apr", "7", "17th", "(", "Reuters",
             ")", "-", "\u2014", "x", "\n", "2017"]
        ),
        max_size=14,
    ).map("".join)
)
@example("BEIRUT, April 7 (Reuters) -")
@example("Al-Bab, apr 17th(Reuters)\u2014 x")
def test_a_yearless_dateline_ends_as_its_shortcut_says(text):
    """``_YEARLESS_END``, scanned first, is found wherever ``_YEARLESS`` is."""
    if _YEARLESS.search(text):
        assert _YEARLESS_END.search(text)


def test_the_yearless_examples_are_datelines():
    assert _YEARLESS.search("BEIRUT, April 7 (Reuters) -")
    assert _YEARLESS.search("Al-Bab, apr 17th(Reuters)\u2014 x")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # NNA: weekday, day, month, year run into the headline
        (
            "Wed 05 Apr 2017 Syria attack symptoms consistent with nerve agent use WHO.",
            D(2017, 4, 5),
        ),
        ("Sat 24 Aug 2013 at 2354 Regional NNA - The blast heard", D(2013, 8, 24)),
        # Asharq al-Awsat, Daily Sabah, Alaraby: a prefix from the vocabulary
        ("Posted on July 2 2016 by Asharq Al-Awsat English Thirty Killed", D(2016, 7, 2)),
        ("Published April 8 2017 Just days after a chemical attack", D(2017, 4, 8)),
        ("Date of publication 9 August 2016 Five children and four medical", D(2016, 8, 9)),
        ("Published: 12 June 2018 | 10:42\nDozens dead in Idlib", D(2018, 6, 12)),
        # Jordan Times: month, then day and year run together
        ("Last updated at Apr 092017 At least 15 civilians including four", D(2017, 4, 9)),
        # Sputnik: d.m.y run into the next word, or followed by its update stamp
        ("21.08.2013Get short URL 0 0 0 Syrian regime forces fired", D(2013, 8, 21)),
        ("20.04.2017(updated 1618 20.04.2017) Get short URL 215 The death toll", D(2017, 4, 20)),
        ("30.04.2017) Get short URL 3214 An airstrike of the US-led", D(2017, 4, 30)),
        # Al-Manar: d-m-y
        ("24-02-2015 Syrian Army Kills over 80 Terrorists in Various Provinces.", D(2015, 2, 24)),
        ("04-04-2016 Two Killed Three Injured in Terrorist Attack", D(2016, 4, 4)),
        # Al-Alam: weekday, month, day, year, then the time as hhmmss
        ("Thu Feb 5 2015 190703 Terrorist Attack on Syrian Army", D(2015, 2, 5)),
        # Etilaf, Al Arabiya, SANA, TRT, Reuters, TASS
        ("Friday 21 November 2014 10:13 35 Civilians Killed in Regime Air Raids", D(2014, 11, 21)),
        ("Print this page Tuesday 19 July 2016 16:45 Russian Airstrikes", D(2016, 7, 19)),
        ("Aug. 1 2016 Rescuers say gas dropped on Syrian town", D(2016, 8, 1)),
        ("27 November 2016 Army units restore security", D(2016, 11, 27)),
        ("29 Jul 2016 The US-led coalition strikes came a day after", D(2016, 7, 29)),
        ("August 13 2016 2037 UTC+3 A representative of the Syrian Armed Forces", D(2016, 8, 13)),
        ("September 10 2013 Syrias Assad regime likely responsible", D(2013, 9, 10)),
        # Ahram: headline (and subtitle), agency credit, weekday and date
        (
            "Twin blasts kill 30 Kurdish fighters in Syria Monitor AFP Monday 6 Oct 2014 At least",
            D(2014, 10, 6),
        ),
        (
            "At least 40 killed in Syrian weapons depot blast Rocket attacks strike Homs killing "
            "40 says Syrian Observatory for Human Rights AP Thursday 1 Aug 2013 Rocket attacks",
            D(2013, 8, 1),
        ),
        ("32 killed in Syrias Daraa Aleppo NGO Friday 15 Aug 2014 Print Tweet", D(2014, 8, 15)),
        # SANA: headline, date, agency
        (
            "ISIS executes three people in Raqqa 8 November 2016 SANA Members of ISIS",
            D(2016, 11, 8),
        ),
        # Sputnik after its headline: a clock time, the date, "Get short URL"
        (
            "Syrian Army Eliminates Over 75 Nusra Militants Sputnik Michael Alaeddin Middle East "
            "1449 09.04.2017Get short URL 1285 The Syrian armys units",
            D(2017, 4, 9),
        ),
        # a web page pasted with its lines: headline, subtitle, reading time gone, date
        (
            "Regime forces killed in Idlib\n\nRegime forces killed in Idlib\nA flare-up this "
            "week.\n07 April, 2023\nHopes of a truce remain elusive",
            D(2023, 4, 7),
        ),
        ("2023-04-07T10:00:00Z\nTwo soldiers were killed", D(2023, 4, 7)),
        ("BEIRUT, April 7, 2017 (Reuters) - Air strikes killed 15 people", D(2017, 4, 7)),
    ],
)
def test_dateline_forms(text, expected):
    found = find_dateline(text)
    assert found is not None and found.date == expected


def test_dateline_right_after_the_headline():
    text = "Air raids kill 29 civilians in north Syria town 13 Nov 2017 Air strikes on a market"
    assert find_dateline(text, "Air raids kill 29 civilians in north Syria town").date == D(
        2017, 11, 13
    )
    assert find_dateline(text) is None  # nothing else marks that date as the dateline


@pytest.mark.parametrize(
    "text",
    [
        # dates inside sentences about events
        "Air strikes hit two hospitals in Idlib on 4 April 2017 a monitor said.",
        "1. Ghouta: On August 21 2013 the Assad regime fired rockets loaded with sarin.",
        "The fighting has not stopped since March 15 2011 in the province.",
        "The list published on 3 May 2017 named 40 victims of the attack.",
        "Syrians check the damage after air strikes in Idlib, Syria on 11 June 2018",
        # photo captions
        "A fighter walks in Manbij Aleppo Governorate Syria July 1 2016. (Reuters Photo) Raids",
        "Putin attends a meeting in Sochi Russia Thursday Oct. 27 2016 (Photo AP) Print",
        # no date at all, a month and year only, a lower-case "may"
        "10 dead after strikes on rebel-held hospitals in Syria Air strikes on Thursday",
        "Clashes in March 2017 displaced thousands",
        "12 may 2017 be remembered as the worst day",
    ],
)
def test_dates_in_sentences_are_not_datelines(text):
    assert find_dateline(text) is None


def test_dateline_only_in_the_header():
    lines = ["A line of the story."] * HEADER_LINES
    assert find_dateline("\n".join([*lines, "7 April 2023"])) is None
    assert find_dateline("\n".join([*lines[1:], "7 April 2023"])).date == D(2023, 4, 7)
    long_line = "word " * (HEADER_CHARS // 5) + "AFP Friday 23 May 2014 At least"
    assert find_dateline(long_line) is None
    assert find_dateline(long_line[-60:]).date == D(2014, 5, 23)


def test_the_first_dateline_wins_over_a_later_caption():
    text = (
        "Rebels in Aleppo attack Putin cautious AFP Friday 28 Oct 2016 Russian President Putin "
        "attends a meeting Thursday Oct. 27 2016 Print Tweet"
    )
    assert find_dateline(text).date == D(2016, 10, 28)


def test_first_published_wins_over_last_updated():
    assert find_dateline("Published 3 May 2017 Last updated 5 May 2017 Raids").date == D(2017, 5, 3)
    found = find_dateline("Last updated 5 May 2017\nPublished 3 May 2017\nRaids on Idlib")
    assert (found.date, found.updated) == (D(2017, 5, 3), False)
    only = find_dateline("Last updated at Apr 092017 BEIRUT At least 15 civilians")
    assert (only.date, only.updated) == (D(2017, 4, 9), True)
    stamped = find_dateline("16.05.2017(updated 1925 17.05.2017) Get short URL")
    assert (stamped.date, stamped.updated) == (D(2017, 5, 16), False)


def test_numeric_dates_are_day_first_unless_impossible():
    assert find_dateline("05-04-2016 Many civilians").date == D(2016, 4, 5)
    assert find_dateline("04-25-2016 Four killed").date == D(2016, 4, 25)


def test_impossible_dateline_is_reported_not_guessed():
    found = find_dateline("30.02.2017 Get short URL Five killed")
    assert found is not None and found.date is None and found.impossible


def test_yearless_agency_dateline_takes_the_year_of_the_nearest_full_date():
    text = "BEIRUT, April 7 (Reuters) - Air strikes killed 15, a week after the March 30 2017 raid."
    assert find_dateline(text).date == D(2017, 4, 7)
    assert find_dateline("MOSCOW, January 3 (RIA Novosti) - A raid on December 28 2016").date == D(
        2017, 1, 3
    )
    # the front-matter date, when there is one, is the anchor
    alone = "BEIRUT, April 7 (Reuters) - Air strikes killed 15 people."
    assert find_dateline(alone, near=D(2018, 4, 9)).date == D(2018, 4, 7)
    # no year anywhere: found, but undated
    found = find_dateline(alone)
    assert (found.date, found.written) == (None, "April 7")
    # far from every full date (background, more than two months off): undated
    assert find_dateline(alone + " It began on October 1 2015.").date is None
    assert find_dateline(alone + " It began on March 1 2015.").date == D(2015, 4, 7)
    # an unknown "agency" in the brackets is no dateline
    assert find_dateline("BEIRUT, April 7 (Tuesday) - Air strikes killed 15 people.") is None


@pytest.mark.parametrize(
    ("month", "day", "anchors", "expected"),
    [
        (4, 7, [D(2017, 3, 30)], D(2017, 4, 7)),
        (1, 3, [D(2016, 12, 28)], D(2017, 1, 3)),
        (12, 30, [D(2017, 1, 2)], D(2016, 12, 30)),
        (4, 7, [D(2013, 8, 21), D(2017, 4, 4)], D(2017, 4, 7)),  # the nearest anchor
        (2, 29, [D(2017, 3, 1)], None),  # 2016-02-29 is 367 days back: out of reach
        (4, 7, [D(2016, 12, 1)], None),
        (4, 7, [], None),
    ],
)
def test_year_for(month, day, anchors, expected):
    assert year_for(month, day, anchors) == expected


def test_dateline_vocabulary_is_data():
    raw = resources.files("generator").joinpath("data/datelines.yaml").read_text("utf-8")
    doc = yaml.safe_load(raw)
    for key in ("published_prefixes", "updated_prefixes", "agencies", "after", "sentence_words"):
        entries = doc[key]
        assert entries and all(isinstance(e, str) and e.strip() for e in entries), key
        assert len(entries) == len(set(entries)), key
    # the words are read: a prefix added to the data file is honoured
    assert "date of publication" in doc["published_prefixes"]
    assert vocabulary().published_prefix.fullmatch("Date  of\npublication")


# datelines from fragments: dates, prefixes, agencies, captions and noise, in any order
_pieces = st.sampled_from(
    [
        "Wed 05 Apr 2017",
        "21.08.2013",
        "Apr 092017",
        "24-02-2015",
        "30.02.2017",
        "April 7",
        "(Reuters) -",
        "BEIRUT,",
        "Posted on",
        "Last updated at",
        "AFP",
        "on",
        "(Photo AP)",
        "Get short URL",
        "1449",
        "Friday",
        "killed 12 people",
        "\n",
        "May 31 9999999999999999999",
    ]
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.one_of(_pieces, st.text(max_size=12)), max_size=25),
    st.text(alphabet=st.characters(blacklist_categories=("Nd",)), max_size=40),
)
def test_find_dateline_is_total_and_reads_only_the_header(pieces, tail):
    text = " ".join(pieces)
    found = find_dateline(text)
    if found is not None:
        assert found.written
        assert found.date is None or 1000 <= found.date.year <= 9999
        assert not (found.impossible and found.date)
    # what follows the header (no digits there, so no anchor for a year-less
    # dateline either) never changes the dateline
    padded = text + "\n" + "\n".join(["A sentence."] * HEADER_LINES) + "\n" + tail
    assert find_dateline(padded) == find_dateline(
        text + "\n" + "\n".join(["A sentence."] * HEADER_LINES)
    )


def test_capitals_and_lines_without_a_month_name():
    assert find_dateline("WED 05 APR 2017 SYRIA ATTACK").date == D(2017, 4, 5)
    assert scan_dates("Report 1234 has no date") == []


@pytest.mark.parametrize(
    "text",
    [
        "Posted on July 2 2016 by Asharq Al-Awsat",
        "BEIRUT, April 7 (Reuters) - Jets struck",
        "Middle East 1449 09.04.2017",
        "Jets struck the town (on Monday)",
    ],
)
def test_a_text_with_a_year_or_a_bracket_may_hold_a_dateline(text):
    assert may_hold_dateline(text)


@given(st.text(alphabet=st.characters(blacklist_characters="(0123456789"), max_size=80))
@settings(max_examples=200)
def test_a_text_no_dateline_can_be_in_has_none(text):
    """What ``may_hold_dateline`` rules out ``find_dateline`` never finds."""
    if not may_hold_dateline(text):
        assert find_dateline(text) is None
