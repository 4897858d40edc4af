"""Article tags (mkdocs-material's tags plugin): known names only, valid YAML, stable."""

from __future__ import annotations

import dataclasses

import yaml

from generator.events.totals import build_report
from generator.pages.render import render_pages
from generator.safety.escape import md_inline
from tests.helpers import FACTIONS, sample_coded, sample_problems

PAGE = "articles/001-clashes.md"


def front_matter(page: str) -> dict | None:
    """The YAML block a page starts with, parsed; None when it has none."""
    if not page.startswith("---\n"):
        return None
    block, sep, _ = page[4:].partition("\n---\n")
    assert sep, "front matter is not closed"
    return yaml.safe_load(block)


def test_tags_are_the_governorates_factions_and_means_of_counted_incidents(report):
    meta = front_matter(render_pages(report)[PAGE])
    assert meta == {
        "published": "2020-08-01",  # for the search index's parts (search.py)
        "tags": [
            "Gunfire",
            "Hay'at Tahrir al-Sham",
            "Idlib",
            "IED or mine",
            "Syrian government forces",
        ],
    }  # nothing from the title (which holds '|' and '<script>'), none from the stated total


def test_a_hostile_faction_name_stays_one_quoted_tag():
    name = 'Evil": x\n---\n# injected {{ 1 }} <b>'
    factions = {**FACTIONS, "hts": dataclasses.replace(FACTIONS["hts"], name=name)}
    report = build_report(sample_coded(), sample_problems(), factions)
    page = render_pages(report)[PAGE]
    meta = front_matter(page)
    # escaped like any text: the tags plugin prints a tag's name as HTML
    assert meta is not None and md_inline(name) in meta["tags"]
    assert not any("<" in tag for tag in meta["tags"])
    assert page.count("\n---\n") == 1  # the closing fence; the name's '---' stays inside quotes


def test_an_article_without_counted_incidents_has_no_tags():
    coded = [dataclasses.replace(c, incidents=()) for c in sample_coded()]
    report = build_report(coded, [], FACTIONS)
    pages = render_pages(report)
    articles = [front_matter(pages[p]) for p in pages if p.startswith("articles/0")]
    assert articles and all(meta is not None and set(meta) == {"published"} for meta in articles)


def test_the_front_matter_states_the_publication_day_or_none():
    coded = sample_coded()
    undated = dataclasses.replace(coded[1].article, published=None)
    coded[1] = dataclasses.replace(coded[1], article=undated)
    pages = render_pages(build_report(coded, [], FACTIONS))
    days = {p: front_matter(pages[p])["published"] for p in pages if p.startswith("articles/0")}
    assert days["articles/002-daraa.md"] == ""
    assert days[PAGE] == "2020-08-01"


def test_unknown_and_other_means_make_no_tag(report):
    coded = sample_coded()
    first = coded[1]
    inc = dataclasses.replace(first.incidents[0], means="unknown", perpetrator=None)
    coded[1] = dataclasses.replace(first, incidents=(inc,))
    pages = render_pages(build_report(coded, [], FACTIONS))
    meta = front_matter(pages["articles/002-daraa.md"])
    assert meta == {"published": "2023-04-07", "tags": ["Daraa", "Syrian government forces"]}
