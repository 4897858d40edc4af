"""Derive generator/data/districts.jsonl (admin2: Syria's 62 districts, each with its
subdistricts) from OpenSyria's tables.

Run from the repository root with the shared data beside it:

    .venv/bin/python tools/build_districts.py ../shared/data

Source (see generator/data/NOTICE.md): OpenSyria Data Geography v0.1.3,
``opensyria-districts.json`` and ``opensyria-subdistricts.json`` (CC BY 4.0). Kept
per district: OpenSyria's id, its English name and Latin-script aliases, its
governorate (sitrep's id), its OCHA P-code and centroid, and the same for each of
its subdistricts. The downloads' ``admin2`` column is read from it
(generator/knowledge/districts.py). Output is sorted, so a rebuild from the same
sources gives the same bytes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from build_places import OPENSYRIA_TO_PROVINCE, english_names

DATA = Path(__file__).resolve().parent.parent / "generator" / "data"


def _record(rec: dict) -> dict:
    return {
        "id": rec["id"],
        "name": rec["name"]["en"],
        "pcode": rec.get("externalIds", {}).get("ochaPcode"),
        "lat": round(rec["centroid"]["latitude"], 5),
        "lon": round(rec["centroid"]["longitude"], 5),
        "aliases": english_names(rec),
    }


def main(shared: Path) -> None:
    districts = json.loads((shared / "opensyria-districts.json").read_text("utf-8"))
    subdistricts = json.loads((shared / "opensyria-subdistricts.json").read_text("utf-8"))
    out = []
    for rec in districts:
        entry = _record(rec)
        entry["province"] = OPENSYRIA_TO_PROVINCE[rec["governorateId"]]
        entry["subdistricts"] = sorted(
            (_record(s) for s in subdistricts if s["districtId"] == rec["id"]),
            key=lambda s: s["id"],
        )
        out.append(entry)
    out.sort(key=lambda d: d["id"])
    assert sum(len(d["subdistricts"]) for d in out) == len(subdistricts), "a subdistrict lost"
    with (DATA / "districts.jsonl").open("w", encoding="utf-8", newline="\n") as f:
        for entry in out:
            f.write(json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"{len(out)} districts written to {DATA / 'districts.jsonl'}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data"))
