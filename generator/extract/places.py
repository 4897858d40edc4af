"""Turn a place reading into a ``Place`` with the best coordinates known."""

from __future__ import annotations

from functools import cache

from generator.extract.lexicon import PlaceEntry, load_lexicon
from generator.model import Place

PRECISION = {
    "place": "place",
    "subdistrict": "subdistrict",
    "district": "district",
    "governorate": "governorate",
}


@cache
def governorate_centroids() -> dict[str, tuple[float, float]]:
    out: dict[str, tuple[float, float]] = {}
    for entries in load_lexicon().places.values():
        for e in entries:
            if e.kind == "governorate" and e.id.startswith("governorate:"):
                out[e.province] = (e.lat, e.lon)
    return out


def place_for_province(province: str) -> Place:
    lat, lon = governorate_centroids()[province]
    return Place(None, province, lat, lon, "governorate")


def place_for(name: str | None, province: str | None, entry: PlaceEntry | None) -> Place:
    """A known place keeps its own coordinates; an unknown village, or a governorate
    named as a region ("the southern Idlib countryside"), gets its governorate's
    centroid, with the precision saying so."""
    if entry is not None and entry.kind != "governorate":
        return Place(name, entry.province, entry.lat, entry.lon, PRECISION[entry.kind])  # type: ignore[arg-type]
    if province and province in governorate_centroids():
        lat, lon = governorate_centroids()[province]
        return Place(name, province, lat, lon, "governorate")
    return Place(name, province, None, None, "unknown")
