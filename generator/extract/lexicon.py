"""The extractor's knowledge, loaded once from ``generator/data``.

Places and factions are matched on *normalised words* so that one alias
covers its spellings: case, accents, apostrophes ("Dar'a"), hyphens
("al-Zawiya" / "al Zawiya") and the Arabic article ("al-", "el-", "ad-",
"ash-"...) do not matter. Other spellings ("Idleb", "Hayaat") are aliases in
the data files. Every alias maps to one id.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import yaml

from generator.model import Faction

ARTICLES = {"al", "el"}
"""Dropped wherever they stand: "al Zawiya" == "Zawiya"."""
HYPHEN_ARTICLES = {"ad", "ar", "as", "ash", "at", "ath", "az", "ez", "es", "an", "ed", "adh", "en"}
"""Dropped only when a hyphen ties them to the next word ("as-Suwayda"): on
their own they are English words."""

_WORD_RE = re.compile(
    r"(?:[A-Z]\.){2,}|[A-Za-z0-9\u00c0-\u024f\u1e00-\u1eff]+(?:['\u2019\u02bc\u02bf\u02be`][A-Za-z]+)*|\S"
)


@lru_cache(maxsize=200_000)
def norm_word(word: str) -> str:
    """'Dar'a' -> 'dara', 'Ḩamāh' -> 'hamah'."""
    text = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in text if ch.isalnum())


def norm_words(text: str) -> tuple[str, ...]:
    """The normalised content words of a phrase, articles dropped."""
    raw = _WORD_RE.findall(text)
    out: list[str] = []
    for i, tok in enumerate(raw):
        if tok == "-" or not any(ch.isalnum() for ch in tok):
            continue
        word = norm_word(tok)
        nxt = raw[i + 1] if i + 1 < len(raw) else ""
        if word in ARTICLES or (word in HYPHEN_ARTICLES and nxt == "-"):
            continue
        if word:
            out.append(word)
    return tuple(out)


def _data(name: str) -> str:
    return resources.files("generator.data").joinpath(name).read_text(encoding="utf-8")


def _jsonl(name: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in _data(name).splitlines() if line.strip()]


@dataclass(frozen=True)
class PlaceEntry:
    id: str
    name: str
    province: str
    kind: str
    """governorate | district | subdistrict | place"""
    lat: float
    lon: float
    population: int = 0


KIND_RANK = {"governorate": 0, "district": 1, "subdistrict": 2, "place": 3}


@dataclass(frozen=True)
class Lexicon:
    places: dict[tuple[str, ...], tuple[PlaceEntry, ...]]
    factions: dict[tuple[str, ...], str]
    generic_factions: dict[tuple[str, ...], str]
    faction_records: dict[str, Faction]
    config: dict[str, Any]
    max_len: int
    place_lengths: dict[str, tuple[int, ...]]
    """First word of a place alias -> the lengths of aliases starting with it, longest first."""
    faction_lengths: dict[str, tuple[int, ...]]

    def phrases(self, key: str) -> set[tuple[str, ...]]:
        return {norm_words(w) for w in self.config[key]}


@cache
def load_lexicon() -> Lexicon:
    places: dict[tuple[str, ...], list[PlaceEntry]] = {}
    for rec in _jsonl("places.jsonl"):
        entry = PlaceEntry(
            rec["id"],
            rec["name"],
            rec["province"],
            rec["kind"],
            rec["lat"],
            rec["lon"],
            rec.get("population", 0),
        )
        for alias in {rec["name"], *rec["aliases"]}:
            key = norm_words(alias)
            if key and not (len(key) == 1 and len(key[0]) < 3):
                places.setdefault(key, []).append(entry)
    factions: dict[tuple[str, ...], str] = {}
    generic: dict[tuple[str, ...], str] = {}
    records: dict[str, Faction] = {}
    for rec in _jsonl("factions.jsonl"):
        records[rec["id"]] = Faction(rec["id"], rec["name"], rec["bloc"], tuple(rec["aliases"]))
        for alias in rec["aliases"]:
            factions[_faction_key(alias)] = rec["id"]
        for alias in rec.get("generic_aliases", []):
            generic[_faction_key(alias)] = rec["id"]
    config = yaml.safe_load(_data("lexicon.yaml"))
    for word in _vocabulary_words(config):
        places.pop(word, None)  # "Sarin" the village never outweighs sarin the gas
    keys = list(places) + list(factions)

    def lengths(keys) -> dict[str, tuple[int, ...]]:
        out: dict[str, set[int]] = {}
        for key in keys:
            out.setdefault(key[0], set()).add(len(key))
        return {k: tuple(sorted(v, reverse=True)) for k, v in out.items()}

    return Lexicon(
        places={k: tuple(sorted(set(v), key=lambda e: e.id)) for k, v in places.items()},
        factions=factions,
        generic_factions=generic,
        faction_records=records,
        config=config,
        max_len=max(len(k) for k in keys),
        place_lengths=lengths(places),
        faction_lengths=lengths(list(factions) + list(generic)),
    )


VOCABULARIES_NOT_PLACES = ("killed_words", "injured_words", "civilian_nouns", "combatant_nouns")


def _vocabulary_words(config: dict[str, Any]) -> set[tuple[str, ...]]:
    """Words of the means and casualty vocabularies: a place alias spelled like one
    ("Sarin", a subdistrict of Aleppo) is read as the word, never as the place."""
    words = {w for spec in config["means"].values() for w in spec["words"]}
    words.update(w for key in VOCABULARIES_NOT_PLACES for w in config[key])
    return {norm_words(w) for w in words}


@dataclass(frozen=True)
class PhraseSet:
    """Phrases of normalised words, indexed by first word for a fast scan."""

    phrases: frozenset[tuple[str, ...]]
    lengths: dict[str, tuple[int, ...]]
    first_words: frozenset[str] = frozenset()
    """The keys of ``lengths`` as a set: a clause sharing none of them is skipped
    with one set test (iterating the smaller side)."""

    @staticmethod
    def of(words) -> PhraseSet:
        phrases = frozenset(p for p in (norm_words(w) for w in words) if p)
        lengths: dict[str, set[int]] = {}
        for p in phrases:
            lengths.setdefault(p[0], set()).add(len(p))
        return PhraseSet(
            phrases,
            {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()},
            frozenset(lengths),
        )


def _faction_key(alias: str) -> tuple[str, ...]:
    """Short all-capital aliases ("IS", "US") only match in capitals: see ``match_key``."""
    if alias.isupper() and len(alias.replace(".", "")) <= 3:
        return ("^" + alias.replace(".", ""),)
    return norm_words(alias)
