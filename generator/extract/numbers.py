"""Numbers as news text writes them, as the ``sitrep_numbers`` component.

Every count in a sentence becomes a span of ``doc.spans["numbers"]`` with its
value in ``span._.value``: digits ("1,200", FA-KES's "1 200"), words ("twenty-two",
"a dozen", "half a dozen"), multiplied ("3 million"), a range read as its low end
("between 229 and 425", "10-15"), its high end in ``span._.high`` ("at least seven and
as many as 14": 7, high 14). Vague quantities ("dozens", "several") are
numbers whose value is None. Numbers that count no one are left out, each by a
rule of ``NOT_COUNTS``: years, dates, measures, page furniture.

The words come from ``generator/data/vocab/numbers.yaml`` and the month names
from :mod:`generator.knowledge.calendar`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from itertools import compress, count
from operator import or_

from spacy.language import Language
from spacy.tokens import Doc, Span

from generator.extract.norm import is_word
from generator.extract.rules import quick_init
from generator.extract.tokens import Decided, norms, per_doc, remember, sentences, texts
from generator.extract.vocab import Words, entries, table, words
from generator.knowledge.calendar import MONTH_NAMES, MONTHS

SPANS_KEY = "numbers"
V = Words("numbers")
"""The one-word lists of ``generator/data/vocab/numbers.yaml``."""
COUNT = "COUNT"
MONTH_MAY = "may"

# ``span._.value`` and ``span._.high`` read the component's record (``value``, ``high``):
# written there once per doc, not per span through ``span._`` (an ``Underscore`` and a
# key of the doc's ``user_data`` per count, 0.6 % of the extraction's time)
if not Span.has_extension("value"):
    Span.set_extension("value", getter=lambda span: value(span))
if not Span.has_extension("high"):
    Span.set_extension("high", getter=lambda span: high(span))


@quick_init
@dataclass(frozen=True)
class Bounds:
    """A number's tokens ``start`` to ``end``, read within a sentence's ``lo`` to ``hi``."""

    lo: int
    hi: int
    start: int
    end: int


@cache
def number_words() -> dict[str, int | None]:
    """Phrase (NORMs joined by spaces) -> value."""
    return {
        " ".join(str(k).lower().split()): v for k, v in table("numbers", "number_words").items()
    }


@cache
def multipliers() -> dict[str, int]:
    return {str(k): int(v) for k, v in table("numbers", "multipliers").items()}


@cache
def month_names() -> frozenset[str]:
    """Full month names and their abbreviations (``knowledge.calendar``)."""
    return frozenset(MONTHS)


@cache
def full_month_names() -> frozenset[str]:
    return frozenset(names[0] for names in MONTH_NAMES)


@cache
def _victim_nouns() -> frozenset[str]:
    return words("casualties", "civilian_nouns") | words("casualties", "combatant_nouns")


# ---------------------------------------------------------------- not counts
def looks_like_year(doc: Doc, b: Bounds) -> bool:
    """ "in 2016", "May 2015", "2015." : a number from 1900 to 2100 that dates.
    Unless a victim follows it ("1990 people"), then it counts."""
    ns = norms(doc)
    before = ns[b.start - 1] if b.start > b.lo else ""
    after = ns[b.start + 1] if b.start + 1 < b.hi else ""
    if (
        before in full_month_names()
        or before in V.year_context
        or after in ("", ".", ",")
        or before.isdecimal()
        or not after.isalpha()
    ):
        return True
    following = [n for n in ns[b.end : min(b.end + 3, b.hi)] if is_word(n)]
    victims = _victim_nouns()
    return not (
        following[:1] and following[0] in victims or following[1:2] and following[1] in victims
    )


def measures_or_dates(doc: Doc, b: Bounds) -> bool:
    """ "27 Jul 2016", "Jul 27", "24 hours", "15 km": dates and measures, not people
    ("10 may have died": after a number, "may" is a verb)."""
    ns = norms(doc)
    after = ns[b.end] if b.end < b.hi else ""
    before = ns[b.start - 1] if b.start > b.lo else ""
    months = month_names()
    return (after in months and after != MONTH_MAY) or after in V.units or before in months


def in_numeric_date(doc: Doc, b: Bounds) -> bool:
    """ "29-07-2015", "07/26/2014": a number inside a date written in figures."""
    ts = texts(doc)
    separators = entries("numbers", "date_separators")

    def digits(k: int) -> bool:
        return b.lo <= k < b.hi and ts[k].isdecimal()

    def sep(k: int) -> bool:
        return b.lo <= k < b.hi and ts[k] in separators

    i, j = b.start, b.end
    return (
        (sep(j) and digits(j + 1) and sep(j + 2) and digits(j + 3))
        or (sep(i - 1) and digits(i - 2) and sep(j) and digits(j + 1))
        or (sep(i - 1) and digits(i - 2) and sep(i - 3) and digits(i - 4))
    )


def page_furniture(doc: Doc, b: Bounds) -> bool:
    """ "Get short URL 124 At least four people were killed", "... 85 Related": share
    counts and link lists scraped with the text, never tolls."""
    before = norms(doc)[b.start - 1] if b.start > b.lo else ""
    after = texts(doc)[b.end] if b.end < b.hi else ""
    return before in entries("numbers", "page_furniture_before") or after in entries(
        "numbers", "page_furniture_after"
    )


def is_age(doc: Doc, b: Bounds) -> bool:
    """ "a 16-year-old", "an eight year old child", "a 60-year-man": an age, not a
    count of the dead (in figures or in words)."""
    ns = norms(doc)
    k = b.end
    hyphen = k < b.hi and ns[k] == "-"
    k += hyphen
    if k >= b.hi or ns[k] not in V.age_units:
        return False
    k += 1
    if k < b.hi and ns[k] == "-":
        k += 1
    return hyphen or (k < b.hi and ns[k] == "old")


NOT_COUNTS: tuple[Callable[[Doc, Bounds], bool], ...] = (
    is_age,
    measures_or_dates,
    in_numeric_date,
    page_furniture,
)
"""Rules that say a number in figures counts no one (any one of them); a year is
decided first (``looks_like_year``), for numbers from 1900 to 2100."""


# ---------------------------------------------------------------- reading
def digit_number(doc: Doc, lo: int, hi: int, i: int) -> tuple[int | None, int, bool] | None:
    """The value and end of a number in figures at token ``i`` ("1,200"; "1 200", a
    group of three digits after a number of at most three; "3 million"), and whether
    it counts (not a year, a date, a measure: ``NOT_COUNTS``); None if no number."""
    ts, ns = texts(doc), norms(doc)
    digits = ts[i].replace(",", "")
    j = i + 1
    while (
        j < hi
        and ts[j].isdecimal()
        and len(ts[j]) == 3
        and len(digits) <= 3
        and doc[j].idx == doc[j - 1].idx + len(ts[j - 1]) + 1
    ):
        digits += ts[j]
        j += 1
    try:
        value = int(float(digits))
    except (ValueError, OverflowError):
        return None
    if j < hi and ns[j] in multipliers():
        value *= multipliers()[ns[j]]
        j += 1
    bounds = Bounds(lo, hi, i, j)
    if 1900 <= value <= 2100 and looks_like_year(doc, bounds):
        return value, j, False
    return value, j, not any(rule(doc, bounds) for rule in NOT_COUNTS)


def word_number(doc: Doc, hi: int, i: int) -> tuple[int | None, int, bool] | None:
    """The value and end of a number in words at token ``i``, the longest phrase
    first ("half a dozen", "a dozen", "dozen"); "twenty - two"; "two hundred"."""
    ns = norms(doc)
    table_ = number_words()
    for n in (3, 2, 1):
        if i + n > hi:
            continue
        phrase = " ".join(ns[i : i + n])
        if phrase not in table_:
            continue
        if phrase in ("a", "an"):
            return None  # "an officer" is the lone-victim rule's
        value = table_[phrase]
        j = i + n
        if value is None and i > 0 and ns[i - 1] == "as" and j < hi and ns[j] == "as":
            return None  # "as many as 14": a hedge on the 14, no vague count
        if (
            value is not None
            and 20 <= value < 100
            and j + 1 < hi
            and ns[j] == "-"
            and ns[j + 1] in table_
            and (table_[ns[j + 1]] or 0) < 10
        ):
            value += table_[ns[j + 1]] or 0
            j += 2
        if j < hi and ns[j] in multipliers() and value is not None:
            value *= multipliers()[ns[j]]
            j += 1
        return value, j, not is_age(doc, Bounds(i, hi, i, j))
    return None


Found = tuple[int, int, int | None, int | None]
"""A count read in a sentence: (start, end, value, high end of a range or None)."""


@cache
def range_joiners() -> frozenset[str]:
    """The words between the two ends of a range ("to", "or", "and as many as"), lower
    case, one space apart."""
    return frozenset(" ".join(str(j).lower().split()) for j in entries("numbers", "range_joiners"))


def as_range(doc: Doc, lo: int, found: list[Found]) -> list[Found]:
    """ "between 229 and 425", "10 to 15", "10-15", "five or six", "at least seven and
    as many as 14": a range reads as its low end, its high end kept beside it (never
    the two added)."""
    ns = norms(doc)
    joiners = range_joiners()
    out: list[Found] = []
    skip = False
    for k, (start, end, value, _) in enumerate(found):
        if skip:
            skip = False
            continue
        if k + 1 < len(found):
            b_start, b_end, b_value, _ = found[k + 1]
            if value is not None and b_value is not None and b_value > value:
                gap = ns[end:b_start]
                before = ns[start - 1] if start > lo else ""
                if (before == "between" and gap == ["and"]) or " ".join(gap) in joiners:
                    out.append((start, b_end, value, b_value))
                    skip = True
                    continue
        out.append((start, end, value, None))
    return out


def read_sentence(doc: Doc, lo: int, hi: int, candidates: list[int]) -> list[Found]:
    """The counts of the sentence from token ``lo`` to ``hi``, as (start, end, value,
    high), given the tokens that may start one."""
    ts = texts(doc)
    found: list[Found] = []
    last = lo
    for i in candidates:
        if i < last:
            continue
        read = digit_number(doc, lo, hi, i) if ts[i][:1].isdecimal() else word_number(doc, hi, i)
        if read is None:
            continue
        value, end, counts = read
        if counts:
            found.append((i, end, value, None))
        last = end  # a year's or a date's tokens are read no further
    return as_range(doc, lo, found)


@Language.factory("sitrep_numbers")
def make_numbers(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """The numbers component (see the module's docstring)."""
    firsts = frozenset(phrase.split()[0] for phrase in number_words())
    first_word = Decided(firsts.__contains__)
    figure = Decided(_starts_with_a_digit)

    def numbers(doc: Doc) -> Doc:
        ns, ts = norms(doc), texts(doc)
        # the tokens that may start a number: figures, and number words' first words
        # (each word decided once, the doc's tokens read without a Python step each)
        may_start = map(or_, map(first_word.__getitem__, ns), map(figure.__getitem__, ts))
        starts = list(compress(count(), may_start))
        spans = []
        values: dict[int, int | None] = {}
        highs: dict[int, int | None] = {}
        k = 0
        for lo, hi in sentences(doc):
            mine = []
            while k < len(starts) and starts[k] < hi:
                mine.append(starts[k])
                k += 1
            if not mine:
                continue
            for start, end, value, high in read_sentence(doc, lo, hi, mine):
                spans.append(Span(doc, start, end, label=COUNT))
                values[start] = value
                highs[start] = high
        doc.spans[SPANS_KEY] = spans
        remember(doc, INDEX_KEY, ([n.start for n in spans], spans))
        remember(doc, VALUES_KEY, values)
        remember(doc, HIGHS_KEY, highs)
        return doc

    return numbers


def _starts_with_a_digit(text: str) -> bool:
    return text[:1].isdecimal()


def numbers_in(span: Span) -> list[Span]:
    """The counts within ``span``, in the order of the text."""
    starts, numbers = _index(span.doc)
    lo, hi = bisect_left(starts, span.start), bisect_left(starts, span.end)
    return [n for n in numbers[lo:hi] if n.end <= span.end]


INDEX_KEY = "sitrep.numbers"
VALUES_KEY = "sitrep.number-values"


def value(number: Span) -> int | None:
    """A count's value (``span._.value``), from the component's own record."""
    return _values(number.doc).get(number.start)


def high(number: Span) -> int | None:
    """The high end of a range ("four to six" -> 6), None for a single count."""
    return _highs(number.doc).get(number.start)


HIGHS_KEY = "sitrep.number-highs"


def _unread(doc: Doc) -> dict[int, int | None]:
    """A doc the component did not read: no counts, so no values."""
    return {}


def _read_index(doc: Doc) -> tuple[list[int], list[Span]]:
    spans = list(doc.spans.get(SPANS_KEY, []))
    return [n.start for n in spans], spans


_index = per_doc(
    INDEX_KEY, _read_index, "The doc's counts with their starts (for bisecting), made once per doc."
)
_values = per_doc(VALUES_KEY, _unread, "Each count's value, by its first token.")
_highs = per_doc(HIGHS_KEY, _unread, "Each range's high end, by its first token.")
