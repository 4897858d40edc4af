"""Candidate incidents: one per clause that names violence, read once and frozen.

``read_candidates(doc)`` walks the body sentences in order: a sentence naming no
violence, death or injury (``cues.TRIGGERS``) only tells which governorates the
article is about; in one that does, each clause (``doc.spans["clauses"]``) that
is not background is read by the rules (``rules/``) into a ``Candidate``. The
article-level steps of ``incidents.ARTICLE_STEPS`` then complete, merge and flag
the candidates, each step returning new ones (``dataclasses.replace``).
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from functools import cache
from typing import NamedTuple

from spacy.tokens import Doc, Span

from generator.extract.clauses import article_parts
from generator.extract.cues import MEANS, TRIGGERS, cues, has_cue, labels_of
from generator.extract.gazetteer import GOVERNORATE, PlaceEntry, places_of
from generator.extract.rules import quick_init
from generator.extract.rules.attribution import read_attribution
from generator.extract.rules.casualties import Toll, read_toll
from generator.extract.rules.dates import read_weekday, resolve_date
from generator.extract.rules.means import MeansReading, bombing_means, read_means
from generator.extract.rules.places import governorates_named, read_places
from generator.extract.rules.roles import Roles, read_roles
from generator.extract.rules.totals import period_total
from generator.extract.tokens import doc_text, memo, norms, text_of, texts, words
from generator.extract.vocab import Words
from generator.knowledge.calendar import WEEKDAY_NAMES
from generator.knowledge.factions import CIVILIANS
from generator.knowledge.thresholds import STALE_DAYS
from generator.model import Faction, Why

PLACE_LIST = "as well as in"
"""The joint of a clause that lists one more place of the attack before it."""
UNKNOWN = "unknown"


CONTEXT = Words("context")
V = Words("candidates")
"""The one-word lists of ``generator/data/vocab/candidates.yaml``."""


@quick_init
@dataclass(frozen=True)
class Candidate:
    index: int
    """The position of its sentence among the body sentences."""
    clause: Span
    sentence: str
    """The evidence: its sentence, and those of the candidates merged into it."""
    date: dt.date | None
    precision: str
    place: str | None
    province: str | None
    place_entry: PlaceEntry | None
    own_place: bool
    """The place is named in its own clause."""
    means: str
    perpetrator: str | None
    target: str | None
    claimant: str | None
    toll: Toll
    attribution: str | None
    aggregate: bool = False
    anaphoric: bool = False
    """It refers back ("the attack", "Friday's strike"): it tells of the one before."""
    mention: bool = False
    """It only speaks of an attack told elsewhere ("in the aftermath of the attack"):
    ``mentions_the_attack``."""
    why: Why = field(default_factory=Why)
    lead: bool = False
    """Its sentence is the one the article's date line opens (``follows_the_dateline``)."""
    recalled: bool = False
    """It looks back at an attack before the story's (``recent_attack``): never the
    article's lead, and background when its toll is larger than the lead's
    (``totals.background_tolls``)."""
    story_date: dt.date | None = None
    """The day of the story, for a candidate its text does not date
    (``rules.dates.date_of_the_story``): the incident's date, but no sign to the rules
    that read "undated" as background."""
    weekday: int | None = None
    """The weekday it names (Monday 0) when the article has no publication date to
    resolve it against (``rules.dates.read_weekday``); the merge compares it with
    other reports' days."""

    @property
    def day(self) -> dt.date | None:
        """Its date, else the day of the story."""
        return self.date or self.story_date

    def because(self, name: str, rule: str, **changes: object) -> Candidate:
        """A copy with ``changes``, the ``rule`` recorded for the field ``name``."""
        return self.but(why=self.why.add(name, rule), **changes)

    def but(self, **changes: object) -> Candidate:
        """A copy with ``changes``: ``dataclasses.replace`` without its cost (it runs
        ``__init__``, a frozen ``setattr`` per field, for each of the thousands of
        copies the article-level steps make). Nothing is computed at init, so the
        copy is the same."""
        unknown = changes.keys() - CANDIDATE_FIELDS
        if unknown:
            raise TypeError(f"Candidate has no field {sorted(unknown)[0]!r}")
        copy = object.__new__(Candidate)
        values = copy.__dict__
        values.update(self.__dict__)
        values.update(changes)
        return copy


CANDIDATE_FIELDS = frozenset(f.name for f in fields(Candidate))


@dataclass(frozen=True)
class Setting:
    """What the article around the candidates says: their context."""

    doc: Doc
    title: Span | None
    body: list[Span]
    published: dt.date | None
    factions: dict[str, Faction]
    is_territory: bool
    """The headline says the place is held by the Islamic State (all the article)."""
    mentions: list[str]
    """Governorates named, for the one the article names most (the title's twice)."""
    territory: frozenset[str] = frozenset()
    """The governorates named where the text says the Islamic State holds a place
    ("the IS stronghold of Raqqa province": raqqa)."""


# ---------------------------------------------------------------- what is no incident
def is_earlier_year(span: Span, published: dt.date | None) -> bool:
    """ "the 2013 sarin attack on Ghouta": a clause naming only years before the
    article's is about the past; the rule needs a publication date to tell."""
    if published is None or earliest_year(span.doc) >= published.year:
        return False  # no year in the whole text is before publication's
    found = years_in(span)
    return bool(found) and max(found) < published.year


YEARS_KEY = "sitrep.years"
YEAR_AT = re.compile(r"19[89]\d|20[0-3]\d")
"""A year from 1980 to 2039; whether it is a word of its own depends on the span read
(``years_in``)."""
WORD_CHAR = re.compile(r"\w")


def years_in(span: Span) -> list[int]:
    """The years ``span`` names: four digits with no letter, digit or underscore beside
    them within the span ("in 2013", never "20135"), found by one scan of the doc's
    text instead of one per sentence and clause."""
    starts, years = memo(span.doc, YEARS_KEY, _years_of)
    lo, hi = span.start_char, span.end_char
    if not starts or starts[-1] < lo:
        return []
    text = doc_text(span.doc)
    out = []
    for k in range(bisect_left(starts, lo), len(starts)):
        at = starts[k]
        end = at + 4
        if end > hi:
            break
        if (at == lo or not WORD_CHAR.match(text[at - 1])) and (
            end == hi or not WORD_CHAR.match(text[end])
        ):
            out.append(years[k])
    return out


def earliest_year(doc: Doc) -> int:
    """The earliest year the doc's text may name (``_years_of``), a year past any
    publication when it names none: an article naming no year before its own
    publication has no clause ``is_earlier_year`` holds of, so its clauses are not
    each scanned for years."""
    return memo(doc, EARLIEST_YEAR_KEY, _earliest_year)


EARLIEST_YEAR_KEY = "sitrep.earliest-year"
NO_YEAR = 10_000


def _earliest_year(doc: Doc) -> int:
    years = memo(doc, YEARS_KEY, _years_of)[1]
    return min(years, default=NO_YEAR)


def _years_of(doc: Doc) -> tuple[list[int], list[int]]:
    """Where the doc's text may name a year (``YEAR_AT``), and the year: at every
    place, as a span may start or end inside a run of digits ("202015"), so also at the
    three places inside each match that the scan passes over."""
    text = doc_text(doc)
    found: dict[int, int] = {}
    for match in YEAR_AT.finditer(text):
        at = match.start()
        found[at] = int(match.group())
        for inside in range(at + 1, at + 4):
            overlapping = YEAR_AT.match(text, inside)
            if overlapping is not None:
                found[inside] = int(overlapping.group())
    starts = sorted(found)
    years = [found[at] for at in starts]
    return starts, years


def is_background(clause: Span, toll: Toll) -> bool:
    """ "Thousands fled the fighting": displacement, arrests, talks and the like are not
    incidents unless people died or were hurt."""
    if toll.killed is not None or toll.injured is not None:
        return False
    return bool(V.background_words.intersection(words(clause)))


def abroad(clause: Span, toll: Toll) -> bool:
    """ "The explosion shattered windows in the nearby Turkish town of Nusaybin",
    "Monday's airstrikes coincided with the launch in neighbouring Iraq of an
    operation to retake Mosul": an untolled clause set outside Syria."""
    if toll.killed is not None or toll.injured is not None:
        return False
    ts = texts(clause.doc)
    return any(
        c.end >= len(ts) or ts[c.end].lower() != "and" for c in cues(clause, "abroad_cues")
    )  # "in Iraq and Syria", "the Islamic State in Iraq and the Levant": not abroad only


def relative_clause_at(span: Span) -> int | None:
    """ "Air raids have taken place in towns including Urum al-Kubra where an attack on
    an aid convoy took place on 19 September": where a relative clause on a place or
    a thing opens (``relative_openers``) that tells another violent event of its own
    day. None when there is none, when it follows the attack itself ("the airstrikes,
    which killed 20 on 19 September", "a car bomb which ..."), when it states a toll
    (then it tells of the clause's event), or names no violence or no day ("where
    buses were waiting", "where American missiles might strike")."""
    ns = norms(span.doc)
    if V.relative_openers.isdisjoint(ns[span.start + 1 : span.end]):
        return None  # no opener: no walk
    means_ends = {c.end for c in cues(span, MEANS)}
    for k in range(span.start + 1, span.end):
        if ns[k] not in V.relative_openers:
            continue
        if ns[k - 1] in V.union("event_nouns", "day_event_nouns") or k in means_ends:
            return None
        relative = span.doc[k : span.end]
        told = read_toll(relative)
        untolled = told.killed is None and told.injured is None
        dated = resolve_date(relative, relative.doc._.written)[0] is not None
        return k if untolled and dated and names_violence(relative) else None
    return None


def before_a_relative_clause(span: Span) -> Span | None:
    """The part of ``span`` before its relative clause on a place (``relative_clause_at``),
    or None when it has none."""
    k = relative_clause_at(span)
    return span.doc[span.start : k] if k is not None else None


def campaign(clause: Span, toll: Toll) -> bool:
    """ "Moscow has been carrying out air strikes in support of its ally Damascus":
    an untolled clause that tells a campaign going on, not one attack."""
    return toll.killed is None and toll.injured is None and has_cue(clause, "campaign_cues")


def looks_back(span: Span) -> bool:
    """ "This follows a similar attack ...", "Earlier this month ...": background."""
    return has_cue(span, "retrospective_cues")


def recent_attack(clause: Span, toll: Toll, published: dt.date | None) -> bool:
    """ "The incident comes after another report of a strike killing a woman and her
    four children on Sunday": an attack recalled with its toll and a day of its own
    within the week before publication is news, not background (``looks_back``)."""
    if toll.killed is None or published is None:
        return False
    date, precision = resolve_date(clause, published)
    return date is not None and precision == "day" and 0 <= (published - date).days <= WEEK


WEEK = 7
"""How recent a recalled attack is news (``recent_attack``)."""


def refers_back(clause: Span) -> bool:
    """ "The attack was claimed by ...", "Friday's strike killed ...", "Monday's
    airstrikes coincided with ...": it tells of the incident before it."""
    ws = words(clause)
    if not (ws[:1] and ws[0] in anaphora()):
        return False
    nouns = V.event_nouns if ws[0] in V.anaphora else V.union("event_nouns", "day_event_nouns")
    return bool(set(ws[1:4]) & nouns)


def mentions_the_attack(clause: Span, toll: Toll, means: str | None) -> bool:
    """ "There was no comment in the immediate aftermath of the attack": a clause with
    no toll and no means of its own that names "the attack" (or "this terrorist
    attack", "Tuesday's alleged attack") speaks of one already told (``_read`` asks
    it only of a clause that names no place either)."""
    if means or toll.killed is not None or toll.injured is not None:
        return False
    ws = words(clause)
    determiners = anaphora() | V.possessive_determiners
    for i, w in enumerate(ws):
        if w in V.event_nouns and determiners.intersection(ws[max(0, i - 2) : i]):
            return True
    return False


@cache
def anaphora() -> frozenset[str]:
    """The words ``refers_back`` reads first: ``anaphora`` of candidates.yaml and the
    weekdays' names, as "Friday" (its "'s" a token of its own) and as "Fridays" (the
    apostrophe lost when the page was copied)."""
    days = [names[0] for names in WEEKDAY_NAMES]
    return V.anaphora | frozenset(days) | frozenset(day + "s" for day in days)


def names_violence(sentence: Span) -> bool:
    """A word of violence, death or injury: the sentence is read for incidents."""
    return not labels_of(sentence).isdisjoint(TRIGGERS)


def continues_attack(sentence: Span) -> bool:
    """ "Continued shelling", "renewed strikes": the attack goes on."""
    return bool(CONTEXT.continuation.intersection(words(sentence)))


# ---------------------------------------------------------------- reading
GOVERNORATES_KEY = "sitrep.governorates"


def _no_governorates(doc: Doc) -> dict[tuple[int, int, frozenset[str]], list[str]]:
    return {}


def governorates_of(span: Span, named: frozenset[str]) -> list[str]:
    """``governorates_named(span, named)``, made once per stretch of text of a doc: a
    sentence of one clause is asked again for its clause, and a clause twice (for the
    context, then for its own place). The list is only read, never changed."""
    known = memo(span.doc, GOVERNORATES_KEY, _no_governorates)
    key = (span.start, span.end, named)
    found = known.get(key)
    if found is None:
        found = known[key] = governorates_named(span, named)
    return found


@cache
def _empty_roles() -> Roles:
    return Roles()


def read_candidates(doc: Doc, factions: dict[str, Faction]) -> tuple[list[Candidate], Setting]:
    """The candidates of an article's doc, and their setting."""
    published: dt.date | None = doc._.published
    title, body, clauses = article_parts(doc)
    title_govs = governorates_named(title) if title is not None else []
    # governorates named so far, most recent last; the headline's come first, its
    # first-named last ("kill 4 in Idlib, destroy mosque in Hama" happened in Idlib)
    context: list[str] = title_govs[::-1]
    mentions: list[str] = title_govs * 2
    last_perpetrator: dict[str, str] = {}
    is_territory = title is not None and has_cue(title, "is_territory_cues")
    territory: set[str] = set(title_govs) if is_territory else set()
    named = frozenset(
        e.province
        for span in ([title] if title is not None else []) + body
        for _, entries in places_of(span)
        for e in entries
        if e.kind == GOVERNORATE
    )
    out: list[Candidate] = []
    for s_index, sentence in enumerate(body):
        sentence_govs = governorates_of(sentence, named)
        if not (looks_back(sentence) or is_earlier_year(sentence, published)):
            mentions.extend(sentence_govs)  # "in Aleppo last year" is not where it is
        if has_cue(sentence, "is_territory_cues"):
            territory.update(sentence_govs)
        if not names_violence(sentence):
            context.extend(sentence_govs)
            continue
        previous: MeansReading | None = None
        for clause in clauses[s_index] or [sentence]:
            toll = read_toll(clause)
            reading = read_means(clause)
            if not reading.violent and previous is not None and clause.label_ == PLACE_LIST:
                reading = previous  # "... in Idlib, as well as in Kafr Hamrah"
            previous = reading
            if not reading.violent and not toll.mentioned and toll.killed is None:
                context.extend(governorates_of(clause, named))
                continue
            recalled = looks_back(clause)
            if (
                told_of_another(clause, toll, is_background)
                or abroad(clause, toll)
                or campaign(clause, toll)
                or is_earlier_year(clause, published)
                or (recalled and not recent_attack(clause, toll, doc._.written))
            ):
                continue
            cand = _read(
                clause, sentence, s_index, toll, reading, context, sentence_govs, named, factions
            )
            if cand is None:
                continue
            if recalled:
                cand = cand.but(recalled=True)
            earlier = last_perpetrator.get(cand.means)
            if cand.perpetrator is None and earlier is not None and continues_attack(sentence):
                cand = cand.because("perpetrator", "continues_attack", perpetrator=earlier)
            day = cand.date is not None and cand.precision == "day"
            if period_total(cand.clause, cand.toll, cand.own_place, cand.place_entry, day):
                cand = cand.because("killed", "period_total", aggregate=True)
            out.append(cand)
            if cand.perpetrator and cand.means != UNKNOWN:
                last_perpetrator[cand.means] = cand.perpetrator
            context.extend(governorates_of(clause, named))
    setting = Setting(
        doc, title, body, published, factions, is_territory, mentions, frozenset(territory)
    )
    return out, setting


def _read(
    clause: Span,
    sentence: Span,
    s_index: int,
    toll: Toll,
    reading: MeansReading,
    context: list[str],
    sentence_govs: list[str],
    named: frozenset[str],
    factions: dict[str, Faction],
) -> Candidate | None:
    """One clause's candidate, or None when it dates itself weeks before publication."""
    published = written_day(clause.doc)
    roles = read_roles(clause, toll)
    means, why_means = reading.means, reading.why
    if reading.ambiguous:
        actor = roles.perpetrator or roles.claimant
        means = bombing_means(factions.get(actor or ""), clause)
        why_means = (*why_means, "bombing_means")
    perpetrator, why_p = roles.perpetrator, roles.why_perpetrator
    if (
        perpetrator is None
        and roles.claimant
        and roles.target not in (None, CIVILIANS)
        and roles.claimant != roles.target
        and (toll.killed is not None or toll.combined)
    ):
        perpetrator, why_p = roles.claimant, ("claimant_is_perpetrator",)  # "HTS alleged that ..."
    places = read_places(clause, set(context) | set(sentence_govs), named)
    place = places[0] if places else None
    province = place.province if place else None
    why_place: tuple[str, ...] = (place.why,) if place else ()
    if province is None:
        # an unknown village lies in the governorate its own clause names, else its
        # sentence's, else the one named last before it; a stray namesake's own
        # governorate only when none is named around it
        local = governorates_of(clause, named) or [p for p in sentence_govs if p]
        local = local or context[-1:] or governorates_named(clause)
        province = local[0] if local else None
        if province is not None:
            why_place = (*why_place, "governorate_around")
    date, precision = resolve_date(clause, published)
    if date is None:
        date, precision = resolve_date(sentence, published)
    weekday = None
    if published is None:  # a weekday with no publication to resolve it against
        weekday = read_weekday(clause)
        weekday = read_weekday(sentence) if weekday is None else weekday
    if date and published and (published - date).days > STALE_DAYS:
        date, precision = date_before_a_relative_clause(clause, sentence, published)
        if date and (published - date).days > STALE_DAYS:
            return None  # an explicit date weeks before publication: background
    attribution, _ = read_attribution(sentence, factions.get(roles.claimant or ""))
    mention = place is None and mentions_the_attack(clause, toll, means)
    return Candidate(
        index=s_index,
        clause=clause,
        sentence=text_of(sentence).strip(),
        date=date,
        precision=precision,
        weekday=weekday,
        place=place.name if place else None,
        province=province,
        place_entry=place.entry if place else None,
        own_place=place is not None,
        means=means or UNKNOWN,
        perpetrator=perpetrator,
        target=roles.target,
        claimant=roles.claimant,
        toll=toll,
        attribution=attribution,
        anaphoric=refers_back(clause) or mention,
        mention=mention,
        lead=follows_the_dateline(sentence),
        why=Why(
            killed=toll.why,
            perpetrator=why_p,
            target=roles.why_target,
            place=why_place,
            means=why_means if means else (),
        ),
    )


def told_of_another(clause: Span, toll: Toll, rule: Callable[[Span, Toll], bool]) -> bool:
    """``rule`` holds for the clause, and not only in its relative clause on a place:
    "Air raids have taken place in towns including Urum al-Kubra where an attack on an
    aid convoy took place" is no aid convoy's story (``is_background``)."""
    if not rule(clause, toll):
        return False
    main = before_a_relative_clause(clause)
    return main is None or not names_violence(main) or rule(main, toll)


def date_before_a_relative_clause(
    clause: Span, sentence: Span, published: dt.date
) -> tuple[dt.date | None, str]:
    """ "Air raids have taken place in towns including Urum al-Kubra where an attack on
    an aid convoy took place on 19 September": a stale date (``STALE_DAYS``) read in a
    relative clause on a place (``relative_clause_at``) dates that place's story; the
    clause takes the date of its own words (none: the day of the story). Without such
    a relative clause, or when the words before it name no violence ("The Observatory,
    which ..."), the stale date stands."""
    span = clause if resolve_date(clause, published)[0] is not None else sentence
    main = before_a_relative_clause(span)
    if main is None or not names_violence(main):
        return resolve_date(span, published)
    return resolve_date(main, published)


def follows_the_dateline(sentence: Span) -> bool:
    """ "AP Wednesday 26 Oct 2016 A leading monitor said IS land mines killed ...": the
    sentence the date line opens is the story's lead, news to code even when it
    names no place or toll (``is_vague``); the date line is no day of its event."""
    line = memo(sentence.doc, DOC_VALUES_KEY, _doc_values).dateline
    return line is not None and sentence.start_char <= line[0] < sentence.end_char


def written_day(doc: Doc) -> dt.date | None:
    """``doc._.written``: the day the text was written (``clauses.written_on``)."""
    return memo(doc, DOC_VALUES_KEY, _doc_values).written


class DocValues(NamedTuple):
    """The ``doc._`` values the rules read per clause, read once per doc (each ``doc._``
    read makes an ``Underscore``)."""

    dateline: tuple[int, int] | None
    written: dt.date | None


DOC_VALUES_KEY = "sitrep.doc-values"


def _doc_values(doc: Doc) -> DocValues:
    return DocValues(doc._.dateline, doc._.written)


def is_vague(cand: Candidate) -> bool:
    """Nothing to code: no place of its own, no toll, no day, not the lead after the date
    line; or neither a governorate nor a toll. "This week has seen a flare-up of
    confrontations" dates no event: a week or a month is no day."""
    if cand.aggregate:
        return False
    if cand.province is None and cand.toll.killed is None:
        return True
    return (
        not cand.own_place
        and cand.toll.killed is None
        and cand.toll.injured is None
        and (cand.date is None or cand.precision != "day")
        and not cand.lead
    )
