"""The packed store (generator/cache/pack.py): the last build's extractions in one
file, read back equal to what the per-article entries give; an added article is a
segment of its own; a damaged, edited or out-of-date pack is no pack (its entries
are read from the per-article store, or extracted)."""

from __future__ import annotations

import dataclasses
import json
import shutil
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from generator import pipeline
from generator.cache import pack as packmod
from generator.cache.pack import Pack
from generator.cache.store import cache_key
from generator.model import Article, CodedArticle, Incident, Place
from generator.pipeline import Options
from tests.helpers import ROOT
from tests.test_cache_run import MARKUP, Counting, fake_extract, make_articles, run

ROOT_FOLDER = Path("articles-here")


def packed_run(
    arts: Sequence[Article], cache: Path, extract=None, version: str = "v1"
) -> tuple[list[CodedArticle], Pack, Counting]:  # type: ignore[no-untyped-def]
    """One build's extraction through the pack, the pack saved as a build does."""
    pack = Pack(cache, ROOT_FOLDER, version)
    coded, stats, counting = run(arts, cache, extract=extract, pack=pack)
    pack.note(stats.article_keys, coded)
    pack.save()
    return coded, pack, counting


def segments(cache: Path) -> list[Path]:
    return sorted((cache / packmod.FOLDER).glob("*/*.json"))


def test_the_pack_gives_what_the_entries_give(tmp_path: Path) -> None:
    arts = make_articles(12)
    first, pack, counting = packed_run(arts, tmp_path)
    assert pack.hits == 0 and len(counting.calls) == 12 and len(segments(tmp_path)) == 1
    again, pack, counting = packed_run(arts, tmp_path)
    assert pack.hits == 12 and counting.calls == []
    assert again == first == fake_extract(arts)
    assert again == run(arts, tmp_path)[0]  # the per-article entries: the same
    assert len(segments(tmp_path)) == 1  # nothing changed: nothing written


def test_a_place_keeps_how_its_coordinates_are_written(tmp_path: Path) -> None:
    """36 and 36.0 are equal in Python, not in the JSON the downloads print."""

    def two_places(articles: Sequence[Article]) -> list[CodedArticle]:
        out = fake_extract(articles)
        for n, c in enumerate(out):
            lat = 36 if n % 2 else 36.0
            inc = replace(c.incidents[0], place=Place("Idlib", "idlib", lat, 36.5, "governorate"))
            out[n] = replace(c, incidents=(inc,))
        return out

    arts = make_articles(4)
    packed_run(arts, tmp_path, extract=two_places)
    again, pack, _ = packed_run(arts, tmp_path, extract=two_places)
    assert pack.hits == 4
    assert [repr(c.incidents[0].place.latitude) for c in again] == ["36.0", "36", "36.0", "36"]


def test_an_added_article_is_a_segment_and_many_are_packed_again(tmp_path: Path) -> None:
    arts = make_articles(30)
    packed_run(arts[:20], tmp_path)
    for n in range(20, 20 + packmod.SEGMENTS_MAX - 1):
        _, pack, counting = packed_run(arts[: n + 1], tmp_path)
        assert (pack.hits, counting.calls) == (n, [arts[n].id])
        assert len(segments(tmp_path)) == n - 18  # one segment more each time
    n = 20 + packmod.SEGMENTS_MAX - 1
    coded, pack, _ = packed_run(arts[: n + 1], tmp_path)
    assert pack.hits == n and len(segments(tmp_path)) == 1  # packed again as one
    assert coded == fake_extract(arts[: n + 1])
    assert packed_run(arts[: n + 1], tmp_path)[1].hits == n + 1


def test_removed_articles_are_dropped_when_they_are_many(tmp_path: Path) -> None:
    arts = make_articles(20)
    packed_run(arts, tmp_path)
    packed_run(arts[:17], tmp_path)  # 3 of 20 gone: kept, nothing written
    assert len(segments(tmp_path)) == 1
    before = segments(tmp_path)[0].read_bytes()
    _, pack, _ = packed_run(arts[:10], tmp_path)  # 10 gone: packed again without them
    (only,) = segments(tmp_path)
    assert only.read_bytes() != before and len(json.loads(only.read_bytes())["entries"]) == 10


def edit(cache: Path, change) -> None:  # type: ignore[no-untyped-def]
    (path,) = segments(cache)
    doc = json.loads(path.read_text("utf-8"))
    change(doc)
    path.write_text(json.dumps(doc), encoding="utf-8")


@pytest.mark.parametrize("field, value", [("event_type", MARKUP), ("means", MARKUP)])
def test_an_entry_out_of_its_vocabulary_is_not_taken(
    tmp_path: Path, field: str, value: object
) -> None:
    """The pack is a file anyone with write access to the cache can edit: its values
    are checked as a cache entry's are."""
    arts = make_articles(3)
    packed_run(arts, tmp_path)
    names = [f.name for f in dataclasses.fields(Incident)]
    key = cache_key(arts[1], "v1")
    edit(tmp_path, lambda d: d["entries"][key][2][0].__setitem__(names.index(field), value))
    coded, pack, counting = packed_run(arts, tmp_path)
    assert pack.hits == 2 and counting.calls == []  # read from its per-article entry
    assert coded == fake_extract(arts)
    # with no per-article entry either, it is extracted again
    (tmp_path / key[:2] / f"{key}.json").unlink()
    edit(tmp_path, lambda d: d["entries"][key][2][0].__setitem__(names.index(field), value))
    coded, pack, counting = packed_run(arts, tmp_path)
    assert counting.calls == ["a0001"] and coded == fake_extract(arts)


@pytest.mark.parametrize(
    "table, field, value",
    [
        ("places", "province", MARKUP),
        ("places", "latitude", 500.0),
        ("tolls", "total", -3),
        ("whys", "killed", [MARKUP]),
    ],
)
def test_a_table_value_out_of_its_vocabulary_makes_no_pack(
    tmp_path: Path, table: str, field: str, value: object
) -> None:
    arts = make_articles(3)
    packed_run(arts, tmp_path)

    def change(doc: dict) -> None:  # type: ignore[type-arg]
        if not doc["tables"][table]:
            doc["tables"][table].append({})
        doc["tables"][table][0][field] = value

    edit(tmp_path, change)
    coded, pack, counting = packed_run(arts, tmp_path)
    assert pack.hits == 0 and counting.calls == [] and coded == fake_extract(arts)
    assert packed_run(arts, tmp_path)[1].hits == 3  # written again


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_bytes(p.read_bytes()[:100]),
        lambda p: p.write_text("[]", encoding="utf-8"),
        lambda p: p.write_text('{"format": 1, "tables": 3}', encoding="utf-8"),
    ],
)
def test_a_damaged_segment_is_no_pack_and_is_written_again(tmp_path: Path, damage) -> None:  # type: ignore[no-untyped-def]
    arts = make_articles(5)
    packed_run(arts, tmp_path)
    damage(segments(tmp_path)[0])
    coded, pack, counting = packed_run(arts, tmp_path)
    assert pack.hits == 0 and counting.calls == [] and coded == fake_extract(arts)
    assert packed_run(arts, tmp_path)[1].hits == 5


def test_an_entry_is_taken_only_for_its_key_and_article(tmp_path: Path) -> None:
    arts = make_articles(3)
    packed_run(arts, tmp_path)
    # a pack of another extractor version is none (the entries' keys differ too)
    _, pack, _ = packed_run(arts, tmp_path, version="v2")
    assert pack.hits == 0
    packed_run(arts, tmp_path)
    assert packed_run(arts, tmp_path)[1].hits == 3
    # an entry moved under another article's key is not that article's
    k0, k1 = cache_key(arts[0], "v1"), cache_key(arts[1], "v1")
    edit(tmp_path, lambda d: d["entries"].__setitem__(k1, d["entries"][k0]))
    coded, pack, counting = packed_run(arts, tmp_path)
    assert pack.hits == 2 and coded == fake_extract(arts)


def test_a_build_takes_its_articles_from_the_pack_and_writes_what_a_fresh_build_writes(
    tmp_path: Path, monkeypatch
) -> None:
    articles, docs = tmp_path / "articles", tmp_path / "docs"
    shutil.copytree(ROOT / "articles", articles)
    opts = Options(cache_dir=tmp_path / "cache", progress=False, jobs=1)
    pipeline.build(articles, docs, options=opts, say=lambda _: None)
    n = len(list(articles.iterdir()))
    first = sorted(articles.iterdir())[0]
    shutil.copy(first, articles / "zz-added.txt")
    with (articles / "zz-added.txt").open("a", encoding="utf-8") as f:
        f.write("\nThe toll was later revised by local activists.\n")
    packs: list[Pack] = []
    real_save = Pack.save
    monkeypatch.setattr(Pack, "save", lambda p: (packs.append(p), real_save(p)))
    pipeline.build(articles, docs, options=opts, say=lambda _: None)
    assert packs[-1].hits == n
    fresh = tmp_path / "fresh"
    pipeline.build(articles, fresh, options=Options(cache_dir=None, progress=False))
    assert _docs_of(docs) == _docs_of(fresh)


def _docs_of(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }
