"""No single article may stall extraction (issue 12, item 7): the bounds on its text.

Shapes of text that used to cost far more than their length each go through the
extractor within a small CPU budget (2 s, where they took from 7 s to hours).
What happens past the budget is in test_safety_budget.py.
"""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.extract import extract_articles
from generator.extract.bounds import MAX_PUNCT_RUN, MAX_TOKEN, SENTENCE_COMPONENT, bound_text
from generator.extract.gazetteer import places_of
from generator.extract.pipeline import get_nlp
from generator.extract.rules.places import read_places
from generator.ingest import read_articles
from generator.safety.budget import cpu_budget
from tests.helpers import ROOT, article

SAMPLES = sorted((ROOT / "articles").glob("*.txt"))
BUDGET = 2.0
"""CPU seconds each hostile text below gets: each took 7 s or more before it was bounded."""


def extract_within_budget(text: str) -> None:
    [coded] = extract_articles([article(text)], budget=BUDGET)
    assert coded.error is None, coded.error


# --- bound_text: what the tokenizer is handed ---

PUNCT_RUN = re.compile(r"(?:[^\w\s]|_)+")
RUN_CHARS = ",.(_:\U0001f600\u0301"
"""Repeated into runs: punctuation, symbols, an emoji and a combining accent (U+0301,
neither a letter nor a space)."""


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=30),
            st.builds(lambda c, n: c * n, st.sampled_from(RUN_CHARS), st.integers(0, 300)),
            st.builds(lambda n: "a:" * n, st.integers(0, 200)),
        ),
        max_size=8,
    ).map("".join)
)
def test_bounded_text_has_short_runs_and_tokens_and_quotes_the_text(text):
    bounded = bound_text(text)
    assert max(map(len, PUNCT_RUN.findall(bounded)), default=0) <= MAX_PUNCT_RUN
    assert max(map(len, bounded.split()), default=0) <= MAX_TOKEN
    assert all(word in text for word in bounded.split())  # evidence still quotes the article
    assert bound_text(bounded) == bounded


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_ordinary_articles_are_not_touched(path):
    text = path.read_text(encoding="utf-8")
    assert bound_text(text) == text
    nlp = get_nlp()
    with nlp.select_pipes(disable=[SENTENCE_COMPONENT]):
        plain = [s.text for s in nlp(text).sents]
    assert [s.text for s in nlp(text).sents] == plain


def test_long_sentences_are_cut_into_bounded_ones(monkeypatch):
    import generator.extract.bounds as bounds

    monkeypatch.setattr(bounds, "MAX_SENTENCE", 100)
    # abbreviations end no sentence: this is one sentence to the sentencizer
    text = "U.S. forces shelled Idlib as Mr. Assad said in Jan. " * 40 + "They left. It rained."
    sents = [s.text for s in get_nlp()(text).sents]
    assert len(sents) > 20 and max(map(len, sents)) <= 100
    assert " ".join(sents) == text
    assert sents[-2].endswith("They left.") and sents[-1] == "It rained."


# --- hostile shapes, each within the budget ---


@pytest.mark.parametrize(
    "run",
    ["," * 8000, "(" * 8000, "_" * 8000, ",." * 4000, "\U0001f600" * 8000],
    ids=["commas", "brackets", "underscores", "comma-stops", "emoji"],
)
def test_a_run_of_punctuation_is_extracted_within_budget(run):
    """Quadratic in spaCy's tokenizer: each took 10-24 s (1 MB of commas: hours)."""
    extract_within_budget("Shelling killed two in Idlib " + run + " and three in Hama.")


def test_one_long_sentence_naming_many_factions_is_extracted_within_budget():
    """One 30 KB sentence (full stops only after abbreviations) took 35 s: the rules
    compare every faction of a clause with every other."""
    rng = random.Random(0)
    words: list[str] = []
    while sum(map(len, words)) < 30_000:
        words += ["Russian warplanes", rng.choice(["U.S.", "Mr.", "and", ","])]
    extract_within_budget(" ".join(words))


def test_many_place_names_in_one_clause_are_matched_in_linear_time():
    """170 KB of place names in one clause took 7 s (the matcher searched back for
    each name's end; each place looked at every other for its governorate)."""
    names = ["Idlib", "Ariha", "Saraqib", "Maarat al-Numan", "Deir ez-Zor", "Kafr Nabl"]
    text = "Shelling killed 3 in " + ", ".join(names[i % 6] for i in range(16_000))
    with cpu_budget(BUDGET):
        clause = get_nlp()(text)[:]
        read_places(clause, set())
    assert len(places_of(clause)) == 16_000


def test_english_then_garbage_passes_the_language_filter_and_is_extracted_within_budget(
    tmp_path,
):
    """The language filter reads the first 20 KB only; a blob without spaces after
    them ("a:a:a:...", 40 KB: 9.5 s in spaCy's tokenizer) reaches the extractor."""
    english = " ".join(p.read_text(encoding="utf-8") for p in SAMPLES)[:20_000]
    (tmp_path / "blob.txt").write_text(english + "\n" + "a:" * 20_000, encoding="utf-8")
    result = read_articles(tmp_path)
    assert [a.path for a in result.articles] == ["blob.txt"]
    extract_within_budget(result.articles[0].text)
