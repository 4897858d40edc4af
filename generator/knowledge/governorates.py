"""Syria's 14 governorates: their names, codes and centroids, each read from one place.

- ids: :data:`generator.model.PROVINCES` (the evaluation contract's), in the order
  every page lists them;
- display names, GeoNames admin1 and ISO 3166-2 codes:
  ``generator/data/governorate_labels.yaml`` (OpenSyria and GeoNames);
- centroids: the governorate entries of the gazetteer, ``generator/data/places.jsonl``
  (OpenSyria Data Geography v0.1.3, CC BY 4.0, attributed in ``NOTICE.md``): the
  point the extractor gives a place known only by its governorate, and the point
  the downloads give an incident with a governorate and no coordinates, so the two
  never disagree. (The map draws Natural Earth's outlines, whose own centres only
  place its labels: see :func:`generator.pages.map.outline_centres`.)
- spellings: the same gazetteer entries' aliases (:func:`gazetteer_entries`).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import yaml

from generator.model import PROVINCES

__all__ = [
    "AROUND_CAPITAL",
    "CAPITAL",
    "admin1_codes",
    "centroids",
    "gazetteer_entries",
    "gazetteer_ids",
    "names",
]

CAPITAL = "damascus"
AROUND_CAPITAL = "rif-dimashq"
"""Damascus is an enclave inside Rif Dimashq, and outlets use either name for the
other ("Damascus" in a headline is as often its suburbs, Eastern Ghouta or Douma,
as the city; "rural Damascus" is Rif Dimashq)."""


def _data(name: str) -> str:
    return resources.files("generator.data").joinpath(name).read_text(encoding="utf-8")


@cache
def _labels() -> dict[str, dict[str, str]]:
    data = yaml.safe_load(_data("governorate_labels.yaml"))
    return {p: data[p] for p in PROVINCES}


@cache
def names() -> dict[str, str]:
    """Province id -> the name the site shows ("deir-ez-zor" -> "Deir ez-Zor"), in
    ``PROVINCES`` order."""
    return {p: str(label["name"]) for p, label in _labels().items()}


@cache
def admin1_codes() -> dict[str, str]:
    """GeoNames admin1 code as the map's outlines carry it ("SY.09") -> province id."""
    return {f"SY.{label['admin1']}": p for p, label in _labels().items()}


@cache
def gazetteer_entries() -> tuple[dict[str, Any], ...]:
    """The gazetteer's entries of kind ``governorate``, as written in ``places.jsonl``:
    one per governorate from OpenSyria (id ``governorate:...``) and the curated ones
    that add spellings ("Idleb", "Rural Damascus", "Syrian capital")."""
    lines = _data("places.jsonl").splitlines()
    entries = (json.loads(line) for line in lines if line.strip())
    return tuple(e for e in entries if e.get("kind") == "governorate")


@cache
def gazetteer_ids() -> dict[str, str]:
    """Province id -> the id of its OpenSyria entry in ``places.jsonl``
    ("governorate:..."), the one whose point is the governorate's centroid (the
    curated entries only add spellings), in ``PROVINCES`` order."""
    entries = gazetteer_entries()
    found = {e["province"]: e["id"] for e in entries if e["id"].startswith("governorate:")}
    return {p: found[p] for p in PROVINCES}


@cache
def centroids() -> dict[str, tuple[float, float]]:
    """Province id -> (latitude, longitude) of its centroid, from OpenSyria, in
    ``PROVINCES`` order; numbers as written there (Raqqa's latitude is ``36``), as
    the extractor reads them."""
    by_id = {e["id"]: (e["lat"], e["lon"]) for e in gazetteer_entries()}
    return {p: by_id[i] for p, i in gazetteer_ids().items()}
