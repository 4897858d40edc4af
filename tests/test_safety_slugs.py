"""slugify_title: unique, stable, file-system safe, never empty."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from generator.safety.slugs import RESERVED, slugify_title

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


def test_disambiguate_suffixes_come_from_the_key_not_the_order():
    from generator.safety.slugs import disambiguate, key_hash

    names = disambiguate([("a/x.txt", "x"), ("b/x.txt", "x"), ("y.txt", "y")])
    assert names == {"a/x.txt": "x", "b/x.txt": f"x-{key_hash('b/x.txt')[:8]}", "y.txt": "y"}
    more = disambiguate([("a/x.txt", "x"), ("a2/x.txt", "X"), ("b/x.txt", "x"), ("y.txt", "y")])
    assert {k: more[k] for k in names} == names  # adding an item renamed nothing


def test_disambiguate_respects_reserved_names_and_length():
    from generator.safety.slugs import disambiguate

    names = disambiguate(
        [("1", "index"), ("2", "notes"), ("3", "w" * 80)],
        reserved=["Index", "notes"],
        max_len=30,
    )
    assert names["1"].startswith("index-") and names["2"].startswith("notes-")
    assert names["3"] == "w" * 80  # a free name is never cut; only suffixed ones are bounded
    clash = disambiguate([("a", "w" * 80), ("b", "w" * 80)], max_len=30)
    assert len(clash["b"]) == 30 and clash["b"] != clash["a"]


@given(
    st.lists(
        st.tuples(st.text(max_size=8), st.sampled_from(["x", "X", "x-1", "y"])),
        max_size=30,
        unique_by=lambda kv: kv[0],
    ),
    st.lists(st.sampled_from(["x", "y", "index"]), max_size=3),
)
def test_property_disambiguate_gives_distinct_names(items, reserved):
    from generator.safety.slugs import disambiguate

    names = disambiguate(items, reserved=reserved)
    folded = [n.casefold() for n in names.values()]
    assert len(set(folded)) == len(folded) == len(items)
    assert not set(folded) & {r.casefold() for r in reserved}
