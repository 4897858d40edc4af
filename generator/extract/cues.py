"""Cue words and phrases, as the ``sitrep_cues`` component: the doc's cue index.

One ``PhraseMatcher`` on NORM finds every phrase of the word lists the rules
look for in a clause (``CUES``, from ``generator/data/vocab/cues.yaml``: a
death, an injury, a means, a source, a period, a claim...). Each match is kept
as (start, end, its list's name, which one): the means and the sources say
which ("airstrike", "SANA"), other lists "". They are kept in one index per doc
(``Index``, which ``has_cue``, ``labels_of`` and ``cues`` read), not as ``Span``s in
``doc.spans``: nothing read those, and a ``Span`` per match cost as much as the matcher.
Rules ask ``has_cue(clause, "killed_words")`` or read ``cues(clause,
"means")``, the matches of a list left to right, the longest first, never
overlapping (as a reader takes "suicide car bomb" before "car bomb").
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator
from typing import NamedTuple

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from generator.extract.norm import spellings
from generator.extract.tokens import norms, per_doc, remember, texts
from generator.extract.vocab import entries, expand, table

INDEX_KEY = "sitrep.cues"

CUES: dict[str, str] = {
    label: str(name) for name, labels in table("cues", "lists").items() for label in labels
}
"""Every list matched in the text, by its name (the label of its spans), with
the vocabulary file it is read from (``generator/data/vocab/<file>.yaml``)."""
MEANS = "means"
SOURCES = "sources"
TRIGGERS = frozenset(entries("cues", "triggers"))
"""Lists of violence, death or injury (``cues.yaml``): a sentence naming none of
them is not read for incidents."""


class Cue(NamedTuple):
    start: int
    end: int
    item: str
    """Which means or source; "" for other lists."""


def _phrases() -> Iterator[tuple[str, str, str]]:
    """(label, item, phrase as written) for every cue."""
    for label, name in CUES.items():
        for phrase in entries(name, label):
            yield label, "", phrase
    for means, spec in table("means", "means").items():
        for phrase in expand(f"means {means}", spec):
            yield MEANS, str(means), phrase
    seen: set[str] = set()
    for source in table("attribution", "sources"):
        for phrase in expand(f"source {source['name']}", source):
            if phrase.lower() not in seen:  # a phrase listed twice is the first source's
                seen.add(phrase.lower())
                yield SOURCES, source["name"], str(phrase)


@Language.factory("sitrep_cues")
def make_cues(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """The cue matcher (see the module's docstring)."""
    matcher = PhraseMatcher(nlp.vocab, attr="NORM")
    by_key: dict[str, list[str]] = {}
    for label, item, phrase in _phrases():
        by_key.setdefault(f"{label}\t{item}", []).extend(spellings(phrase))
    capitals: dict[int, dict[tuple[str, ...], frozenset[int]]] = {}
    for key, phrases in by_key.items():
        docs = [nlp.make_doc(text) for text in dict.fromkeys(phrases)]
        matcher.add(key, docs)
        capitals[nlp.vocab.strings[key]] = capitals_of(docs)
    labels = {nlp.vocab.strings[key]: tuple(key.split("\t")) for key in by_key}

    def cue_matcher(doc: Doc) -> Doc:
        found = []
        for match_id, start, end in matcher(doc):
            if not as_written(doc, start, end, capitals[match_id]):
                continue
            label, item = labels[match_id]
            found.append((start, end, label, item))
        found.sort(key=lambda c: (c[0], -c[1], c[2], c[3]))
        remember(doc, INDEX_KEY, _make_index(found))
        return doc

    return cue_matcher


def is_capitals(word: str) -> bool:
    """ "IS", "WHO", "TV": a short word in capitals, which the same word in small letters
    ("is", "who") is not."""
    letters = word.replace(".", "")
    return letters.isupper() and len(letters) <= 3


def capitals_of(phrases: list[Doc]) -> dict[tuple[str, ...], frozenset[int]]:
    """The phrases (as NORMs) that hold a short word in capitals, with where it stands:
    "IS-held" -> {("is", "-", "held"): {0}}. A NORM sequence that several spellings
    share asks capitals only where all of them do."""
    out: dict[tuple[str, ...], frozenset[int]] = {}
    for phrase in phrases:
        key = tuple(t.norm_ for t in phrase)
        where = frozenset(i for i, t in enumerate(phrase) if is_capitals(t.text))
        out[key] = out[key] & where if key in out else where
    return {k: v for k, v in out.items() if v}


def as_written(
    doc: Doc, start: int, end: int, capitals: dict[tuple[str, ...], frozenset[int]]
) -> bool:
    """ "Idlib, which is held by Al Qaeda" is no "IS-held" territory, and "it was not
    clear who" quotes no WHO: a cue's short word in capitals counts only in capitals
    (as the gazetteer counts "IS" and "US")."""
    if not capitals:
        return True
    where = capitals.get(tuple(norms(doc)[start:end]))
    if where is None:
        return True
    ts = texts(doc)  # the doc's lists, not a Token per word
    return all(ts[start + i].replace(".", "").isupper() for i in where)


class Index(NamedTuple):
    """A doc's cues in text order, all and by label, and what has been asked of them
    (rules ask a clause the same questions many times)."""

    starts: list[int]
    cues: list[tuple[int, int, str, str]]
    """(start, end, label, item)"""
    labelled: dict[str, tuple[list[int], list[Cue]]]
    labels: dict[tuple[int, int], frozenset[str]]
    """(start, end) of a span -> the labels of the cues within it."""
    asked: dict[tuple[int, int, str], list[Cue]]
    """(start, end, label) -> ``cues`` of a span."""


def _make_index(found: list[tuple[int, int, str, str]]) -> Index:
    labelled: dict[str, tuple[list[int], list[Cue]]] = {}
    for start, end, label, item in found:
        starts, matches = labelled.setdefault(label, ([], []))
        starts.append(start)
        matches.append(Cue(start, end, item))
    return Index([c[0] for c in found], found, labelled, {}, {})


def _no_cues(doc: Doc) -> Index:
    """A doc the cue component did not see."""
    return _make_index([])


_index = per_doc(INDEX_KEY, _no_cues, "The doc's cues (``Index``), made by the component.")


def _within(index: Index, span: Span) -> list[tuple[int, int, str, str]]:
    lo, hi = bisect_left(index.starts, span.start), bisect_left(index.starts, span.end)
    end = span.end
    return [c for c in index.cues[lo:hi] if c[1] <= end]


def has_cue(span: Span, label: str) -> bool:
    """Whether ``span`` holds a phrase of the list ``label``: the span's labels when they
    were asked before (one look-up), else the list's own matches bisected (the span's
    other lists are not needed)."""
    index = _index(span.doc)
    start, end = span.start, span.end
    labels = index.labels.get((start, end))
    if labels is not None:
        return label in labels
    starts, matches = index.labelled.get(label, ((), ()))
    for k in range(bisect_left(starts, start), len(starts)):
        if starts[k] >= end:
            return False
        if matches[k].end <= end:
            return True
    return False


def labels_of(span: Span) -> frozenset[str]:
    """The lists ``span`` holds a phrase of."""
    index = _index(span.doc)
    key = (span.start, span.end)
    labels = index.labels.get(key)
    if labels is None:
        labels = index.labels[key] = frozenset(c[2] for c in _within(index, span))
    return labels


def cues(span: Span, label: str) -> list[Cue]:
    """The phrases of ``label`` in ``span``, left to right, the longest first at each
    word, never overlapping; a phrase of two means ("bombs") is there for each."""
    index = _index(span.doc)
    key = (span.start, span.end, label)
    found = index.asked.get(key)
    if found is None:
        starts, matches = index.labelled.get(label, ((), ()))
        lo, hi = bisect_left(starts, span.start), bisect_left(starts, span.end)
        if lo == hi:  # most spans hold none of most lists
            found = index.asked[key] = []
        else:
            end = span.end
            found = index.asked[key] = _leftmost_longest(
                [c for c in matches[lo:hi] if c.end <= end]
            )
    return found


def _leftmost_longest(matches: list[Cue]) -> list[Cue]:
    out: list[Cue] = []
    taken: tuple[int, int] | None = None
    for cue in matches:
        if taken is not None and (cue.start, cue.end) == taken:
            out.append(cue)
            continue
        if out and cue.start < out[-1].end:
            continue
        out.append(cue)
        taken = (cue.start, cue.end)
    return out
