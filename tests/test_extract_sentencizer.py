"""The pipeline's sentencizer reads spaCy's rule from the token arrays
(``generator/extract/sentencizer.py``): it must start exactly the sentences spaCy's
own ``Sentencizer`` starts, on real articles and on the punctuation edge cases."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.pipeline import Sentencizer

from generator.extract.pipeline import get_nlp
from generator.extract.sentencizer import ArraySentencizer

ROOT = Path(__file__).resolve().parent.parent
EDGE_CASES = [
    "",
    ".",
    "...",
    "Idlib",
    "Five were killed. Two were injured!",
    "Shelling hit Idlib... (AFP) - Rebels said so.",
    '"They fled." "Who?" Nobody knows?! Yes.',
    "Ten killed . . . and more . Then: 'quiet'.",
    "The U.S. said. )]. Next one ? ! Last",
    "Killed in Aleppo。Two more？ And ！",
    "\n\nA line\n\n. Another line\n",
]


def _texts() -> list[str]:
    articles = sorted((ROOT / "articles").glob("*"))
    gold = sorted((ROOT.parent / "shared" / "corpus" / "gold-dev").glob("*.txt"))
    return EDGE_CASES + [p.read_text(encoding="utf-8") for p in articles + gold if p.is_file()]


@pytest.mark.parametrize("punct_chars", [None, [".", "!"]])
def test_array_sentencizer_guesses_as_spacys(punct_chars: list[str] | None) -> None:
    nlp = spacy.blank("en")
    ours = ArraySentencizer(punct_chars=punct_chars)
    theirs = Sentencizer(punct_chars=punct_chars)
    docs = [nlp.make_doc(text) for text in _texts()]
    assert len(docs) > len(EDGE_CASES)
    for doc in docs:
        assert ours.predict([doc]) == theirs.predict([doc]), doc.text[:80]
    assert ours.predict(docs) == theirs.predict(docs)


def test_the_pipeline_uses_it() -> None:
    sentencizer = get_nlp().get_pipe("sentencizer")
    assert isinstance(sentencizer, ArraySentencizer)
    doc = get_nlp()("Five were killed in Idlib. Two were injured in Hama.")
    assert [s.text for s in doc.sents] == [
        "Five were killed in Idlib.",
        "Two were injured in Hama.",
    ]
