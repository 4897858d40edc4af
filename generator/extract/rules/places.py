"""Where it happened: ``read_places(clause, ...)``, and the ``Place`` of a reading.

The gazetteer's places in the clause (``doc.spans["mentions"]``), each taken
with the region words around it ("the southern countryside of Idlib"), and the
villages the gazetteer does not know ("the town of Al-Fatatra", "the Kabani
front"), ranked: a place the clause says something happened at first, then the
most specific. Among namesakes, the one in a governorate named around it.
Words: ``generator/data/vocab/places.yaml``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span

from generator.extract.cues import cues
from generator.extract.gazetteer import (
    GOVERNORATE,
    KIND_RANK,
    PlaceEntry,
    factions_of,
    first_place_from,
    origin_of_the_displaced,
    place_records,
    places_of,
)
from generator.extract.norm import ARTICLE_PREFIX, capitalized, fold, is_word
from generator.extract.numbers import numbers_in, value
from generator.extract.rules import quick_init
from generator.extract.tokens import PART_ENDS, norms, span_text, texts, word_index
from generator.extract.vocab import Words
from generator.knowledge.governorates import AROUND_CAPITAL, CAPITAL, centroids, gazetteer_ids
from generator.model import Place

UNKNOWN_PLACE_RANK = 2.5
"""A village the gazetteer does not know ranks above a district, below a known town."""
STREET_RANK = 2.4
"""A square or road lies in a quarter or a town: "southeast of Busra Square in Daraa
al-Mahatta neighborhood" is in Daraa al-Mahatta; alone ("the Castello Road in
Aleppo") it is the place."""
WIDENED_PROVINCES = frozenset({"aleppo", CAPITAL})
"""Cities named like their governorate: "Aleppo city", "rural Damascus" are read whole."""
CAPITAL_PAIR = frozenset({CAPITAL, AROUND_CAPITAL})
NAME_ENDS = frozenset({",", ".", ";"})
PRECISION = {"place": "place", "subdistrict": "subdistrict", "district": "district"}


CASUALTIES = Words("casualties")
GAZETTEER = Words("gazetteer")
ROLES = Words("roles")
V = Words("places")
"""The one-word lists of ``generator/data/vocab/places.yaml``."""


@quick_init
@dataclass(frozen=True)
class PlaceReading:
    name: str | None
    province: str | None
    entry: PlaceEntry | None
    """The gazetteer entry, when the place is known to it."""
    own: bool
    """Named in this clause (not inherited from context)."""
    why: str = ""
    """The rule that read it."""


# ---------------------------------------------------------------- governorates
@cache
def governorates() -> dict[str, PlaceEntry]:
    """The gazetteer entry of each governorate, by province id
    (``knowledge.governorates.gazetteer_ids``)."""
    records = place_records()
    return {province: records[i] for province, i in gazetteer_ids().items()}


def place_for_province(province: str) -> Place:
    """The whole governorate, at its centroid (``knowledge.governorates.centroids``,
    the point the downloads give it too)."""
    lat, lon = centroids()[province]
    return Place(None, province, lat, lon, "governorate")


def place_for(name: str | None, province: str | None, entry: PlaceEntry | None) -> Place:
    """A known place keeps its own coordinates; an unknown village, or a governorate
    named as a region ("the southern Idlib countryside"), gets its governorate's
    centroid, with the precision saying so."""
    if entry is not None and entry.kind != GOVERNORATE:
        return Place(name, entry.province, entry.lat, entry.lon, PRECISION[entry.kind])  # type: ignore[arg-type]
    if province and province in centroids():
        lat, lon = centroids()[province]
        return Place(name, province, lat, lon, "governorate")
    return Place(name, province, None, None, "unknown")


# ---------------------------------------------------------------- the rules
def choose_entry(
    entries: tuple[PlaceEntry, ...], context: set[str], article: frozenset[str] = frozenset()
) -> PlaceEntry:
    """Among places sharing a name, the one in a governorate named around it, else in
    one the article names anywhere ("the city of Al Quriyah ... Al-Quriyah southeast
    of Deir Ezzor city"), else the most prominent (a governorate before a district
    before a town)."""
    return min(
        entries,
        key=lambda e: (
            e.province not in context,
            e.province not in article,
            KIND_RANK[e.kind],
            -e.population,
            e.id,
        ),
    )


def rural_damascus(clause: Span, start: int, end: int, entry: PlaceEntry) -> PlaceEntry:
    """ "the town of Zamalka in rural Damascus" -> Rif Dimashq, the governorate around
    the capital; so is "a chemical attack near Damascus" (``outside_the_capital``)."""
    if entry.province != CAPITAL or entry.kind != GOVERNORATE:
        return entry
    ns = norms(clause.doc)[max(clause.start, start - 1) : min(clause.end, end + 1)]
    if V.rural_words & set(ns) or outside_the_capital(clause, start):
        return governorates().get(AROUND_CAPITAL, entry)
    return entry


def outside_the_capital(span: Span, start: int) -> bool:
    """ "massive chemical attacks near Damascus", "outside the capital Damascus",
    "15 km east of the Syrian capital": the capital named as what a place lies near,
    which puts it around the capital (Rif Dimashq), not in the city."""
    ns = norms(span.doc)
    i = start
    while i > span.start and ns[i - 1] in V.capital_apposition:
        i -= 1
    if i > span.start and ns[i - 1] in V.near_capital:
        return True
    return i - 1 > span.start and ns[i - 1] == "of" and ns[i - 2] in V.directions


def stray_namesake(entry: PlaceEntry, article: frozenset[str], local: set[str]) -> bool:
    """ "the districts of Bustan al-Qasr, Salihiya and al-Fardos" in an article about
    Aleppo: "Hamra" the village in Hama is not meant. A small place in a governorate
    the article never names, while it names others, is only a namesake; the capital
    and its countryside count as one ("Eastern Ghouta" in an article naming Damascus).
    A place the news names often (``PlaceEntry.curated``: "five civilians were killed
    by regime bombs that landed on eastern Ghouta" in an article about Aleppo) is
    never a stray."""
    named = article | local
    if named & CAPITAL_PAIR:
        named = named | CAPITAL_PAIR  # "Eastern Ghouta, outside Damascus"
    return (
        not entry.curated
        and entry.kind in {"place", "subdistrict"}
        and entry.population < 10_000
        and bool(article)
        and entry.province not in named
    )


def widened(clause: Span, start: int, end: int) -> tuple[int, int]:
    """ "southern", "rural", "countryside", "province", "the southern countryside of":
    the region words around a governorate's name."""
    ns = norms(clause.doc)
    lo, hi = clause.start, clause.end
    directions = V.directions
    s, e = start, end
    while s > lo and ns[s - 1] in directions:
        s -= 1
    if (
        s - 3 >= lo
        and ns[s - 1] == "of"
        and ns[s - 2] in directions
        and ns[s - 3] in V.region_before_direction
    ):
        s -= 3
    elif s - 2 >= lo and ns[s - 1] == "of" and ns[s - 2] in V.region_before:
        s -= 2
        while s > lo and (ns[s - 1] in directions or ns[s - 1] == "the"):
            s -= 1
    while e < hi and ns[e] in V.region_after:
        e += 1
    return s, e


def governorate_after(clause: Span, end: int) -> str | None:
    """ "Zamalka in rural Damascus", "Al-Quriyah southeast of Deir Ezzor city",
    "Ashara, Deir Ezzor": the governorate the text places a town in, named within a
    few words after it."""
    ns = norms(clause.doc)
    found = first_place_from(clause, end)
    if found is not None and found[0].start - end <= 6:
        g, entries = found
        between = set(ns[end : g.start])
        if not between & V.placed_by or between & V.stops_placing:
            return None
        gov = next((e for e in entries if e.kind == GOVERNORATE), None)
        if gov is None:
            return None
        gs, ge = widened(clause, g.start, g.end)
        return rural_damascus(clause, gs, ge, gov).province
    return None


def near_only(clause: Span, end: int) -> bool:
    """ "Jisr al-Shughur countryside, north of Latakia": a direction and "of" before
    the governorate say where the town lies from it, not that it lies in it (a town
    the gazetteer knows keeps its own governorate)."""
    found = first_place_from(clause, end)
    if found is None:
        return False
    between = norms(clause.doc)[end : found[0].start]
    return "of" in between and bool(V.directions.intersection(between))


def outside_references(clause: Span) -> list[tuple[Span, tuple[PlaceEntry, ...]]]:
    """Places outside a reference to another event: in "19 people were killed near the
    Syrian capital just hours after a gas attack left dozens dead in Khan Sheikhun"
    the killing is near Damascus, not in Khan Sheikhun."""
    ts = texts(clause.doc)
    ranges = []
    for cue in cues(clause, "reference_cues"):
        stop = cue.end
        while stop < clause.end and ts[stop] not in PART_ENDS:
            stop += 1
        ranges.append((cue.end, stop))
    return [(m, e) for m, e in places_of(clause) if not any(a <= m.start < b for a, b in ranges)]


@cache
def _located_after() -> frozenset[str]:
    return V.locatives | ROLES.verbs_taking_object


def located(clause: Span, start: int) -> bool:
    """ "killed in the stronghold of Raqqa", "a blast struck al-Dumayr": a place the
    clause says something happened at (a locative or a verb of attack a few words
    before it) outranks a place merely named ("Tags Syria Islamic State Palmyra")."""
    return located_test(clause)(start)


def located_test(clause: Span) -> Callable[[int], bool]:
    """``located(clause, start)`` as a function of ``start``, the clause's words read
    once: ``read_places`` asks it of every place of a clause it ranks, and
    the calls to reach the words cost more than the test."""
    cues_ = _located_after()
    only, count = word_index(clause.doc)
    lo, hi = clause.start, clause.end

    def test(start: int) -> bool:
        # the words among the 5 tokens before ``start`` (``before(clause, start, 5)``)
        a, b = max(lo, start - 5), min(hi, start)
        return a < b and not cues_.isdisjoint(only[count[a] : count[b]][-4:])

    return test


def first_toll_at(clause: Span) -> int | None:
    """Where the first count of the dead stands: "Army Foils Attack in Daraa, Kills 50
    Gunmen in Lattakia": of two places alike, the one after the toll is the toll's."""
    killed = CASUALTIES.killed_words
    ns = norms(clause.doc)
    for number in numbers_in(clause):
        if value(number) is None:
            continue
        near = ns[max(clause.start, number.start - 3) : min(clause.end, number.end + 4)]
        if killed.intersection(near):
            return number.start
    return None


def known_places(
    clause: Span, context: set[str], article: frozenset[str]
) -> list[tuple[float, int, int, PlaceReading]]:
    """The gazetteer's places, each with its rank, start and end."""
    mentions = outside_references(clause)
    local = {e.province for _, entries in mentions for e in entries if e.kind == GOVERNORATE}
    out = []
    for m, entries in mentions:
        entry = choose_entry(entries, context | local, article)
        start, end = m.start, m.end
        if entry.kind == GOVERNORATE or entry.province in WIDENED_PROVINCES:
            start, end = widened(clause, start, end)
        entry = rural_damascus(clause, start, end, entry)
        name = span_text(clause.doc, start, end)
        rank: float = KIND_RANK[entry.kind]
        if entry.kind == GOVERNORATE and (start, end) == (m.start, m.end):
            rank = 0
        reading = PlaceReading(name, entry.province, entry, True, "gazetteer")
        if entry.kind != GOVERNORATE:
            stated = governorate_after(clause, m.end)
            if (
                stated
                and near_only(clause, m.end)
                and not any(e.province == stated for e in entries)
            ):
                stated = None  # "Saraqib, east of Latakia": near it, in its own governorate
            if stated and stated != entry.province and {stated, entry.province} != CAPITAL_PAIR:
                # the text says where it is: a namesake there, else an unknown place there
                namesake = next((e for e in entries if e.province == stated), None)
                reading = PlaceReading(name, stated, namesake, True, "governorate_after")
            elif not stated and stray_namesake(entry, article, local):
                # "the town of Dumeir east of Damascus": a governorate stated after it
                # that agrees (the capital for Rif Dimashq too) makes it no stray
                reading = PlaceReading(name, None, None, True, "stray_namesake")
                rank = UNKNOWN_PLACE_RANK
            elif ambiguous_namesake(entries, context | local | article):
                reading = PlaceReading(name, None, None, True, "ambiguous_namesake")
                rank = UNKNOWN_PLACE_RANK
        out.append((rank, start, end, reading))
    return out


def street_cue(clause: Span, i: int) -> bool:
    """ "Castello Road", "Busra Square", "the Old City": a street word or a quarter's
    (``named_quarter_cues``) written with a capital ends the name of a road, square or
    quarter the gazetteer does not know ("the road", "al-Neel street" in a list of
    districts, are not read as names)."""
    word = norms(clause.doc)[i]
    named = word in GAZETTEER.street_words or word in V.named_quarter_cues
    return named and texts(clause.doc)[i][:1].isupper()


@cache
def village_or_street_cues() -> frozenset[str]:
    """Every word a cue of ``unknown_villages`` is: a village cue, or a word
    ``street_cue`` can be true of (it then asks for the capital)."""
    return V.village_cues | GAZETTEER.street_words | V.named_quarter_cues


def village_named_after_cue(clause: Span, i: int) -> tuple[int, int] | None:
    """ "the town of Al-Fatatra", "the villages of al-Foua and Kefraya": the capitalised
    words after a cue and "of"."""
    ns, ts = norms(clause.doc), texts(clause.doc)
    hi = clause.end
    if not (i + 1 < hi and ns[i + 1] == "of"):
        return None
    j = i + 2
    while j < hi and not is_word(ns[j]) and ts[j] not in NAME_ENDS:
        j += 1
    k = j
    while k < hi and (capitalized(ts[k]) or ts[k] == "-" or (not is_word(ns[k]) and ns[k] == "al")):
        k += 1
    if not (k > j and capitalized(ts[j])):
        return None
    start = j
    while start > clause.start and (
        ns[start - 1] == "al"
        or (ts[start - 1] == "-" and start - 2 >= clause.start and ns[start - 2] == "al")
    ):
        start -= 1
    return start, k


def name_start(doc: Doc, k: int, lo: int) -> int:
    """Where the name whose word ``k`` is starts: back over capitalised words, hyphens
    and "al" ("Jisr al-Shughour Road"), not before token ``lo``."""
    ns, ts = norms(doc), texts(doc)
    while k > lo and (capitalized(ts[k - 1]) or ts[k - 1] == "-" or ns[k - 1] == "al"):
        k -= 1
    return k


def village_named_before_cue(clause: Span, i: int) -> tuple[int, int] | None:
    """ "the Kabani front", "the Ghazar area": capitalised words before the cue."""
    ns, ts = norms(clause.doc), texts(clause.doc)
    cue = ns[i] in V.village_cues_after or street_cue(clause, i)
    if not (i > clause.start and capitalized(ts[i - 1]) and cue):
        return None
    k = name_start(clause.doc, i - 1, clause.start)
    if ns[k] == "the":
        k += 1
    return k, (i if ns[i] in V.village_cues_outside_name else i + 1)


def quarter_of_a_town(clause: Span, found: tuple[int, int], covered: set[int]) -> str | None:
    """ "a terrorist group in Daraa al-Mahatta neighborhood", "Daraa al-Balad area": a
    name before a cue that is a known town's name and an Arabic name after it ("al-")
    is a quarter of that town, not the town; its governorate is the town's. None when
    the name is no such longer name."""
    taken = [k for k in range(*found) if k in covered]
    if not taken or taken != list(range(found[0], found[0] + len(taken))):
        return None
    rest = [t for t in texts(clause.doc)[taken[-1] + 1 : found[1]] if t.strip(" -")]
    if not rest or not ARTICLE_PREFIX.match(rest[0]) or not all(capitalized(t) for t in rest):
        return None  # "Daraa al-Balad", not "Damascus Airport"
    mention = first_place_from(clause, found[0])
    if mention is None or mention[0].start != found[0] or mention[0].end != taken[-1] + 1:
        return None
    return choose_entry(mention[1], set()).province


def without_qualifiers(name: str) -> str:
    """ "Besieged Alwaer District" -> "Alwaer District", "majority-Alawite district" ->
    "": the words a headline capitalises before a name (a siege, a community) are no
    part of it."""
    words = name.split()
    while words and any(part in V.not_village_words for part in words[0].lower().split("-")):
        words.pop(0)
    return " ".join(words)


def unknown_villages(clause: Span, covered: set[int]) -> list[tuple[float, int, int, PlaceReading]]:
    """Places the gazetteer does not know: "the town of X", "the X area", "X front",
    "Castello Road"."""
    ns = norms(clause.doc)
    out: list[tuple[float, int, int, PlaceReading]] = []
    cue_words = village_or_street_cues()
    if cue_words.isdisjoint(ns[clause.start : clause.end]):
        return out  # no cue word: no walk (most clauses)
    factions = factions_of(clause)
    for i in [i for i in range(clause.start, clause.end) if ns[i] in cue_words]:
        if (ns[i] not in V.village_cues and not street_cue(clause, i)) or i in covered:
            continue
        found = None
        if i + 1 < clause.end and ns[i + 1] == "of":
            found = village_named_after_cue(clause, i)
        if found is None or covered & set(range(*found)):
            # "the Al-Ferdous district of Aleppo": the known city after "of" is where
            # the district lies, the name before the cue is the place
            found = village_named_before_cue(clause, i)
        town = quarter_of_a_town(clause, found, covered) if found else None
        if found is None or (covered & set(range(*found)) and town is None):
            continue
        if origin_of_the_displaced(Span(clause.doc, found[0], found[1])):
            continue  # "displaced from the countryside of Aleppo"
        text = without_qualifiers(span_text(clause.doc, found[0], found[1]).strip(" -"))
        first = fold(text.split()[0]) if text else ""  # "Syria's" -> "syrias"
        in_faction = any(f.start < found[1] and found[0] < f.end for f in factions)
        if text and first not in V.not_a_name_start and len(text) > 2 and not in_faction:
            stated = town or governorate_after(clause, found[1])
            reading = PlaceReading(text, stated, None, True, "unknown_village")
            rank = STREET_RANK if ns[i] in GAZETTEER.street_words else UNKNOWN_PLACE_RANK
            out.append((rank, found[0], found[1], reading))
            covered.update(range(*found))
    return out


def road_named_before(
    clause: Span, covered: set[int]
) -> list[tuple[float, int, int, PlaceReading]]:
    """ "At least 29 opposition fighters were killed when rebels launched a fruitless
    assault to push government forces back from the road", after "to reopen the
    Castello Road": "the road" is the road the text named last ("Castello Road", the
    same street word written with a capital after a name)."""
    ns, ts = norms(clause.doc), texts(clause.doc)
    out: list[tuple[float, int, int, PlaceReading]] = []
    if GAZETTEER.street_words.isdisjoint(ns[clause.start + 1 : clause.end]):
        return out  # no street word: no walk
    for i in range(clause.start + 1, clause.end):
        if i in covered or ns[i - 1] != "the" or ts[i][:1].isupper():
            continue
        if ns[i] in GAZETTEER.street_words and (named := _street_named_before(clause, i)):
            reading = PlaceReading(named, None, None, True, "road_named_before")
            out.append((UNKNOWN_PLACE_RANK, i - 1, i + 1, reading))
    return out


def _street_named_before(clause: Span, i: int) -> str | None:
    """The last "<Name> Road" (the street word at ``i``, capitalised) before ``clause``."""
    doc = clause.doc
    ns, ts = norms(doc), texts(doc)
    for j in range(clause.start - 1, 0, -1):
        if ns[j] == ns[i] and ts[j][:1].isupper() and capitalized(ts[j - 1]):
            words = span_text(doc, name_start(doc, j - 1, 0), j + 1).strip(" -").split()
            while words and words[0].lower() == "the":
                words.pop(0)
            name = without_qualifiers(" ".join(words))
            return name if len(name.split()) > 1 else None
    return None


def read_places(
    clause: Span, context: set[str], article: frozenset[str] = frozenset()
) -> list[PlaceReading]:
    """Places named in the clause, where it happened first.

    "the town of Al-Fatatra" (unknown to the gazetteer) -> Al-Fatatra, its
    governorate left to the context; "the southern countryside of Idlib" -> that
    phrase, in Idlib; "rural Aleppo province" -> that phrase, in Aleppo.
    """
    readings = known_places(clause, context, article)
    covered = {i for _, start, end, _ in readings for i in range(start, end)}
    readings += unknown_villages(clause, covered)
    readings += road_named_before(clause, covered)
    if len(readings) < 2:
        return [r[3] for r in readings]  # nothing to rank (most clauses)
    toll_at = first_toll_at(clause)
    is_located = located_test(clause)
    readings.sort(
        key=lambda r: (
            not is_located(r[1]),
            -r[0],
            toll_at is not None and r[1] < toll_at,
            r[1],
        )
    )
    return [r[3] for r in readings]


def ambiguous_namesake(entries: tuple[PlaceEntry, ...], around: set[str]) -> bool:
    """ "Shelling killed 3 in Hamidiyeh.": towns of one name lie in several governorates
    (GeoNames has a Hamidiyah in Tartus and one in Homs) and none of them is named
    around it: the name alone says no governorate."""
    provinces = {e.province for e in entries}
    return (
        len(provinces) > 1 and all(e.kind in TOWN_KINDS for e in entries) and not provinces & around
    )


TOWN_KINDS = frozenset({"place", "subdistrict"})


def governorates_named(span: Span, article: frozenset[str] = frozenset()) -> list[str]:
    """The governorate of each place named in ``span`` (its first namesake's), but for
    a name several governorates share (``ambiguous_namesake``) and, given the
    governorates the ``article`` names, a stray namesake (``stray_namesake``): "AP
    Photo Hussein Malla" names no governorate in an article about Deir ez-Zor."""
    out = []
    for m, entries in places_of(span):
        if ambiguous_namesake(entries, set(article)):
            continue
        if article and stray_namesake(choose_entry(entries, set(), article), article, set()):
            continue
        province = entries[0].province
        if province == CAPITAL and outside_the_capital(span, m.start):
            province = AROUND_CAPITAL  # "an attack near Damascus"
        out.append(province)
    return out


def is_specific(entry: PlaceEntry | None, own: bool) -> bool:
    """Named in its own clause and more precise than a governorate (an unknown village
    counts)."""
    return own and (entry is None or entry.kind != GOVERNORATE)
