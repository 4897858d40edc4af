"""The extraction cache: what is re-extracted, what survives damage, what prune
deletes, and that worker processes give the same output as one process."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from generator.cache.run import CacheStats, extract_cached
from generator.cache.store import cache_key, prune
from generator.model import Article, Casualties, CodedArticle, Incident, Place, SitrepError


def fake_extract(articles: Sequence[Article]) -> list[CodedArticle]:
    """A deterministic stand-in for the spaCy extractor; top-level, so picklable.

    One incident per article whose toll is the word count, and a summary that
    names the process, so a test can tell worker output from in-process output.
    """
    out = []
    for a in articles:
        inc = Incident(
            id=f"{a.id}-01",
            article_id=a.id,
            date=a.published,
            date_precision="day" if a.published else "unknown",
            place=Place("Idlib", "idlib", 35.93, 36.63, "governorate"),
            event_type="battle",
            sub_event_type="armed-clash",
            means="gunfire",
            perpetrator=None,
            target="civilians",
            killed=Casualties(total=len(a.text.split())),
            injured=Casualties(),
            aggregate=False,
            attribution=a.source,
            evidence=a.text[:40],
        )
        out.append(CodedArticle(a, f"{a.title} ({len(a.text)} chars)", (inc,)))
    return out


def pid_extract(articles: Sequence[Article]) -> list[CodedArticle]:
    """Like fake_extract, but records which process did the work (in the summary)."""
    return [replace(c, summary=str(os.getpid())) for c in fake_extract(articles)]


class Counting:
    """Wraps fake_extract and counts the articles it was asked to extract."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(self, articles: Sequence[Article]) -> list[CodedArticle]:
        self.calls.extend(a.id for a in articles)
        return fake_extract(articles)


def make_articles(n: int) -> list[Article]:
    return [
        Article(
            id=f"a{i:04d}",
            path=f"sub/a{i:04d}.md",
            title=f"Title {i}",
            text=f"Shelling killed {i} people in Idlib. " * (1 + i % 3),
            published=dt.date(2020, 1, 1) + dt.timedelta(days=i),
            source="SANA" if i % 2 else None,
            url=None,
            content_hash=f"h{i}",
        )
        for i in range(n)
    ]


def run(articles: Sequence[Article], cache: Path | None, extract=None, **kw):  # type: ignore[no-untyped-def]
    counting = extract or Counting()
    kw.setdefault("jobs", 1)
    coded, stats = extract_cached(articles, extract=counting, version="v1", cache_dir=cache, **kw)
    return coded, stats, counting


def entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("*/*.json"))


def test_no_cache_extracts_everything(tmp_path: Path) -> None:
    arts = make_articles(5)
    coded, stats, counting = run(arts, None)
    assert coded == fake_extract(arts)
    assert (stats.hits, stats.misses) == (0, 5)
    assert counting.calls == [a.id for a in arts]
    assert not any(tmp_path.iterdir())


def test_rebuild_with_no_change_extracts_nothing(tmp_path: Path) -> None:
    arts = make_articles(5)
    first, stats1, c1 = run(arts, tmp_path)
    assert (stats1.hits, stats1.misses) == (0, 5) and len(c1.calls) == 5
    assert len(entries(tmp_path)) == 5
    second, stats2, c2 = run(arts, tmp_path)
    assert c2.calls == []
    assert (stats2.hits, stats2.misses) == (5, 0)
    assert second == first == fake_extract(arts)


def test_entries_are_sharded_by_key(tmp_path: Path) -> None:
    arts = make_articles(3)
    run(arts, tmp_path)
    for a in arts:
        key = cache_key(a, "v1")
        path = tmp_path / key[:2] / f"{key}.json"
        assert json.loads(path.read_text("utf-8"))["key"] == key


def test_adding_or_changing_one_article_extracts_only_that_one(tmp_path: Path) -> None:
    arts = make_articles(5)
    run(arts, tmp_path)
    added = make_articles(6)
    _, stats, counting = run(added, tmp_path)
    assert counting.calls == ["a0005"] and (stats.hits, stats.misses) == (5, 1)

    changed = list(added)
    changed[2] = replace(changed[2], text=changed[2].text + " Two more died.")
    coded, stats, counting = run(changed, tmp_path)
    assert counting.calls == ["a0002"] and (stats.hits, stats.misses) == (5, 1)
    assert coded == fake_extract(changed)


@pytest.mark.parametrize(
    "change",
    [
        {"title": "New title"},
        {"published": dt.date(1999, 1, 1)},
        {"published": None},
        {"source": "SOHR"},
        {"url": "https://example.org/x"},
        {"id": "renamed"},
    ],
)
def test_every_field_extraction_reads_is_in_the_key(tmp_path: Path, change: dict) -> None:
    arts = make_articles(2)
    run(arts, tmp_path)
    _, _, counting = run([replace(arts[0], **change), arts[1]], tmp_path)
    assert len(counting.calls) == 1


def test_a_moved_file_is_a_hit_and_shows_its_new_path(tmp_path: Path) -> None:
    arts = make_articles(2)
    run(arts, tmp_path)
    moved = [replace(arts[0], path="elsewhere/a0000.md"), arts[1]]
    coded, _, counting = run(moved, tmp_path)
    assert counting.calls == []
    assert coded[0].article.path == "elsewhere/a0000.md"
    assert coded == fake_extract(moved)


def test_version_change_invalidates(tmp_path: Path) -> None:
    arts = make_articles(4)
    run(arts, tmp_path)
    counting = Counting()
    _, stats = extract_cached(arts, extract=counting, version="v2", cache_dir=tmp_path, jobs=1)
    assert (stats.hits, stats.misses) == (0, 4) and len(counting.calls) == 4


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"{not json",
        b'{"key": "wrong", "coded": {}}',
        b"[1, 2, 3]",
        b"\xff\xfe garbage",
        b'{"key": "KEY", "coded": {"article": {}}}',
        b'{"key": "KEY"}',
    ],
    ids=["empty", "truncated", "wrong-key", "not-object", "binary", "bad-coded", "no-coded"],
)
def test_corrupt_entry_is_a_miss_and_is_repaired(tmp_path: Path, damage: bytes) -> None:
    arts = make_articles(3)
    run(arts, tmp_path)
    key = cache_key(arts[1], "v1")
    path = tmp_path / key[:2] / f"{key}.json"
    path.write_bytes(damage.replace(b"KEY", key.encode()))
    coded, stats, counting = run(arts, tmp_path)
    assert counting.calls == ["a0001"] and (stats.hits, stats.misses) == (2, 1)
    assert coded == fake_extract(arts)
    _, _, counting = run(arts, tmp_path)
    assert counting.calls == []  # the entry was rewritten


MARKUP = "<img src=x onerror=alert(1)>"


@pytest.mark.parametrize(
    "path, value",
    [
        ("event_type", MARKUP),
        ("sub_event_type", MARKUP),
        ("means", MARKUP),
        ("place.province", MARKUP),
        ("place.province", "../../etc"),
        ("perpetrator", MARKUP),
        ("target", MARKUP),
        ("killed.total", -5),
        ("injured.total", -1),
        ("date", "0001-01-01"),
        ("date_precision", "day"),  # with no date
        ("place.latitude", float("nan")),
        ("place.longitude", 500.0),
        ("id", MARKUP),
        ("article_id", "a0002"),
    ],
)
def test_an_entry_with_a_field_out_of_its_vocabulary_is_a_miss(
    tmp_path: Path, path: str, value: object
) -> None:
    """The cache was trusted: a crafted entry with markup in event_type, means or
    province reached the pages unescaped. Every field read back is checked against its
    vocabulary; anything else is a miss, extracted again and overwritten."""
    arts = make_articles(3)
    arts[1] = replace(arts[1], published=None) if path == "date_precision" else arts[1]
    run(arts, tmp_path)
    key = cache_key(arts[1], "v1")
    entry = tmp_path / key[:2] / f"{key}.json"
    doc = json.loads(entry.read_text("utf-8"))
    *parents, last = path.split(".")
    target = doc["coded"]["incidents"][0]
    for name in parents:
        target = target[name]
    target[last] = value
    entry.write_text(json.dumps(doc), encoding="utf-8")
    coded, stats, counting = run(arts, tmp_path)
    assert counting.calls == ["a0001"] and (stats.hits, stats.misses) == (2, 1)
    assert coded == fake_extract(arts)
    assert run(arts, tmp_path)[2].calls == []  # the entry was rewritten


def test_a_cached_failure_is_a_miss(tmp_path: Path) -> None:
    arts = make_articles(2)
    run(arts, tmp_path)
    key = cache_key(arts[0], "v1")
    entry = tmp_path / key[:2] / f"{key}.json"
    doc = json.loads(entry.read_text("utf-8"))
    doc["coded"]["error"] = "planted"
    entry.write_text(json.dumps(doc), encoding="utf-8")
    assert run(arts, tmp_path)[2].calls == ["a0000"]


def test_entry_that_is_a_directory_is_a_miss(tmp_path: Path) -> None:
    arts = make_articles(1)
    key = cache_key(arts[0], "v1")
    (tmp_path / key[:2] / f"{key}.json").mkdir(parents=True)
    coded, stats, _ = run(arts, tmp_path)  # cannot store either: still no crash
    assert stats.misses == 1 and coded == fake_extract(arts)


def test_unwritable_cache_only_costs_speed(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be")
    arts = make_articles(3)
    coded, stats, _ = run(arts, blocker)
    assert coded == fake_extract(arts) and stats.misses == 3


def test_prune_deletes_only_unused_entries(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    arts = make_articles(4)
    run(arts, cache)
    _, stats, _ = run(arts[:2], cache)  # this run used only two entries
    kept = {cache_key(a, "v1") for a in arts[:2]}
    assert stats.keys == kept
    # Things that are not cache entries must survive, even inside cache_dir.
    (cache / "README").write_text("mine")
    (cache / "ab").mkdir(exist_ok=True)
    (cache / "ab" / "notes.json").write_text("{}")
    (cache / "zz").mkdir()
    (cache / "zz" / ("0" * 64 + ".json")).write_text("{}")
    outside = tmp_path / "outside.json"
    outside.write_text("{}")
    link_shard = cache / "cd"
    if not link_shard.exists():
        link_shard.symlink_to(tmp_path, target_is_directory=True)
    assert prune(cache, stats.keys) == 2
    assert {p.stem for p in entries(cache) if p.parent.name != "ab"} >= kept
    assert {p.stem for p in cache.glob("??/" + "?" * 64 + ".json")} == kept | {"0" * 64}
    assert (cache / "README").exists() and (cache / "ab" / "notes.json").exists()
    assert outside.exists()
    _, _, counting = run(arts[:2], cache)
    assert counting.calls == []


def test_prune_stale_option_and_missing_dir(tmp_path: Path) -> None:
    arts = make_articles(3)
    run(arts, tmp_path)
    _, stats, _ = run(arts[:1], tmp_path, prune_stale=True)
    assert stats.pruned == 2 and len(entries(tmp_path)) == 1
    assert prune(tmp_path / "absent", []) == 0


def test_jobs_2_gives_identical_results_to_jobs_1(tmp_path: Path) -> None:
    arts = make_articles(130)
    serial, s1 = extract_cached(arts, extract=pid_extract, version="v1", cache_dir=None, jobs=1)
    parallel, s2 = extract_cached(
        arts, extract=pid_extract, version="v1", cache_dir=tmp_path, jobs=2, pool_threshold=10
    )
    assert s1.jobs == 1 and s2.jobs == 2 and s2.misses == 130
    # Worker processes really did the work...
    assert {c.summary for c in parallel}.isdisjoint({str(os.getpid())})
    # ...and apart from who did it, the output is the same, in the same order.
    strip = [replace(c, summary="") for c in parallel]
    assert strip == [replace(c, summary="") for c in serial]
    assert [c.article.id for c in parallel] == [a.id for a in arts]
    # The entries the workers produced are written by the parent and reusable.
    again, s3 = extract_cached(arts, extract=pid_extract, version="v1", cache_dir=tmp_path, jobs=2)
    assert (s3.hits, s3.misses) == (130, 0) and again == parallel


def test_few_misses_run_in_process(tmp_path: Path) -> None:
    arts = make_articles(10)
    coded, stats = extract_cached(arts, extract=pid_extract, version="v1", cache_dir=None, jobs=4)
    assert stats.jobs == 1 and {c.summary for c in coded} == {str(os.getpid())}


def test_unpicklable_extractor_is_a_clear_error() -> None:
    with pytest.raises(TypeError, match="picklable top-level function"):
        extract_cached(
            make_articles(4),
            extract=lambda arts: fake_extract(arts),
            version="v1",
            cache_dir=None,
            jobs=2,
            pool_threshold=2,
        )


def wrong_count_extract(articles: Sequence[Article]) -> list[CodedArticle]:
    return fake_extract(articles)[1:]


def test_extractor_returning_too_few_results_is_an_error() -> None:
    with pytest.raises(SitrepError, match="returned 2 results for 3 articles"):
        extract_cached(
            make_articles(3), extract=wrong_count_extract, version="v1", cache_dir=None, jobs=1
        )


def test_stats_type() -> None:
    stats = CacheStats(hits=1, misses=2, seconds=0.5)
    assert stats.jobs == 1 and stats.pruned == 0 and stats.keys == frozenset()


def test_negative_jobs_rejected() -> None:
    with pytest.raises(ValueError):
        extract_cached([], extract=fake_extract, version="v1", cache_dir=None, jobs=-1)


def test_pool_works_while_another_thread_runs(tmp_path: Path) -> None:
    """With a second thread alive the pool must not fork (deadlock risk): it uses
    the fork server, and the results are the same."""
    import threading

    from generator.cache.run import _pool_context

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        assert _pool_context(pid_extract).get_start_method() in ("forkserver", "spawn")
        arts = make_articles(40)
        coded, stats = extract_cached(
            arts, extract=pid_extract, version="v1", cache_dir=None, jobs=2, pool_threshold=10
        )
    finally:
        stop.set()
        thread.join()
    assert stats.jobs == 2
    assert [replace(c, summary="") for c in coded] == [
        replace(c, summary="") for c in fake_extract(arts)
    ]


def test_no_progress_bar_when_stderr_is_not_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    extract_cached(
        make_articles(5), extract=fake_extract, version="v1", cache_dir=None, progress=True
    )
    assert capsys.readouterr().err == ""


def test_a_slice_of_a_run_moves_the_bar_of_the_whole_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A build extracts 5,000 articles at a time: the bar of its third slice starts
    at 10,000 of all the articles, not at 0 of 5,000."""
    import sys

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    extract_cached(
        make_articles(5),
        extract=fake_extract,
        version="v1",
        cache_dir=None,
        progress=True,
        jobs=1,
        slice_of=(10, 15),
    )
    err = capsys.readouterr().err
    assert "10/15" in err and "/5 " not in err


def test_the_extractor_version_hashes_the_knowledge_the_rules_ask(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Place keys (knowledge/placenames.py, knowledge/arabic.py) decide which incidents
    the extractor reads: editing them must not leave older cache entries in use."""
    import generator.cache.version as version

    hashed: list[str] = []
    files = version._files

    def recording(root):  # type: ignore[no-untyped-def]
        for name, data in files(root):
            hashed.append(name)
            yield name, data

    monkeypatch.setattr(version, "_files", recording)
    version.extractor_version()
    assert {"placenames.py", "arabic.py", "factions.py", "casualties.py"} <= set(hashed)
