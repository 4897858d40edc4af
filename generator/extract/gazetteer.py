"""The gazetteer: places and factions found in the text, as ``doc.spans["mentions"]``.

A spaCy ``span_ruler`` on NORM (see ``norm``), its patterns built from the data
files: ``generator/data/places.jsonl`` and ``factions.jsonl`` hold one record
per place or faction, with an ``id`` and every spelling (``aliases``). Each
spelling becomes a phrase pattern ``{"label": "PLACE", "pattern": "Khan
Sheikhoun", "id": "place:..."}``, with the spellings the text may use besides
(``norm.spellings``: "Khan-Sheikhoun"; a possessive without its apostrophe,
"Aleppos"). Short all-capital names ("IS", "US") are labelled
``FACTION_CAPS``: they count only as written, in capitals ("is" and "us" are
English words).

The ruler finds every match; ``choose_mentions`` keeps the mentions, reading
the text left to right, the longest spelling first (one match per place:
namesakes, the same spelling of places in two governorates, are kept side by
side, for the rules to choose), and drops what the rules in ``PLACE_FILTERS``
and ``FACTION_FILTERS`` say is no mention.

Labels: ``PLACE``; ``FACTION`` (a name), ``FACTION_GENERIC`` (a common noun
that names a faction only on its own: "soldiers", "the army"),
``FACTION_POSSESSIVE`` (a name with a possessive "s" glued on: "the regimes
shelling").
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from importlib import resources
from typing import Any

from spacy.tokens import Doc, Span
from spacy.util import registry

from generator.extract.lexicon import PlaceEntry, load_lexicon, norm_words
from generator.extract.norm import capitalized, fold, is_word, possessive, spellings

PLACE = "PLACE"
PLACE_POSSESSIVE = "PLACE_POSSESSIVE"
FACTION = "FACTION"
FACTION_GENERIC = "FACTION_GENERIC"
FACTION_POSSESSIVE = "FACTION_POSSESSIVE"
FACTION_CAPS = "FACTION_CAPS"
FACTION_LABELS = (FACTION, FACTION_CAPS, FACTION_POSSESSIVE, FACTION_GENERIC)
"""In order of preference, for matches of one stretch of text."""
PLACE_LABELS = (PLACE, PLACE_POSSESSIVE)
SPANS_KEY = "mentions"


def _jsonl(name: str) -> list[dict[str, Any]]:
    text = resources.files("generator.data").joinpath(name).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@cache
def place_records() -> dict[str, PlaceEntry]:
    """Every place of the gazetteer, by id."""
    return {
        rec["id"]: PlaceEntry(
            rec["id"],
            rec["name"],
            rec["province"],
            rec["kind"],
            rec["lat"],
            rec["lon"],
            rec.get("population", 0),
        )
        for rec in _jsonl("places.jsonl")
    }


def _is_caps_alias(alias: str) -> bool:
    """ "IS", "US", "U.S.", "SDF": all capitals and at most three letters, matched only
    as written ("is", "us" are words)."""
    return alias.isupper() and len(alias.replace(".", "")) <= 3


def patterns() -> list[dict[str, Any]]:
    """The span_ruler patterns of every place and faction spelling, each once."""
    seen: set[tuple[str, str, str]] = set()
    out = []
    for pattern in _patterns():
        text = pattern["pattern"]
        # the same words, however cased or accented (one pattern per NORM sequence)
        spelled = WORD.sub(_folded, text.casefold()) if isinstance(text, str) else str(text)
        key = (pattern["label"], pattern["id"], spelled)
        if key not in seen:
            seen.add(key)
            out.append(pattern)
    return out


WORD = re.compile(r"\w+")


def _folded(word: re.Match[str]) -> str:
    return fold(word.group())


def _patterns() -> Iterator[dict[str, Any]]:
    config = load_lexicon().config
    not_places = _vocabulary_words(config)
    plural_not_possessive = set(config["plural_not_possessive"])
    for rec in _jsonl("places.jsonl"):
        for alias in sorted({rec["name"], *rec["aliases"]}):
            key = norm_words(alias)
            if not key or (len(key) == 1 and len(key[0]) < 3) or key in not_places:
                continue  # "Sarin" the village never outweighs sarin the gas
            yield from _phrases(PLACE, alias, rec["id"])
            yield from _possessives(PLACE_POSSESSIVE, alias, rec["id"])
    for rec in _jsonl("factions.jsonl"):
        for alias in rec["aliases"]:
            if _is_caps_alias(alias):
                yield {"label": FACTION_CAPS, "pattern": alias, "id": rec["id"]}
                continue
            yield from _phrases(FACTION, alias, rec["id"])
            if norm_words(alias)[-1:] and norm_words(alias)[-1] not in plural_not_possessive:
                yield from _possessives(FACTION_POSSESSIVE, alias, rec["id"])
        for alias in rec.get("generic_aliases", []):
            yield from _phrases(FACTION_GENERIC, alias, rec["id"])


def _phrases(label: str, alias: str, ident: str) -> Iterator[dict[str, Any]]:
    for text in spellings(alias):
        yield {"label": label, "pattern": text, "id": ident}
        if "'s " in text or "\u2019s " in text:  # "Assad's forces" as FA-KES writes it
            yield {"label": label, "pattern": re.sub("['\u2019]s ", "s ", text), "id": ident}


def _possessives(label: str, alias: str, ident: str) -> Iterator[dict[str, Any]]:
    """ "Aleppos", "Al-Qaidas": the name with a possessive "s" glued on."""
    if glued := possessive(alias):
        yield {"label": label, "pattern": glued, "id": ident}


def _vocabulary_words(config: dict[str, Any]) -> set[tuple[str, ...]]:
    """Words of the means and casualty vocabularies: a place alias spelled like one
    ("Sarin", a subdistrict of Aleppo) is read as the word, never as the place."""
    words = {w for spec in config["means"].values() for w in spec["words"]}
    for key in ("killed_words", "injured_words", "civilian_nouns", "combatant_nouns"):
        words.update(config[key])
    return {norm_words(w) for w in words}


# ---------------------------------------------------------------- choosing mentions
def _leftmost_longest(spans: list[Span], labels: tuple[str, ...]) -> list[list[Span]]:
    """Groups of matches of one stretch of text, read left to right, the longest
    first at each word, never overlapping: for each stretch, its matches of the
    best label (``labels`` in order of preference)."""
    by_stretch: dict[tuple[int, int], list[Span]] = {}
    for span in spans:
        by_stretch.setdefault((span.start, span.end), []).append(span)
    out: list[list[Span]] = []
    end = -1
    for (start, stop), group in sorted(by_stretch.items(), key=lambda kv: (kv[0][0], -kv[0][1])):
        if start < end:
            continue
        best = min(labels.index(s.label_) for s in group)
        out.append(sorted((s for s in group if labels.index(s.label_) == best), key=_span_id))
        end = stop
    return out


def _span_id(span: Span) -> str:
    return span.id_


def written_as_named(span: Span) -> bool:
    """ "IS", "U.S.": a short name in capitals counts only in capitals ("is", "us")."""
    return span.label_ != FACTION_CAPS or span.text.replace(".", "").isupper()


def place_can_start(span: Span) -> bool:
    """Place names are written with a capital, and a one-word name that is also the
    first word of many names ("Tal", "Bab", "Kafr") followed by another capitalised
    word starts a longer name the gazetteer may not know ("Tal Hamis")."""
    first = next((t for t in span if is_word(t.norm_)), span[0])
    if not capitalized(first.text):
        return False
    return not (len(span) == 1 and _prefix_of_longer_name(span))


def _prefix_of_longer_name(span: Span) -> bool:
    if span[0].norm_ not in _config()["place_prefixes"]:
        return False
    doc = span.doc
    following = next((t for t in doc[span.end : span.end + 3] if is_word(t.norm_)), None)
    return following is not None and capitalized(following.text)


def names_media(span: Span) -> bool:
    """ "the Lebanon-based al-Mayadeen TV", "Aleppo Media Center", "the group's de facto
    Syrian capital": a place name in the name of a channel, paper or agency, or a
    capital only in name, places nothing."""
    doc = span.doc
    media = _config()["media_nouns"]
    after = [t.norm_ for t in doc[span.end : span.end + 2] if is_word(t.norm_)]
    before = [t.norm_ for t in doc[max(0, span.start - 4) : span.start] if is_word(t.norm_)]
    if before[-1:] == ["facto"]:
        return True
    return bool(after) and after[0] in media or bool(before[-1:] and before[-1] in media)


def in_unit_name(span: Span) -> bool:
    """ "Liwa Ahrar Helfaya", "Jaysh Idlib al-Hur": a place name right after the head of
    an armed group's name names the group, not where it fought."""
    heads = _config()["unit_name_heads"]
    doc = span.doc
    before = [t for t in doc[max(0, span.start - 3) : span.start] if is_word(t.norm_)][-2:]
    for i, token in enumerate(before):
        if token.norm_ in heads and all(capitalized(x.text) for x in before[i:]):
            return True
    return False


DATELINE_MARKS = frozenset({"(", "-", "\u2013", "\u2014", ","})


def is_dateline(span: Span) -> bool:
    """ "DAMASCUS (Sputnik) A suicide blast ... in Idlib province": a place in capitals
    before the agency's name or a dash is where the story was filed."""
    doc = span.doc
    after = doc[span.end : span.end + 1]
    return (
        all(t.text.isupper() and len(t.text) > 2 for t in span if is_word(t.norm_))
        and len(after) == 1
        and after[0].text in DATELINE_MARKS
    )


PLACE_FILTERS: tuple[Callable[[Span], bool], ...] = (names_media, in_unit_name, is_dateline)
"""Each says a place match is no place of an event; any one drops it."""


def names_territory(span: Span) -> bool:
    """ "regime-held", "rebel-controlled": the name qualifies territory, it is no actor."""
    doc = span.doc
    after = doc[span.end : span.end + 2]
    return (
        len(after) == 2
        and after[0].text == "-"
        and after[1].norm_ in _config()["territory_participles"]
    )


def names_a_place(span: Span) -> bool:
    """ "near the Turkish border", "on the Lebanese side": a nationality naming a place."""
    after = span.doc[span.end : span.end + 1]
    return len(after) == 1 and after[0].norm_ in _config()["not_actor_after"]


def where_someone_sits(span: Span) -> bool:
    """ "the Observatory, based in Britain, said": the country a monitor sits in."""
    doc = span.doc
    before = tuple(t.norm_ for t in doc[max(0, span.start - 4) : span.start] if is_word(t.norm_))
    return any(before[-len(p) :] == p for p in _not_actor_before())


FACTION_FILTERS: tuple[Callable[[Span], bool], ...] = (
    names_territory,
    names_a_place,
    where_someone_sits,
)
"""Each says a faction match is no actor of the sentence; any one drops it."""


def join_generic_nouns(factions: list[list[Span]]) -> list[list[Span]]:
    """ "Turkish soldiers": a generic noun right after a name belongs to that name."""
    out: list[list[Span]] = []
    for group in factions:
        span = group[0]
        if out and out[-1][0].end == span.start and span.label_ == FACTION_GENERIC:
            prev = out[-1][0]
            if span.id_ == "syrian-government":
                joined = Span(span.doc, prev.start, span.end, label=FACTION, span_id=prev.id_)
                out[-1] = [joined]
                continue
        out.append(group)
    return out


def choose_mentions(matches: Iterable[Span]) -> list[Span]:
    """The mentions among every match of the ruler (see the module's docstring)."""
    matches = list(matches)
    places = _leftmost_longest(
        [s for s in matches if s.label_ in PLACE_LABELS and place_can_start(s)], PLACE_LABELS
    )
    factions = _leftmost_longest(
        [s for s in matches if s.label_ in FACTION_LABELS and written_as_named(s)], FACTION_LABELS
    )
    places = [g for g in places if not any(rule(g[0]) for rule in PLACE_FILTERS)]
    factions = join_generic_nouns(
        [g for g in factions if not any(rule(g[0]) for rule in FACTION_FILTERS)]
    )
    taken = {i for g in factions for i in range(g[0].start, g[0].end)}
    kept = [s for g in factions for s in g]
    for group in places:
        if group[0].start not in taken:  # "Damascus forces" is a faction
            kept.extend(_as_place(s) for s in group)
    return sorted(kept, key=lambda s: (s.start, s.end, s.id_))


def _as_place(span: Span) -> Span:
    if span.label_ == PLACE:
        return span
    return Span(span.doc, span.start, span.end, label=PLACE, span_id=span.id_)


@registry.misc("sitrep.choose_mentions.v1")
def make_mentions_filter() -> Callable[[Iterable[Span], Iterable[Span]], list[Span]]:
    """The span_ruler's ``spans_filter``."""

    def mentions_filter(existing: Iterable[Span], matches: Iterable[Span]) -> list[Span]:
        return list(existing) + choose_mentions(matches)

    return mentions_filter


@cache
def _config() -> dict[str, Any]:
    config = load_lexicon().config
    return {
        "place_prefixes": frozenset(config["place_prefixes"]),
        "media_nouns": frozenset(config["media_nouns"]),
        "unit_name_heads": frozenset(config["unit_name_heads"]),
        "not_actor_after": frozenset(config["not_actor_after"]),
        "territory_participles": frozenset(config["territory_participles"]),
    }


@cache
def _not_actor_before() -> frozenset[tuple[str, ...]]:
    return frozenset(load_lexicon().phrases("not_actor_before"))


def places_of(span: Span) -> list[tuple[Span, tuple[PlaceEntry, ...]]]:
    """The places named in ``span``: each mention with its namesakes, by id."""
    records = place_records()
    out: dict[tuple[int, int], list[PlaceEntry]] = {}
    for m in _mentions_in(span):
        if m.label_ == PLACE:
            out.setdefault((m.start, m.end), []).append(records[m.id_])
    return [(span.doc[s:e], tuple(entries)) for (s, e), entries in out.items()]


def factions_of(span: Span) -> list[Span]:
    """The factions named in ``span``, in the order of the text."""
    return [m for m in _mentions_in(span) if m.label_ in FACTION_LABELS]


def _mentions_in(span: Span) -> list[Span]:
    doc = span.doc
    starts, mentions = _index(doc)
    first = bisect_left(starts, span.start)
    return [m for m in mentions[first : bisect_left(starts, span.end)] if m.end <= span.end]


def _index(doc: Doc) -> tuple[list[int], list[Span]]:
    """The doc's mentions in text order, with their starts (for bisecting), built
    once per doc."""
    index = doc.user_data.get(INDEX_KEY)
    if index is None:
        mentions = list(doc.spans[SPANS_KEY]) if SPANS_KEY in doc.spans else []
        index = doc.user_data[INDEX_KEY] = ([m.start for m in mentions], mentions)
    return index  # type: ignore[no-any-return]


INDEX_KEY = "sitrep.mentions"


def is_possessive(mention: Span) -> bool:
    """ "the regime's shelling", "the regimes shelling": the name owns what follows."""
    if mention.label_ == FACTION_POSSESSIVE:
        return True
    nxt = mention.doc[mention.end : mention.end + 1]
    return len(nxt) == 1 and nxt[0].norm_ == "'s"
