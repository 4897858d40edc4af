"""The flow as a library: sitrep build and sitrep extract without the command line."""

from __future__ import annotations

import json

from generator import pipeline
from generator.pipeline import Options
from tests.helpers import ROOT

QUIET = Options(cache_dir=None, progress=False)


def test_build_then_check_then_extract(tmp_path):
    said: list[str] = []
    docs = tmp_path / "docs"
    pipeline.build(ROOT / "articles", docs, options=QUIET, say=said.append)
    pages = sorted(p for p in docs.rglob("*") if p.is_file() and not p.name.startswith("."))
    assert (docs / "index.md").is_file() and len(pages) > 14
    assert said[-1] == f"{len(pages)} pages in {docs}: {len(pages)} written, 0 removed, 0 unchanged"
    assert said[-3].startswith("0 from cache, 5 extracted on 1 process")

    said.clear()
    pipeline.build(ROOT / "articles", docs, options=QUIET, check=True, say=said.append)
    assert said[-1] == f"{docs} is up to date ({len(pages)} pages)"

    written: list[str] = []
    pipeline.extract_json(ROOT / "articles", written.append, QUIET, say=said.append)
    doc = json.loads(written[0])
    assert doc["schema"] == "sitrep.incidents/1" and len(doc["articles"]) == 5
