"""The MkDocs hook that keeps the search index small."""

from __future__ import annotations

import json

from generator.publish.mkdocs_hooks import on_post_build, trim_section_tags


def test_tags_stay_on_the_page_entry_only(tmp_path) -> None:
    tags = ["Idlib", "Shelling"]
    index = {
        "config": {"lang": ["en"]},
        "docs": [
            {"location": "articles/a/", "title": "A", "text": "x", "tags": tags},
            {"location": "articles/a/#summary", "title": "Summary", "text": "y", "tags": tags},
            {"location": "articles/a/#i-1", "title": "1. Fleifel", "text": "z", "tags": tags},
            {"location": "methodology/", "title": "M", "text": "w"},
        ],
    }
    path = tmp_path / "search" / "search_index.json"
    path.parent.mkdir()
    path.write_text(json.dumps(index), "utf-8")
    on_post_build({"site_dir": str(tmp_path)})
    docs = json.loads(path.read_text("utf-8"))["docs"]
    assert [d.get("tags") for d in docs] == [tags, None, None, None]
    # Titles and texts are untouched: every section is still found by its words.
    assert [(d["title"], d["text"]) for d in docs] == [
        (d["title"], d["text"]) for d in index["docs"]
    ]
    assert trim_section_tags({"docs": docs}) == 0


def test_no_index_no_error(tmp_path) -> None:
    on_post_build({"site_dir": str(tmp_path)})  # no search plugin, no index: nothing to do
