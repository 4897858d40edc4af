"""Sentence boundaries beyond spaCy's sentencizer, as the ``sitrep_sentences`` component.

Text pasted from web pages breaks sentences where punctuation does not: at a
line break (a headline, a caption, a dateline line), and where a line break was
lost in copying ("... devastated by February's earthquakeRegime attacks were
..."; the tokenizer splits the glued words, see ``pipeline.GLUED``).
"""

from __future__ import annotations

import numpy
from spacy.attrs import IS_SPACE, ORTH, SENT_START, SPACY
from spacy.language import Language
from spacy.tokens import Doc

from generator.extract.tokens import texts
from generator.extract.vocab import Words

CREDITS = Words("summary")
"""A photo credit's words: ``caption_words`` (summary.yaml) or "agencies". An
agency's name alone is a dateline's ("Homs (SANA) Terrorists shelled ..."), whose
place belongs to the sentence it opens."""

CREDIT_SPAN = 8
"""How many tokens back a credit's opening bracket may lie: "( TRT World and Agencies)"."""


def after_line_break(doc: Doc, i: int) -> bool:
    """ "Syria: 12 killed\\nDAMASCUS ...": a line starts a sentence."""
    prev = texts(doc)[i - 1]
    return prev.isspace() and "\n" in prev


def glued(doc: Doc, i: int) -> bool:
    """ "earthquakeRegime": a capitalised word glued to a lower-case one starts a
    sentence. (The token's own letters are read first: most tokens fail there, and
    the white space after the one before costs a ``Token``.)"""
    prev, text = texts(doc)[i - 1], texts(doc)[i]
    return (
        text[:1].isupper()
        and text[1:3].islower()
        and len(prev) >= 3
        and prev.isascii()
        and prev.isalpha()
        and prev.islower()
        and not doc[i - 1].whitespace_
    )


def is_photo_credit(inside: set[str]) -> bool:
    """ "AP photo", "TRT World and Agencies" (the lower-case words in a bracket): a
    photo's credit."""
    return bool(inside & CREDITS.caption_words) or "agencies" in inside


def credit_before(doc: Doc, i: int) -> bool:
    """ "... a street in Aleppo (AP photo)", "( TRT World and Agencies)" with token
    ``i`` just after it: the tokens before ``i`` close a bracket holding a photo
    credit; never "Homs (SANA)"."""
    ts = texts(doc)
    if i < 2 or ts[i - 1] != ")":
        return False
    for j in range(i - 2, max(i - 2 - CREDIT_SPAN, -1), -1):
        if ts[j] == "(":
            return is_photo_credit({t.lower() for t in ts[j + 1 : i - 1]})
        if ts[j] == ")":
            return False
    return False


def after_credit(doc: Doc, i: int) -> bool:
    """ "... a street in Aleppo (AP photo) BEIRUT Air strikes on Idlib killed 21": a
    photo's credit ends its caption, so the capitalised word after it starts the
    story's sentence (the caption's places are no part of it)."""
    return texts(doc)[i][:1].isupper() and credit_before(doc, i)


SENTENCE_STARTS = (after_line_break, glued, after_credit)


@Language.component("sitrep_sentences")
def mark_sentence_starts(doc: Doc) -> Doc:
    """Start a sentence wherever one of ``SENTENCE_STARTS`` says. Only tokens after
    white space, after no space at all or after a closing bracket can (found at once,
    from the doc's arrays), and only one with a capital or after a line break (what
    each rule asks first): the commas and full stops after a word are passed over
    without a call."""
    if len(doc) < 2:
        return doc
    flags = doc.to_array([IS_SPACE, SPACY, SENT_START, ORTH])
    after_space = flags[:-1, 0].astype(bool)
    unspaced = ~flags[:-1, 1].astype(bool)
    starting = flags[1:, 2] == 1
    closing = flags[:-1, 3] == doc.vocab.strings.add(")")
    ts = texts(doc)
    for i in (numpy.nonzero((after_space | unspaced | closing) & ~starting)[0] + 1).tolist():
        text = ts[i]
        if not (text[:1].isupper() or "\n" in ts[i - 1]) or text.isspace():
            continue
        if any(rule(doc, i) for rule in SENTENCE_STARTS):
            doc[i].is_sent_start = True
    return doc
