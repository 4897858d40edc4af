"""Files kept between builds (generator/ingest/memo.py): a file unchanged since the
last build is not read again, and its article is the one reading it gives (without
its text, which is read again when the extraction needs it); a file edited (even
with its size and time put back), renamed or removed, new code, or a date that was
in the future, and it is read."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
from pathlib import Path

from generator import pipeline
from generator.ingest import read_articles
from generator.ingest.memo import ReadMemo
from generator.model import IngestResult
from generator.pipeline import Options
from tests.helpers import ROOT

TODAY = dt.date(2024, 6, 1)


def write(folder: Path, name: str, title: str, published: str = "2024-05-02") -> Path:
    path = folder / name
    path.write_text(
        f"---\ntitle: {title}\ndate: {published}\nsource: SANA\n---\n"
        f"A shelling killed four people in the town of {title} on Monday, residents said.\n",
        "utf-8",
    )
    return path


def folder(tmp_path: Path) -> Path:
    root = tmp_path / "articles"
    root.mkdir()
    for n, town in enumerate(["Saraqib", "Douma", "Nawa"]):
        write(root, f"{n:03d}.md", town)
    return root


def read(root: Path, cache: Path, code: str = "code", today: dt.date = TODAY) -> ReadMemo:
    memo = ReadMemo(cache, root, code, today)
    memo.result = read_articles(root, memo=memo, today=today)  # type: ignore[attr-defined]
    memo.save()
    return memo


def textless(result: IngestResult) -> IngestResult:
    return dataclasses.replace(
        result, articles=tuple(dataclasses.replace(a, text="") for a in result.articles)
    )


def test_an_unchanged_file_is_not_read_again_and_gives_the_same_article(tmp_path: Path) -> None:
    root = folder(tmp_path)
    first = read(root, tmp_path / "cache")
    again = read(root, tmp_path / "cache")
    assert (first.hits, again.hits) == (0, 3)
    assert again.result == textless(first.result)  # type: ignore[attr-defined]
    # its text is read when asked for
    for kept, whole in zip(again.result.articles, first.result.articles, strict=True):  # type: ignore[attr-defined]
        assert again.fill(kept) == whole


def test_an_edited_file_is_read_again_even_with_its_size_and_time_put_back(
    tmp_path: Path,
) -> None:
    root = folder(tmp_path)
    read(root, tmp_path / "cache")
    path = root / "001.md"
    st = path.stat()
    write(root, "001.md", "Dumma")  # the same size
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    again = read(root, tmp_path / "cache")
    assert again.hits == 2
    assert [a.title for a in again.result.articles][1] == "Dumma"  # type: ignore[attr-defined]
    assert again.result.articles[1].text  # type: ignore[attr-defined]
    fresh = read_articles(root, today=TODAY)
    assert textless(again.result) == textless(fresh)  # type: ignore[attr-defined]


def test_a_renamed_or_removed_file_is_seen(tmp_path: Path) -> None:
    root = folder(tmp_path)
    read(root, tmp_path / "cache")
    (root / "000.md").rename(root / "100.md")
    (root / "002.md").unlink()
    again = read(root, tmp_path / "cache")
    assert again.hits == 1  # 001.md
    assert [(a.id, a.path) for a in again.result.articles] == [  # type: ignore[attr-defined]
        ("001", "001.md"),
        ("100", "100.md"),
    ]


def test_new_code_reads_every_file_again(tmp_path: Path) -> None:
    root = folder(tmp_path)
    read(root, tmp_path / "cache", code="v1")
    assert read(root, tmp_path / "cache", code="v2").hits == 0


def test_a_date_in_the_future_is_read_again_until_it_is_not(tmp_path: Path) -> None:
    """"in the future" depends on the day: such an article is not kept."""
    root = folder(tmp_path)
    write(root, "003.md", "Jisr", published="2024-07-01")
    first = read(root, tmp_path / "cache")
    assert any("in the future" in p.reason for p in first.result.problems)  # type: ignore[attr-defined]
    later = read(root, tmp_path / "cache", today=dt.date(2024, 8, 1))
    assert later.hits == 3
    assert not any("in the future" in p.reason for p in later.result.problems)  # type: ignore[attr-defined]


def _docs_of(docs: Path) -> dict[str, bytes]:
    return {
        p.relative_to(docs).as_posix(): p.read_bytes()
        for p in docs.rglob("*")
        if p.is_file() and not p.name.startswith(".")
    }


def test_a_build_reads_only_the_added_article_and_writes_what_a_fresh_build_writes(
    tmp_path: Path, monkeypatch
) -> None:
    import generator.extract
    from generator.ingest import memo

    articles, docs = tmp_path / "articles", tmp_path / "docs"
    shutil.copytree(ROOT / "articles", articles)
    opts = Options(cache_dir=tmp_path / "cache", progress=False, jobs=1)
    pipeline.build(articles, docs, options=opts, say=lambda _: None)
    first = sorted(articles.iterdir())[0]
    shutil.copy(first, articles / "zz-added.txt")
    with (articles / "zz-added.txt").open("a", encoding="utf-8") as f:
        f.write("\nThe toll was later revised by local activists.\n")
    memos: list[ReadMemo] = []
    real_save = memo.ReadMemo.save
    monkeypatch.setattr(memo.ReadMemo, "save", lambda m: (memos.append(m), real_save(m)))
    pipeline.build(articles, docs, options=opts, say=lambda _: None)
    (kept,) = memos
    assert (kept.hits, kept.filled) == (5, 0)
    fresh = tmp_path / "fresh"
    pipeline.build(articles, fresh, options=Options(cache_dir=None, progress=False))
    assert _docs_of(docs) == _docs_of(fresh)

    # A new extractor (its version only): every kept article is read again, extracted.
    monkeypatch.setattr(generator.extract, "EXTRACTOR_VERSION", "test-version-2")
    (articles / "zz-added.txt").unlink()  # something changed, so the build runs
    said: list[str] = []
    pipeline.build(articles, docs, options=opts, say=said.append)
    assert memos[-1].hits == memos[-1].filled == 5
    assert any(line.startswith("0 from cache, 5 extracted") for line in said), said
    pipeline.build(articles, fresh, options=Options(cache_dir=None, progress=False))
    assert _docs_of(docs) == _docs_of(fresh)
