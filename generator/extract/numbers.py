"""Numbers as news text writes them: digits, words, hedges and vague quantities."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from generator.extract.lexicon import load_lexicon
from generator.extract.words import Clause

HEDGES = {
    "at",
    "least",
    "some",
    "about",
    "around",
    "nearly",
    "almost",
    "approximately",
    "over",
    "more",
    "than",
    "up",
    "to",
    "roughly",
    "estimated",
    "further",
    "another",
    "additional",
}


@dataclass(frozen=True)
class Number:
    value: int | None
    """None for "several", "many": a quantity, but no number."""
    start: int
    end: int


@cache
def _number_words() -> tuple[dict[str, int | None], dict[str, int]]:
    config = load_lexicon().config
    words = {
        " ".join(phrase.lower().split()): value for phrase, value in config["number_words"].items()
    }
    return words, config["multipliers"]


@cache
def _first_words() -> frozenset[str]:
    return frozenset(phrase.split()[0] for phrase in _number_words()[0])


def read_numbers(clause: Clause) -> list[Number]:
    """Every number in the clause.

    >>> # "at least 1 200 people" -> 1200 (FA-KES dropped the commas);
    >>> # "twenty-two" -> 22; "a dozen" -> 12; "dozens" -> 12 (ACLED's rule)

    Read once per clause (several rules ask): the result is kept on the clause.
    """
    known = clause.__dict__.get("_numbers")
    if known is None:
        known = clause.__dict__["_numbers"] = _read_numbers(clause)
    return known


def _read_numbers(clause: Clause) -> list[Number]:
    words_map, mult = _number_words()
    firsts = _first_words()
    ws = clause.words
    out: list[Number] = []
    i = 0
    while i < len(ws):
        w = ws[i]
        if w.text[0].isdigit():
            digits = w.text.replace(",", "")
            j = i + 1
            # "1 200": a group of exactly three digits after a number is a thousands group
            while (
                j < len(ws)
                and ws[j].text.isdigit()
                and len(ws[j].text) == 3
                and len(digits) <= 3
                and ws[j].start == ws[j - 1].start + len(ws[j - 1].text) + 1
            ):
                digits += ws[j].text
                j += 1
            try:
                value: int | None = int(float(digits))
            except ValueError:
                i += 1
                continue
            if j < len(ws) and ws[j].norm in mult:
                value = value * mult[ws[j].norm] if value is not None else None
                j += 1
            if 1900 <= (value or 0) <= 2100 and (
                _looks_like_year(ws, i) or not _victim_follows(ws, j)
            ):
                i = j
                continue
            if _not_a_count(ws, i, j):
                i = j
                continue
            out.append(Number(value, i, j))
            i = j
            continue
        # word numbers, longest phrase first ("half a dozen", "a dozen", "dozen")
        matched = False
        if w.norm not in firsts:
            i += 1
            continue
        for n in (3, 2, 1):
            phrase = " ".join(x.norm for x in ws[i : i + n])
            if len(ws[i : i + n]) == n and phrase in words_map:
                if phrase in {"a", "an"}:
                    break  # only "a dozen"-style phrases; "an officer" is read by the casualty rule
                value = words_map[phrase]
                j = i + n
                # "twenty - two"
                if (
                    value is not None
                    and value >= 20
                    and value < 100
                    and j + 1 < len(ws)
                    and ws[j].text == "-"
                    and ws[j + 1].norm in words_map
                    and (words_map[ws[j + 1].norm] or 0) < 10
                ):
                    value += words_map[ws[j + 1].norm] or 0
                    j += 2
                if j < len(ws) and ws[j].norm in mult and value is not None:
                    value *= mult[ws[j].norm]
                    j += 1
                out.append(Number(value, i, j))
                i = j
                matched = True
                break
        if not matched:
            i += 1
    return _ranges(ws, out)


MONTH_WORDS = {
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
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
}
UNIT_WORDS = {
    "hours",
    "hour",
    "days",
    "day",
    "weeks",
    "week",
    "months",
    "month",
    "years",
    "year",
    "km",
    "kilometres",
    "kilometers",
    "kilometre",
    "kilometer",
    "miles",
    "mile",
    "metres",
    "meters",
    "percent",
    "per",
    "am",
    "pm",
    "gmt",
    "kg",
    "tonnes",
    "tons",
    "minutes",
    "th",
    "st",
    "nd",
    "rd",
}


def _not_a_count(ws, i: int, j: int) -> bool:
    """ "27 Jul 2016", "Jul 27", "24 hours", "15 km": dates and measures, not people."""
    after = ws[j].norm if j < len(ws) else ""
    before = ws[i - 1].norm if i else ""
    # "10 may have died": after a number, "may" is a verb
    if (after in MONTH_WORDS and after != "may") or after in UNIT_WORDS or before in MONTH_WORDS:
        return True
    return _in_numeric_date(ws, i, j) or _page_furniture(ws, i, j)


DATE_SEPARATORS = {"-", "/", "."}


def _in_numeric_date(ws, i: int, j: int) -> bool:
    """ "29-07-2015", "07/26/2014": a number inside a date written in figures."""

    def digits(k: int) -> bool:
        return 0 <= k < len(ws) and ws[k].text.isdigit()

    def sep(k: int) -> bool:
        return 0 <= k < len(ws) and ws[k].text in DATE_SEPARATORS

    return (
        (sep(j) and digits(j + 1) and sep(j + 2) and digits(j + 3))  # first part
        or (sep(i - 1) and digits(i - 2) and sep(j) and digits(j + 1))  # middle part
        or (sep(i - 1) and digits(i - 2) and sep(i - 3) and digits(i - 4))  # last part
    )


def _page_furniture(ws, i: int, j: int) -> bool:
    """ "Get short URL 124 At least four people were killed", "... 85 Related": share
    counts and link lists scraped with the text, never tolls. A number followed by
    a capitalised word that starts a sentence counts nothing in it."""
    before = ws[i - 1].norm if i else ""
    after = ws[j].text if j < len(ws) else ""
    return before == "url" or after in {"Related", "The", "A", "An"}


def _victim_follows(ws, j: int) -> bool:
    """ "1990 people": a number that looks like a year but counts someone."""
    config = load_lexicon().config
    victims = set(config["civilian_nouns"]) | set(config["combatant_nouns"])
    nxt = [w.norm for w in ws[j : j + 3] if w.content]
    return bool(nxt) and (nxt[0] in victims or (len(nxt) > 1 and nxt[1] in victims))


def _looks_like_year(ws, i: int) -> bool:
    before = ws[i - 1].norm if i else ""
    after = ws[i + 1].norm if i + 1 < len(ws) else ""
    months = {
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
        "in",
        "since",
        "of",
        "until",
        "year",
    }
    return before in months or after in {"", ".", ","} or before.isdigit() or not after.isalpha()


def _ranges(ws, numbers: list[Number]) -> list[Number]:
    """ "between 229 and 425", "10 to 15", "10-15": a range reads as its low end."""
    out: list[Number] = []
    skip = False
    followers: list[Number | None] = [*numbers[1:], None]
    for a, b in zip(numbers, followers, strict=False):
        if skip:
            skip = False
            continue
        if b is not None and a.value is not None and b.value is not None and b.value > a.value:
            gap = [w.norm for w in ws[a.end : b.start]]
            before = ws[a.start - 1].norm if a.start else ""
            if (before == "between" and gap == ["and"]) or gap in (["to"], ["-"], ["or"]):
                out.append(Number(a.value, a.start, b.end))
                skip = True
                continue
        out.append(a)
    return out
