"""What the extractor reads from the seed articles and the hand-coded FA-KES dev
articles, compared with a committed snapshot (one JSON file per article under
``tests/snapshots/extract/``), so that any change to extraction shows up as a
reviewable diff of those files.

When a change to the extractor is meant, refresh the snapshot and commit the diff
with the change:

    .venv/bin/python tests/test_extract_snapshot.py
"""

from __future__ import annotations

import difflib
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script to refresh
    sys.path.insert(0, str(ROOT))

SNAPSHOTS = ROOT / "tests" / "snapshots" / "extract"
SETS = {
    "seeds": ROOT / "articles",
    "gold-dev": ROOT.parent / "shared" / "corpus" / "gold-dev",
}
"""Snapshot folder name -> the articles it is read from."""
DROPPED = ("path", "url")
"""Fields that say where the file lies, not what was read from it."""


def read_set(folder: Path) -> dict[str, dict[str, Any]]:
    """Every ``.txt`` article of ``folder`` (as the scorer copies them, without the
    gold's README) as ``sitrep extract --json`` writes it, by id."""
    from generator.contract import article_json
    from generator.extract import extract_articles
    from generator.ingest import read_articles

    with tempfile.TemporaryDirectory() as tmp:
        for text in folder.glob("*.txt"):
            shutil.copy(text, tmp)
        articles = read_articles(Path(tmp)).articles
    out = {}
    for coded in extract_articles(articles):
        record = article_json(coded)
        for key in DROPPED:
            record.pop(key, None)
        out[coded.article.id] = record
    return out


def dump(record: dict[str, Any]) -> str:
    return json.dumps(record, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def refresh() -> None:
    for name, folder in SETS.items():
        if not folder.is_dir():
            print(f"skipped {name}: {folder} not found")
            continue
        target = SNAPSHOTS / name
        target.mkdir(parents=True, exist_ok=True)
        records = read_set(folder)
        for stale in target.glob("*.json"):
            if stale.stem not in records:
                stale.unlink()
        for article_id, record in records.items():
            (target / f"{article_id}.json").write_text(dump(record), encoding="utf-8")
        print(f"{name}: {len(records)} articles -> {target.relative_to(ROOT)}")


@pytest.mark.parametrize("name", sorted(SETS))
def test_extraction_matches_the_snapshot(name: str) -> None:
    folder = SETS[name]
    if not folder.is_dir():
        pytest.skip(f"{folder} not found")
    records = read_set(folder)
    target = SNAPSHOTS / name
    stored = {p.stem: p.read_text(encoding="utf-8") for p in sorted(target.glob("*.json"))}
    assert sorted(records) == sorted(stored), "articles differ from the snapshot's"
    diffs = []
    for article_id, record in sorted(records.items()):
        got = dump(record)
        if got != stored[article_id]:
            diffs.extend(
                difflib.unified_diff(
                    stored[article_id].splitlines(),
                    got.splitlines(),
                    f"snapshot/{name}/{article_id}.json",
                    "extracted now",
                    lineterm="",
                )
            )
    assert not diffs, (
        "extraction changed; if meant, refresh with "
        "`.venv/bin/python tests/test_extract_snapshot.py`:\n" + "\n".join(diffs[:200])
    )


if __name__ == "__main__":
    refresh()
