"""slugify_title: unique, stable, file-system safe, never empty."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from generator.slugs import RESERVED, slugify_title

SAFE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def test_identical_titles_get_distinct_stable_slugs():
    titles = ["Dozens dead in Idlib", "Dozens dead in Idlib", "Dozens dead in Idlib"]
    taken: set[str] = set()
    first = [slugify_title(t, taken=taken) for t in titles]
    taken2: set[str] = set()
    second = [slugify_title(t, taken=taken2) for t in titles]
    assert (
        first
        == second
        == ["dozens-dead-in-idlib", "dozens-dead-in-idlib-2", "dozens-dead-in-idlib-3"]
    )
    assert taken == taken2 == set(first)


def test_unicode_is_transliterated():
    assert slugify_title("Ḥamāh: Ma‘arrat al-Nu‘mān", taken=set()) == "hamah-maarrat-al-numan"
    assert SAFE.fullmatch(slugify_title("حلب", taken=set()))


def test_no_traversal_reserved_or_empty():
    assert slugify_title("../../etc/passwd", taken=set()) == "etc-passwd"
    assert slugify_title("CON", taken=set()) == "con-page"
    assert slugify_title("com1", taken=set()) == "com1-page"
    assert slugify_title("", taken=set()) == "untitled"
    emoji = slugify_title("🔥🔥", taken=set())
    assert emoji.startswith("untitled-") and emoji == slugify_title("🔥🔥", taken=set())


def test_bounded_length_even_with_suffix():
    taken: set[str] = set()
    long = "word " * 100
    slugs = [slugify_title(long, taken=taken, max_len=30) for _ in range(12)]
    assert len(set(slugs)) == 12
    assert all(len(s) <= 30 for s in slugs)
    assert slugs[11].endswith("-12")


@given(st.lists(st.text(max_size=120), max_size=20), st.integers(min_value=0, max_value=120))
def test_property_safe_and_unique(titles, max_len):
    taken: set[str] = set()
    slugs = [slugify_title(t, taken=taken, max_len=max_len) for t in titles]
    assert len(set(slugs)) == len(slugs)
    for s in slugs:
        assert SAFE.fullmatch(s), s
        assert len(s) <= max(max_len, 20)
        assert s not in RESERVED
