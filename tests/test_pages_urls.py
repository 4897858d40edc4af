"""Where pages live: article slugs that never move or take a reserved or hand-written
name, plain anchors from hostile file names, and the URLs raw HTML links to."""

from __future__ import annotations

import re

import pytest

from generator.pages.render import render_pages
from generator.pages.urls import Links, link_prefix_for, site_url
from tests.helpers import assert_links_resolve, report_of


@pytest.mark.parametrize(
    ("page", "prefix"),
    [
        ("index.md", ""),
        ("governorates/index.md", "../"),
        ("governorates/idlib.md", "../../"),
        ("build-report.md", "../"),
        ("articles/001-clashes.md", "../../"),
        ("articles/README.md", "../"),
    ],
)
def test_link_prefix_is_the_way_from_a_page_url_to_the_root(page, prefix):
    assert link_prefix_for(page) == prefix


def test_site_url_turns_doc_paths_into_directory_urls():
    assert site_url("articles/x.md#i-1") == "articles/x/#i-1"
    assert site_url("governorates/index.md") == "governorates/"
    assert site_url("index.md") == ""


def test_an_article_named_index_never_replaces_the_articles_page():
    pages = render_pages(report_of("index", "README", "x"))
    assert pages["articles/index.md"].startswith("# Articles")
    article_pages = [p for p in pages if p.startswith("articles/") and p != "articles/index.md"]
    assert len(article_pages) == 3
    assert not any(p.lower() == "articles/readme.md" for p in article_pages)


def test_no_article_page_takes_a_hand_written_pages_name():
    hand = ["articles/my-notes.md", "articles/Photos", "articles/x.markdown"]
    pages = render_pages(report_of("my-notes", "photos", "x", "y"), hand_written=hand)
    written = {p.lower() for p in pages}
    for path in ("articles/my-notes.md", "articles/photos.md", "articles/x.md"):
        assert path not in written
    assert "articles/y.md" in pages  # a name no page holds is kept
    assert_links_resolve(pages)


def test_slugs_do_not_move_as_articles_are_added():
    """Ids that slugify alike ("Foo Bar", "foo_bar", "foo-bar") once took -2, -3 by
    sort order, so a new article could take over an existing page's URL."""
    first = Links.for_report(report_of("foo bar", "foo-bar"))
    second = Links.for_report(report_of("Foo Bar", "foo bar", "foo-bar", "foo_bar", "a"))
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
