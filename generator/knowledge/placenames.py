"""Place names compared across articles: transliteration-tolerant keys, and which
names say no more than a governorate.

Outlets spell Arabic place names in many ways ("Foua", "Fua", "Fuaa",
"al-Foua"; "Rashideen", "Rashidin"; "Tareeq al-Bab", "Tariq al-Bab"), and
name the same spot at different sizes ("Khan Sheikhoun", "southern Idlib",
"Idlib province").  :func:`place_key` reduces a name to a tuple of word
skeletons that ignores the spelling; :func:`places_compatible` says how well
two keys agree; :func:`is_coarse` says whether a key names only a
governorate (or a part of one by direction: "the northwestern Idlib
countryside"), which tells two events in that governorate apart no better
than no place at all.

No list of spelling pairs: the skeleton is a rule (vowels, y/w, doubled
letters, q/k, a final -h and the Arabic article dropped), and the only data
read are the governorates' own spellings from the gazetteer (``places.jsonl``).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from generator.knowledge.arabic import ALL_ARTICLES
from generator.knowledge.governorates import gazetteer_entries
from generator.knowledge.names import name_words

__all__ = [
    "PlaceKey",
    "directions",
    "fold_word",
    "is_coarse",
    "place_key",
    "places_compatible",
]

#: A place name normalised for comparison: one skeleton per significant word.
PlaceKey = tuple[str, ...]

_LEAD = re.compile(
    r"^(?:the\s+)?(?:(?:town|city|village|neighbou?rhood|district|area|suburb|suburbs|camp|"
    r"countryside|outskirts|region|province|governorate|municipality)\s+of\s+)+"
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Arabic articles and their assimilated forms (al-, el-, ash-, ad-, ez- ...: the
#: package's one list, :mod:`.arabic`), and English ones.
_ARTICLES = ALL_ARTICLES | _words("the of")
#: Words that say what kind of place it is, not which one.  Directions are not here.
_GENERIC = _words(
    "town city village neighbourhood neighborhood district area suburb suburbs outskirts"
    " countryside province governorate region municipality camp in near"
)
#: Words that say which part of a region, not which place, each with a canonical
#: token: kept in the key (southern Idlib is not northern Idlib) but never folded
#: (the skeletons of "eastern", "western" and "southern" would be one), and
#: ignored when deciding whether a name is coarse.
_QUALIFIERS = {
    **{w: "@n" for w in ("north", "northern")},
    **{w: "@s" for w in ("south", "southern")},
    **{w: "@e" for w in ("east", "eastern")},
    **{w: "@w" for w in ("west", "western")},
    **{w: "@ne" for w in ("northeast", "northeastern")},
    **{w: "@nw" for w in ("northwest", "northwestern")},
    **{w: "@se" for w in ("southeast", "southeastern")},
    **{w: "@sw" for w in ("southwest", "southwestern")},
    "central": "@c",
    "rural": "@rural",
    # the country itself: "Syria", "Syrias Idlib" (an apostrophe the source stripped)
    **{w: "@syria" for w in ("syria", "syrias", "syrian")},
}


def fold_word(tok: str) -> str:
    """A transliteration-tolerant skeleton of one word: "sheikhoun" and "shaykhun" -> "shkhn".

    Vowels (and y, w) vary most between transliterations of Arabic, q/k and
    ch/sh too; doubled letters and a final -h come and go ("Ma'arrat"/"Maarat",
    "Hamah"/"Hama").  A word whose skeleton would be one letter keeps a mark
    for each vowel run instead ("Azaz" -> "azaz", not "z"; "Ain" ~ "Ayn";
    "Foua" ~ "Fua" ~ "Fuaa" -> "fa").
    """
    t = tok
    if len(t) > 5 and t.startswith("al") and t[2] not in "aeiouy":
        t = t[2:]  # the article written into the word: "Alkobra" ~ "al-Kubra"
    if len(t) > 3 and t.endswith("h") and t[-2] in "aeiou":
        t = t[:-1]
    t = t.replace("ch", "sh").replace("q", "k").replace("dh", "d").replace("th", "t")
    skel = re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouyw]", "", t))
    if len(skel) >= 2:
        return skel
    # Too short to drop the vowels: mark each vowel run instead ("Ain"/"Ayn"/"Ein" -> "an").
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouyw]+", "a", t))


def _plain_words(name: str) -> list[str]:
    """Lower-case ASCII words of a name (:func:`~generator.knowledge.names.name_words`),
    with "the town of" gone."""
    return _LEAD.sub("", " ".join(name_words(name))).split()


@lru_cache(maxsize=65536)
def place_key(name: str | None) -> PlaceKey | None:
    """A place name normalised for comparison, as a tuple of folded words; None if no name.

    "the town of Al-Fatatra" -> ("ftr",); "Khan Shaykhun" -> ("khn", "shkhn");
    "Deir ez-Zor" == "Deir al-Zour".  Arabic articles, "the town of" and generic
    words ("countryside", "village") are dropped; directions are kept, since
    "southern Idlib" is not "northern Idlib".
    """
    if not name:
        return None
    words = [w for w in _plain_words(name) if w not in _ARTICLES and w not in _GENERIC]
    key = tuple(_QUALIFIERS.get(w) or fold_word(w) for w in words)
    return key or None


def places_compatible(a: PlaceKey | None, b: PlaceKey | None) -> int:
    """How well two place keys agree: 2 same name, 1 one name's words within the other's, 0 not.

    Null places return 0: whether they may merge is decided elsewhere.
    """
    if a is None or b is None:
        return 0
    if a == b or "".join(a) == "".join(b):  # "Kafr Nabl" ~ "Kafranbel"
        return 2
    if _without_possessive(a) == _without_possessive(b):  # "Jayruds" ~ "Jayrud"
        return 2
    sa, sb = set(a), set(b)
    if sa <= sb or sb <= sa:
        return 1
    return 0


def _without_possessive(key: PlaceKey) -> PlaceKey:
    """The key with a last word's final "s" gone: sources that strip apostrophes write
    "Jayrud's" as "Jayruds" (skeletons of three letters or more, "Homs" stays)."""
    last = key[-1]
    if len(last) > 3 and last.endswith("s") and not last.startswith("@"):
        return (*key[:-1], last[:-1])
    return key


_NOT_DIRECTIONS = frozenset({"@rural", "@syria"})


def directions(key: PlaceKey | None) -> frozenset[str]:
    """The parts of a region a name says ("southern Idlib" -> {"@s"})."""
    if key is None:
        return frozenset()
    return frozenset(w for w in key if w.startswith("@") and w not in _NOT_DIRECTIONS)


def _core(key: PlaceKey) -> PlaceKey:
    """The key without its qualifiers (directions, "rural", the country)."""
    return tuple(w for w in key if not w.startswith("@"))


@cache
def governorate_keys() -> frozenset[PlaceKey]:
    """The keys of every governorate's spellings ("Idlib", "Deir Ezzor", "Rural Damascus",
    "Syrian capital", ...): the gazetteer's governorate entries
    (:func:`generator.knowledge.governorates.gazetteer_entries`)."""
    keys: set[PlaceKey] = set()
    for entry in gazetteer_entries():
        for alias in (entry["name"], *entry.get("aliases", ())):
            key = place_key(alias)
            if key is not None:
                keys.add(_core(key))
    keys.discard(())
    return frozenset(keys)


def is_coarse(key: PlaceKey | None) -> bool:
    """Whether a place names no more than a governorate, or a direction of one.

    "Idlib", "Idlib province", "the northwestern Idlib countryside", "Aleppo
    city", "Syrian capital", "Aleppos outskirts" (a possessive whose comma the
    source stripped) are coarse: "Aleppo" is a city and a governorate, and an
    outlet that names only it has not said where in it.  "Khan Sheikhoun",
    "Eastern Ghouta", "Manbij countryside" are not.  A missing name is not
    coarse (there is nothing to compare).
    """
    if key is None:
        return False
    core = _core(key)
    if not core:
        return True
    govs = governorate_keys()
    if core in govs:
        return True
    # "Aleppos outskirts", "Syrias Idlib": a possessive written without its apostrophe
    return tuple(w[:-1] if w.endswith("s") and len(w) > 2 else w for w in core) in govs
