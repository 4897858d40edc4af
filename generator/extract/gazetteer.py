"""The gazetteer: places and factions found in the text, as ``doc.spans["mentions"]``.

A spaCy ``span_ruler`` on NORM (see ``norm``), its patterns built from the data
files: ``generator/data/places.jsonl`` (governorates, districts, subdistricts,
curated places), ``villages.jsonl`` (GeoNames' towns and villages with the
spellings transliteration gives them, ``tools/build_villages.py``) and
``factions.jsonl`` hold one record per place or faction, with an ``id`` and
every spelling (``aliases``). Each spelling becomes a phrase pattern
``{"label": "PLACE", "pattern": "Khan Sheikhoun", "id": "place:..."}``, with the
spellings the text may use besides
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
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from spacy.language import Language
from spacy.pipeline import SpanRuler
from spacy.tokens import Doc, Span

from generator.extract.norm import capitalized, fold, norm_words, possessive, spellings
from generator.extract.tokens import memo, norms, remember, texts, word_norms
from generator.extract.vocab import Words, entries, expand, table
from generator.knowledge.factions import GOVERNMENT
from generator.knowledge.factions import load_factions as load_factions  # the rules ask here

V = Words("gazetteer")
"""The one-word lists of ``generator/data/vocab/gazetteer.yaml``."""
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


@dataclass(frozen=True)
class PlaceEntry:
    """A place of the gazetteer (``generator/data/places.jsonl``, ``villages.jsonl``)."""

    id: str
    name: str
    province: str
    kind: str
    """governorate | district | subdistrict | place"""
    lat: float
    lon: float
    population: int = 0
    curated: bool = False
    """Written by hand for this project (``places_extra.jsonl``, ids ``extra:``): a place
    the news names often ("Eastern Ghouta", "Kobani"), though GeoNames gives it no
    population."""


CURATED_PREFIX = "extra:"
"""The ids of ``places_extra.jsonl``'s entries (built into ``places.jsonl``)."""
GOVERNORATE = "governorate"
KIND_RANK = {GOVERNORATE: 0, "district": 1, "subdistrict": 2, "place": 3}
"""How specific a place is (an entry's ``kind``): a town says more than its district."""


def _jsonl(name: str) -> list[dict[str, Any]]:
    text = resources.files("generator.data").joinpath(name).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


PLACE_FILES = ("places.jsonl", "villages.jsonl")


def _place_lines() -> Iterator[dict[str, Any]]:
    for name in PLACE_FILES:
        yield from _jsonl(name)


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
            rec["id"].startswith(CURATED_PREFIX),
        )
        for rec in _place_lines()
    }



def _is_caps_alias(alias: str) -> bool:
    """ "IS", "US", "U.S.", "SDF": all capitals and at most three letters, matched only
    as written ("is", "us" are words)."""
    return alias.isupper() and len(alias.replace(".", "")) <= 3


def patterns() -> list[dict[str, Any]]:
    """The span_ruler patterns: one per spelling and label, its ``id`` the place or
    faction the spelling names; a spelling several places share (namesakes: "Hamra"
    is a village in Aleppo and one in Hama) names them all, ids joined by ``|``."""
    ids: dict[tuple[str, str], list[str]] = {}
    first: dict[tuple[str, str], dict[str, Any]] = {}
    for pattern in _patterns():
        text = pattern["pattern"]
        # the same words, however cased or accented: one NORM sequence
        key = (pattern["label"], WORD.sub(_folded, text.casefold()))
        first.setdefault(key, pattern)
        if pattern["id"] not in ids.setdefault(key, []):
            ids[key].append(pattern["id"])
    return [{**first[key], "id": ID_SEPARATOR.join(sorted(ids[key]))} for key in first]


ID_SEPARATOR = "|"


def ids_of(mention: Span) -> list[str]:
    """The places or faction a mention's spelling names (see ``patterns``)."""
    return mention.id_.split(ID_SEPARATOR)


WORD = re.compile(r"\w+")


def _folded(word: re.Match[str]) -> str:
    return fold(word.group())


def _patterns() -> Iterator[dict[str, Any]]:
    not_places = _vocabulary_words()
    plural_not_possessive = V.plural_not_possessive
    for rec in _place_lines():
        for alias in sorted({rec["name"], *rec["aliases"]}):
            key = norm_words(alias)
            if not key or (len(key) == 1 and len(key[0]) < 3) or key in not_places:
                continue  # "Sarin" the village never outweighs sarin the gas
            yield from _phrases(PLACE, alias, rec["id"])
            if rec["kind"] != "place" or alias == rec["name"]:
                # a town's possessive ("Saraqibs") only of its own name: its many
                # transliterated spellings would double the patterns for nothing
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


def _possessives(label: str, alias: str, ident: str) -> Iterator[dict[str, Any]]:
    """ "Aleppos", "Al-Qaidas": the name with a possessive "s" glued on."""
    if glued := possessive(alias):
        yield {"label": label, "pattern": glued, "id": ident}


def _vocabulary_words() -> set[tuple[str, ...]]:
    """Words of the means and casualty vocabularies: a place alias spelled like one
    ("Sarin", a subdistrict of Aleppo) is read as the word, never as the place."""
    words = {w for m, spec in table("means", "means").items() for w in expand(m, spec)}
    for key in ("killed_words", "injured_words", "civilian_nouns", "combatant_nouns"):
        words.update(entries("casualties", key))
    return {norm_words(w) for w in words}


# ---------------------------------------------------------------- choosing mentions
Match = tuple[int, int, str, str]
"""A match of the ruler: (start, end, label, id); a ``Span`` is made only for the
few a rule asks about or that are kept (see ``Gazetteer``)."""


def _leftmost_longest(
    matches: list[Match], labels: tuple[str, ...], can_start: Callable[[Match], bool] | None
) -> list[list[Match]]:
    """Groups of matches of one stretch of text, read left to right, the longest
    first at each word, never overlapping: for each stretch, its matches of the best
    label (``labels`` in order of preference). A stretch ``can_start`` says is no
    mention leaves its words to shorter ones."""
    rank = {label: i for i, label in enumerate(labels)}
    # by start, the longest first, then the best label, then id: a stretch's matches
    # stand together, its best first
    items = sorted((m[0], -m[1], rank[m[2]], m[3], m[2]) for m in matches)
    out: list[list[Match]] = []
    end = -1
    k, n = 0, len(items)
    while k < n:
        start, neg_end, best = items[k][0], items[k][1], items[k][2]
        j = k
        while j < n and items[j][0] == start and items[j][1] == neg_end:
            j += 1
        if start < end:
            k = j
            continue
        group = [(start, -neg_end, it[4], it[3]) for it in items[k:j] if it[2] == best]
        k = j
        if can_start is not None and not can_start(group[0]):
            continue
        out.append(group)
        end = -neg_end
    return out


class _Spans(dict[Match, Span]):
    """Each match as a ``Span``, made once, when a rule first asks about it (a ``Span``
    makes a ``Token`` for each of its ends)."""

    def __init__(self, doc: Doc) -> None:
        super().__init__()
        self.doc = doc

    def __missing__(self, match: Match) -> Span:
        span = self[match] = Span(self.doc, match[0], match[1], label=match[2], span_id=match[3])
        return span

    def as_place(self, match: Match) -> Span:
        """The match labelled ``PLACE`` ("Aleppos" is a place like "Aleppo")."""
        if match[2] == PLACE:
            return self[match]
        return Span(self.doc, match[0], match[1], label=PLACE, span_id=match[3])


def _span_id(span: Span) -> str:
    return span.id_


def written_as_named(span: Span) -> bool:
    """ "IS", "U.S.": a short name in capitals counts only in capitals ("is", "us")."""
    return span.label_ != FACTION_CAPS or span.text.replace(".", "").isupper()


def place_can_start(span: Span) -> bool:
    """Place names are written with a capital, and a one-word name that is also the
    first word of many names ("Tal", "Bab", "Kafr") followed by another capitalised
    word starts a longer name the gazetteer may not know ("Tal Hamis")."""
    return _place_can_start_at(word_norms(span.doc), texts(span.doc), span.start, span.end)


def _place_can_start_at(wn: list[str | None], ts: list[str], start: int, end: int) -> bool:
    """``place_can_start`` for tokens ``start`` to ``end``, from the doc's lists: asked
    of every stretch the ruler matched, before any ``Span`` is made for it."""
    first = start
    for i in range(start, end):
        if wn[i]:
            first = i
            break
    if not capitalized(ts[first]):
        return False
    return not (end - start == 1 and _prefix_of_longer_name(wn, ts, start, end))


def _prefix_of_longer_name(wn: list[str | None], ts: list[str], start: int, end: int) -> bool:
    if wn[start] not in V.place_prefixes:
        return False
    following = next((i for i in range(end, min(end + 3, len(wn))) if wn[i]), None)
    return following is not None and capitalized(ts[following])


def _words_around(span: Span, before: int, after: int) -> tuple[list[str], list[str]]:
    wn = word_norms(span.doc)
    return (
        [n for n in wn[max(0, span.start - before) : span.start] if n],
        [n for n in wn[span.end : span.end + after] if n],
    )


def _word_before(span: Span, reach: int) -> str | None:
    """The last word among the ``reach`` tokens before ``span`` (``_words_around``'s
    last word before, without building its lists)."""
    wn = word_norms(span.doc)
    for i in range(span.start - 1, max(0, span.start - reach) - 1, -1):
        if wn[i]:
            return wn[i]
    return None


def _word_after(span: Span, reach: int) -> str | None:
    """The first word among the ``reach`` tokens after ``span``."""
    wn = word_norms(span.doc)
    for i in range(span.end, min(span.end + reach, len(wn))):
        if wn[i]:
            return wn[i]
    return None


def names_media(span: Span) -> bool:
    """ "the Lebanon-based al-Mayadeen TV", "Aleppo Media Center", "Halab Today", "the
    group's de facto Syrian capital": a place name in the name of a channel, paper
    or agency, or a capital only in name, places nothing."""
    media = V.media_nouns
    before = _word_before(span, 4)
    if before == "facto":
        return True
    if outlet_word_after(span):
        return True
    after = _word_after(span, 2)
    return after is not None and after in media or before is not None and before in media


def outlet_word_after(span: Span) -> bool:
    """ "Halab Today reported": a capitalised outlet word right after the name."""
    wn, ts = word_norms(span.doc), texts(span.doc)
    i = span.end
    while i < len(wn) and not wn[i] and ts[i].isspace():
        i += 1
    return i < len(wn) and wn[i] in V.outlet_words and ts[i][:1].isupper()


def origin_of_the_displaced(span: Span) -> bool:
    """ "families displaced from the countryside of Aleppo were killed in a camp in
    Idlib": where people came from is not where something happened to them."""
    wn = word_norms(span.doc)
    i = span.start - 1
    while i >= 0 and (not wn[i] or wn[i] in V.origin_skip):
        i -= 1
    if i < 1 or wn[i] != "from":
        return False
    j = i - 1
    while j >= 0 and not wn[j]:
        j -= 1
    return j >= 0 and wn[j] in V.displaced_words


def in_unit_name(span: Span) -> bool:
    """ "Liwa Ahrar Helfaya", "Jaysh Idlib al-Hur": a place name right after the head of
    an armed group's name names the group, not where it fought."""
    heads = V.unit_name_heads
    wn, ts = word_norms(span.doc), texts(span.doc)
    if heads.isdisjoint(wn[max(0, span.start - 3) : span.start]):
        return False  # no head among the tokens before (most places): one test in C
    before = [i for i in range(max(0, span.start - 3), span.start) if wn[i]][-2:]
    for k, i in enumerate(before):
        if wn[i] in heads and all(capitalized(ts[x]) for x in before[k:]):
            return True
    return False


DATELINE_MARKS = frozenset({"(", "-", "\u2013", "\u2014", ","})


def is_dateline(span: Span) -> bool:
    """ "DAMASCUS (Sputnik) A suicide blast ... in Idlib province": a place in capitals
    before the agency's name or a dash is where the story was filed."""
    wn, ts = word_norms(span.doc), texts(span.doc)
    return (  # the mark after first: most places are followed by none
        span.end < len(ts)
        and ts[span.end] in DATELINE_MARKS
        and all(ts[i].isupper() and len(ts[i]) > 2 for i in range(span.start, span.end) if wn[i])
    )


def in_person_name(span: Span) -> bool:
    """ "AP Photo Hussein Malla", "the terrorist Mohammad al-Malla was killed": a place
    name right after a capitalised given name is a family name."""
    wn, ts = word_norms(span.doc), texts(span.doc)
    i = span.start - 1
    return i >= 0 and bool(wn[i]) and wn[i] in V.given_names and capitalized(ts[i])


def names_a_street(span: Span) -> bool:
    """ "a terrorist group southeast of Busra Square in Daraa al-Mahatta", "Aleppo Road":
    a town's name before a capitalised street word names a square or road (Busra
    Square is in Daraa city, 40 km from Busra); the square is the place
    (``places.unknown_villages``). Not in a headline's capitalised words."""
    wn, ts = word_norms(span.doc), texts(span.doc)
    i = span.end
    while i < len(wn) and not wn[i] and ts[i].isspace():
        i += 1
    if not (i < len(wn) and wn[i] in V.street_words and ts[i][:1].isupper()):
        return False
    # in a headline every word has a capital: "Rebels Cut Key Aleppo Road" names Aleppo
    before = next((k for k in range(span.start - 1, -1, -1) if wn[k]), None)
    return before is None or not capitalized(ts[before])


PLACE_FILTERS: tuple[Callable[[Span], bool], ...] = (
    names_media,
    names_a_street,
    in_unit_name,
    is_dateline,
    in_person_name,
    origin_of_the_displaced,
)
"""Each says a place match is no place of an event; any one drops it."""


def names_territory(span: Span) -> bool:
    """ "regime-held", "rebel-controlled": the name qualifies territory, it is no actor."""
    ns, ts = norms(span.doc), texts(span.doc)
    return (
        span.end + 2 <= len(ts)
        and ts[span.end] == "-"
        and ns[span.end + 1] in V.territory_participles
    )


def names_a_place(span: Span) -> bool:
    """ "near the Turkish border", "on the Lebanese side": a nationality naming a place."""
    ns = norms(span.doc)
    return span.end < len(ns) and ns[span.end] in V.not_actor_after


def where_someone_sits(span: Span) -> bool:
    """ "the Observatory, based in Britain, said": the country a monitor sits in."""
    # most names follow no phrase's last word ("in"): their words need no list
    if _word_before(span, 4) not in _not_actor_last():
        return False
    before = tuple(_words_around(span, 4, 0)[0])
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
            if span.id_ == GOVERNMENT:
                joined = Span(span.doc, prev.start, span.end, label=FACTION, span_id=prev.id_)
                out[-1] = [joined]
                continue
        out.append(group)
    return out


def _passes(span: Span, filters: tuple[Callable[[Span], bool], ...]) -> bool:
    """Whether none of ``filters`` drops the mention: ``not any(...)`` without making a
    generator for each of the ~30 mentions of an article (0.02 s of CPU on the bench's
    2,000 distinct texts)."""
    for rule in filters:  # noqa: SIM110 - see the docstring
        if rule(span):
            return False
    return True


def choose_mentions(doc: Doc, matches: Iterable[Match]) -> list[Span]:
    """The mentions among every match of the ruler (see the module's docstring)."""
    matches = list(matches)
    span = _Spans(doc)
    wn, ts = word_norms(doc), texts(doc)
    places = _leftmost_longest(
        [m for m in matches if m[2] in PLACE_LABELS],
        PLACE_LABELS,
        lambda m: _place_can_start_at(wn, ts, m[0], m[1]),
    )
    factions = _leftmost_longest(
        [
            m
            for m in matches
            if m[2] in FACTION_LABELS and (m[2] != FACTION_CAPS or written_as_named(span[m]))
        ],
        FACTION_LABELS,
        None,
    )
    places = [g for g in places if _passes(span[g[0]], PLACE_FILTERS)]
    faction_groups = join_generic_nouns(
        [[span[m] for m in g] for g in factions if _passes(span[g[0]], FACTION_FILTERS)]
    )
    taken = {i for g in faction_groups for i in range(g[0].start, g[0].end)}
    place_groups = [  # "Damascus forces" is a faction
        [span.as_place(m) for m in g] for g in places if g[0][0] not in taken
    ]
    if matches:
        _store_index(doc, place_groups, [s for g in faction_groups for s in g])
    kept = [s for g in faction_groups for s in g] + [s for g in place_groups for s in g]
    return sorted(kept, key=lambda s: (s.start, s.end, s.id_))


GAZETTEER = "sitrep_gazetteer"


class Gazetteer(SpanRuler):
    """spaCy's ``SpanRuler`` with phrase patterns, whose matches are chosen as
    ``Match`` tuples (``choose_mentions``) before any ``Span`` is made: the ruler's
    own ``match`` makes, hashes and sorts a ``Span`` for each of the ~37 matches of
    an article (most of them overlapping spellings of one name, or words in small
    letters no place starts with), and that cost more than choosing among them."""

    def match(self, doc: Doc) -> list[Match]:  # type: ignore[override]
        found = list(self.phrase_matcher(doc))
        if len(self.matcher):  # token patterns (the gazetteer has none)
            found.extend(self.matcher(doc))
        keys = self._match_label_id_map
        return sorted(
            {
                (start, end, keys[m]["label"], keys[m]["id"])
                for m, start, end in found
                if end > start
            }
        )

    def set_annotations(self, doc: Doc, matches: list[Match]) -> None:  # type: ignore[override]
        doc.spans[SPANS_KEY] = choose_mentions(doc, matches)


@Language.factory(GAZETTEER, default_config={"phrase_matcher_attr": "NORM"})
def make_gazetteer(nlp: Language, name: str, phrase_matcher_attr: str) -> Gazetteer:
    """The gazetteer (see the module's docstring); its patterns are added by
    ``ruler_cache.add_patterns``."""
    return Gazetteer(nlp, name, spans_key=SPANS_KEY, phrase_matcher_attr=phrase_matcher_attr)


@cache
def _not_actor_before() -> frozenset[tuple[str, ...]]:
    return frozenset(norm_words(p) for p in entries("gazetteer", "not_actor_before"))


@cache
def _not_actor_last() -> frozenset[str | None]:
    """The last word of each ``_not_actor_before`` phrase (None too if one has no
    words: such a phrase ends any text)."""
    return frozenset(p[-1] if p else None for p in _not_actor_before())


PlaceMention = tuple[Span, tuple[PlaceEntry, ...]]


def places_of(span: Span) -> list[PlaceMention]:
    """The places named in ``span``: each mention with its namesakes."""
    starts, places, _, _ = _index(span.doc)
    lo, hi = bisect_left(starts, span.start), bisect_left(starts, span.end)
    return [p for p in places[lo:hi] if p[0].end <= span.end]


def first_place_from(span: Span, start: int) -> PlaceMention | None:
    """The first place named in ``span`` at or after token ``start`` (a search: asking
    every place of a clause for each place was quadratic)."""
    starts, places, _, _ = _index(span.doc)
    i = bisect_left(starts, max(start, span.start))
    if i < len(places) and places[i][0].end <= span.end:
        return places[i]
    return None


def factions_of(span: Span) -> list[Span]:
    """The factions named in ``span``, in the order of the text."""
    _, _, starts, factions = _index(span.doc)
    lo, hi = bisect_left(starts, span.start), bisect_left(starts, span.end)
    return [f for f in factions[lo:hi] if f.end <= span.end]


Index = tuple[list[int], list[PlaceMention], list[int], list[Span]]


def _index(doc: Doc) -> Index:
    """The doc's places (namesakes together) and factions in text order, with their
    starts (for bisecting): stored by ``choose_mentions``, or read back from the
    doc's spans."""
    return memo(doc, INDEX_KEY, _read_back)


def _read_back(doc: Doc) -> Index:
    places: dict[tuple[int, int], list[Span]] = {}
    factions = []
    for m in doc.spans.get(SPANS_KEY, ()):
        if m.label_ == PLACE:
            places.setdefault((m.start, m.end), []).append(m)  # one per spelling
        elif m.label_ in FACTION_LABELS:
            factions.append(m)
    return _store_index(doc, [g for _, g in sorted(places.items())], factions)


def _store_index(doc: Doc, places: list[list[Span]], factions: list[Span]) -> Index:
    place_list = [
        (group[0], _namesakes(group[0].id_) if len(group) == 1 else _group_namesakes(group))
        for group in places
    ]
    factions = sorted(factions, key=lambda f: f.start)
    index = ([p[0].start for p in place_list], place_list, [f.start for f in factions], factions)
    return remember(doc, INDEX_KEY, index)


INDEX_KEY = "sitrep.mentions"


@cache
def _namesakes(ids: str) -> tuple[PlaceEntry, ...]:
    """The places a spelling's ``id`` names (see ``patterns``), in the order of their
    ids: read once per spelling, as most places are named again and again (splitting,
    sorting and looking up each mention's ids was an eighth of ``choose_mentions``)."""
    records = place_records()
    return tuple(records[i] for i in sorted(set(ids.split(ID_SEPARATOR))))


def _group_namesakes(group: list[Span]) -> tuple[PlaceEntry, ...]:
    """The places any of a group's spellings names, in the order of their ids."""
    records = place_records()
    return tuple(records[i] for i in sorted({i for m in group for i in ids_of(m)}))


def is_possessive(mention: Span) -> bool:
    """ "the regime's shelling", "the regimes shelling": the name owns what follows."""
    if mention.label_ == FACTION_POSSESSIVE:
        return True
    ns = norms(mention.doc)
    return mention.end < len(ns) and ns[mention.end] == "'s"
