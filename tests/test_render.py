"""Rendering: golden pages, byte-identical rebuilds, links, ownership of docs/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.aggregate import build_report
from generator.model import SitrepError
from generator.render import MANIFEST, render_pages, stale_pages, write_pages
from tests.conftest import FACTIONS, assert_links_resolve, sample_coded, sample_problems

GOLDEN = Path(__file__).parent / "golden"
GOLDEN_PAGES = ["index.md", "articles/001-clashes.md", "governorates/idlib.md"]
UPDATE = os.environ.get("SITREP_UPDATE_GOLDEN") == "1"


@pytest.mark.parametrize("page", GOLDEN_PAGES)
def test_page_matches_golden_file(report, page):
    rendered = render_pages(report)[page]
    golden = GOLDEN / page
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(rendered, encoding="utf-8")
    assert rendered == golden.read_text(encoding="utf-8"), (
        f"{page} differs from its golden file; if the change is intended, "
        "rerun with SITREP_UPDATE_GOLDEN=1 and review the diff"
    )


def test_same_input_gives_identical_pages_whatever_the_order():
    first = render_pages(build_report(sample_coded(), sample_problems(), FACTIONS))
    second = render_pages(
        build_report(list(reversed(sample_coded())), list(reversed(sample_problems())), FACTIONS)
    )
    assert first == second


def test_all_fourteen_governorates_get_a_page(report):
    pages = render_pages(report)
    assert (
        sum(1 for p in pages if p.startswith("governorates/") and p != "governorates/index.md")
        == 14
    )


def test_every_relative_link_points_at_a_generated_page_and_anchor(report):
    pages = render_pages(report)
    assert_links_resolve(pages)


def test_untrusted_title_cannot_inject_html(report):
    page = render_pages(report)["articles/001-clashes.md"]
    assert "<script" not in page
    assert "&lt;script&gt;" in page


def test_stated_totals_are_marked_not_added(report):
    page = render_pages(report)["articles/001-clashes.md"]
    assert "Totals stated in the article (not added)" in page
    assert "| [T1](#i-001-clashes-03) |" in page


def test_write_keeps_hand_written_pages_and_removes_only_its_own(tmp_path, report):
    docs = tmp_path / "docs"
    (docs / "notes").mkdir(parents=True)
    (docs / "notes" / "mine.md").write_text("hand-written", encoding="utf-8")
    pages = render_pages(report)
    written, removed = write_pages(pages, docs)
    assert written == len(pages) and removed == 0
    assert (docs / MANIFEST).read_text(encoding="utf-8").splitlines() == sorted(pages)

    fewer = {k: v for k, v in pages.items() if k != "build-report.md"}
    written, removed = write_pages(fewer, docs)
    assert (written, removed) == (0, 1)
    assert not (docs / "build-report.md").exists()
    assert (docs / "notes" / "mine.md").read_text(encoding="utf-8") == "hand-written"


def test_unchanged_pages_are_not_rewritten(tmp_path, report):
    docs = tmp_path / "docs"
    pages = render_pages(report)
    write_pages(pages, docs)
    before = {p: (docs / p).stat().st_mtime_ns for p in pages}
    assert write_pages(pages, docs) == (0, 0)
    assert before == {p: (docs / p).stat().st_mtime_ns for p in pages}


def test_check_reports_a_stale_page_with_a_diff(tmp_path, report):
    docs = tmp_path / "docs"
    pages = render_pages(report)
    write_pages(pages, docs)
    assert stale_pages(pages, docs) == ""
    (docs / "index.md").write_text("edited by hand\n", encoding="utf-8")
    diff = stale_pages(pages, docs)
    assert "docs/index.md (committed)" in diff and "-edited by hand" in diff


def test_tampered_manifest_cannot_delete_outside_docs(tmp_path, report):
    docs = tmp_path / "docs"
    outside = tmp_path / "precious.txt"
    outside.write_text("keep", encoding="utf-8")
    docs.mkdir()
    (docs / MANIFEST).write_text("../precious.txt\n", encoding="utf-8")
    with pytest.raises(SitrepError, match="lists '../precious.txt', which is not a file inside"):
        write_pages(render_pages(report), docs)
    assert outside.read_text(encoding="utf-8") == "keep"
