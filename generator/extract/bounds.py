"""Bound the work one article can cause, where its text enters the spaCy pipeline.

An article's text is written by strangers, and some shapes of text cost far more
than their length (measured with spaCy 3.8 on one core):

- spaCy's tokenizer strips prefix and suffix characters one at a time, copying
  the rest of the token each time, so a run of punctuation or symbols without a
  space is quadratic, in C code that no signal interrupts: 8,000 commas take
  11 s (40 KB 134 s, 1 MB hours), 8,000 emoji 11 s.
- the rules read a sentence as one clause, and several of them compare every name
  they find with every other: one 1 MB sentence took 37-55 s.

Two bounds, each where the cost arises:

- :func:`bound_text`, before the tokenizer: no run of punctuation over
  MAX_PUNCT_RUN characters and no token over MAX_TOKEN, so every call into the
  tokenizer's C code stays short.
- the ``bounded_sentences`` component, right after the sentencizer: no sentence
  over MAX_SENTENCE characters. Sentences cannot be bounded before the tokenizer:
  ". " does not end one after "U.S." or "Mr." (tokenizer exceptions), so a text
  can hold one 1 MB sentence with a full stop every 20 characters, while a text
  rule strict enough to catch it cuts ordinary paragraphs where spaCy would not.

Ordinary prose is never touched: the longest sentence of the 413 FA-KES articles
is 622 characters, the longest word 41, the longest run of punctuation 4. The
per-article time budget (``generator/safety/budget.py``) catches whatever is left.
"""

from __future__ import annotations

import re

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["MAX_PUNCT_RUN", "MAX_SENTENCE", "MAX_TOKEN", "SENTENCE_COMPONENT", "bound_text"]

MAX_PUNCT_RUN = 10
"""Characters kept of a run of punctuation or symbols (anything but letters,
digits and white space) with no space in it: "?!", "...", "--" pass, a row of
"=====" keeps ten, 1 MB of commas keeps ten and one space."""

MAX_TOKEN = 100
"""Characters between two spaces: a longer run of non-space characters (a glued
blob, a very long URL) gets a space after every ``MAX_TOKEN`` characters."""

MAX_SENTENCE = 2000
"""Characters in one sentence: a longer one is cut, at token boundaries, into
sentences of at most this many characters (a token longer than that, only white
space after bound_text, stays whole)."""

SENTENCE_COMPONENT = "bounded_sentences"
"""The pipeline component that bounds sentences; add it right after the sentencizer."""

_PUNCT = r"(?:[^\w\s]|_)"
_PUNCT_RUN = re.compile(rf"(?<![^\w\s])(?<!_){_PUNCT}{{{MAX_PUNCT_RUN + 1},}}")
"""A run longer than MAX_PUNCT_RUN, tried only where a run starts (the lookbehinds),
so the scan stays linear."""
_LONG_TOKEN = re.compile(rf"(?<!\S)\S{{{MAX_TOKEN + 1},}}")


def bound_text(text: str) -> str:
    """``text`` with no run of punctuation over MAX_PUNCT_RUN characters and no
    token over MAX_TOKEN; ordinary prose comes back unchanged.

    A cut run keeps its first MAX_PUNCT_RUN characters and a space in place of the
    rest, and a long token gets spaces, so every space-separated word of the
    result is a piece of ``text`` (evidence still quotes the article).

    >>> bound_text("Idlib" + "," * 50 + " shelled")
    'Idlib,,,,,,,,,,  shelled'
    """
    # Ordinary prose has few words long enough to hold either, and testing those
    # costs a fifth of running both substitutions over the whole text.
    long_words = [w for w in text.split() if len(w) > MAX_PUNCT_RUN]
    if any(_PUNCT_RUN.search(w) for w in long_words):
        text = _PUNCT_RUN.sub(_cut_run, text)
    if any(len(w) > MAX_TOKEN for w in long_words):
        text = _LONG_TOKEN.sub(_split_token, text)
    return text


def _cut_run(run: re.Match[str]) -> str:
    return run.group()[:MAX_PUNCT_RUN] + " "


def _split_token(token: re.Match[str]) -> str:
    s = token.group()
    return " ".join(s[i : i + MAX_TOKEN] for i in range(0, len(s), MAX_TOKEN))


@Language.component(SENTENCE_COMPONENT)
def bounded_sentences(doc: Doc) -> Doc:
    """Cut every sentence longer than MAX_SENTENCE characters before the token that
    would end past the limit.

    "U.S. forces shelled Idlib as Mr. Assad said in Jan. U.S. forces ..." repeated
    over 1 MB is one sentence to the sentencizer; here it becomes about 500.
    """
    starts = None
    for sent in doc.sents:
        if sent.end_char - sent.start_char <= MAX_SENTENCE:
            continue
        if starts is None:
            # set all at once: Token.is_sent_start = True scans the whole Doc each time
            starts = doc.to_array(SENT_START)  # 1 where a sentence starts
        start = sent.start_char
        for token in sent[1:]:
            if token.idx + len(token) - start > MAX_SENTENCE:
                starts[token.i] = 1
                start = token.idx
    if starts is not None:
        column = starts.reshape(-1, 1)
        doc.from_array([SENT_START], column)  # type: ignore[arg-type]  # stub: float64
    return doc
