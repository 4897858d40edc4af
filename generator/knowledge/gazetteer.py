"""Where a named place is, for a place name an analyst writes (a correction).

The extractor finds places in running text with its own matcher; an analyst
who corrects a place writes one name and its governorate, and the place needs
coordinates to go on the map and into the downloads. :func:`locate` looks the
name up in the gazetteer (``generator/data/places.jsonl``) within the
governorate, comparing names as :func:`~generator.knowledge.placenames.place_key`
does (so "Khan Shaykhun" finds "Khan Sheikhoun"), and otherwise falls back to
the governorate's centroid, with the precision saying so, as the extractor does
for a village it does not know.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from generator.knowledge.governorates import centroids
from generator.knowledge.placenames import PlaceKey, place_key
from generator.model import Place

__all__ = ["locate"]

#: When a name fits several entries of one governorate: the most precise first.
_KIND_ORDER = ("place", "subdistrict", "district")


@cache
def _index() -> dict[tuple[str, PlaceKey], tuple[float, float, str]]:
    """(province, key of a spelling) -> (latitude, longitude, kind), the entries of
    kinds finer than a governorate, the first entry of the finest kind winning."""
    text = resources.files("generator.data").joinpath("places.jsonl").read_text("utf-8")
    entries = [json.loads(line) for line in text.splitlines() if line.strip()]
    entries = [e for e in entries if e.get("kind") in _KIND_ORDER]
    entries.sort(key=lambda e: _KIND_ORDER.index(e["kind"]))
    out: dict[tuple[str, PlaceKey], tuple[float, float, str]] = {}
    for e in entries:
        for spelling in (e["name"], *e.get("aliases", ())):
            key = place_key(spelling)
            if key is not None:
                out.setdefault((e["province"], key), (e["lat"], e["lon"], e["kind"]))
    return out


def locate(name: str | None, province: str | None) -> Place:
    """A Place for ``name`` in ``province``: the gazetteer's coordinates and kind when
    it lists the name there, else the governorate's centroid (precision
    ``governorate``), else no coordinates (``unknown``)."""
    key = place_key(name)
    if province is not None and key is not None:
        found = _index().get((province, key))
        if found is not None:
            lat, lon, kind = found
            return Place(name, province, lat, lon, kind)  # type: ignore[arg-type]
    centroid = centroids().get(province) if province else None
    if centroid is not None:
        return Place(name, province, centroid[0], centroid[1], "governorate")
    return Place(name, province, None, None, "unknown")
