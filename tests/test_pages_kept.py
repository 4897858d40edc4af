"""Records of incidents.json kept between builds (generator/pages/kept.py): a build
that copies the last build's records where their key is the same writes the bytes a
build without them writes, whatever changed in between (an article added, edited,
removed or renamed, the code, the file by hand), and copies every record when
nothing did."""

from __future__ import annotations

import dataclasses
import os
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


def fresh(coded: list[CodedArticle]) -> str:
    """incidents.json as a build without kept records writes it."""
    (job,) = [j for j in page_jobs(build_report(coded, [], FACTIONS)) if j.path == JSON]
    text = job.render()
    return text if isinstance(text, str) else "".join(text)


def build(coded: list[CodedArticle], docs: Path, cache: Path, code: str = "code") -> int:
    """Write incidents.json through the kept records, as ``sitrep build`` does; how
    many records were copied from the last build's file."""
    kept = KeptRecords(cache, docs, code)
    jobs = page_jobs(build_report(coded, [], FACTIONS), kept=kept)
    (job,) = [j for j in jobs if j.path == JSON]
    write_pages([(job.path, job.render())], docs)
    kept.save()
    return kept.reused


def records(coded: list[CodedArticle]) -> int:
    """Keyed records of the file: one per article, event and near miss."""
    report = build_report(coded, [], FACTIONS)
    return len(report.articles) + len(report.events) + len(report.near_misses)


def test_a_build_with_nothing_changed_copies_every_record(tmp_path: Path) -> None:
    coded = many_articles(12)
    assert build(coded, tmp_path / "docs", tmp_path / "cache") == 0
    assert build(coded, tmp_path / "docs", tmp_path / "cache") == records(coded)
    assert (tmp_path / "docs" / JSON).read_text("utf-8") == fresh(coded)


def test_an_added_article_is_encoded_and_the_others_copied(tmp_path: Path) -> None:
    coded = many_articles(13)
    build(coded[:12], tmp_path / "docs", tmp_path / "cache")
    reused = build(coded, tmp_path / "docs", tmp_path / "cache")
    assert (tmp_path / "docs" / JSON).read_text("utf-8") == fresh(coded)
    assert reused == records(coded[:12])  # its article and event are new


def test_an_edited_article_shows_its_new_figure(tmp_path: Path) -> None:
    coded = many_articles(6)
    build(coded, tmp_path / "docs", tmp_path / "cache")
    old = coded[2]
    inc = dataclasses.replace(old.incidents[0], killed=Casualties(total=41))
    edited = [*coded[:2], dataclasses.replace(old, incidents=(inc,)), *coded[3:]]
    reused = build(edited, tmp_path / "docs", tmp_path / "cache")
    text = (tmp_path / "docs" / JSON).read_text("utf-8")
    assert text == fresh(edited)
    assert '"total": 41' in text
    # The other articles' records and their events' are copied (near misses with the
    # edited event are made again, as its record is).
    assert 2 * (len(coded) - 1) <= reused < records(coded)


def test_a_removed_or_renamed_article_is_gone_from_the_file(tmp_path: Path) -> None:
    coded = many_articles(6)
    build(coded, tmp_path / "docs", tmp_path / "cache")
    removed = coded[:3] + coded[4:]
    build(removed, tmp_path / "docs", tmp_path / "cache")
    assert (tmp_path / "docs" / JSON).read_text("utf-8") == fresh(removed)
    moved = dataclasses.replace(coded[4].article, path="elsewhere/a00004.txt")
    renamed = [*removed[:3], dataclasses.replace(coded[4], article=moved), *removed[4:]]
    build(renamed, tmp_path / "docs", tmp_path / "cache")
    text = (tmp_path / "docs" / JSON).read_text("utf-8")
    assert text == fresh(renamed)
    assert '"path": "elsewhere/a00004.txt"' in text


def test_new_code_encodes_every_record_again(tmp_path: Path) -> None:
    """The extractor's version and the pages' code are in the code fingerprint."""
    coded = many_articles(5)
    build(coded, tmp_path / "docs", tmp_path / "cache", code="v1")
    assert build(coded, tmp_path / "docs", tmp_path / "cache", code="v2") == 0


def test_a_download_edited_by_hand_is_no_source(tmp_path: Path) -> None:
    coded = many_articles(5)
    docs = tmp_path / "docs"
    build(coded, docs, tmp_path / "cache")
    path = docs / JSON
    text = path.read_text("utf-8")
    st = path.stat()
    path.write_text(text.replace("Village", "Villaje"), "utf-8")  # same size
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # and the same time
    assert build(coded, docs, tmp_path / "cache") == 0
    assert path.read_text("utf-8") == fresh(coded)


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
    assert (folder / "docs" / JSON).read_text("utf-8") == fresh(second)
