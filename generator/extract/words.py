"""A clause as a list of words, with the lexicon's mentions found in it.

spaCy splits articles into sentences; within a sentence the rules work on
``Word`` lists so that one tokenisation serves both the text and the aliases
it is matched against (see ``lexicon.norm_words``).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import NamedTuple

from generator.extract.lexicon import (
    ARTICLES,
    HYPHEN_ARTICLES,
    Lexicon,
    PhraseSet,
    PlaceEntry,
    norm_word,
)

_TOKEN_RE = re.compile(
    r"\d+(?:[.,]\d+)*|(?:[A-Z]\.){2,}|[A-Za-z\u00c0-\u024f\u1e00-\u1eff]+(?:['\u2019\u02bc\u02bf\u02be`][A-Za-z]+)*"
    r"|[^\sA-Za-z0-9]"
)


_HYPHEN_NEXT = re.compile(r"\s*-")
"""Matched where a word ends (copying the rest of the clause to look was quadratic)."""


class Word(NamedTuple):
    """A token (a tuple: built by the thousand for every sentence, so kept cheap)."""

    text: str
    norm: str
    start: int
    """Character offset in the sentence."""
    content: bool
    """False for punctuation and dropped Arabic articles."""


@dataclass(frozen=True)
class Mention:
    start: int
    """Index of the first word."""
    end: int
    """Index after the last word."""
    key: str
    """A faction id, a place alias, a lexicon phrase."""
    places: tuple[PlaceEntry, ...] = ()
    possessive: bool = False
    """Matched through a possessive "s" ("the regime's shelling", FA-KES's "the
    regimes shelling"): the name owns what follows it."""


_POSSESSIVES: dict[tuple[int, str], frozenset[str]] = {}


def _possessive_firsts(lex: Lexicon) -> frozenset[str]:
    """First words of faction names with a possessive "s" glued on ("regimes")."""
    key = (id(lex), "factions")
    if key not in _POSSESSIVES:
        _POSSESSIVES[key] = frozenset(
            k + "s" for k in lex.faction_lengths if _possessive_key((k + "s",))
        )
    return _POSSESSIVES[key]


def _possessive_places(lex: Lexicon) -> frozenset[str]:
    """One-word place names with a possessive "s" glued on ("Aleppos")."""
    key = (id(lex), "places")
    if key not in _POSSESSIVES:
        _POSSESSIVES[key] = frozenset(
            k[0] + "s" for k in lex.places if len(k) == 1 and _possessive_key((k[0] + "s",))
        )
    return _POSSESSIVES[key]


def _possessive_key(key: tuple[str, ...]) -> tuple[str, ...] | None:
    """("coalitions",) -> ("coalition",): the key without a possessive "s", which
    news text glues on ("regime's") and FA-KES strips the apostrophe from."""
    last = key[-1]
    if len(last) > 3 and last.endswith("s") and not last.endswith("ss"):
        return (*key[:-1], last[:-1])
    return None


@dataclass
class Clause:
    text: str
    words: list[Word]
    factions: list[Mention] = field(default_factory=list)
    places: list[Mention] = field(default_factory=list)
    factions_read: bool = False

    @cached_property
    def index(self) -> tuple[list[int], list[str]]:
        """Positions and normalised forms of the content words."""
        content = [i for i, w in enumerate(self.words) if w.content]
        return content, [self.words[i].norm for i in content]

    @cached_property
    def norm_set(self) -> frozenset[str]:
        return frozenset(self.index[1])

    def norms(self, start: int = 0, end: int | None = None) -> list[str]:
        return [w.norm for w in self.words[start:end] if w.content]

    def span_text(self, start: int, end: int) -> str:
        if start >= end:
            return ""
        last = self.words[end - 1]
        return self.text[self.words[start].start : last.start + len(last.text)]

    def find(self, phrases: PhraseSet) -> list[tuple[int, int, tuple[str, ...]]]:
        """Every occurrence of any phrase, longest first, as (first word, after last, phrase)."""
        if self.norm_set.isdisjoint(phrases.first_words):
            return []
        content, norms = self.index
        hits = []
        j = 0
        while j < len(norms):
            for n in phrases.lengths.get(norms[j], ()):
                key = tuple(norms[j : j + n])
                if len(key) == n and key in phrases.phrases:
                    hits.append((content[j], content[j + n - 1] + 1, key))
                    j += n - 1
                    break
            j += 1
        return hits

    def has(self, phrases: PhraseSet) -> bool:
        """Whether any phrase occurs; remembered per clause (several rules ask)."""
        seen = self.__dict__.setdefault("_has", {})
        key = id(phrases)
        if key not in seen:
            seen[key] = bool(self.find(phrases))
        return seen[key]


_word = partial(tuple.__new__, Word)
"""``Word(...)`` without the keyword handling of a named tuple's constructor."""


def tokenize(text: str) -> list[Word]:
    words: list[Word] = []
    end = 0
    find = text.find
    for tok in _TOKEN_RE.findall(text):
        # every character but white space belongs to a token, so the token starts at
        # the first place it occurs after the previous one
        start = find(tok, end)
        end = start + len(tok)
        if not tok[0].isalnum():
            words.append(_word((tok, tok, start, False)))
            continue
        norm = norm_word(tok)
        article = norm in ARTICLES or (
            norm in HYPHEN_ARTICLES and _HYPHEN_NEXT.match(text, end) is not None
        )  # "as-Suwayda": the next token is the hyphen
        words.append(_word((tok, norm, start, not article and bool(norm))))
    return words


def _faction_match(clause: Clause, lex: Lexicon) -> list[Mention]:
    faction_lengths, possessive_firsts = lex.faction_lengths, _possessive_firsts(lex)
    content = [i for i, w in enumerate(clause.words) if w.content]
    found: list[Mention] = []
    j = 0
    while j < len(content):
        hit = None
        first = clause.words[content[j]]
        if (
            first.norm not in faction_lengths
            and not first.text.isupper()
            and first.norm not in possessive_firsts
        ):
            j += 1
            continue
        lengths = lex.faction_lengths.get(first.norm, ()) + (1,)
        for n in sorted(set(lengths), reverse=True):
            if j + n > len(content):
                continue
            key = tuple(clause.words[content[k]].norm for k in range(j, j + n))
            fid = lex.factions.get(key)
            if fid is None and n == 1:
                raw = clause.words[content[j]].text.replace(".", "")
                fid = lex.factions.get(("^" + raw,)) if raw.isupper() else None
                if fid is None:
                    fid = lex.generic_factions.get(key)
            possessive = False
            if (
                fid is None
                and (short := _possessive_key(key))
                and (
                    "'" in (raw_last := clause.words[content[j + n - 1]].text).replace("’", "'")
                    or short[-1] not in lex.config["plural_not_possessive"]
                )
            ):
                fid = lex.factions.get(short)
                possessive = fid is not None and raw_last[-1:] == "s"
            if fid:
                hit = Mention(content[j], content[j + n - 1] + 1, fid, possessive=possessive)
                break
        if hit:
            # "regime-held", "rebel-controlled" name territory, not an actor.
            after = clause.words[hit.end : hit.end + 2]
            if (
                not (
                    len(after) == 2
                    and after[0].text == "-"
                    and after[1].norm
                    in {
                        "held",
                        "controlled",
                        "run",
                        "dominated",
                        "occupied",
                        "besieged",
                        "backed",
                        "allied",
                        "led",
                        "supported",
                        "based",
                    }
                )
                and not (
                    # "near the Turkish border": a nationality naming a place, not an actor
                    after[:1] and after[0].norm in lex.config["not_actor_after"]
                )
                and not _after_place_phrase(clause, hit, lex)
            ):
                found.append(hit)
            j += n  # past the name (searching content for hit.end was quadratic)
        else:
            j += 1
    # "Turkish soldiers": the generic noun belongs to the named faction before it.
    merged: list[Mention] = []
    for m in found:
        if (
            merged
            and merged[-1].end == m.start
            and m.key == "syrian-government"
            and _generic(clause, m, lex)
        ):
            prev = merged[-1]
            merged[-1] = Mention(prev.start, m.end, prev.key)
            continue
        merged.append(m)
    return merged


def _after_place_phrase(clause: Clause, m: Mention, lex: Lexicon) -> bool:
    """ "the Observatory, based in Britain, said": a country named as where someone
    sits is no actor of the sentence."""
    before = tuple(w.norm for w in clause.words[max(0, m.start - 4) : m.start] if w.content)
    return any(before[-len(p) :] == p for p in _not_actor_before(lex))


_NOT_ACTOR_BEFORE: dict[int, frozenset[tuple[str, ...]]] = {}


def _not_actor_before(lex: Lexicon) -> frozenset[tuple[str, ...]]:
    if id(lex) not in _NOT_ACTOR_BEFORE:
        _NOT_ACTOR_BEFORE[id(lex)] = frozenset(lex.phrases("not_actor_before"))
    return _NOT_ACTOR_BEFORE[id(lex)]


def _generic(clause: Clause, m: Mention, lex: Lexicon) -> bool:
    return tuple(clause.norms(m.start, m.end)) in lex.generic_factions


def _place_match(clause: Clause, lex: Lexicon) -> list[Mention]:
    place_lengths, possessive_places = lex.place_lengths, _possessive_places(lex)
    content = [i for i, w in enumerate(clause.words) if w.content]
    found: list[Mention] = []
    j = 0
    while j < len(content):
        hit = None
        first = clause.words[content[j]]
        if first.text[:1].isupper():  # place names are written with a capital
            lengths = place_lengths.get(first.norm, ()) or (
                (1,) if first.norm in possessive_places else ()
            )
            for n in lengths:
                if j + n > len(content):
                    continue
                key = tuple(clause.words[content[k]].norm for k in range(j, j + n))
                entries = lex.places.get(key)
                if not entries and (short := _possessive_key(key)):
                    entries = lex.places.get(short)  # "Aleppos countryside"
                if entries and n == 1 and _prefix_of_longer_name(clause, content, j, lex):
                    entries = None
                if entries:
                    hit = Mention(content[j], content[j + n - 1] + 1, " ".join(key), entries)
                    break
        if hit:
            found.append(hit)
            j += n  # past the name (searching content for hit.end was quadratic)
        else:
            j += 1
    return found


def _prefix_of_longer_name(clause: Clause, content: list[int], j: int, lex: Lexicon) -> bool:
    """ "Tal Hamis", "Bab al-Hawa", "Kafr Nabl": a one-word name that is also the
    first word of many names ("Tal", "Bab", "Kafr"), followed by a capitalised
    word, is the start of another name, not the place called "Tal"."""
    if clause.words[content[j]].norm not in lex.config["place_prefixes"]:
        return False
    nxt = clause.words[content[j] + 1 : content[j] + 4]
    following = next((w for w in nxt if w.content), None)
    return following is not None and following.text[:1].isupper()


def make_clause(text: str, lex: Lexicon, factions: bool = True) -> Clause:
    """The clause with its places and, unless ``factions`` is False, its factions
    (a sentence with no word of violence needs only its places: see
    ``with_factions``)."""
    clause = Clause(text, tokenize(text))
    clause.places = [
        p
        for p in _place_match(clause, lex)
        if not (
            _names_media(clause, p, lex) or _in_unit_name(clause, p, lex) or _dateline(clause, p)
        )
    ]
    if factions:
        with_factions(clause, lex)
    return clause


def with_factions(clause: Clause, lex: Lexicon) -> Clause:
    """Find the clause's factions (once). A faction name that is also a place
    ("Damascus forces") stays a faction."""
    if clause.factions_read:
        return clause
    clause.factions = _faction_match(clause, lex)
    clause.factions_read = True
    if clause.factions:
        clause.places = [p for p in clause.places if not _inside(p, clause.factions)]
    return clause


def _inside(m: Mention, spans: list[Mention]) -> bool:
    """Whether ``m`` starts inside one of ``spans`` (in text order, not overlapping):
    only the last span starting at or before it can hold it (a search, not a loop
    over every span for every place, which was quadratic)."""
    i = bisect.bisect_right(spans, m.start, key=lambda s: s.start)
    return i > 0 and m.start < spans[i - 1].end


def _names_media(clause: Clause, m: Mention, lex: Lexicon) -> bool:
    """ "the Lebanon-based al-Mayadeen TV", "Lebanese TV channel Al-Mayadin", "Aleppo
    Media Center": a place name that is part of the name of a channel, paper or
    agency places nothing."""
    after = [w.norm for w in clause.words[m.end : m.end + 2] if w.content]
    before = [w.norm for w in clause.words[max(0, m.start - 4) : m.start] if w.content]
    if before[-1:] == ["facto"]:  # "the group's de facto Syrian capital" is not Damascus
        return True
    return (
        bool(after)
        and after[0] in lex.config["media_nouns"]
        or bool(before[-1:] and before[-1] in lex.config["media_nouns"])
    )


DATELINE_MARKS = frozenset({"(", "-", "\u2013", "\u2014", ","})


def _dateline(clause: Clause, m: Mention) -> bool:
    """ "DAMASCUS (Sputnik) A suicide blast ... in Idlib province": a place in capitals
    before the agency's name or a dash is where the story was filed, not where it
    happened."""
    names = clause.words[m.start : m.end]
    after = clause.words[m.end : m.end + 1]
    return (
        all(w.text.isupper() and len(w.text) > 2 for w in names if w.content)
        and bool(after)
        and after[0].text in DATELINE_MARKS
    )


def _in_unit_name(clause: Clause, m: Mention, lex: Lexicon) -> bool:
    """ "Liwa Ahrar Helfaya", "Jaysh Idlib al-Hur": a place name inside the name of an
    armed group (after "Liwa", "Jaysh", "Brigade of"...) names the group, not where it
    fought."""
    heads = lex.config["unit_name_heads"]
    before = [w for w in clause.words[max(0, m.start - 3) : m.start] if w.content][-2:]
    for i, w in enumerate(before):
        if w.norm in heads and all(x.text[:1].isupper() for x in before[i:]):
            return True
    return False
