"""Place names compared across articles (generator/knowledge/placenames.py): spellings and
coarse names."""

from __future__ import annotations

import pytest

from generator.knowledge.placenames import (
    directions,
    governorate_keys,
    is_coarse,
    place_key,
    places_compatible,
)


@pytest.mark.parametrize(
    "names",
    [
        ("Foua", "Fua", "Fuaa", "al-Foua", "Al Fuaa"),
        ("Rashideen", "Rashidin", "al-Rashideen", "the town of Rashidin"),
        ("Tareeq al-Bab", "Tariq al-Bab", "Tariq el-Bab"),
        ("Khan Sheikhoun", "Khan Shaykhun", "Khan Sheikhun", "Khan-Shaikhoun"),
        ("Ma'arrat al-Nu'man", "Maarat al-Numan", "Maaret Al Numan"),
        ("Kafranbel", "Kafr Nabl"),
        ("Deir ez-Zor", "Deir al-Zour", "Deir el-Zor"),
        ("Ras al-Ain", "Ras al-Ayn"),
        ("Douma", "Duma"),
        ("Jisr al-Shughour", "Jisr ash-Shughur"),
        ("El-Bab", "al Bab"),
        ("Saraqib", "Saraqeb"),
        ("Tall Tawil", "Tal Tawil"),
        ("Tabqa", "al Tabaqa", "Tabqah"),
        ("Mayadin", "Mayadeen"),
    ],
)
def test_spellings_of_one_place_have_one_key(names: tuple[str, ...]) -> None:
    keys = [place_key(n) for n in names]
    for name, key in zip(names, keys, strict=True):
        assert places_compatible(keys[0], key) == 2, (names[0], name)


@pytest.mark.parametrize(
    "a, b",
    [
        ("Douma", "Harasta"),
        ("Saraqib", "Sarmin"),
        ("Azaz", "Afrin"),
        ("Tal Rifaat", "Tal Abyad"),
        ("Foua", "Kafraya"),
        ("Rashidin", "Ramouseh"),
        ("southern Idlib", "northern Idlib"),
        ("Eastern Ghouta", "Western Ghouta"),
        ("southern Idlib", "eastern Idlib"),
    ],
)
def test_different_places_do_not_agree(a: str, b: str) -> None:
    assert places_compatible(place_key(a), place_key(b)) == 0


def test_one_name_within_another_agrees_less() -> None:
    assert places_compatible(place_key("Ghouta"), place_key("Eastern Ghouta")) == 1
    assert places_compatible(place_key("Idlib"), place_key("southern Idlib")) == 1
    assert places_compatible(place_key("Douma"), place_key("Douma countryside")) == 2
    assert places_compatible(None, place_key("Douma")) == 0


def test_directions_are_kept_whole_not_folded() -> None:
    # "eastern", "western" and "southern" share one consonant skeleton
    assert place_key("eastern Ghouta") != place_key("western Ghouta")
    assert directions(place_key("the northwestern Idlib countryside")) == {"@nw"}
    assert directions(place_key("Rural Damascus")) == frozenset()
    assert place_key(None) is None and place_key("the town of") is None


@pytest.mark.parametrize(
    "name",
    [
        "Idlib",
        "Idlib province",
        "the northwestern Idlib countryside",
        "Aleppo city",
        "the city of Aleppo",
        "west Aleppo",
        "Aleppos outskirts",
        "Syrian capital",
        "suburbs of Damascus",
        "Rural Damascus",
        "Deir Ezzor province",
        "the city of Raqa",
        "Hassakeh city",
        "Syria",
    ],
)
def test_names_of_a_governorate_are_coarse(name: str) -> None:
    assert is_coarse(place_key(name))


@pytest.mark.parametrize(
    "name", ["Khan Sheikhoun", "Eastern Ghouta", "Manbij countryside", "Fuaa", "Tariq al-Bab"]
)
def test_towns_and_districts_are_not_coarse(name: str) -> None:
    assert not is_coarse(place_key(name))


def test_no_name_is_not_coarse() -> None:
    assert not is_coarse(None)


def test_governorate_keys_come_from_the_gazetteer() -> None:
    keys = governorate_keys()
    # qualifiers (directions, "rural") are not part of the keys: "Rural Damascus" -> Damascus
    assert place_key("Idlib") in keys and place_key("Damascus countryside") in keys
    assert place_key("Khan Sheikhoun") not in keys


@pytest.mark.parametrize(
    ("a", "b"),
    [("Urum Alkobra", "Orum al-Kubrah"), ("Jayruds", "Jayrud"), ("Foua", "al-Fuaa"),
     ("Rashideen", "Rashidin"), ("Tareeq al-Bab", "Tariq al-Bab")],
)  # fmt: skip
def test_spellings_of_one_place_are_the_same_place(a: str, b: str) -> None:
    assert places_compatible(place_key(a), place_key(b)) == 2


def test_a_final_s_is_dropped_only_from_longer_names() -> None:
    assert places_compatible(place_key("Homs"), place_key("Hom")) == 0


def test_the_arabic_article_is_the_extractors_list() -> None:
    # one list (vocab/norm.yaml, generator.knowledge.arabic): every form the
    # extractor's NORM drops ("en-", as in "Ras en-Naqoura"), place keys drop too
    from generator.knowledge.arabic import ALL_ARTICLES

    for article in ALL_ARTICLES:
        assert place_key(f"Ras {article}-Naqoura") == place_key("Ras Naqoura"), article
