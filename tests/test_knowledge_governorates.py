"""The governorates' names, codes and centroids: one source each, in PROVINCES order."""

from __future__ import annotations

from generator.extract import place_for_province
from generator.knowledge.governorates import admin1_codes, centroids, gazetteer_entries, names
from generator.model import PROVINCES
from generator.pages.map import UNDOF, outlines


def test_names_and_centroids_cover_the_fourteen_in_order():
    assert list(names()) == list(centroids()) == list(PROVINCES)
    assert names()["deir-ez-zor"] == "Deir ez-Zor" and names()["hasakah"] == "Al-Hasakah"


def test_admin1_codes_name_every_outline_of_the_map():
    assert sorted(admin1_codes().values()) == sorted(PROVINCES)
    assert {o.code for o in outlines()} == {*admin1_codes(), UNDOF}
    assert admin1_codes()["SY.09"] == "aleppo"


def test_centroids_are_opensyrias_and_the_extractors():
    """OpenSyria's governorate entries of the gazetteer (attributed in NOTICE.md): the
    point the extractor gives a place known only by its governorate."""
    assert centroids()["aleppo"] == (36.25, 37.61667)
    opensyria = [e for e in gazetteer_entries() if e["id"].startswith("governorate:")]
    assert sorted(e["province"] for e in opensyria) == sorted(PROVINCES)
    for province, (lat, lon) in centroids().items():
        place = place_for_province(province)
        assert (place.latitude, place.longitude) == (lat, lon), province
        assert place.precision == "governorate"


def test_the_extractor_reads_the_governorates_entries_through_their_one_home():
    """``rules.places.governorates`` (the entries rural Damascus and namesakes are read
    against) is the gazetteer's entry of each ``gazetteer_ids``: the same points."""
    from generator.extract.rules.places import governorates
    from generator.knowledge.governorates import gazetteer_ids

    assert {p: e.id for p, e in governorates().items()} == gazetteer_ids()
    assert {p: (e.lat, e.lon) for p, e in governorates().items()} == centroids()


def test_gazetteer_entries_are_every_governorate_spelling():
    spellings = {a for e in gazetteer_entries() for a in (e["name"], *e["aliases"])}
    assert {"Idleb", "Rural Damascus", "Syrian capital", "Deir Ezzor"} <= spellings
    assert {e["kind"] for e in gazetteer_entries()} == {"governorate"}


def test_the_capital_and_the_governorate_around_it_are_governorates():
    """One fact read by the extractor ("rural Damascus") and the merge (reports placed
    in either may be one event)."""
    from generator.events.rules import province_block
    from generator.knowledge.governorates import AROUND_CAPITAL, CAPITAL

    assert {CAPITAL, AROUND_CAPITAL} <= set(PROVINCES)
    assert province_block(AROUND_CAPITAL) == province_block(CAPITAL) == "damascus"
