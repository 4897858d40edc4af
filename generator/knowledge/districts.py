"""Which district (admin2) a place lies in, for the downloads' ``admin2`` column.

The districts and their subdistricts are OpenSyria's
(``generator/data/districts.jsonl``, built by ``tools/build_districts.py``). A
place is put in a district, within its own governorate:

1. when the governorate has a single district (Damascus), that one;
2. by name: a place named as a district or a subdistrict is in that district
   (names compared as :func:`~generator.knowledge.placenames.place_key` does:
   "Azaz", "A'zaz"); a name that says no more than the governorate
   ("Aleppo", "rural Idlib") is in none;
3. by the gazetteer: a place whose entry in ``places.jsonl`` names its district
   (the optional ``district`` of a hand-written entry: "Tokhar", a village of
   Manbij district);
4. by coordinates, for a place with its own (precision ``place``,
   ``subdistrict`` or ``district``): the district of the nearest subdistrict
   centre. Right for most towns; near a district boundary it can be the
   neighbour, since OpenSyria gives centres, not boundaries.

Otherwise no district: a place known only to its governorate is in none.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from generator.knowledge.placenames import PlaceKey, is_coarse, place_key
from generator.model import Place

__all__ = ["District", "district_named", "district_of", "districts"]


@dataclass(frozen=True)
class District:
    id: str
    """OpenSyria's id ("sy-aleppo-azaz")."""
    name: str
    province: str
    pcode: str | None
    """OCHA's P-code ("SY0205")."""


@dataclass(frozen=True)
class _Centre:
    lat: float
    lon: float
    district: District


@cache
def _tables() -> tuple[
    dict[str, District],
    dict[tuple[str, PlaceKey], District],
    dict[str, list[_Centre]],
    dict[tuple[str, PlaceKey], District],
]:
    """By id; by name (a district's own names first, then its subdistricts'); the
    subdistricts' centres by province; by a district's own names alone."""
    text = resources.files("generator.data").joinpath("districts.jsonl").read_text("utf-8")
    by_id: dict[str, District] = {}
    by_name: dict[tuple[str, PlaceKey], District] = {}
    sub_names: dict[tuple[str, PlaceKey], District] = {}
    centres: dict[str, list[_Centre]] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        d = District(rec["id"], rec["name"], rec["province"], rec.get("pcode"))
        by_id[d.id] = d
        for spelling in (rec["name"], *rec["aliases"]):
            key = place_key(spelling)
            if key is not None:
                by_name.setdefault((d.province, key), d)
        for sub in rec["subdistricts"]:
            centres.setdefault(d.province, []).append(_Centre(sub["lat"], sub["lon"], d))
            for spelling in (sub["name"], *sub["aliases"]):
                key = place_key(spelling)
                if key is not None:
                    sub_names.setdefault((d.province, key), d)
    own = dict(by_name)
    for name, district in sub_names.items():  # a district's own name first
        by_name.setdefault(name, district)
    return by_id, by_name, centres, own


@cache
def _own_names() -> dict[tuple[str, PlaceKey], District]:
    """(province, key) -> the district with that name of its own (not a subdistrict's):
    "Manbij", "Azaz", the towns districts are named after."""
    return _tables()[3]


@cache
def _gazetteer_districts() -> dict[tuple[str, PlaceKey], District]:
    """(province, key of a spelling) -> District, for the gazetteer's entries that
    name their district (``"district"`` in ``places.jsonl``)."""
    by_id = _tables()[0]
    text = resources.files("generator.data").joinpath("places.jsonl").read_text("utf-8")
    out: dict[tuple[str, PlaceKey], District] = {}
    for line in text.splitlines():
        rec = json.loads(line) if line.strip() else {}
        if rec.get("district") in by_id:
            for spelling in (rec["name"], *rec.get("aliases", ())):
                key = place_key(spelling)
                if key is not None:
                    out.setdefault((rec["province"], key), by_id[rec["district"]])
    return out


def districts() -> tuple[District, ...]:
    """Every district, sorted by id."""
    return tuple(sorted(_tables()[0].values(), key=lambda d: d.id))


def _nearest(lat: float, lon: float, centres: list[_Centre]) -> District:
    scale = math.cos(math.radians(lat))
    return min(centres, key=lambda c: (c.lat - lat) ** 2 + ((c.lon - lon) * scale) ** 2).district


@lru_cache(maxsize=65536)
def district_of(place: Place) -> District | None:
    """The district ``place`` lies in, or None (see the module docstring)."""
    if place.province is None:
        return None
    by_id, by_name, centres, _ = _tables()
    own = sorted({c.district.id for c in centres.get(place.province, ())})
    if len(own) == 1:
        return by_id[own[0]]
    key = place_key(place.name)
    if key is not None and not is_coarse(key):
        found = by_name.get((place.province, key)) or _gazetteer_districts().get(
            (place.province, key)
        )
        if found is not None:
            return found
    if (
        place.precision in ("place", "subdistrict", "district")
        and place.latitude is not None
        and place.longitude is not None
        and centres.get(place.province)
    ):
        return _nearest(place.latitude, place.longitude, centres[place.province])
    return None


def district_named(place: Place) -> District | None:
    """The district ``place``'s name is the name of ("Manbij", "Manbij countryside",
    "A'zaz"): the district's own name, which is its main town's, not a subdistrict's
    or a village's; None for any other name."""
    key = place_key(place.name)
    if place.province is None or key is None or is_coarse(key):
        return None
    return _own_names().get((place.province, key))
