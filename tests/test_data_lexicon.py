"""The lexicon's cross-references hold: every means, faction and word list a rule
reads exists and is well-formed, so a typo in the data fails here, not silently."""

from __future__ import annotations

from generator.extract import load_factions
from generator.extract.lexicon import load_lexicon, norm_words
from generator.model import MEANS, PROVINCES

CONFIG = load_lexicon().config


def test_means_families_name_known_means():
    for family in CONFIG["means_families"]:
        assert len(family) >= 2
        assert set(family) <= set(MEANS), family


def test_default_perpetrators_are_faction_ids():
    factions = load_factions()
    for key in (
        "default_perpetrator",
        "default_perpetrator_in_is_territory",
        "default_means_by_perpetrator",
    ):
        table = CONFIG[key]
        for means, faction in table.items():
            if key == "default_means_by_perpetrator":
                means, faction = faction, means
            assert means in MEANS, (key, means)
            assert faction is None or faction in factions, (key, faction)


def test_single_word_lists_are_normalised_words():
    for key in ("media_nouns", "plural_not_possessive", "place_prefixes", "not_actor_after"):
        words = CONFIG[key]
        assert words, key
        for word in words:
            assert norm_words(str(word)) == (str(word),), (key, word)


def test_phrase_lists_normalise_to_something():
    for key in ("responsibility_cues", "bombing_nouns", "period_cues", "retrospective_cues"):
        for phrase in CONFIG[key]:
            assert norm_words(str(phrase)), (key, phrase)


def test_rural_damascus_resolves_to_rif_dimashq():
    entries = load_lexicon().places[("rif", "dimashq")]
    assert any(e.kind == "governorate" and e.province == "rif-dimashq" for e in entries)
    assert "rif-dimashq" in PROVINCES


def test_word_lists_have_no_duplicates():
    for key in (
        "media_nouns",
        "plural_not_possessive",
        "place_prefixes",
        "not_actor_after",
        "responsibility_cues",
        "bombing_nouns",
    ):
        words = [str(w) for w in CONFIG[key]]
        assert len(words) == len(set(words)), key
