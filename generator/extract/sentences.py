"""Sentence boundaries beyond spaCy's sentencizer, as the ``sitrep_sentences`` component.

Text pasted from web pages breaks sentences where punctuation does not: at a
line break (a headline, a caption, a dateline line), and where a line break was
lost in copying ("... devastated by February's earthquakeRegime attacks were
..."; the tokenizer splits the glued words, see ``pipeline.GLUED``).
"""

from __future__ import annotations

import numpy
from spacy.attrs import IS_SPACE, SPACY
from spacy.language import Language
from spacy.tokens import Doc, Token


def after_line_break(token: Token) -> bool:
    """ "Syria: 12 killed\\nDAMASCUS ...": a line starts a sentence."""
    prev = token.doc[token.i - 1]
    return prev.is_space and "\n" in prev.text


def glued(token: Token) -> bool:
    """ "earthquakeRegime": a capitalised word glued to a lower-case one starts a
    sentence."""
    prev = token.doc[token.i - 1]
    return (
        not prev.whitespace_
        and len(prev.text) >= 3
        and prev.text.isascii()
        and prev.text.isalpha()
        and prev.text.islower()
        and token.text[:1].isupper()
        and token.text[1:3].islower()
    )


SENTENCE_STARTS = (after_line_break, glued)


@Language.component("sitrep_sentences")
def mark_sentence_starts(doc: Doc) -> Doc:
    """Start a sentence wherever one of ``SENTENCE_STARTS`` says. Only tokens after
    white space or after no space at all can (found at once, from the doc's arrays)."""
    if len(doc) < 2:
        return doc
    flags = doc.to_array([IS_SPACE, SPACY])
    after_space = flags[:-1, 0].astype(bool)
    unspaced = ~flags[:-1, 1].astype(bool)
    for i in (numpy.nonzero(after_space | unspaced)[0] + 1).tolist():
        token = doc[i]
        if (
            not token.is_sent_start
            and not token.is_space
            and any(r(token) for r in SENTENCE_STARTS)
        ):
            token.is_sent_start = True
    return doc
