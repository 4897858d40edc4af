"""The extractor's spaCy pipeline, built by one factory: ``make_nlp()``.

It starts from ``spacy.blank("en")`` (no model, nothing to download) and adds,
in this order (each component is registered with ``@Language.factory`` in the
module named beside it):

1. the tokenizer, changed in two ways: an Arabic article keeps its hyphen
   ("al-Zawiya" is one token, its NORM "zawiya"), and two sentences glued
   together when a page was copied ("the earthquakeRegime attacks") are two
   tokens;
2. ``sitrep_articles`` (``norm.py``): a standalone article joins its name
   ("Jabhat al Nusra": "al Nusra" is one token, NORM "nusra");
3. ``gazetteer`` (``gazetteer.py``): spaCy's ``SpanRuler`` on NORM that puts the
   places and factions named in the text into ``doc.spans["mentions"]`` (its
   patterns tokenized once per extractor version and kept in the user's cache
   folder: ``ruler_cache.py``);
4. ``sentencizer`` (spaCy's rule, read from the token arrays: ``sentencizer.py``),
   then ``bounded_sentences`` (``bounds.py``: no sentence over 2,000 characters),
   then ``sitrep_sentences``
   (``sentences.py``): a line break and a glued capital start a sentence too;
5. ``sitrep_cues`` (``cues.py``): a ``PhraseMatcher`` on NORM finds every cue word
   and phrase of the vocabularies (deaths, injuries, means, sources, periods...)
   and keeps them in one index per doc, which the rules read (``has_cue``, ``cues``);
6. ``sitrep_numbers`` (``numbers.py``): counts as ``doc.spans["numbers"]``, each
   with its value in ``span._.value``;
7. ``sitrep_clauses`` (``clauses.py``): the title, the body sentences read for
   incidents and their clauses: ``doc.spans["title"]``, ``["body"]``,
   ``["clauses"]``;
8. ``sitrep_incidents`` (``incidents.py``): the rules of ``rules/`` read the
   clauses into ``doc._.incidents``.

Every token's NORM is ``norm.fold`` of its text, so the data's spellings match
their variants. The pipeline is built once per process (``get_nlp``) and shared
with the workers a pool forks.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any, cast

import spacy
from spacy.attrs import NORM
from spacy.lang.char_classes import ALPHA, HYPHENS
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, registry

from generator.extract import (
    bounds,
    clauses,
    cues,
    gazetteer,
    incidents,
    loading,
    norm,
    numbers,
    ruler_cache,
    sentences,
    sentencizer,
)
from generator.extract.norm import ARTICLES, HYPHEN_ARTICLES, fold

MAX_LENGTH = 20_000_000


def _article_lookbehinds() -> str:
    """Negative lookbehinds, one per article length (Python's are fixed-width), that
    keep "al-" with its name: "al-Zawiya", "as-Suwayda", "ez-Zor"."""
    by_length: dict[int, list[str]] = {}
    for article in (*ARTICLES, *HYPHEN_ARTICLES):
        by_length.setdefault(len(article), []).append(article)
    return "".join(
        r"(?<!\b(?i:" + "|".join(sorted(words)) + "))" for _, words in sorted(by_length.items())
    )


GLUED = r"(?<=[a-z]{3})(?=[A-Z][a-z]{2})"
"""Between "earthquake" and "Regime" in "February's earthquakeRegime attacks": a line
break lost when the page was copied (``sentences.glued`` starts a sentence there)."""


GLUED_NUMBER = r"(?<=[0-9])(?=[A-Za-z]{3})"
"""Between "100000" and "people" in "has killed more than 100000people": a number
glued to the word it counts (an ordinal's "13th", a unit's "5km" stay whole)."""


def _infixes(defaults: list[str]) -> list[str]:
    hyphen = rf"(?<=[{ALPHA}0-9])(?:{HYPHENS})(?=[{ALPHA}])"
    out = [
        rf"(?<=[{ALPHA}0-9]){_article_lookbehinds()}(?:{HYPHENS})(?=[{ALPHA}])"
        if rule == hyphen
        else rule
        for rule in defaults
    ]
    assert out != defaults, "spaCy's hyphen infix changed: update pipeline._infixes"
    return [*out, GLUED, GLUED_NUMBER]


TOKENIZER = "sitrep.Tokenizer.v1"


@registry.tokenizers(TOKENIZER)
def make_tokenizer() -> Callable[[Language], Tokenizer]:
    """spaCy's tokenizer for the language (``spacy.Tokenizer.v1``), with the infixes
    of ``_infixes`` from the start: set afterwards, ``infix_finditer`` validates the
    2,700 tokenizer exceptions a second time (0.1 s of every build)."""

    def tokenizer(nlp: Language) -> Tokenizer:
        defaults = nlp.Defaults
        prefixes, suffixes = defaults.prefixes, defaults.suffixes
        infixes = _infixes([str(rule) for rule in defaults.infixes or ()])
        return Tokenizer(
            nlp.vocab,
            rules=defaults.tokenizer_exceptions,
            prefix_search=compile_prefix_regex(prefixes).search if prefixes else None,
            suffix_search=compile_suffix_regex(suffixes).search if suffixes else None,
            infix_finditer=compile_infix_regex(infixes).finditer,
            token_match=defaults.token_match,
            url_match=defaults.url_match,
        )

    return tokenizer


def _set_norms(nlp: Language) -> None:
    """NORM is ``fold`` for words; punctuation keeps spaCy's own ("’s" -> "'s")."""
    getters = cast(Any, nlp.vocab).lex_attr_getters  # not in spaCy's type stubs
    default = getters[NORM]

    def norm(text: str) -> str:
        return fold(text) if text[:1].isalnum() else default(text)

    getters[NORM] = norm
    for lexeme in nlp.vocab:
        lexeme.norm_ = norm(lexeme.orth_)


def _version() -> str:
    """The extractor's version (its code and data), which keys the tokenized patterns
    (``ruler_cache``); imported here, as ``generator.extract`` imports this module."""
    from generator.extract import EXTRACTOR_VERSION

    return EXTRACTOR_VERSION


def make_nlp() -> Language:
    """A new pipeline (see the module's docstring)."""
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER}}})
    nlp.max_length = MAX_LENGTH
    _set_norms(nlp)
    nlp.add_pipe("sitrep_articles")
    ruler = cast(gazetteer.Gazetteer, nlp.add_pipe(gazetteer.GAZETTEER, name="gazetteer"))
    ruler_cache.add_patterns(ruler, nlp, gazetteer.patterns, _version())
    nlp.add_pipe(sentencizer.COMPONENT, name="sentencizer")
    nlp.add_pipe(bounds.SENTENCE_COMPONENT)  # right after the sentencizer: see bounds.py
    nlp.add_pipe("sitrep_sentences")
    nlp.add_pipe("sitrep_cues")
    nlp.add_pipe("sitrep_numbers")
    nlp.add_pipe("sitrep_clauses")
    nlp.add_pipe("sitrep_incidents")
    # The tokenizer caches the first 10,000 chunks it splits: here, the spellings of
    # the patterns just added. Emptied, it caches the articles' words instead
    # (measured: tokenizing FA-KES dev a second time, 0.48 s -> 0.10 s).
    cast(Any, nlp.tokenizer)._flush_cache()
    return nlp


@cache
def get_nlp() -> Language:
    """The pipeline of this process, built on first use (the garbage collector paused:
    see ``loading.py``)."""
    with loading.paused():
        return make_nlp()


__all__ = [
    "bounds",
    "clauses",
    "cues",
    "get_nlp",
    "incidents",
    "make_nlp",
    "norm",
    "numbers",
    "ruler_cache",
    "sentencizer",
    "sentences",
]
