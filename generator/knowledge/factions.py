"""Who attacks and who is hit: a faction id (``generator/data/factions.jsonl``), or a
target that is no faction.

What the extractor writes for a side is one of these, or None where the text names
nobody; this is how each is named for a reader.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib import resources

from generator.model import Faction

__all__ = [
    "CIVILIANS",
    "GOVERNMENT",
    "TARGET_GROUPS",
    "UNIDENTIFIED",
    "faction_name",
    "load_factions",
]

CIVILIANS = "civilians"
TARGET_GROUPS = (CIVILIANS,)
"""Targets that are not factions."""
GOVERNMENT = "syrian-government"
"""The id of the Syrian government's forces in ``factions.jsonl``, which rules name."""
UNIDENTIFIED = "unidentified"
"""The id of attackers the text does not identify ("gunmen"): a perpetrator, but no
side to tell two reports apart by."""


def faction_name(
    faction_id: str | None, factions: Mapping[str, Faction] | None, *, none: str = "not stated"
) -> str:
    """A perpetrator's or target's name: a listed faction's, "Civilians", else the id
    (an id the extractor no longer lists); ``none`` where the text names nobody."""
    if faction_id is None:
        return none
    if faction_id == CIVILIANS:
        return "Civilians"
    faction = (factions or {}).get(faction_id)
    return faction.name if faction else faction_id


@cache
def _factions() -> dict[str, Faction]:
    text = resources.files("generator.data").joinpath("factions.jsonl").read_text("utf-8")
    records = [json.loads(line) for line in text.splitlines() if line.strip()]
    return {r["id"]: Faction(r["id"], r["name"], r["bloc"], tuple(r["aliases"])) for r in records}


def load_factions() -> dict[str, Faction]:
    """Every faction of ``generator/data/factions.jsonl``, by id, sorted. Read here,
    not by the extractor, so that what only reports on factions (the merge into
    events, the JSON, a ``--dask`` client) need not import spaCy."""
    return dict(sorted(_factions().items()))
