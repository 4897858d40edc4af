"""The data file of sources (generator/data/sources.yaml): kinds valid, every name
and alias to one source, and every attribution the extractor writes classified."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.events.sources import LISTED_KINDS, classify, known_sources
from generator.extract import load_factions
from generator.knowledge.names import name_key

DATA = Path(__file__).resolve().parent.parent / "generator" / "data"


def entries() -> list[dict]:
    return yaml.safe_load((DATA / "sources.yaml").read_text("utf-8"))["sources"]


def test_every_source_has_a_listed_kind_and_a_name():
    for e in entries():
        assert set(e) == {"name", "kind", "aliases"}, e
        assert e["kind"] in LISTED_KINDS, e
        assert name_key(e["name"]), e


def test_every_name_and_alias_is_one_source_only():
    seen: dict[str, str] = {}
    for e in entries():
        for spelling in (e["name"], *e["aliases"]):
            key = name_key(spelling)
            assert key, spelling
            assert seen.setdefault(key, e["name"]) == e["name"], (
                f"{spelling!r} names {seen[key]} and {e['name']}"
            )
    assert len(known_sources()) == len(seen)


def test_no_listed_source_is_a_faction_of_another_kind():
    """A faction's name as an attribution is a party; a listed source may share a
    faction's spelling only if it is a party too."""
    faction_keys = {name_key(s) for f in load_factions().values() for s in (f.name, *f.aliases)}
    for e in entries():
        for spelling in (e["name"], *e["aliases"]):
            if name_key(spelling) in faction_keys:
                assert e["kind"] == "party", (spelling, e["kind"])


def extractor_source_names() -> set[str]:
    """The names the extractor writes as an attribution: every ``sources`` list of
    ``{name, words}`` in its data files (wherever the extractor keeps them)."""
    names: set[str] = set()
    for path in DATA.rglob("*.yaml"):
        doc = yaml.safe_load(path.read_text("utf-8"))
        if isinstance(doc, dict) and isinstance(doc.get("sources"), list):
            for item in doc["sources"]:
                if isinstance(item, dict) and "words" in item:
                    names.add(item["name"])
    return names


def test_every_attribution_the_extractor_writes_is_classified():
    names = extractor_source_names()
    assert len(names) >= 10
    for name in sorted(names):
        assert classify(name, None, load_factions()).kind in LISTED_KINDS, name
