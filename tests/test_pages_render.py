"""Rendering: golden pages, byte-identical rebuilds, links, ownership of docs/."""

from __future__ import annotations

import os
import re
from pathlib import Path

import markdown
import pytest

from generator.events.totals import build_report
from generator.model import SitrepError
from generator.pages.render import render_pages
from generator.pages.urls import Links
from generator.publish.check import stale_pages
from generator.publish.swap import MANIFEST, write_pages
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


def _report_of(*ids: str):
    from dataclasses import replace

    template = sample_coded()[1]
    coded = [
        replace(template, article=replace(template.article, id=i, path=f"{i}.txt"), incidents=())
        for i in ids
    ]
    return build_report(coded, [], FACTIONS)


def test_an_article_named_index_never_replaces_the_articles_page():
    pages = render_pages(_report_of("index", "README", "x"))
    assert pages["articles/index.md"].startswith("# Articles")
    article_pages = [p for p in pages if p.startswith("articles/") and p != "articles/index.md"]
    assert len(article_pages) == 3
    assert not any(p.lower() == "articles/readme.md" for p in article_pages)


def test_no_article_page_takes_a_hand_written_pages_name():
    hand = ["articles/my-notes.md", "articles/Photos", "articles/x.markdown"]
    pages = render_pages(_report_of("my-notes", "photos", "x", "y"), hand_written=hand)
    written = {p.lower() for p in pages}
    for path in ("articles/my-notes.md", "articles/photos.md", "articles/x.md"):
        assert path not in written
    assert "articles/y.md" in pages  # a name no page holds is kept
    assert_links_resolve(pages)


def test_slugs_do_not_move_as_articles_are_added():
    """Ids that slugify alike ("Foo Bar", "foo_bar", "foo-bar") once took -2, -3 by
    sort order, so a new article could take over an existing page's URL."""
    first = Links.for_report(_report_of("foo bar", "foo-bar"))
    second = Links.for_report(_report_of("Foo Bar", "foo bar", "foo-bar", "foo_bar", "a"))
    assert second.article_slugs["foo-bar"] == "foo-bar"  # an id that is its own slug keeps it
    for article_id, slug in first.article_slugs.items():
        assert second.article_slugs[article_id] == slug
    assert len({s.lower() for s in second.article_slugs.values()}) == 5


def test_incident_anchors_from_hostile_file_names_are_plain():
    for article_id in [
        "x onfocus=alert(1) tabindex=1 autofocus",
        "nl\n<img src=x onerror=alert(1)>\n",
        "a}{#b .c onclick=alert(1)",
        "javascript:alert(1)",
        "حلب",
        "🔥",
    ]:
        anchors = [Links.anchor_of(f"{article_id}-{n:02d}") for n in (1, 2, 10)]
        for anchor in anchors:
            assert re.fullmatch(r"i-[a-z0-9]+(-[a-z0-9]+)*", anchor), anchor
        assert len(set(anchors)) == 3
    assert Links.anchor_of("001_clashes-01") == "i-001-clashes-01"  # as before for safe ids


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
            assert "<details" not in html and "<img" not in html, path
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
