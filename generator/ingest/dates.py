"""Publication dates: from a front-matter value, or from the dateline at the top of the text.

:func:`parse_date` reads one whole string (a front-matter value, a CSV cell).
Accepted forms (case-insensitive, optional weekday, optional trailing time)::

    2023-04-07   2023/04/07   07 April, 2023   7 April 2023   7th April 2023
    April 7, 2023   Apr 7 2023   Saturday 13 April 2019   13.04.2019 (d.m.y)

Numeric ``a/b/yyyy`` is ambiguous (US or European) and is read only when one
reading is impossible; ``m/d/yy`` is read as US because that is what FA-KES
and spreadsheet exports use.

:func:`find_dateline` finds the publication date in the first lines of an
article's text, where pasted pages carry it in a dozen forms and often run it
into the headline or the first sentence ("Posted on July 2 2016 by ...",
"... Monitor AFP Friday 23 May 2014 At least ..."); see its docstring for what
makes a date there a dateline and not a date in a sentence.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from generator.knowledge.calendar import MONTHS, WEEKDAYS
from generator.knowledge.wordlists import SAFE_LOADER

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY_WORD = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_WEEKDAY = r"(?:(?:" + _WEEKDAY_WORD + r")\.?,?\s+)?"
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
    return int(value) if value.isdecimal() else MONTHS[value.lower().rstrip(".")]


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

    Only a line that holds a date and nothing else (apart from a
    "Published:"-style prefix or a time) counts; used to tell a date line from
    a headline. :func:`find_dateline` also finds datelines run into other text.
    """
    prefix = vocabulary().line_prefix
    seen = 0
    for line in lines:
        line = line.strip()
        if not line:
            continue
        seen += 1
        if seen > max_lines:
            break
        candidate = prefix.sub("", line, count=1)
        parsed = parse_date(candidate)
        if parsed.date is not None or parsed.impossible:
            return parsed
    return DateParse(None)


# ---------------------------------------------------------------- datelines

#: Where a dateline is looked for: the first HEADER_LINES non-empty lines of
#: the text, the first HEADER_CHARS characters of each. FA-KES pastes run a
#: whole article into one line; their latest dateline (an Ahram headline, a
#: subtitle, then "AP Thursday 1 Aug 2013") starts 220 characters in.
HEADER_LINES = 15
HEADER_CHARS = 400
#: A year-less dateline ("BEIRUT, April 7 (Reuters) -") takes the year that
#: puts it closest to a full date the text (or the front matter) gives, when
#: that is at most this many days away; otherwise it is left without a date. A
#: story's own dates lie within days or weeks of its dateline; a date further
#: off is background ("the August 21 2013 attack") and says nothing of the year.
YEARLESS_REACH = 60
#: Full dates further into the text than this are not read as anchors for a
#: year-less dateline (bounds the work one hostile file can cause).
ANCHOR_CHARS = 20_000

_PUNCT = " \t,;:|-–—•·*#>"


def _phrase(words: str) -> str:
    """'posted on' -> a pattern matching 'posted  on', 'Posted\non'."""
    return r"\s+".join(re.escape(w) for w in words.split())


def _alternatives(phrases: list[str]) -> str:
    return "|".join(_phrase(p) for p in sorted(phrases, key=len, reverse=True))


@dataclass(frozen=True)
class Vocabulary:
    """``datelines.yaml`` compiled: the words around a dateline."""

    published_prefix: re.Pattern[str]
    """A whole prefix before a first-published date: "Posted on", "Date of publication"."""
    updated_prefix: re.Pattern[str]
    """A whole prefix before an update stamp: "Last updated at"."""
    line_prefix: re.Pattern[str]
    """Either prefix at the start of a line, with its punctuation ("Published: ")."""
    published_before: re.Pattern[str]
    """A capitalised published prefix ending the text before a date ("... Posted on")."""
    updated_before: re.Pattern[str]
    """An updated prefix ending the text before a date ("(updated 1618" once the time is cut)."""
    agency_before: re.Pattern[str]
    agency_after: re.Pattern[str]
    agencies: frozenset[str]
    after: re.Pattern[str]
    sentence_word: re.Pattern[str]
    caption_after: re.Pattern[str]


@cache
def vocabulary() -> Vocabulary:
    """Load and compile ``generator/data/datelines.yaml`` once per process."""
    raw = resources.files("generator").joinpath("data/datelines.yaml").read_text("utf-8")
    doc = yaml.load(raw, Loader=SAFE_LOADER)  # libyaml's safe loader: ten times faster
    published = _alternatives(doc["published_prefixes"])
    updated = _alternatives(doc["updated_prefixes"])
    agencies = _alternatives(doc["agencies"])
    return Vocabulary(
        published_prefix=re.compile(f"(?:{published})", re.I),
        updated_prefix=re.compile(f"(?:{updated})", re.I),
        line_prefix=re.compile(f"^(?:{published}|{updated})\\b[\\s:\\-–—|]*", re.I),
        published_before=re.compile(f"(?:^|\\W)(?=[A-Z])(?i:{published})\\s*[:\\-–—|]?\\s*$"),
        updated_before=re.compile(f"(?:^|\\W)(?:{updated})\\s*[:\\-–—|]?\\s*$", re.I),
        agency_before=re.compile(f"(?:^|\\W)(?:{agencies})\\s*[:\\-–—|]?\\s*$"),
        agency_after=re.compile(f"\\s*[(\\[]?(?:{agencies})(?!\\w)"),
        agencies=frozenset(doc["agencies"]),
        after=re.compile(f"\\s*(?:{_alternatives(doc['after'])})", re.I),
        sentence_word=re.compile(f"(?:^|\\W)(?:{_alternatives(doc['sentence_words'])})\\s*$", re.I),
        caption_after=re.compile(
            f"[\\s.,]*\\(?[^()]{{0,20}}(?:{_alternatives(doc['caption_after'])})", re.I
        ),
    )


_WEEKDAY_GROUP = r"(?:(?P<weekday>" + _WEEKDAY_WORD + r")\.?,?\s+)?"


@dataclass(frozen=True)
class DatelineForm:
    """One way a dateline writes its date, with an example (tested)."""

    name: str
    example: str
    pattern: re.Pattern[str]
    named_month: bool
    """The month is a word ("Apr"), capitalised: lines without one skip this form."""
    required: re.Pattern[str] | None = None
    """What every match holds: the form without its weekday ("Apr 092017" of "Sun Apr
    092017"). One scan for it, which fails fast at nearly every word, skips the form
    on most lines (the form's own pattern tries each weekday and month name at every
    word; with ``_DATE_START`` before them, ``scan_dates`` over the first lines of the
    bench's 2,000 distinct texts took 0.19 s of CPU instead of 0.34 s)."""
    hint: re.Pattern[str] | None = None
    """A few characters every match holds somewhere (six digits in a row for "Apr
    092017", a day's digit before the year for "Feb 5 2015"): a line without them
    skips the form before any longer scan. A scan that starts with a digit is the
    fastest (the regex engine jumps from digit to digit), and most lines with a year
    hold no such date: over the ~14,000 texts
    ``find_dateline`` reads while extracting the bench's 2,000 distinct texts (the
    articles' first lines, the summaries' sentences), 0.33 -> 0.26 s of CPU."""


def _starting(words: Iterable[str]) -> str:
    """A lookahead that passes only where one of ``words`` may start, by its first two
    letters (``(?=[ajm])(?=a[pu]|j[au]|ma)``): most words fail at its first letter,
    before a pattern tries its alternatives one by one."""
    by_first: dict[str, set[str]] = {}
    for word in words:
        by_first.setdefault(word[0], set()).add(word[1])
    heads = "|".join(
        first + (seconds.pop() if len(seconds) == 1 else "[" + "".join(sorted(seconds)) + "]")
        for first, seconds in sorted(by_first.items())
    )
    return f"(?=[{''.join(sorted(by_first))}])(?={heads})"


_MONTH_START = _starting(MONTHS)
"""Where a month's name may start."""
_DATE_START = r"(?:" + _starting([*MONTHS, *WEEKDAYS]) + r"|(?=\d))"
"""Where a named form's match may start: a weekday, a month or a day's digits."""


#: The date forms a dateline is written in. Month and weekday names come from
#: MONTHS and WEEKDAYS.
DATELINE_FORMS: tuple[DatelineForm, ...] = (
    DatelineForm(
        "year-month-day",
        "2017-04-05",
        re.compile(r"(?<![\w.])(?P<year>\d{4})([-/])(?P<month>\d{1,2})\2(?P<day>\d{1,2})(?!\d)"),
        named_month=False,
        hint=re.compile(r"\d[-/]\d"),
    ),
    DatelineForm(
        "day-month-year-numeric",
        "21.08.2013",
        re.compile(r"(?<![\w.])(?P<day>\d{1,2})([.-])(?P<month>\d{1,2})\2(?P<year>\d{4})(?!\d)"),
        named_month=False,
        hint=re.compile(r"\d[.-]\d"),
    ),
    DatelineForm(
        "month-dayyear",
        "Apr 092017",
        re.compile(
            r"(?<!\w)"
            + _DATE_START
            + _WEEKDAY_GROUP
            + _MONTH
            + r"\s+(?P<day>\d{2})(?P<year>\d{4})(?!\d)",
            re.I,
        ),
        named_month=True,
        required=re.compile(
            r"(?<!\w)" + _MONTH_START + _MONTH + r"\s+(?P<day>\d{2})(?P<year>\d{4})(?!\d)", re.I
        ),
        hint=re.compile(r"\d{6}"),
    ),
    DatelineForm(
        "day-month-year",
        "Wed 05 Apr 2017",
        re.compile(
            r"(?<!\w)"
            + _DATE_START
            + _WEEKDAY_GROUP
            + _DAY
            + r"(?:\s+of)?[\s-]+"
            + _MONTH
            + r"[,\s-]+"
            + _YEAR
            + r"(?!\d)",
            re.I,
        ),
        named_month=True,
        required=re.compile(
            r"(?<!\w)" + _DAY + r"(?:\s+of)?[\s-]+" + _MONTH + r"[,\s-]+" + _YEAR + r"(?!\d)",
            re.I,
        ),
    ),
    DatelineForm(
        "month-day-year",
        "Thu Feb 5 2015",
        re.compile(
            r"(?<!\w)"
            + _DATE_START
            + _WEEKDAY_GROUP
            + _MONTH
            + r"\s+"
            + _DAY
            + r",?\s+"
            + _YEAR
            + r"(?!\d)",
            re.I,
        ),
        named_month=True,
        required=re.compile(
            r"(?<!\w)" + _MONTH_START + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"(?!\d)",
            re.I,
        ),
        hint=re.compile(r"\d(?:st|nd|rd|th)?,?\s+\d{4}", re.I),
    ),
)

#: "BEIRUT, April 7 (Reuters) -": a place in capitals, a month and day, an agency.
_YEARLESS = re.compile(
    r"(?<!\w)(?P<place>[A-Z][\w.'’-]*(?:[ /-]+[A-Z][\w.'’-]*){0,3}),?\s+"
    r"(?i:" + _MONTH + r")\s+" + _DAY + r"\s*,?\s*\((?P<agency>[^()\n]{1,30})\)\s*[-–—]"
)
#: What every match of _YEARLESS ends with: "7 (Reuters) -". Scanned for first, as it
#: fails fast where _YEARLESS tries a place name at every capital.
_YEARLESS_END = re.compile(r"\d(?:st|nd|rd|th)?\s*,?\s*\([^()\n]{1,30}\)\s*[-–—]")
_FOUR_DIGITS = re.compile(r"\d{4}")
#: The shortest spelling of every month (three letters): a line without one is
#: not scanned for the forms that name the month.
_MONTH_NAME = re.compile(
    _MONTH_START + "(?:" + "|".join(sorted({m[:3] for m in MONTHS})) + ")", re.I
)
#: A clock time right before a date: Sputnik's "Middle East 1449 09.04.2017".
_TIME_BEFORE = re.compile(r"(?:^|\s)\d{1,2}[:.h]?\d{2}\s*$")


@dataclass(frozen=True)
class FoundDate:
    """A full date written in a text: where, what day, whether with its weekday."""

    start: int
    end: int
    parsed: DateParse
    weekday: bool
    written: str


def _numeric_day_month(day: int, month: int) -> tuple[int, int]:
    """Day first ("24-02-2015"), unless only the other reading is a date ("04-25-2016")."""
    return (month, day) if month > 12 >= day else (day, month)


_WEEKDAY_SPAN = max(map(len, WEEKDAYS)) + len(".,")
"""The most characters a weekday and its marks ("Wednesday.,") take before the white
space that parts them from the date."""


def _weekday_reach(text: str, at: int) -> int:
    """Where a form's match may start at the earliest, when the first match of its
    ``required`` part starts at ``at``: a weekday and the white space after it come
    before. Every match holds a match of ``required`` after at most that much, so
    scanning from here finds the same matches as from the start (a lookbehind still
    reads the characters before), without trying every weekday and month name at
    every word before (the 14,000 calls of ``find_dateline`` while extracting the
    bench's 2,000 distinct texts took 0.56 s of CPU instead of 0.62 s)."""
    while at > 0 and text[at - 1].isspace():
        at -= 1
    return max(0, at - _WEEKDAY_SPAN)


def scan_dates(text: str) -> list[FoundDate]:
    """Every full date written in ``text`` in a dateline form, in order, not overlapping.

    >>> [f.parsed.date.isoformat() for f in scan_dates("AFP Friday 23 May 2014 and 21.08.2013")]
    ['2014-05-23', '2013-08-21']
    """
    found: list[FoundDate] = []
    if not _FOUR_DIGITS.search(text):
        return found  # every form has a four-digit year: most lines are skipped here
    named = _MONTH_NAME.search(text) is not None
    for form in DATELINE_FORMS:
        if form.named_month and not named:
            continue
        if form.hint is not None and form.hint.search(text) is None:
            continue
        start = 0
        if form.required is not None:
            first = form.required.search(text)
            if first is None:
                continue
            start = _weekday_reach(text, first.start())
        for m in form.pattern.finditer(text, start):
            month_text = m.group("month")
            if not month_text.isdecimal() and not month_text[0].isupper():
                continue  # "may 2017 ..." is a verb more often than a month
            day, month = int(m.group("day")), _month(month_text)
            if form.name == "day-month-year-numeric":
                day, month = _numeric_day_month(day, month)
            parsed = _make(int(m.group("year")), month, day)
            weekday = "weekday" in form.pattern.groupindex and m.group("weekday") is not None
            found.append(FoundDate(m.start(), m.end(), parsed, weekday, m.group(0)))
    found.sort(key=lambda f: (f.start, -f.end))
    kept: list[FoundDate] = []
    for f in found:
        if not kept or f.start >= kept[-1].end:
            kept.append(f)
    return kept


_NOT_WORD = re.compile(r"[\W_]+")


def _norm(s: str) -> str:
    return _NOT_WORD.sub(" ", s).strip().casefold() if s else ""


def _opens_line(before: str) -> bool:
    """Nothing but a prefix stands before the date on its line: "Posted on ", "Wed 05 ..."."""
    v = vocabulary()
    head = before.strip(_PUNCT)
    return not head or bool(v.published_prefix.fullmatch(head) or v.updated_prefix.fullmatch(head))


def dateline_kind(before: str, found: FoundDate, after: str, title: str = "") -> str | None:
    """Whether a date found at the top of a text is its dateline: "published", "updated" or None.

    ``before`` is the text of the date's line up to it, ``after`` what follows
    on the line; ``title`` the headline, normalised (:func:`_norm`). In order:

    - it starts the line, alone or after a prefix ("Posted on April 2 2017 by",
      "Last updated at Apr 092017" -> updated);
    - an update stamp: "updated" (after a time) right before it
      ("20.04.2017(updated 1618 20.04.2017)": the second date is "updated");
    - never after a word of a sentence ("killed on 4 April 2017", "since"),
      never a photo caption's ("Syria July 1 2016. (Reuters Photo)");
    - otherwise when its context marks it: a clock time before it ("Middle East
      1449 09.04.2017"), a capitalised prefix ("... Published April 8 2017"), an
      agency before or after it ("Monitor AFP Friday 23 May 2014", "Deir Ezzor
      6 September 2016 SANA"), its weekday ("NGO Friday 15 Aug 2014"), a marker
      after it ("21.08.2013Get short URL"), or the headline right before it.
    """
    v = vocabulary()
    if _opens_line(before):
        return "updated" if v.updated_prefix.fullmatch(before.strip(_PUNCT)) else "published"
    timed = _TIME_BEFORE.search(before)
    rest = before[: timed.start()] if timed else before
    rest = rest.rstrip(" \t([")
    if v.updated_before.search(rest):
        return "updated"
    if v.published_before.search(rest):
        return "published"
    if v.sentence_word.search(rest) or v.caption_after.match(after):
        return None
    if (
        timed
        or found.weekday
        or v.agency_before.search(rest)
        or v.agency_after.match(after)
        or v.after.match(after)
        or (title and _norm(rest) == title)
    ):
        return "published"
    return None


@dataclass(frozen=True)
class Dateline:
    """The publication date a text gives at its top, as found by :func:`find_dateline`."""

    date: dt.date | None
    """None when the dateline names no real day ("30 February 2023") or no year."""
    written: str
    """The date as written, for messages."""
    updated: bool = False
    """Only an update stamp was found ("Last updated at Apr 092017")."""
    impossible: bool = False
    """The dateline has a date's shape but names no real day."""
    start: int = 0
    end: int = 0
    """Where the date stands in the text (character offsets): the extractor reads no
    event's day from the article's own dateline ("Tuesday 12 July 2016 Rebels
    launch ..."); 0, 0 when unknown."""


def may_hold_dateline(text: str) -> bool:
    """Whether :func:`find_dateline` may find anything in ``text``: every dateline form
    writes a four-digit year, and the year-less one an agency in brackets. A text with
    neither is none, told by one scan (most sentences: the summary asks of each it
    may choose, and ``find_dateline`` reading them line by line cost more)."""
    return "(" in text or _FOUR_DIGITS.search(text) is not None


def _header(text: str) -> list[tuple[int, str]]:
    """The first :data:`HEADER_LINES` non-empty lines, each cut to :data:`HEADER_CHARS`,
    with the offset in ``text`` where each starts."""
    out: list[tuple[int, str]] = []
    at = 0
    for line in text.split("\n", HEADER_LINES * 4)[: HEADER_LINES * 4]:
        if line.strip():
            out.append((at, line[:HEADER_CHARS]))
            if len(out) == HEADER_LINES:
                break
        at += len(line) + 1
    return out


def find_dateline(
    text: str, title: str | None = None, *, near: dt.date | None = None
) -> Dateline | None:
    """The publication date the top of ``text`` gives, or None.

    Looks at the first :data:`HEADER_LINES` non-empty lines (the first
    :data:`HEADER_CHARS` characters of each) for dates in any of
    :data:`DATELINE_FORMS` and keeps those :func:`dateline_kind` calls a
    dateline. The first first-published date wins; an update stamp is used only
    when the text gives nothing else ("Last updated at Apr 092017").
    Without either, a year-less agency dateline ("BEIRUT, April 7 (Reuters) -")
    is read, its year taken from ``near`` (the front-matter date) or the text's
    own full dates (:func:`year_for`).

    >>> find_dateline("Posted on July 2 2016 by Asharq Al-Awsat English Thirty killed").date
    datetime.date(2016, 7, 2)
    >>> find_dateline("Air strikes hit Idlib on 4 April 2017 a monitor said.") is None
    True
    """
    title_norm = _norm(title or "")
    lines = _header(text)
    first_updated: Dateline | None = None
    for at, line in lines:
        for found in scan_dates(line):
            kind = dateline_kind(line[: found.start], found, line[found.end :], title_norm)
            if kind is None:
                continue
            line_found = Dateline(
                found.parsed.date,
                found.written.strip(),
                updated=kind == "updated",
                impossible=found.parsed.impossible,
                start=at + found.start,
                end=at + found.end,
            )
            if kind == "published":
                return line_found
            first_updated = first_updated or line_found
    if first_updated is not None:
        return first_updated
    for at, line in lines:
        m = _YEARLESS.search(line) if "(" in line and _YEARLESS_END.search(line) else None
        if m and m.group("agency").strip() in vocabulary().agencies:
            month, day = _month(m.group("month")), int(m.group("day"))
            anchors = [near] if near else _anchors(text)
            return Dateline(
                year_for(month, day, anchors),
                f"{m.group('month')} {m.group('day')}",
                start=at + m.start(),
                end=at + m.end(),
            )
    return None


def _anchors(text: str) -> list[dt.date]:
    return [f.parsed.date for f in scan_dates(text[:ANCHOR_CHARS]) if f.parsed.date]


def year_for(month: int, day: int, anchors: list[dt.date]) -> dt.date | None:
    """The ``month``/``day`` in the year that puts it closest to one of ``anchors``.

    Within :data:`YEARLESS_REACH` days, else None: "April 7" in a text that
    mentions "March 30 2017" is 2017-04-07; "January 3" near "December 28 2016"
    is 2017-01-03.

    >>> year_for(1, 3, [dt.date(2016, 12, 28)])
    datetime.date(2017, 1, 3)
    """
    best: tuple[int, dt.date] | None = None
    for anchor in anchors:
        for year in (anchor.year - 1, anchor.year, anchor.year + 1):
            try:
                candidate = dt.date(year, month, day)
            except ValueError:
                continue
            gap = abs((candidate - anchor).days)
            if gap <= YEARLESS_REACH and (best is None or gap < best[0]):
                best = (gap, candidate)
    return best[1] if best else None
