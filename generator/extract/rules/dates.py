"""When: ``resolve_date(clause, published)``, resolved against the publication date.

Month and weekday names come from :mod:`generator.knowledge.calendar` (the one
month table), the relative days from ``generator/data/vocab/dates.yaml``.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from functools import cache
from itertools import compress, count
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span

from generator.extract.numbers import numbers_in
from generator.extract.rules.merge import same_place
from generator.extract.rules.places import is_specific
from generator.extract.tokens import Decided, memo, norms, offsets, sentences
from generator.extract.vocab import entries, table
from generator.extract.vocab import words as vocab_words
from generator.knowledge.calendar import MONTH_NAMES, WEEKDAY_NAMES

if TYPE_CHECKING:
    from generator.extract.candidates import Candidate, Setting

ORDINAL_SUFFIXES = ("st", "nd", "rd", "th")
EARLIEST_YEAR = 1900
ONE_DAY = dt.timedelta(days=1)


@cache
def months() -> dict[str, int]:
    """Full month name -> its number. Abbreviations ("Jul") date no event here: they
    mark numbers that are no counts (``numbers.measures_or_dates``)."""
    return {names[0]: n for n, names in enumerate(MONTH_NAMES, start=1)}


@cache
def weekdays() -> dict[str, int]:
    """Full weekday name -> ``date.weekday()`` (Monday 0)."""
    return {names[0]: n for n, names in enumerate(WEEKDAY_NAMES)}


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
    return int(text) if text.isdecimal() else None


def is_publication_date(ns: list[str], i: int) -> bool:
    """ "Published October 2 2017", "Date of publication 4 October 2016": the page's
    date, not an event's."""
    return bool(vocab_words("dates", "publication_words").intersection(ns[max(0, i - 3) : i]))


#: How many words before a date a caption word (dates.yaml ``caption_words``) may stand.
CAPTION_REACH = 8


def is_caption_date(ns: list[str], i: int) -> bool:
    """ "In this photo taken on June 8 provided by the Syrian Civil Defence ...": the day
    a photo was taken, not an event's (captions run into pasted texts)."""
    before = ns[max(0, i - CAPTION_REACH) : i]
    return bool(vocab_words("dates", "caption_words").intersection(before))


def explicit_date(ns: list[str], published: dt.date | None) -> dt.date | None:
    """ "11 June 2018", "June 11, 2018", "11 June": without a year, the year of
    publication, or the year before for a month later than publication's."""
    by_name = months()
    if by_name.keys().isdisjoint(ns):  # most clauses name no month: no word-by-word walk
        return None
    for i, word in enumerate(ns):
        month = by_name.get(word)
        if month is None or is_publication_date(ns, i) or is_caption_date(ns, i):
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


def possessive_weekday(ns: list[str], i: int) -> int | None:
    """ "the toll from Monday's car bomb rose to nine, police said on Thursday": the
    weekday that owns the attack ("Monday's", "Mondays") names its day, whatever day
    the statement was made."""
    word = ns[i]
    if word.endswith("s") and word[:-1] in weekdays():
        return weekdays()[word[:-1]]
    if word in weekdays() and i + 1 < len(ns) and ns[i + 1] in POSSESSIVE_MARKS:
        return weekdays()[word]
    return None


POSSESSIVE_MARKS = frozenset({"'s", "\u2019s", "s"})


def statement_day(ns: list[str], i: int) -> bool:
    """ "killed 17 soldiers, Firat news agency said Thursday": a weekday right after a
    verb of saying is the day of the statement, which dates the event only when
    nothing else in the clause does."""
    return bool(vocab_words("dates", "statement_verbs").intersection(ns[max(0, i - 2) : i]))


def relative_date(ns: list[str], published: dt.date) -> tuple[dt.date, str] | None:
    """ "on Friday" -> the latest Friday; "yesterday", "last night" -> the day before
    publication; "this morning" -> publication day; "last week" -> a week before,
    "this week", "in recent days" -> the week of publication (precision week);
    "earlier this month" -> its month (precision month).

    Of several, the strongest decides, then the first: a weekday that owns the attack
    ("Monday's car bomb"), then any other weekday, then the relative words, and last
    a weekday that dates a statement ("... said on Thursday")."""
    found = [
        (rank, i, weekday_before(published, day), "day") for rank, i, day in weekday_mentions(ns)
    ]
    for i, days, precision in relative_mentions(ns):
        found.append((2, i, published - dt.timedelta(days=days), precision))
    if not found:
        return None
    _, _, date, precision = min(found)
    return date, precision


def relative_mentions(ns: list[str]) -> list[tuple[int, int, str]]:
    """(position, days before publication, precision) of every relative day named:
    "yesterday" (1, day), "last week" (7, week)."""
    relative = relative_days()
    if relative.keys().isdisjoint(ns):  # most clauses name none: no word-by-word walk
        return []
    return [
        (i, days, precision)
        for i, word in enumerate(ns)
        for words, days, precision in relative.get(word, ())
        if tuple(ns[i : i + len(words)]) == words
    ]


#: How :func:`weekday_mentions` ranks a weekday (lower: it dates the event more surely).
OWNER_RANK, WEEKDAY_RANK, STATEMENT_RANK = 0, 1, 3


def weekday_mentions(ns: list[str]) -> list[tuple[int, int, int]]:
    """(rank, position, weekday) of every weekday named: a weekday that owns the attack
    ("Monday's car bomb") ranks 0, any other 1, the day of a statement ("... said on
    Thursday") 3 (the relative words of :func:`relative_date` rank between)."""
    days_of = weekdays()
    found: list[tuple[int, int, int]] = []
    # only the words that name a weekday, bare or with its "s", are read (most clauses
    # hold none, and a clause that does holds one or two among dozens of words)
    for i in compress(count(), map(_names_a_weekday.__getitem__, ns)):
        word = ns[i]
        owner = possessive_weekday(ns, i)
        if owner is not None:
            found.append((OWNER_RANK, i, owner))
        elif word in days_of:
            rank = STATEMENT_RANK if statement_day(ns, i) else WEEKDAY_RANK
            found.append((rank, i, days_of[word]))
    return found


def names_a_weekday(norm: str) -> bool:
    """Whether :func:`weekday_mentions` reads the word: a weekday's name, bare or with
    one letter after it ("Friday", "Fridays")."""
    return norm in weekdays() or norm[:-1] in weekdays()


_names_a_weekday = Decided(names_a_weekday)


def event_weekday(ns: list[str]) -> int | None:
    """The weekday a clause gives its event ("killed Saturday", "Saturday's blast"),
    for an article with no publication date to resolve it against; the day of a
    statement ("a monitor said on Sunday") is none: the event may be days before."""
    named = [m for m in weekday_mentions(ns) if m[0] < STATEMENT_RANK]
    return min(named)[2] if named else None


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


def read_weekday(clause: Span) -> int | None:
    """The weekday (Monday 0) the clause gives its event, when no publication date can
    resolve it (:func:`event_weekday`): "At least 43 people were killed Saturday in a
    suicide car bomb attack" -> 5. The merge compares it with other reports' days."""
    return event_weekday(_clause_norms(clause))


def _clause_norms(clause: Span) -> list[str]:
    """The clause's words, without the article's date line; made once per stretch of
    text (a clause is dated, then its weekday read, its statement day asked)."""
    known = memo(clause.doc, CLAUSE_NORMS_KEY, _no_clause_norms)
    key = (clause.start, clause.end)
    found = known.get(key)
    if found is None:
        found = known[key] = _read_clause_norms(clause)
    return found


CLAUSE_NORMS_KEY = "sitrep.date-norms"


def _no_clause_norms(doc: Doc) -> dict[tuple[int, int], list[str]]:
    return {}


def _read_clause_norms(clause: Span) -> list[str]:
    doc = clause.doc
    lo, hi = clause.start, clause.end
    skip = memo(doc, DATELINE_KEY, _dateline)
    all_norms, at = norms(doc), offsets(doc)
    if lo < hi and (at[hi - 1] < skip[0] or at[lo] >= skip[1]):  # the date line is elsewhere
        return list(filter(_not_space.__getitem__, all_norms[lo:hi]))
    return [
        all_norms[i]
        for i in range(lo, hi)
        if not all_norms[i].isspace() and not skip[0] <= at[i] < skip[1]
    ]


DATELINE_KEY = "sitrep.dateline"


def _dateline(doc: Doc) -> tuple[int, int]:
    """``doc._.dateline`` (characters), (0, 0) without one; read once per doc (each
    ``doc._`` read makes an ``Underscore``), not once per clause."""
    return doc._.dateline or (0, 0)


def _no_space(norm: str) -> bool:
    return not norm.isspace()


_not_space = Decided(_no_space)


def read_date(clause: Span, published: dt.date | None) -> tuple[dt.date | None, str]:
    """The date the clause gives for its event, and its precision.

    "This Tuesday" -> the Tuesday of that week; "yesterday", "last night" -> the
    day before publication; "on 11 June 2018" -> that day; "last week" -> the
    week before (precision week). Without a publication date only a full date can
    be read. The article's own date line is no event's date: "Tuesday 12 July 2016
    Rebels fired 300 shells", published that Tuesday, dates nothing.
    """
    if not may_date(clause):
        return None, "unknown"
    ns = _clause_norms(clause)
    found = explicit_date(ns, published)
    if found is not None:
        return found, "day"
    if published is None:
        return None, "unknown"
    relative = relative_date(ns, published)
    return relative if relative is not None else (None, "unknown")


def names_a_date(norm: str) -> bool:
    """Whether a word may date a clause: a month's name (``explicit_date``), a weekday's
    (``weekday_mentions``) or the last word of a relative day ("yesterday", "in recent
    days": every word of it stands in a clause that names it, and "in" is common)."""
    return norm in months() or names_a_weekday(norm) or norm in relative_last_words()


@cache
def relative_last_words() -> frozenset[str]:
    """The last word of every relative day (``relative_days``)."""
    return frozenset(words[-1] for rows in relative_days().values() for words, _, _ in rows)


_names_a_date = Decided(names_a_date)
DATE_WORDS_KEY = "sitrep.date-words"


def _date_words(doc: Doc) -> list[int]:
    return list(compress(count(), map(_names_a_date.__getitem__, norms(doc))))


def may_date(span: Span) -> bool:
    """Whether ``span`` holds a word that may date it (``names_a_date``): most clauses
    hold none, and ``read_date`` then reads nothing, without making the clause's
    words (the doc's date words are found once, each clause bisects them)."""
    at = memo(span.doc, DATE_WORDS_KEY, _date_words)
    k = bisect_left(at, span.start)
    return k < len(at) and at[k] < span.end


def date_of_the_story(cands: list[Candidate], setting: Setting) -> list[Candidate]:
    """ "Air raids on Aleppo killed 13 civilians on Monday ... Rebels fired 300 shells
    into western Aleppo killing nine": a report tells the news of one day, so an
    incident its text does not date takes the day of the dated incident before it
    (the first dated one when none comes before), as its ``story_date``: two
    incidents of different days are not one attack (``merge.compatible``). A total
    dated to the day dates the story too ("at least 12 people were killed when
    airstrikes struck the city on Sunday", read as a total, dates the lead before it
    rather than a "last Monday" further down). An article that dates nothing leaves
    its incidents undated (they keep the window of its publication)."""
    dated = [c for c in cands if c.date is not None and c.precision == "day"]
    if not dated:
        return cands
    out: list[Candidate] = []
    for cand in cands:
        if cand.date is None and not cand.aggregate:
            before = [c for c in dated if c.index <= cand.index]
            source = before[-1] if before else dated[0]
            if told_as_back_story(source, cand, dated[0]):
                source = dated[0]
            cand = cand.but(story_date=source.date)
        out.append(cand)
    return out


#: How many sentences after it a day of back-story still dates an undated incident.
BACK_STORY_REACH = 2


def told_as_back_story(source: Candidate, cand: Candidate, story: Candidate) -> bool:
    """ "Air raids on Aleppo killed 13 civilians on Monday. On Sunday at least 29 rebels
    were killed in a fruitless assault. ... [three sentences on the siege] ... In
    northwest Idlib province 17 people were killed in air strikes": a day before the
    story's, told after it, is back-story; it dates the undated incident right after
    it (within :data:`BACK_STORY_REACH` sentences) or names its place ("barrel bombs on
    Daraya on Friday ... the air strikes on Daraya"), not another told sentences later,
    which is the story's news (:func:`date_of_the_story`)."""
    assert source.date is not None and story.date is not None
    return (
        source.date < story.date
        and source.index > story.index
        and cand.index - source.index > BACK_STORY_REACH
        and not names_the_same_town(source, cand)
    )


def names_the_same_town(a: Candidate, b: Candidate) -> bool:
    """ "barrel bombs on the town of Daraya" and "the air strikes on Daraya": both name
    a place of their own below a governorate, and the two names meet
    (``merge.same_place``); "Raqa" (a governorate) and "Manbij" do not."""
    return all(is_specific(c.place_entry, c.own_place) for c in (a, b)) and same_place(a, b)


#: How many body sentences open a story: the lead, where a report names its day.
LEAD_SENTENCES = 2

#: How many days after the story's day a statement may date an incident told in it.
STATEMENT_LAG = 2


def dated_by_a_statement(clause: Span, published: dt.date | None) -> bool:
    """Whether the clause's only date is the day of a statement ("... has risen to 61,
    a war monitor said on Tuesday"): no full date, no other weekday or relative day."""
    if published is None:
        return False
    ns = _clause_norms(clause)
    if explicit_date(ns, published) is not None:
        return False
    ranks = [rank for rank, _, _ in weekday_mentions(ns)]
    return bool(ranks) and min(ranks) == STATEMENT_RANK and not relative_mentions(ns)


def _dating_span(clause: Span, published: dt.date) -> Span:
    """The span a candidate's date was read from: its clause, else its sentence
    (``candidates._read``)."""
    if resolve_date(clause, published)[0] is not None:
        return clause
    return sentence_of(clause)


def sentence_of(span: Span) -> Span:
    """``span.sent`` (the sentence its first token is in), from the doc's sentence bounds
    found once (``Span.sent`` walks the tokens back and forth at each call); ``span``
    itself in a doc without sentences."""
    starts, ends = memo(span.doc, SENTENCE_STARTS_KEY, _sentence_starts)
    if not starts:
        return span
    k = bisect_right(starts, span.start) - 1
    return span.doc[starts[k] : ends[k]]


SENTENCE_STARTS_KEY = "sitrep.sentence-starts"


def _sentence_starts(doc: Doc) -> tuple[list[int], list[int]]:
    if not doc.has_annotation("SENT_START"):
        return [], []
    bounds = sentences(doc)
    return [lo for lo, _ in bounds], [hi for _, hi in bounds]


def story_day(setting: Setting) -> dt.date | None:
    """The day the story's lead gives its event (a full date, a weekday or a relative
    day, not the day of a statement), within :data:`LEAD_SENTENCES` sentences, else
    the day a weekday that owns an attack names in the lead paragraph
    (:func:`owner_day_of_the_lead`), counted back from the day the text was written
    (``doc._.written``) as every date is."""
    published: dt.date | None = setting.doc._.written
    if published is None:
        return None
    for sentence in setting.body[:LEAD_SENTENCES]:
        if dated_by_a_statement(sentence, published):
            continue
        date, precision = resolve_date(sentence, published)
        if date is not None and precision == "day":
            return date
    return owner_day_of_the_lead(setting.body[:LEAD_PARAGRAPH], published)


def owner_day_of_the_lead(sentences: list[Span], published: dt.date) -> dt.date | None:
    """ "The air raids that hit an aid convoy near Aleppo killed around 20 people the
    humanitarian organisation said Tuesday. ... Mondays raid on the convoy destroyed
    at least 18 of 31 vehicles": a weekday that owns an attack ("Monday's raid",
    :func:`possessive_weekday`) in the lead paragraph names the day of the story."""
    for sentence in sentences:
        ns = _clause_norms(sentence)
        owned = [day for rank, _, day in weekday_mentions(ns) if rank == OWNER_RANK]
        if owned:
            return weekday_before(published, owned[0])
    return None


def statement_day_of_the_story(cands: list[Candidate], setting: Setting) -> list[Candidate]:
    """An incident dated only by the day of a statement takes the day the story's lead
    gives its event, when the statement came up to :data:`STATEMENT_LAG` days later:
    "Air strikes on a market have killed at least 61 people, a war monitor said on
    Tuesday. Three strikes hit the town of Atareb on Monday" is Monday's attack."""
    if not any(c.date is not None and c.precision == "day" for c in cands):
        return cands  # none dated to the day: none to move (the lead is not read)
    day, published = story_day(setting), setting.doc._.written
    if day is None or published is None:
        return cands
    out = []
    for cand in cands:
        late = cand.date is not None and 0 < (cand.date - day).days <= STATEMENT_LAG
        span = _dating_span(cand.clause, published) if late else None
        if span is not None and cand.precision == "day" and dated_by_a_statement(span, published):
            cand = cand.but(date=day)
        out.append(cand)
    return out


def weekday_of_the_story(cands: list[Candidate], setting: Setting) -> list[Candidate]:
    """An article with no publication date: an incident naming no weekday takes the
    weekday of the story's lead ("A bomb blast hit a bus convoy ... on Saturday
    killing and wounding dozens. ... a suicide attacker detonated a car bomb and killed
    at least 22 people": Saturday), as a dated article's take the day of the story
    (:func:`date_of_the_story`); the merge compares it with other reports' days."""
    if setting.doc._.written is not None:
        return cands
    lead = next(
        (w for s in setting.body[:LEAD_SENTENCES] if (w := read_weekday(s)) is not None), None
    )
    if lead is None:
        return cands
    return [c.but(weekday=lead) if c.weekday is None and c.day is None else c for c in cands]


@cache
def day_windows() -> tuple[tuple[str, ...], ...]:
    """The words of each window of a day counted back from a statement (dates.yaml)."""
    return tuple(tuple(str(w).split()) for w in entries("dates", "day_windows"))


def dated_by_a_window(span: Span, published: dt.date) -> bool:
    """Whether the span's day is the day before publication read from a window of the
    past day ("al-Nusra shelled during the past 24 hours al-Foaa town")."""
    if resolve_date(span, published) != (published - ONE_DAY, "day"):
        return False
    ns = _clause_norms(span)
    return any(
        tuple(ns[i : i + len(w)]) == w
        for w in day_windows()
        for i in range(len(ns))
        if ns[i] == w[0]
    )


def window_on_the_day_of_writing(cands: list[Candidate], setting: Setting) -> list[Candidate]:
    """ "The center said earlier today that five people were killed in al-Midan ... The
    center added that al-Nusra shelled during the past 24 hours al-Foaa town": a window
    of the past 24 hours spans the day of writing and the day before. Alone it is the
    day before (dates.yaml); in an article that tells other news of the day it was
    written ("earlier today", that weekday or date, not the day of a statement), it
    is that day's news too."""
    written: dt.date | None = setting.doc._.written
    if written is None:
        return cands
    yesterday = written - ONE_DAY
    windowed = [  # the dating span is found only for a candidate of the day before
        c.date == yesterday
        and c.precision == "day"
        and dated_by_a_window(_dating_span(c.clause, written), written)
        for c in cands
    ]
    if not any(windowed):
        return cands
    todays = any(
        c.date == written
        and c.precision == "day"
        and not dated_by_a_statement(_dating_span(c.clause, written), written)
        for c in cands
    )
    if not todays:
        return cands
    return [c.but(date=written) if w else c for c, w in zip(cands, windowed, strict=True)]


#: A toll this large, told again with a date, names the attack the date is of.
TOLD_TOLL_MIN = 10


def date_told_with_the_toll(cands: list[Candidate], setting: Setting) -> list[Candidate]:
    """ "... a poison gas attack that killed more than 1400 people Human Rights Watch said
    on Tuesday. ... The chemical weapons attack near Damascus on August 21 killed more
    than 1400 people": an incident dated only by the day of a statement takes the full
    date a later sentence gives the same toll (:data:`TOLD_TOLL_MIN` or more), even one
    too old to be news of its own (``candidates.STALE_DAYS``)."""
    written: dt.date | None = setting.doc._.written
    if written is None:
        return cands
    out = []
    for cand in cands:
        killed = cand.toll.killed
        if (
            cand.date is not None
            and killed is not None
            and killed >= TOLD_TOLL_MIN
            and dated_by_a_statement(_dating_span(cand.clause, written), written)
        ):
            day = _date_told_with(killed, cand, setting, written)
            if day is not None:
                cand = cand.but(date=day, precision="day")
        out.append(cand)
    return out


def _date_told_with(
    killed: int, cand: Candidate, setting: Setting, written: dt.date
) -> dt.date | None:
    """The first full date, before the candidate's, of a later sentence that tells ``killed``."""
    assert cand.date is not None
    for sentence in setting.body:
        if sentence.start < cand.clause.end:
            continue
        day = explicit_date(_clause_norms(sentence), written)
        if (
            day is not None
            and day < cand.date
            and any(n._.value == killed for n in numbers_in(sentence))
        ):
            return day
    return None


#: How many body sentences the lead paragraph holds, for the day its source spoke.
LEAD_PARAGRAPH = 3


def statement_day_of_an_undated_story(cands: list[Candidate], setting: Setting) -> list[Candidate]:
    """ "The YPG killed 17 Turkish servicemen ... Kurdish media reported. The YPG also
    destroyed an armored personnel carrier in Afrin, Firat news agency said Thursday":
    an article that dates no incident takes, as the day of its story, the day its lead
    paragraph (:data:`LEAD_PARAGRAPH` sentences) says its source spoke: the latest day
    its news can be."""
    written: dt.date | None = setting.doc._.written
    if written is None or any(c.day is not None for c in cands):
        return cands
    day = next(
        (
            resolve_date(s, written)[0]
            for s in setting.body[:LEAD_PARAGRAPH]
            if dated_by_a_statement(s, written)
        ),
        None,
    )
    if day is None:
        return cands
    return [c.but(story_date=day) if c.date is None and not c.aggregate else c for c in cands]
