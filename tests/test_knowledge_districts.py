"""admin2: which district a place lies in (generator/knowledge/districts.py)."""

from __future__ import annotations

import pytest

from generator.knowledge.districts import district_named, district_of, districts
from generator.knowledge.governorates import names as governorate_names
from generator.model import Place


def test_the_table_has_syrias_62_districts_in_every_governorate():
    table = districts()
    assert len(table) == 62 and len({d.id for d in table}) == 62
    assert {d.province for d in table} == set(governorate_names())
    assert all(d.pcode and d.pcode.startswith("SY") for d in table)


@pytest.mark.parametrize(
    ("place", "district"),
    [
        (Place("Old City", "damascus"), "Damascus"),  # one district: that one
        (Place("Azaz", "aleppo"), "Azaz"),  # a district's name
        (Place("A'zaz", "aleppo"), "Azaz"),  # spelt another way
        (Place("Saraqib", "idlib"), "Idlib"),  # a subdistrict's name: its district
        (Place("Jabal al-Zawiya", "idlib", 35.7, 36.5, "place"), "Ariha"),  # nearest centre
        (Place("Tokhar", "aleppo"), "Manbij"),  # the district its gazetteer entry names
    ],
)
def test_a_place_is_put_in_its_district(place, district):
    found = district_of(place)
    assert found is not None and found.name == district and found.province == place.province


@pytest.mark.parametrize(
    "place",
    [
        Place("rural Idlib", "idlib"),  # says no more than the governorate
        Place("Idlib", "idlib", 35.93, 36.63, "governorate"),  # the governorate's centre
        Place("Somewhere", "idlib"),  # unknown, no coordinates
        Place("Azaz", None),  # no governorate: names are looked up within one
        Place("Azaz", "hama"),  # not a name of Hama's
    ],
)
def test_a_place_known_only_to_its_governorate_has_no_district(place):
    assert district_of(place) is None


@pytest.mark.parametrize(
    ("place", "named"),
    [
        (Place("Manbij", "aleppo"), "Manbij"),  # the town the district is named after
        (Place("Manbij countryside", "aleppo"), "Manbij"),
        (Place("Tokhar", "aleppo"), None),  # a village of the district
        (Place("Maskana", "aleppo"), None),  # a subdistrict of it
        (Place("Aleppo", "aleppo"), None),  # says no more than the governorate
    ],
)
def test_a_name_names_a_district_only_when_it_is_the_districts_own(place, named):
    found = district_named(place)
    assert (found.name if found else None) == named
