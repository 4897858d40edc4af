"""Sentence boundaries beyond spaCy's sentencizer, as the ``sitrep_sentences`` component.

Text pasted from web pages breaks sentences where punctuation does not: at a
line break (a headline, a caption, a dateline line), and where a line break was
lost in copying ("... devastated by February's earthquakeRegime attacks were
..."; the tokenizer splits the glued words, see ``pipeline.GLUED``).
"""

from __future__ import annotations

import numpy
from spacy.attrs import IS_SPACE, SENT_START, SPACY
from spacy.language import Language
from spacy.tokens import Doc

from generator.extract.tokens import texts


def after_line_break(doc: Doc, i: int) -> bool:
    """ "Syria: 12 killed\\nDAMASCUS ...": a line starts a sentence."""
    prev = texts(doc)[i - 1]
    return prev.isspace() and "\n" in prev


def glued(doc: Doc, i: int) -> bool:
    """ "earthquakeRegime": a capitalised word glued to a lower-case one starts a
    sentence."""
    prev, text = texts(doc)[i - 1], texts(doc)[i]
    return (
        not doc[i - 1].whitespace_
        and len(prev) >= 3
        and prev.isascii()
        and prev.isalpha()
        and prev.islower()
        and text[:1].isupper()
        and text[1:3].islower()
    )


SENTENCE_STARTS = (after_line_break, glued)


@Language.component("sitrep_sentences")
def mark_sentence_starts(doc: Doc) -> Doc:
    """Start a sentence wherever one of ``SENTENCE_STARTS`` says. Only tokens after
    white space or after no space at all can (found at once, from the doc's arrays)."""
    if len(doc) < 2:
        return doc
    flags = doc.to_array([IS_SPACE, SPACY, SENT_START])
    after_space = flags[:-1, 0].astype(bool)
    unspaced = ~flags[:-1, 1].astype(bool)
    starting = flags[1:, 2] == 1
    ts = texts(doc)
    for i in (numpy.nonzero((after_space | unspaced) & ~starting)[0] + 1).tolist():
        if not ts[i].isspace() and any(rule(doc, i) for rule in SENTENCE_STARTS):
            doc[i].is_sent_start = True
    return doc
