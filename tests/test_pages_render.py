"""Rendering: golden pages, byte-identical rebuilds, links, escaping."""

from __future__ import annotations

import os
from pathlib import Path

import markdown
import pytest

from generator.events.totals import build_report
from generator.pages.render import render_pages
from tests.helpers import (
    FACTIONS,
    assert_links_resolve,
    live_markup,
    sample_coded,
    sample_problems,
)

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


def test_hostile_file_name_cannot_add_attributes_or_html(report):
    from dataclasses import replace

    evil = (
        "x onfocus=alert(1) autofocus\n<details open ontoggle=alert(2)>\n"
        "<img src=x onerror=alert(3)>"
    )
    coded = []
    for c in sample_coded():
        if c.article.id == "002_daraa":
            incs = tuple(
                replace(i, id=evil + i.id[len("002_daraa") :], article_id=evil) for i in c.incidents
            )
            c = replace(c, article=replace(c.article, id=evil), incidents=incs)
        coded.append(c)
    pages = render_pages(build_report(coded, [], FACTIONS))
    for path, text in pages.items():
        if path.endswith(".md"):
            html = markdown.markdown(text, extensions=["tables", "attr_list", "md_in_html"])
            assert live_markup(html) == [], path
            # sitrep's own <details> (the column toggle of a table) have no attribute
            # but their class; the file name's "<details open ...>" is text
            assert "<details open" not in html and "<img" not in html, path
    assert_links_resolve(pages)


def test_vocabulary_fields_are_escaped_on_the_pages_too():
    """Second line of defence behind the cache's vocabulary check: a means, event type,
    province or faction id holding markup never reaches a page or a tag as markup."""
    from dataclasses import replace

    import yaml

    evil = "<img src=x onerror=alert(1)>"
    coded = sample_coded()
    first = coded[1].incidents[0]
    bad = replace(
        first,
        means=evil,
        event_type=evil,
        perpetrator=evil,
        place=replace(first.place, province=evil),
    )
    coded[1] = replace(coded[1], incidents=(bad,))
    pages = render_pages(build_report(coded, [], FACTIONS))
    page = pages["articles/002-daraa.md"]
    tags = yaml.safe_load(page.split("---\n")[1])["tags"]
    assert tags and not any("<" in tag for tag in tags)
    for path, text in pages.items():
        if path.endswith(".md"):
            html = markdown.markdown(text, extensions=["tables", "attr_list", "md_in_html"])
            assert live_markup(html) == [] and "<img" not in html, path


def test_a_range_an_imputed_attacker_and_a_hedged_report_show_as_such():
    from dataclasses import replace

    from generator.model import Casualties

    coded = sample_coded()
    first = coded[0]
    incidents = list(first.incidents)
    incidents[0] = replace(
        incidents[0],
        killed=Casualties(total=4, low=4, high=6),
        perpetrator="syrian-government",
        perpetrator_basis="imputed",
        uncertain=True,
    )
    coded[0] = replace(first, incidents=tuple(incidents))
    page = render_pages(build_report(coded, sample_problems(), FACTIONS))["articles/001-clashes.md"]
    assert "4 (4–6) (uncertain)" in page
    assert " (imputed) → " in page


def test_the_pages_look_articles_up_in_the_reports_index_not_a_copy_of_it():
    """One dict of every article per build (at 100,000 articles a copy is ~10 MB)."""
    from generator.pages.render import Site

    report = build_report(sample_coded(), [], FACTIONS)
    assert Site(report).article_of_id is report.articles_by_id
    assert set(report.articles_by_id) == {c.article.id for c in report.articles}
