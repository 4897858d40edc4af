"""Articles given as JSONL (generator/ingest/jsonl.py): one record a line, read with the
checks a file with front matter gets, hostile lines failed one by one."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from generator.ingest import jsonl, read_articles
from generator.ingest.jsonl import entries
from generator.model import SitrepError

TEXT = (
    "Two civilians were killed on Monday when shells hit the town of Saraqib in Idlib "
    "province, the Syrian Observatory for Human Rights said. The shelling also wounded "
    "five people, according to local activists who spoke to reporters."
)


def records() -> list[dict[str, object]]:
    return [
        {
            "id": "sana-1",
            "title": "Shells hit Saraqib",
            "text": TEXT,
            "published": "2017-04-12",
            "source": "SANA",
            "url": "https://example.org/a",
        },
        {
            "id": "sana-2",
            "title": "Another day",
            "text": TEXT.replace("Two", "Three"),
            "date": "2017-04-13",
        },
    ]


def write_jsonl(path: Path, rows: list[object] | list[str]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_records_read_as_the_same_articles_written_as_files(tmp_path: Path) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    for r in records():
        meta = {k: v for k, v in r.items() if k not in ("id", "text")}
        (folder / f"{r['id']}.md").write_text(
            f"---\n{yaml.safe_dump(meta)}---\n{r['text']}\n", encoding="utf-8"
        )
    from_jsonl = read_articles(write_jsonl(tmp_path / "feed.jsonl", records()))
    from_files = read_articles(folder)

    def fields(result):  # type: ignore[no-untyped-def]
        return [(a.id, a.title, a.text, a.published, a.source, a.url) for a in result.articles]

    assert fields(from_jsonl) == fields(from_files)
    assert [a.path for a in from_jsonl.articles] == ["feed.jsonl/sana-1", "feed.jsonl/sana-2"]


def test_hostile_lines_fail_alone_and_fields_are_checked_as_front_matter(tmp_path: Path) -> None:
    rows: list[object] = [
        *records(),
        "not json at all",
        "[1, 2, 3]",
        "[" * 100_000 + "]" * 100_000,
        {"id": "no-text", "title": "x"},
        {"id": "sana-1", "text": TEXT + " Again."},  # an id already used
        {"id": "../../etc/passwd", "text": TEXT + " Slug."},
        {"text": TEXT + " No id.", "title": ["a", "list"], "url": "javascript:alert(1)"},
        {"id": "future", "text": TEXT + " Later.", "published": "2999-01-01"},
    ]
    result = read_articles(write_jsonl(tmp_path / "feed.jsonl", rows))
    problems = {(p.path, p.status): p.reason for p in result.problems}
    assert problems[("feed.jsonl/line-000003", "failed")].startswith("line 3: not JSON")
    assert problems[("feed.jsonl/line-000004", "failed")] == "line 4: not a JSON object but list"
    assert problems[("feed.jsonl/line-000005", "failed")] == "line 5: nested too deeply"
    assert problems[("feed.jsonl/no-text", "skipped")].startswith("no text in the record")
    repeated = problems[("feed.jsonl/sana-1~7", "skipped")]
    assert repeated == "line 7 repeats the id 'sana-1' of line 1"
    ids = [a.id for a in result.articles]
    assert ids == ["sana-1", "sana-2", "etc-passwd", "feed-000009", "future"]
    warned = [p.reason for p in result.problems if p.path == "feed.jsonl/feed-000009"]
    assert "title is not text (list); ignored" in warned
    assert any("javascript:alert(1)" in w and "not an http(s) address" in w for w in warned)
    later = [p.reason for p in result.problems if p.path == "feed.jsonl/future"]
    assert "date 2999-01-01 is in the future" in later


def test_a_long_line_or_text_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonl, "LINE_LIMIT", 4000)
    monkeypatch.setattr(jsonl, "MAX_BYTES", 400)
    rows = [{"id": "long", "text": TEXT * 20}, {"id": "fits", "text": TEXT * 2}]
    result = read_articles(write_jsonl(tmp_path / "feed.jsonl", rows))
    problems = {(p.path, p.status): p.reason for p in result.problems}
    assert problems[("feed.jsonl/line-000001", "failed")] == "line 1: longer than 0 MB"
    [fits] = result.articles
    assert len(fits.text.encode()) <= 400
    assert ("feed.jsonl/fits", "warning") in problems


def test_a_link_or_an_empty_file_is_an_error(tmp_path: Path) -> None:
    real = write_jsonl(tmp_path / "real.jsonl", records())
    os.symlink(real, tmp_path / "link.jsonl")
    with pytest.raises(SitrepError, match="cannot read the JSONL file .*link.jsonl"):
        read_articles(tmp_path / "link.jsonl")
    (tmp_path / "empty.jsonl").write_text("\n\n", encoding="utf-8")
    with pytest.raises(SitrepError, match="holds no article"):
        read_articles(tmp_path / "empty.jsonl")


def test_a_manifest_lists_jsonl_files_beside_article_files(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "feed.jsonl", records())
    (tmp_path / "one.txt").write_text("Clashes in Idlib\n\n" + TEXT.replace("Two", "Four"))
    (tmp_path / "run.lst").write_text("one.txt\nfeed.jsonl\n", encoding="utf-8")
    result = read_articles(tmp_path / "run.lst")
    assert [a.id for a in result.articles] == ["one", "sana-1", "sana-2"]


def test_an_entry_reads_only_its_own_line(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "feed.jsonl", records())
    found = entries(path, "feed.jsonl", tmp_path)
    data = path.read_bytes()
    assert [json.loads(data[e.offset : e.offset + e.length])["id"] for e in found] == [
        "sana-1",
        "sana-2",
    ]


def test_a_file_name_that_is_not_utf8_is_known_by_a_printable_one(tmp_path: Path) -> None:
    name = os.fsdecode(b"caf\xe9.jsonl")
    result = read_articles(write_jsonl(tmp_path / name, records()[:1]))
    assert [a.path for a in result.articles] == ["caf\\xe9.jsonl/sana-1"]
    assert result.articles[0].path.encode("utf-8")  # printable, writable
