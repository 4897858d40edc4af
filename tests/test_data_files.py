"""The extractor's data files: ids unique, every alias to one id, vocabularies valid."""

from __future__ import annotations

import json
from importlib import resources

from generator.extract import load_factions
from generator.extract.norm import norm_words
from generator.extract.vocab import table
from generator.model import BLOCS, MEANS, PROVINCES


def jsonl(name: str) -> list[dict]:
    text = resources.files("generator.data").joinpath(name).read_text("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_place_ids_are_unique_and_provinces_valid():
    places = jsonl("places.jsonl")
    ids = [p["id"] for p in places]
    assert len(ids) == len(set(ids))
    assert {p["province"] for p in places} == set(PROVINCES)
    assert all(p["kind"] in {"governorate", "district", "subdistrict", "place"} for p in places)
    assert all(32 <= p["lat"] <= 38 and 35 <= p["lon"] <= 43 for p in places)


def test_every_faction_has_a_valid_bloc_and_its_aliases_map_to_it_alone():
    factions = load_factions()
    assert all(f.bloc in BLOCS for f in factions.values())
    seen: dict[tuple[str, ...], str] = {}
    for f in factions.values():
        for alias in f.aliases:
            key = norm_words(alias)
            assert seen.setdefault(key, f.id) == f.id, f"{alias!r} names {seen[key]} and {f.id}"


def test_gold_faction_ids_exist():
    gold = {
        "syrian-government",
        "russia",
        "iran-backed-militias",
        "hts",
        "islamic-state",
        "sdf",
        "syrian-national-army",
        "national-front-for-liberation",
        "free-syrian-army",
        "jaysh-al-izza",
        "turkey",
        "us-led-coalition",
        "israel",
        "unidentified",
    }
    assert gold <= set(load_factions())


def test_means_vocabulary_matches_the_contract():
    means = table("means", "means")
    assert set(means) <= set(MEANS)
    assert set(MEANS) - set(means) == {"other", "unknown"}


def test_every_governorate_has_a_gazetteer_entry():
    governorates = {p["province"] for p in jsonl("places.jsonl") if p["kind"] == "governorate"}
    assert governorates == set(PROVINCES)


def test_every_faction_and_the_civilians_have_an_acled_actor_type():
    """inter1/inter2 of the downloads: a faction added without its ACLED code would
    leave the column empty for its events."""
    from generator.knowledge import acled
    from generator.knowledge.factions import CIVILIANS

    factions = {f["id"] for f in jsonl("factions.jsonl")}
    assert set(acled.codes()["inter"]) == factions | {CIVILIANS}
    assert all(acled.inter(f) in range(1, 9) for f in factions)
    assert acled.interaction(acled.inter("syrian-government"), acled.inter(CIVILIANS)) == 17
    assert acled.time_precision("day") == 1 and acled.geo_precision("governorate") == 3
