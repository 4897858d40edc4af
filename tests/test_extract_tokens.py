"""The per-doc token lists the rules read (``generator/extract/tokens.py``)."""

from __future__ import annotations

import pytest

from generator.extract.pipeline import get_nlp
from generator.extract.tokens import release, word_norms, words

TEXT = "Al-Qaeda's fighters, said the SOHR (in London), killed 5 in al Bab - 3 of them kids."


@pytest.mark.parametrize(
    ("start", "end"),
    [(None, None), (2, None), (None, 7), (3, 9), (9, 3), (40, None), (None, -4), (5, -30), (0, 0)],
)
def test_words_are_the_word_norms_of_the_tokens_asked(start: int | None, end: int | None) -> None:
    """``words`` reads one slice of the doc's word index: the same words as filtering
    the tokens' own slice, for any bounds a rule gives (past the span, reversed,
    counted from the end)."""
    doc = get_nlp()(TEXT)
    try:
        span = doc[1:-2]
        lo = span.start if start is None or start <= span.start else start
        hi = span.end if end is None or end >= span.end else end
        expected = [w for w in word_norms(doc)[lo:hi] if w is not None]
        assert words(span, start, end) == expected
    finally:
        release(doc)


def test_words_leave_out_punctuation_and_articles() -> None:
    doc = get_nlp()("Jabhat al Nusra, the group said.")
    try:
        assert words(doc[:]) == ["jabhat", "nusra", "the", "group", "said"]
    finally:
        release(doc)
