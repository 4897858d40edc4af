"""Records of the downloads kept between builds (generator/pages/kept.py): a build
that copies the last build's records (incidents.json), rows (the CSVs) and features
(the GeoJSON) where their key is the same writes the bytes a build without them
writes, whatever changed in between (an article added, edited, removed or renamed,
the code, a file by hand), and copies every record when nothing did."""

from __future__ import annotations

import base64
import dataclasses
import os
import sys
from array import array
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from generator.events.totals import build_report
from generator.model import Casualties, CodedArticle
from generator.pages.kept import KeptRecords
from generator.pages.render import page_jobs
from generator.pages.urls import DOWNLOADS
from generator.publish.swap import write_pages
from tests.helpers import FACTIONS, corpora, many_articles

JSON = DOWNLOADS["json"]
FILES = frozenset(DOWNLOADS.values())


def fresh(coded: list[CodedArticle]) -> dict[str, str]:
    """The downloads as a build without kept records writes them."""
    out = {}
    for job in page_jobs(build_report(coded, [], FACTIONS)):
        if job.path in FILES:
            text = job.render()
            out[job.path] = text if isinstance(text, str) else "".join(text)
    return out


def written(docs: Path) -> dict[str, str]:
    return {rel: (docs / rel).read_text("utf-8") for rel in FILES}


def build(coded: list[CodedArticle], docs: Path, cache: Path, code: str = "code") -> KeptRecords:
    """Write the downloads through the kept records, as ``sitrep build`` does."""
    kept = KeptRecords(cache, docs, code)
    jobs = page_jobs(build_report(coded, [], FACTIONS), kept=kept)
    write_pages(((j.path, j.render()) for j in jobs if j.path in FILES), docs)
    kept.save()
    return kept


def test_a_build_with_nothing_changed_copies_every_record(tmp_path: Path) -> None:
    coded = many_articles(12)
    assert build(coded, tmp_path / "docs", tmp_path / "cache").reused == 0
    again = build(coded, tmp_path / "docs", tmp_path / "cache")
    # 12 articles, 12 events and their near misses in incidents.json, 12 rows in
    # each of incidents.csv and events.csv, 12 features
    assert again.reused == again.asked > 12 * 5
    assert written(tmp_path / "docs") == fresh(coded)


def test_an_added_article_is_encoded_and_the_others_copied(tmp_path: Path) -> None:
    coded = many_articles(13)
    build(coded[:12], tmp_path / "docs", tmp_path / "cache")
    kept = build(coded, tmp_path / "docs", tmp_path / "cache")
    assert written(tmp_path / "docs") == fresh(coded)
    assert kept.asked - kept.reused < kept.asked / 4


def test_an_edited_article_shows_its_new_figure(tmp_path: Path) -> None:
    coded = many_articles(6)
    build(coded, tmp_path / "docs", tmp_path / "cache")
    old = coded[2]
    inc = dataclasses.replace(old.incidents[0], killed=Casualties(total=41))
    edited = [*coded[:2], dataclasses.replace(old, incidents=(inc,)), *coded[3:]]
    kept = build(edited, tmp_path / "docs", tmp_path / "cache")
    text = written(tmp_path / "docs")
    assert text == fresh(edited)
    assert '"total": 41' in text[JSON]
    assert '"killed":41' in text[DOWNLOADS["geojson"]]
    assert 0 < kept.reused < kept.asked


def test_a_removed_or_renamed_article_is_gone_from_the_files(tmp_path: Path) -> None:
    coded = many_articles(6)
    build(coded, tmp_path / "docs", tmp_path / "cache")
    removed = coded[:3] + coded[4:]
    build(removed, tmp_path / "docs", tmp_path / "cache")
    assert written(tmp_path / "docs") == fresh(removed)
    assert "a00003" not in written(tmp_path / "docs")[DOWNLOADS["csv"]]
    moved = dataclasses.replace(coded[4].article, path="elsewhere/a00004.txt")
    renamed = [*removed[:3], dataclasses.replace(coded[4], article=moved), *removed[4:]]
    build(renamed, tmp_path / "docs", tmp_path / "cache")
    text = written(tmp_path / "docs")
    assert text == fresh(renamed)
    assert '"path": "elsewhere/a00004.txt"' in text[JSON]


def test_new_code_encodes_every_record_again(tmp_path: Path) -> None:
    """The extractor's version and the pages' code are in the code fingerprint."""
    coded = many_articles(5)
    build(coded, tmp_path / "docs", tmp_path / "cache", code="v1")
    assert build(coded, tmp_path / "docs", tmp_path / "cache", code="v2").reused == 0


def test_a_download_edited_by_hand_is_no_source(tmp_path: Path) -> None:
    coded = many_articles(5)
    docs = tmp_path / "docs"
    build(coded, docs, tmp_path / "cache")
    for rel in FILES:
        path = docs / rel
        st = path.stat()
        path.write_text(path.read_text("utf-8").replace("Village", "Villaje"), "utf-8")
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # the same size and time
    assert build(coded, docs, tmp_path / "cache").reused == 0
    assert written(docs) == fresh(coded)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpora(), corpora())
def test_any_build_after_any_other_writes_the_fresh_bytes(
    tmp_path_factory, first: list[CodedArticle], second: list[CodedArticle]
) -> None:
    """Two corpora of the same ids (art0, art1, ...): every article edited, some added
    or removed, events merged differently."""
    folder = tmp_path_factory.mktemp("kept")
    build(first, folder / "docs", folder / "cache")
    build(second, folder / "docs", folder / "cache")
    assert written(folder / "docs") == fresh(second)


def _track(kept: KeptRecords, n: int) -> list[str]:
    """``n`` records tracked in one download, as the downloads' pieces come."""
    keys = [f"k{i:06d}" for i in range(n)]

    def pieces():  # type: ignore[no-untyped-def]
        for key in keys:
            yield kept.text(key, lambda k=key: f"record {k}\n")

    for _ in kept.track(JSON, pieces()):
        pass
    return keys


def test_the_index_of_a_download_holds_little_more_than_its_keys(tmp_path: Path) -> None:
    """A large build's downloads hold 100,000s of records (316,000 at 20,000 articles):
    their byte ranges are kept as numbers in an array, not as a list per record."""
    import tracemalloc

    kept = KeptRecords(None, tmp_path, "code")
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        keys = _track(kept, 20_000)
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    key_bytes = sum(len(k) + 49 + 8 for k in keys)  # each key's str and the list's pointer
    assert (held - key_bytes) / len(keys) < 40


def test_the_index_file_lists_each_record_with_its_byte_range(tmp_path: Path) -> None:
    import json

    docs = tmp_path / "docs"
    docs.mkdir()
    kept = KeptRecords(tmp_path / "cache", docs, 'code "1"')
    _track(kept, 3)
    (docs / JSON).parent.mkdir(parents=True)
    (docs / JSON).write_text("record k000000\nrecord k000001\nrecord k000002\n", "utf-8")
    kept.save()
    assert kept.path is not None
    doc = json.loads(kept.path.read_text("utf-8"))
    assert doc["code"] == 'code "1"'
    entry = doc["files"][JSON]
    assert entry["keys"] == ["k000000", "k000001", "k000002"]
    spans = array("q", base64.b64decode(entry["spans"]))
    if sys.byteorder != "little":
        spans.byteswap()
    assert list(spans) == [0, 15, 15, 30, 30, 45]


def test_an_index_with_ranges_that_do_not_fit_is_no_index(tmp_path: Path) -> None:
    """The index is a file in the cache folder anyone can edit: a range past the end
    of the download, negative, or one too few is a record encoded again."""
    import json

    coded = many_articles(4)
    docs, cache = tmp_path / "docs", tmp_path / "cache"
    kept = build(coded, docs, cache)
    assert kept.path is not None
    doc = json.loads(kept.path.read_text("utf-8"))
    entry = doc["files"][JSON]
    spans = array("q", base64.b64decode(entry["spans"]))
    if sys.byteorder != "little":
        spans.byteswap()
    spans[0], spans[1] = 5, -1  # a negative length
    spans[2], spans[3] = 10**9, 10**9 + 5  # past the end
    if sys.byteorder != "little":
        spans.byteswap()
    entry["spans"] = base64.b64encode(spans.tobytes()).decode()
    kept.path.write_text(json.dumps(doc), "utf-8")
    assert build(coded, docs, cache).reused > 0
    assert written(docs) == fresh(coded)
    doc = json.loads(kept.path.read_text("utf-8"))
    for entry in doc["files"].values():
        entry["keys"] = entry["keys"][1:]
    kept.path.write_text(json.dumps(doc), "utf-8")
    assert build(coded, docs, cache).reused == 0
    assert written(docs) == fresh(coded)


def test_a_files_old_ranges_go_once_it_is_written_and_the_index_is_written_in_pieces(
    tmp_path: Path, monkeypatch
) -> None:
    """At 100,000 articles the saved index peaked a build: the old ranges of every
    download were still held, and the new index was joined whole and then encoded.
    Now a file's old ranges go once it is written, and the index goes out a file's
    entry at a time (the same JSON)."""
    import json

    from generator.pages import kept as kept_module

    coded = many_articles(6)
    docs, cache = tmp_path / "docs", tmp_path / "cache"
    build(coded, docs, cache)
    kept = KeptRecords(cache, docs, "code")
    assert set(kept._old) == FILES
    jobs = page_jobs(build_report(coded, [], FACTIONS), kept=kept)
    write_pages(((j.path, j.render()) for j in jobs if j.path in FILES), docs)
    assert kept._old == {}  # each file's went as it was written
    pieces: list[list[str]] = []
    real = kept_module.write_quietly

    def noted(path: Path, text: object) -> None:
        assert not isinstance(text, str)
        pieces.append(list(text))  # type: ignore[call-overload]
        real(path, pieces[-1])

    monkeypatch.setattr(kept_module, "write_quietly", noted)
    kept.save()
    assert kept.path is not None
    assert len(pieces[0]) == len(FILES) + 2  # the head, an entry a file, the end
    doc = json.loads(kept.path.read_text("utf-8"))
    assert set(doc["files"]) == FILES and doc["code"] == "code"
    assert build(coded, docs, cache).reused > 6 * 5  # and it is read back
