"""What the rules read of a doc's tokens, kept once per doc.

Rules look at a few words around a mention or a number, thousands of times per
article. They read the NORMs and texts from two lists made once per doc
(``norms``, ``texts``), by token index, instead of asking spaCy for a new
``Token`` each time; the window helpers keep to a clause's bounds, as a clause
is what a rule reads.

What is made once per doc is kept in ``doc.user_data`` (``memo``), and the
values of the doc being read are also held at hand: an article is read by one
component after another, and asking ``doc.user_data`` hundreds of thousands of
times costs as much as the rules that ask.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import accumulate
from typing import Any, TypeVar

import numpy
from spacy.attrs import IDX, NORM, ORTH, SENT_START
from spacy.tokens import Doc, Span

from generator.extract.norm import ARTICLES

NORMS_KEY = "sitrep.norms"
TEXTS_KEY = "sitrep.texts"
WORDS_KEY = "sitrep.words"
WORD_INDEX_KEY = "sitrep.word_index"
TEXT_KEY = "sitrep.text"
OFFSETS_KEY = "sitrep.offsets"
SENTS_KEY = "sitrep.sents"
PART_ENDS = frozenset({",", ";", ".", "\u2014"})
"""The marks that end a part of a clause: what a phrase after a cue runs up to
("backed by Russia, ...", "hours after a gas attack in Khan Sheikhun; ...")."""


class _Strings(dict[int, str]):
    """Hash -> string, as spaCy's StringStore has them (hashes are the same in every
    vocab): one dict lookup per token instead of a ``Token`` and its attribute."""

    def __init__(self, doc: Doc) -> None:
        super().__init__()
        self.store = doc.vocab.strings

    def __missing__(self, key: int) -> str:
        text = self[key] = self.store[key]
        return text


_STRINGS: dict[int, _Strings] = {}


def _strings(doc: Doc, attr: int) -> list[str]:
    # keyed by the StringStore, which the entry keeps alive: no other store can then
    # take its id (keyed by the vocab's id, a pipeline built after another was freed
    # could get the freed vocab's id, and its strings were looked up in the old store)
    store = doc.vocab.strings
    known = _STRINGS.get(id(store))
    if known is None:
        known = _STRINGS[id(store)] = _Strings(doc)
    return list(map(known.__getitem__, doc.to_array(attr).tolist()))


T = TypeVar("T")


class _Current:
    """The doc being read and what has been made for it."""

    doc: Doc | None = None
    values: dict[str, Any] = {}


_CURRENT = _Current()


def memo(doc: Doc, key: str, make: Callable[[Doc], T]) -> T:
    """``doc.user_data[key]``, made by ``make(doc)`` the first time it is asked for."""
    current = _CURRENT
    if current.doc is not doc:
        current.doc, current.values = doc, {}
    values = current.values
    found = values.get(key)
    if found is None:
        found = doc.user_data.get(key)
        if found is None:
            found = doc.user_data[key] = make(doc)
        values[key] = found
    return found  # type: ignore[no-any-return]


def remember(doc: Doc, key: str, value: T) -> T:
    """Keep ``value`` as the doc's ``key`` (what a component made for the rules)."""
    doc.user_data[key] = value
    if _CURRENT.doc is doc:
        _CURRENT.values[key] = value
    return value


def release(doc: Doc) -> None:
    """Let go of what was kept for a doc once it is read: its ``user_data`` (the rules'
    lists and indexes, the ``doc._`` values) and its spans hold the doc in reference
    cycles, which only the garbage collector would free, walking them again and
    again (a second in sixteen on the bench's 2,000 texts); without them the doc is
    freed as soon as the last reference to it goes."""
    doc.user_data.clear()
    doc.spans.clear()
    if _CURRENT.doc is doc:
        _CURRENT.doc, _CURRENT.values = None, {}


def per_doc(key: str, make: Callable[[Doc], T], doc_: str) -> Callable[[Doc], T]:
    """``memo(doc, key, make)`` as a function of the doc, its first step inline: the
    lists every rule reads (``norms``, ``texts``, ``word_norms``) are asked for
    hundreds of times per article, and a second call each time cost more than the
    rules' own work on them."""

    def get(doc: Doc) -> T:
        if _CURRENT.doc is doc:
            found = _CURRENT.values.get(key)
            if found is not None:
                return found  # type: ignore[no-any-return]
        return memo(doc, key, make)

    get.__doc__ = doc_
    return get


def _make_norms(doc: Doc) -> list[str]:
    return _strings(doc, NORM)


norms = per_doc(NORMS_KEY, _make_norms, "Every token's NORM, by token index.")


def _make_texts(doc: Doc) -> list[str]:
    return _strings(doc, ORTH)


texts = per_doc(TEXTS_KEY, _make_texts, "Every token's text, by token index.")


def sentences(doc: Doc) -> list[tuple[int, int]]:
    """The doc's sentences as (start, end) token indices (no ``Span`` made)."""
    return memo(doc, SENTS_KEY, _make_sentences)


def _make_sentences(doc: Doc) -> list[tuple[int, int]]:
    if not len(doc):
        return []
    starts = numpy.nonzero(doc.to_array(SENT_START) == 1)[0].tolist()
    if not starts or starts[0] != 0:
        starts = [0, *starts]
    return list(zip(starts, [*starts[1:], len(doc)], strict=True))


class Decided(dict[str, bool]):
    """String -> ``test(string)``, decided once per string: a rule then reads a clause's
    NORMs as ``map(decided.__getitem__, ns)``, without a Python step per word (most
    clauses hold none of the words a rule looks for)."""

    def __init__(self, test: Callable[[str], bool]) -> None:
        super().__init__()
        self.test = test

    def __missing__(self, key: str) -> bool:
        value = self[key] = self.test(key)
        return value


class _WordNorms(dict[str, str | None]):
    """NORM -> itself if it is a word (``norm.is_word``: it starts with a letter or
    digit and is no standalone article), else None; decided once per NORM."""

    def __missing__(self, norm: str) -> str | None:
        word = self[norm] = norm if norm[:1].isalnum() and norm != ARTICLES[0] else None
        return word


_WORD_NORMS = _WordNorms()


def _make_word_norms(doc: Doc) -> list[str | None]:
    return list(map(_WORD_NORMS.__getitem__, norms(doc)))


word_norms = per_doc(
    WORDS_KEY, _make_word_norms, "Every token's NORM if it is a word (``norm.is_word``), else None."
)


def _make_word_index(doc: Doc) -> tuple[list[str], list[int]]:
    wn = word_norms(doc)
    return list(filter(None, wn)), list(accumulate(map(bool, wn), initial=0))


word_index = per_doc(
    WORD_INDEX_KEY,
    _make_word_index,
    "The doc's words (``word_norms`` without None), and for each token index how many"
    " come before it: the words of tokens ``lo`` to ``hi`` are one slice.",
)


def words(span: Span, start: int | None = None, end: int | None = None) -> list[str]:
    """The NORMs of the words (``norm.is_word``) of ``span``, or of its tokens from
    ``start`` to ``end`` (doc indices, kept within the span). One slice of
    ``word_index``: the rules ask about 300,000 times on the bench's 2,000 texts, and
    the slice took 0.7 µs a call where filtering the tokens' slice took 1.2 µs."""
    lo, hi = span.start, span.end
    if start is not None and start > lo:
        lo = start
    if end is not None and end < hi:
        hi = end
    if hi < 0:  # as a slice of the tokens would read it
        hi = max(hi + len(span.doc), 0)
    if lo >= hi:
        return []
    only, count = word_index(span.doc)
    return only[count[lo] : count[hi]]


def text_of(span: Span) -> str:
    """A span's text, cut from the doc's (``Span.text`` and ``Doc.text`` build it token
    by token, at every call)."""
    return doc_text(span.doc)[span.start_char : span.end_char]


def doc_text(doc: Doc) -> str:
    return memo(doc, TEXT_KEY, _make_text)


def _make_text(doc: Doc) -> str:
    return doc.text


def span_text(doc: Doc, start: int, end: int) -> str:
    """The text of tokens ``start`` to ``end`` (no ``Span`` made)."""
    if start >= end:
        return ""
    at = offsets(doc)
    return doc_text(doc)[at[start] : at[end - 1] + len(texts(doc)[end - 1])]


def offsets(doc: Doc) -> list[int]:
    """Every token's first character (``Token.idx``), by token index."""
    return memo(doc, OFFSETS_KEY, _make_offsets)


def _make_offsets(doc: Doc) -> list[int]:
    return doc.to_array(IDX).tolist()  # type: ignore[no-any-return]


def keep_text(doc: Doc, text: str) -> Doc:
    """Remember the text a doc was made of (``text_of`` then never rebuilds it)."""
    remember(doc, TEXT_KEY, text)
    return doc


def before(span: Span, i: int, n: int) -> list[str]:
    """The words among the ``n`` tokens before token ``i``, within ``span``."""
    return words(span, i - n, i)
