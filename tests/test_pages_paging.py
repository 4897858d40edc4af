"""Pages that grow with the archive stay bounded: latest rows, then an archive by month."""

from __future__ import annotations

import datetime as dt
import re

from generator.events.totals import build_report
from generator.pages.paging import LATEST, MAX_ROWS, archive, month_label
from generator.pages.render import render_pages
from tests.helpers import FACTIONS, assert_links_resolve, many_articles

ROW = re.compile(r"^\| \d{4}-\d{2}-\d{2} \| ", re.M)
"""A dated row of an events or articles table."""


def test_archive_is_cut_by_month_newest_first_and_busy_months_in_parts():
    days = [dt.date(2016, 3, 1)] * 450 + [dt.date(2016, 5, 2)] * 3 + [None] * 2
    parts = archive(list(range(len(days))), lambda i: days[i], max_rows=200)
    assert [(p.key, p.label, len(p.rows)) for p in parts] == [
        ("2016-05", "May 2016", 3),
        ("2016-03", "March 2016", 200),
        ("2016-03-part-2", "March 2016 (part 2)", 200),
        ("2016-03-part-3", "March 2016 (part 3)", 50),
        ("undated", "Undated", 2),
    ]
    assert month_label("2017-12") == "December 2017"


def test_a_governorate_with_many_events_shows_the_latest_and_links_an_archive():
    report = build_report(many_articles(400, per_day=3), [], FACTIONS)
    pages = render_pages(report)
    main = pages["governorates/idlib.md"]
    assert len(ROW.findall(main)) == LATEST
    months = sorted(p for p in pages if p.startswith("governorates/idlib/"))
    assert months and all(f"(../governorates/{m.split('/', 1)[1]})" in main for m in months)
    # Every event is in exactly one archive page, and no page holds more than MAX_ROWS.
    rows = [len(ROW.findall(pages[m])) for m in months]
    assert sum(rows) == 400 and max(rows) <= MAX_ROWS
    # The faction pages and the Articles page are cut the same way.
    assert len(ROW.findall(pages["factions/hts.md"])) == LATEST
    assert sum(len(ROW.findall(pages[p])) for p in pages if p.startswith("factions/hts/")) == 400
    assert len(ROW.findall(pages["articles/index.md"])) == LATEST
    assert sum(len(ROW.findall(pages[p])) for p in pages if p.startswith("archive/")) == 400
    assert_links_resolve(pages)


def test_page_size_does_not_grow_with_the_archive():
    """Ten times the articles, the same largest page (within the rows of one month)."""

    def largest(n: int) -> int:
        pages = render_pages(build_report(many_articles(n, per_day=2), [], FACTIONS))
        return max(len(t.encode()) for p, t in pages.items() if p.endswith(".md"))

    small, big = largest(300), largest(3000)
    assert big < 1.3 * small, (small, big)


def test_a_small_site_has_no_archive_pages(report):
    pages = render_pages(report)
    assert not [p for p in pages if p.startswith(("archive/", "governorates/idlib/"))]
    assert "## Archive {#archive}" not in pages["governorates/idlib.md"]


def _build_report_pages(problems: int, per_page: int) -> dict[str, str]:
    from generator.events.totals import build_report
    from generator.knowledge.factions import load_factions
    from generator.model import Problem
    from generator.pages import render

    rows = [Problem(f"a-{n:04d}.md", "warning", "no publication date") for n in range(problems)]
    report = build_report([], rows, load_factions(), files_seen=problems)
    old = render.PROBLEMS_PER_PAGE
    render.PROBLEMS_PER_PAGE = per_page
    try:
        return {
            job.path: "".join(job.render())
            for job in render.page_jobs(report)
            if job.path.startswith("build-report")
        }
    finally:
        render.PROBLEMS_PER_PAGE = old


def test_a_file_added_at_the_end_changes_only_the_build_reports_first_and_last_pages() -> None:
    """The whole build's counts are on page 1 only: before, every page of the report
    repeated them, so an added article rewrote all of them (nine of ten at 5,000)."""
    before, after = _build_report_pages(9, 3), _build_report_pages(8, 3)
    assert sorted(before) == ["build-report.md", "build-report/2.md", "build-report/3.md"]
    assert sorted(after) == sorted(before)
    changed = sorted(p for p in before if before[p] != after[p])
    assert changed == ["build-report.md", "build-report/3.md"]
    assert "9 files looked at" in before["build-report.md"]
    assert "files looked at" not in before["build-report/2.md"]
    assert "[page 1](../build-report.md)" in before["build-report/2.md"]
