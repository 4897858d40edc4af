"""The extractor's vocabulary files (``generator/data/vocab/``) hold together: every
list a rule or the cue matcher reads exists and is well-formed, every means,
faction and bloc they name exists, so a typo in the data fails here, not silently."""

from __future__ import annotations

from importlib import resources

import pytest

from generator.extract import load_factions
from generator.extract.cues import CUES
from generator.extract.norm import norm_words
from generator.extract.rules.places import governorates
from generator.extract.vocab import LIST_KEYS, entries, expand, inflect, table, vocab_file, words
from generator.model import BLOCS, MEANS, PROVINCES

FILES = sorted(
    p.name.removesuffix(".yaml")
    for p in resources.files("generator.data").joinpath("vocab").iterdir()
    if p.name.endswith(".yaml")
)
WORD_LISTS = [
    (name, key)
    for name in FILES
    if name != "inflections"
    for key, value in vocab_file(name).items()
    if isinstance(value, list)
    and all(isinstance(v, str | bool) for v in value)
    or isinstance(value, dict)
    and set(value) <= LIST_KEYS
]


@pytest.mark.parametrize(("name", "key"), WORD_LISTS)
def test_every_word_list_reads_and_repeats_no_word(name, key):
    words_ = [w.lower() for w in entries(name, key)]
    assert words_, (name, key)
    assert len(words_) == len(set(words_)), (name, key)


@pytest.mark.parametrize(("label", "name"), sorted(CUES.items()))
def test_every_cue_list_exists_and_each_phrase_has_words(label, name):
    for phrase in entries(name, label):
        assert norm_words(phrase) or phrase in {";"}, (label, phrase)


def test_the_triggers_are_lists_the_cue_matcher_puts_on_the_doc():
    """A name in cues.yaml's triggers that no list has would leave its sentences unread."""
    from generator.extract.cues import MEANS, TRIGGERS

    assert TRIGGERS and TRIGGERS.issubset({*CUES, MEANS})
    assert {"killed_words", "injured_words", MEANS} <= TRIGGERS


def test_verbs_are_inflected_from_their_base_form():
    assert inflect("kill") == ["kill", "kills", "killed", "killing"]
    assert inflect("die") == ["die", "dies", "died", "dying"]
    assert inflect("strike", ["ed"]) == ["struck"]
    assert inflect("kidnap", ["ed", "ing"]) == ["kidnapped", "kidnapping"]
    assert "executes" in words("casualties", "killing_verbs") or "executed" in words(
        "casualties", "killing_verbs"
    )


def _typed_forms(where: str, value: object) -> list[tuple[str, str]]:
    """(word, its base) for each word a list types by hand although it is a form of
    another word the list has (a plural, a verb form, regular or in inflections.yaml)."""
    typed = value if isinstance(value, list) else value.get("words", [])  # type: ignore[union-attr]
    listed = set(expand(where, value))
    found = []
    for base in listed:
        for form in ("s",) if " " in base else ("s", "ed", "ing"):
            found.extend((w, base) for w in inflect(base, [form]) if w in typed and w != base)
    return sorted(found)


def test_no_inflection_is_typed_by_hand():
    """A word list gives a verb's base form (``verbs``) or a noun's singular (``nouns``),
    and the forms are made from it: "clash, clashes, clashed" is one verb, ``clash``."""
    typed = [
        (name, key, found)
        for name, key in WORD_LISTS
        if (found := _typed_forms(f"{name}.{key}", vocab_file(name)[key]))
    ]
    typed += [
        ("means", means, found)
        for means, spec in table("means", "means").items()
        if (found := _typed_forms(means, spec))
    ]
    typed += [
        ("attribution", source["name"], found)
        for source in table("attribution", "sources")
        if (found := _typed_forms(source["name"], source))
    ]
    assert typed == []


def test_nouns_take_their_plural():
    assert expand("test", {"nouns": ["barrel bomb", "casualty"], "words": ["dead"]}) == (
        "barrel bomb",
        "barrel bombs",
        "casualty",
        "casualties",
        "dead",
    )
    assert inflect("flee", ["ed"]) == ["fled"]  # inflections.yaml


def test_means_families_name_known_means():
    for family in table("means", "means_families"):
        assert len(family) >= 2
        assert set(family) <= set(MEANS), family


def test_default_perpetrators_are_faction_ids():
    factions = load_factions()
    for name, key in (
        ("context", "default_perpetrator"),
        ("context", "default_perpetrator_in_is_territory"),
    ):
        for means, faction in table(name, key).items():
            assert means in MEANS, (key, means)
            assert faction in factions, (key, faction)
    for faction, means in table("means", "default_means_by_perpetrator").items():
        assert faction in factions and means in MEANS


def test_blocs_named_by_the_rules_exist():
    assert set(table("means", "by_air")) <= set(BLOCS)
    assert set(table("totals", "sides_in_totals")) <= set(BLOCS)


def test_single_word_lists_are_normalised_words():
    for key in ("media_nouns", "plural_not_possessive", "place_prefixes", "not_actor_after"):
        for word in entries("gazetteer", key):
            assert norm_words(word) == (word,), (key, word)


def test_rural_damascus_resolves_to_rif_dimashq():
    assert governorates()["rif-dimashq"].kind == "governorate"
    assert "rif-dimashq" in PROVINCES


def test_one_month_table():
    """The extractor's month and weekday names are the calendar's, read by ingest too."""
    from generator.extract.candidates import anaphora
    from generator.extract.numbers import month_names
    from generator.extract.rules.dates import months, weekdays
    from generator.knowledge.calendar import MONTHS, WEEKDAYS

    assert "months" not in vocab_file("dates") and "weekdays" not in vocab_file("dates")
    assert months()["june"] == MONTHS["june"] == 6 and len(months()) == 12 and "jun" not in months()
    assert month_names() == set(MONTHS) and {"sept", "jul"} <= month_names()
    assert weekdays()["friday"] == WEEKDAYS["friday"] == 4 and "fri" not in weekdays()
    assert {"friday", "fridays", "this"} <= anaphora()


def test_each_list_names_a_rule_that_exists():
    """The comment above a list says which rule reads it ("(module.function)"): that
    function exists, so a renamed rule does not leave its words pointing nowhere."""
    import importlib
    import re

    for name in FILES:
        text = resources.files("generator.data").joinpath(f"vocab/{name}.yaml").read_text("utf-8")
        for module, function in re.findall(r"^# \w+(?:, \w+)* \((\w+)\.(\w+)", text, re.MULTILINE):
            found = None
            for package in ("generator.extract.rules", "generator.extract"):
                try:
                    found = importlib.import_module(f"{package}.{module}")
                    break
                except ModuleNotFoundError:
                    continue
            assert found is not None and hasattr(found, function), (name, module, function)
