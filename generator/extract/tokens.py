"""What the rules read of a doc's tokens, kept once per doc.

Rules look at a few words around a mention or a number, thousands of times per
article. They read the NORMs and texts from two lists made once per doc
(``norms``, ``texts``), by token index, instead of asking spaCy for a new
``Token`` each time; the window helpers keep to a clause's bounds, as a clause
is what a rule reads.
"""

from __future__ import annotations

import numpy
from spacy.attrs import IDX, NORM, ORTH, SENT_START
from spacy.tokens import Doc, Span

from generator.extract.norm import ARTICLES

NORMS_KEY = "sitrep.norms"
TEXTS_KEY = "sitrep.texts"
WORDS_KEY = "sitrep.words"
TEXT_KEY = "sitrep.text"
OFFSETS_KEY = "sitrep.offsets"
SENTS_KEY = "sitrep.sents"


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
    known = _STRINGS.get(id(doc.vocab))
    if known is None:
        known = _STRINGS[id(doc.vocab)] = _Strings(doc)
    return list(map(known.__getitem__, doc.to_array(attr).tolist()))


def norms(doc: Doc) -> list[str]:
    """Every token's NORM, by token index."""
    found = doc.user_data.get(NORMS_KEY)
    if found is None:
        found = doc.user_data[NORMS_KEY] = _strings(doc, NORM)
    return found  # type: ignore[no-any-return]


def texts(doc: Doc) -> list[str]:
    """Every token's text, by token index."""
    found = doc.user_data.get(TEXTS_KEY)
    if found is None:
        found = doc.user_data[TEXTS_KEY] = _strings(doc, ORTH)
    return found  # type: ignore[no-any-return]


def sentences(doc: Doc) -> list[tuple[int, int]]:
    """The doc's sentences as (start, end) token indices (no ``Span`` made)."""
    found = doc.user_data.get(SENTS_KEY)
    if found is None:
        if not len(doc):
            found = []
        else:
            starts = numpy.nonzero(doc.to_array(SENT_START) == 1)[0].tolist()
            if not starts or starts[0] != 0:
                starts = [0, *starts]
            found = list(zip(starts, [*starts[1:], len(doc)], strict=True))
        doc.user_data[SENTS_KEY] = found
    return found  # type: ignore[no-any-return]


def word_norms(doc: Doc) -> list[str | None]:
    """Every token's NORM if it is a word (``norm.is_word``), else None."""
    found = doc.user_data.get(WORDS_KEY)
    if found is None:
        # norm.is_word, inline: a word's NORM starts with a letter or digit
        found = doc.user_data[WORDS_KEY] = [
            n if n[:1].isalnum() and n != ARTICLES[0] else None for n in norms(doc)
        ]
    return found  # type: ignore[no-any-return]


def words(span: Span, start: int | None = None, end: int | None = None) -> list[str]:
    """The NORMs of the words (``norm.is_word``) of ``span``, or of its tokens from
    ``start`` to ``end`` (doc indices, kept within the span)."""
    lo = span.start if start is None else max(span.start, start)
    hi = span.end if end is None else min(span.end, end)
    return [n for n in word_norms(span.doc)[lo:hi] if n]


def text_of(span: Span) -> str:
    """A span's text, cut from the doc's (``Span.text`` and ``Doc.text`` build it token
    by token, at every call)."""
    doc = span.doc
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text[span.start_char : span.end_char]  # type: ignore[no-any-return]


def span_text(doc: Doc, start: int, end: int) -> str:
    """The text of tokens ``start`` to ``end`` (no ``Span`` made)."""
    offsets = doc.user_data.get(OFFSETS_KEY)
    if offsets is None:
        offsets = doc.user_data[OFFSETS_KEY] = doc.to_array(IDX).tolist()
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    if start >= end:
        return ""
    return text[offsets[start] : offsets[end - 1] + len(texts(doc)[end - 1])]  # type: ignore[no-any-return]


def keep_text(doc: Doc, text: str) -> Doc:
    """Remember the text a doc was made of (``text_of`` then never rebuilds it)."""
    doc.user_data[TEXT_KEY] = text
    return doc


def before(span: Span, i: int, n: int) -> list[str]:
    """The words among the ``n`` tokens before token ``i``, within ``span``."""
    return words(span, i - n, i)


def after(span: Span, i: int, n: int) -> list[str]:
    """The words among the ``n`` tokens from token ``i`` on, within ``span``."""
    return words(span, i, i + n)


def positions(span: Span) -> list[int]:
    """The doc indices of the words of ``span``."""
    wn = word_norms(span.doc)
    return [i for i in range(span.start, span.end) if wn[i]]
