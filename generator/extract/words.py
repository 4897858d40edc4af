"""A clause as a list of words, with the lexicon's mentions found in it.

spaCy splits articles into sentences; within a sentence the rules work on
``Word`` lists so that one tokenisation serves both the text and the aliases
it is matched against (see ``lexicon.norm_words``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from spacy.tokens import Span

from generator.extract.gazetteer import factions_of, is_possessive, places_of
from generator.extract.lexicon import Lexicon, PhraseSet, PlaceEntry
from generator.extract.norm import is_word


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


@dataclass
class Clause:
    text: str
    words: list[Word]
    factions: list[Mention] = field(default_factory=list)
    places: list[Mention] = field(default_factory=list)
    factions_read: bool = True
    span: Span | None = None

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


def clause_of(span: Span) -> Clause:
    """The clause of ``span``: its words (white space left out) and the places and
    factions the gazetteer found in it."""
    words: list[Word] = []
    index: dict[int, int] = {}
    base = span.start_char
    for token in span:
        if token.is_space:
            continue
        index[token.i] = len(words)
        norm = token.norm_
        words.append(Word(token.text, norm, token.idx - base, is_word(norm)))
    clause = Clause(span.text, words, span=span)

    def position(start: int, end: int) -> tuple[int, int]:
        return index[start], index[end - 1] + 1

    clause.places = [
        Mention(*position(m.start, m.end), entries[0].id, entries) for m, entries in places_of(span)
    ]
    clause.factions = [
        Mention(*position(m.start, m.end), m.id_, possessive=is_possessive(m))
        for m in factions_of(span)
    ]
    return clause


def make_clause(text: str, lex: Lexicon | None = None, factions: bool = True) -> Clause:
    """The clause of a text of its own (a headline, a test's sentence)."""
    from generator.extract.pipeline import get_nlp

    doc = get_nlp()(text)
    return clause_of(doc[:])


def with_factions(clause: Clause, lex: Lexicon | None = None) -> Clause:
    """The clause (its factions are read with it)."""
    return clause
