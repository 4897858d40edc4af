"""Names reduced to plain words (generator.knowledge.names)."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.knowledge.names import name_words


def _folded_words(name: str) -> list[str]:
    """name_words by the long way for every name: NFKD, combining marks dropped."""
    import re

    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"[\u2018\u2019'`\u02bc\u02bf\u02be]", "", s)
    return re.sub(r"[^a-z0-9]+", " ", s).split()


def test_accents_and_apostrophes_fold() -> None:
    assert name_words("Ma'arrat al-Nu’man") == ["maarrat", "al", "numan"]
    assert name_words("Ḥalab") == ["halab"]


@settings(max_examples=400)
@given(st.text(max_size=30) | st.text(alphabet="abcXYZ '-`,.0é\u0301ʼ", max_size=30))
def test_the_ascii_shortcut_gives_the_words_of_the_long_way(name: str) -> None:
    assert name_words(name) == _folded_words(name)
