"""Derive generator/data/places.jsonl from the reference gazetteers.

Run from the repository root with the shared data beside it:

    .venv/bin/python tools/build_places.py ../shared/data

Sources (see generator/data/NOTICE.md): OpenSyria Data Geography v0.1.3
(governorates, districts, subdistricts; CC BY 4.0), plus the hand-curated
generator/data/places_extra.jsonl for well-known places that no source covers.
The towns and villages (GeoNames) are generator/data/villages.jsonl, built by
tools/build_villages.py. Output is sorted, so a rebuild from the same sources gives
the same bytes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "generator" / "data"
OPENSYRIA_TO_PROVINCE = {
    "sy-al-hasakah": "hasakah",
    "sy-aleppo": "aleppo",
    "sy-as-suwayda": "as-suwayda",
    "sy-damascus": "damascus",
    "sy-daraa": "daraa",
    "sy-deir-ez-zor": "deir-ez-zor",
    "sy-hama": "hama",
    "sy-homs": "homs",
    "sy-idlib": "idlib",
    "sy-latakia": "latakia",
    "sy-quneitra": "quneitra",
    "sy-raqqa": "raqqa",
    "sy-rif-dimashq": "rif-dimashq",
    "sy-tartus": "tartus",
}
FORMAL_SUFFIXES = (" Governorate", " District", " Subdistrict", " Sub-district", " Nahiya")


def latin(value: str) -> bool:
    return all(ord(ch) < 0x250 or ch in "ʿʾ’" for ch in value)


def english_names(record: dict) -> list[str]:
    names = [record["name"]["en"]]
    for alias in record.get("aliases", []):
        value = alias["value"]
        if alias.get("language") not in (None, "en") or not latin(value):
            continue
        for suffix in FORMAL_SUFFIXES:
            if value.endswith(suffix):
                value = value[: -len(suffix)]
        if value.lower().startswith("nāḩiyat ") or value.lower().startswith("mantiqat "):
            continue
        names.append(value)
    return sorted(set(n.strip() for n in names if n.strip()))


def opensyria(shared: Path) -> list[dict]:
    out = []
    for kind, file in (
        ("governorate", "opensyria-governorates.json"),
        ("district", "opensyria-districts.json"),
        ("subdistrict", "opensyria-subdistricts.json"),
    ):
        for rec in json.loads((shared / file).read_text(encoding="utf-8")):
            gov = rec["id"] if kind == "governorate" else rec["governorateId"]
            out.append(
                {
                    "id": f"{kind}:{rec['id']}",
                    "name": rec["name"]["en"],
                    "province": OPENSYRIA_TO_PROVINCE[gov],
                    "kind": kind,
                    "lat": round(rec["centroid"]["latitude"], 5),
                    "lon": round(rec["centroid"]["longitude"], 5),
                    "aliases": english_names(rec),
                }
            )
    return out


def main(shared: Path) -> None:
    records = opensyria(shared)
    extra = DATA / "places_extra.jsonl"
    if extra.exists():
        records += [
            json.loads(line) for line in extra.read_text("utf-8").splitlines() if line.strip()
        ]
    records.sort(key=lambda r: r["id"])
    with (DATA / "places.jsonl").open("w", encoding="utf-8", newline="\n") as f:
        for rec in records:
            f.write(json.dumps(rec, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"{len(records)} places written to {DATA / 'places.jsonl'}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data"))
