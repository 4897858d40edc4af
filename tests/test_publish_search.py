"""The search index in parts (generator/publish/search.py): the article pages are
split into bundles by time of publication, each bounded; a rebuild indexes again only
the parts whose pages changed (and the main bundle), keeps the others from the last
build, and every page stays findable."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import random
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import yaml

from generator.publish.search import (
    BUNDLE,
    NOT_AN_ARTICLE,
    PARTS_LIST,
    RECORD,
    UNDATED,
    article_day,
    index_site,
    search_key,
    split_parts,
)
from tests.helpers import mkdocs_config
from tests.test_publish_reuse import PAGES as HUB_PAGES
from tests.test_publish_reuse import build, write_docs


def article(title: str, published: str, text: str) -> str:
    """An article page's Markdown as sitrep writes it: the front matter's ``published``
    is where the index reads its date (through the theme's head)."""
    return (
        f'---\npublished: "{published}"\n---\n\n'
        f"# {title}\n\n| Source | Published | File |\n|---|---|---|\n"
        f"| An outlet | {published or 'not stated'} | x.txt |\n\n{text}\n"
    )


PAGES = {
    **HUB_PAGES,
    "articles/a.md": article("Article A", "2016-03-01", "Text of a, [back](../index.md)."),
    "articles/b.md": article("Article B", "2021-07-09", "## Second {#second}\n\nText of b."),
}


def searched(log: str) -> str:
    return next(ln for ln in log.splitlines() if "sitrep search:" in ln)


def words(bundle: Path) -> str:
    """The text of every page fragment of a bundle (Pagefind writes them gzipped)."""
    out = []
    for frag in sorted((bundle / "fragment").glob("*.pf_fragment")):
        out.append(gzip.decompress(frag.read_bytes()).decode("utf-8", "replace"))
    return "\n".join(out)


def listed(site: Path) -> list[dict[str, object]]:
    doc = json.loads((site / BUNDLE / PARTS_LIST).read_text("utf-8"))
    assert isinstance(doc["search_pages"], int)
    parts: list[dict[str, object]] = doc["parts"]
    return parts


def only_part(site: Path) -> Path:
    (part,) = listed(site)
    return site / BUNDLE / str(part["path"])


HEAD = '<!doctype html>\n<html lang="en" class="no-js">\n  <head>\n    {}\n<meta charset="utf-8">'
META = '<meta name="sitrep-published" content="{}">'
TABLE = (
    "<table>\n<thead>\n<tr>\n<th>Source</th>\n<th>Published</th>\n<th>File</th>\n</tr>\n"
    "</thead>\n<tbody>\n<tr>\n<td>{}</td>\n<td>{}</td>\n<td>f.txt</td>\n</tr>\n</tbody>\n</table>"
)


def page(published: str | None, body: str = "<h1>T</h1>") -> bytes:
    meta = META.format(published) if published is not None else ""
    return (HEAD.format(meta) + "</head><body>" + body + "</body></html>").encode()


def test_the_publication_day_is_read_from_the_head_of_the_page() -> None:
    april = dt.date(2019, 4, 2).toordinal()
    assert article_day(page("2019-04-02")) == april
    assert article_day(page("")) == UNDATED
    assert article_day(page("2019-02-31")) == UNDATED
    assert article_day(page("not a date")) == UNDATED
    assert article_day(page(None, "<h1>Governorates</h1><p>Published</p>")) == NOT_AN_ARTICLE
    assert article_day(b"<h1>no head at all</h1>") == NOT_AN_ARTICLE
    # Bounded: a head further than the first kilobyte is not looked for.
    assert article_day(b" " * 2000 + page("2019-04-02")) == NOT_AN_ARTICLE


def test_no_text_of_an_article_can_move_it_into_another_part() -> None:
    """The day is the head's alone: a table, title or sentence that states another (as
    escaped text, or a copy of the tag itself that reached the page) changes nothing,
    and a page without the tag in its head is no article for the parts."""
    april = dt.date(2019, 4, 2).toordinal()
    fakes = [
        TABLE.format("SANA", "1999-01-01"),
        TABLE.format("&lt;/td&gt;&lt;td&gt;1999-01-01", "2030-12-31"),
        "<h1>" + META.format("1999-01-01") + "</h1>",
        "<p>&lt;head&gt;" + META.format("1999-01-01") + "</p>",
        "<p><head>" + META.format("1999-01-01") + "</head></p>",
    ]
    for fake in fakes:
        assert article_day(page("2019-04-02", fake)) == april, fake
        assert article_day(page("", fake)) == UNDATED, fake
        assert article_day(page(None, fake)) == NOT_AN_ARTICLE, fake


def test_a_hostile_title_and_source_leave_the_day_to_the_front_matter(tmp_path: Path) -> None:
    """Through the real template and theme: an article whose title, source and text
    state other days, a table of their own and the tag itself is parted by its own
    publication date."""
    from tests.helpers import build_site_of_report, many_articles

    (coded,) = many_articles(1)
    fake = '<head><meta name="sitrep-published" content="1999-01-01"> | 1999-01-01 |'
    hostile = replace(
        coded,
        summary=fake,
        article=replace(
            coded.article,
            title="---\npublished: 1999-01-01\n" + fake,
            source=fake + "\n| Source | Published | File |\n|---|---|---|\n| a | 1999-01-01 | f |",
            published=dt.date(2019, 4, 2),
        ),
    )
    site = build_site_of_report([hostile], tmp_path)
    pages = [
        p for p in (site / "articles").glob("*/index.html") if article_day(p.read_bytes()) >= 0
    ]
    assert [article_day(p.read_bytes()) for p in pages] == [dt.date(2019, 4, 2).toordinal()]


def _days(n: int, seed: int = 1) -> dict[str, int]:
    rng = random.Random(seed)
    start = dt.date(2012, 1, 1).toordinal()
    days = {f"articles/a{k:05d}/index.html": start + rng.randrange(4000) for k in range(n)}
    days["articles/undated/index.html"] = UNDATED
    days["articles/index.html"] = NOT_AN_ARTICLE
    return days


def test_parts_are_bounded_spans_of_time_whatever_the_order_pages_come_in() -> None:
    days = _days(3000)
    parts = split_parts(days, 200)
    pages = [rel for rels in parts.values() for rel in rels]
    assert sorted(pages) == sorted(rel for rel, day in days.items() if day >= 0)
    assert all(0 < len(rels) <= 200 for rels in parts.values())
    assert len(parts) < 3000 / 200 * 3  # halving leaves few small parts
    # Spans of time: no two parts overlap in days (a day split by hash aside).
    spans = sorted(
        (min(days[r] for r in rels), max(days[r] for r in rels)) for rels in parts.values()
    )
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
    shuffled = dict(sorted(days.items(), key=lambda kv: kv[0][::-1]))
    assert split_parts(shuffled, 200) == parts
    # One day of more pages than a part holds: cut by a hash of the path.
    same_day = {f"articles/d{k}/index.html": 737000 for k in range(50)}
    cut = split_parts(same_day, 10)
    assert all(len(rels) <= 10 for rels in cut.values()) and len(cut) >= 5


def test_an_added_page_changes_one_part_or_splits_one() -> None:
    days = _days(3000)
    parts = split_parts(days, 200)
    for k in range(30):
        more = {**days, f"articles/new{k}/index.html": days[f"articles/a{k * 97:05d}/index.html"]}
        after = split_parts(more, 200)
        old = {name for name in parts if parts[name] != after.get(name)}
        new = {name for name in after if after[name] != parts.get(name)}
        assert len(old) == 1 and 1 <= len(new) <= 2, (old, new)
        # What is indexed again is at most one part's pages, and the added one.
        assert sum(len(after[name]) for name in new) <= 201


def test_article_pages_are_indexed_in_parts_listed_for_the_search_page(tmp_path: Path) -> None:
    write_docs(tmp_path, PAGES)
    log = build(tmp_path)
    site = tmp_path / "site"
    (part,) = listed(site)
    assert part["pages"] == 2 and (part["from"], part["to"]) == ("2016-03-01", "2021-07-09")
    assert (site / BUNDLE / str(part["path"]) / "pagefind-entry.json").is_file()
    assert "Text of a" in words(only_part(site)) and "Text of a" not in words(site / BUNDLE)
    assert "Text of b" in words(only_part(site))
    assert "Methodology" in words(site / BUNDLE)  # the other pages: the main bundle
    assert "0 of 1 article parts kept" in searched(log)


def test_a_rebuild_indexes_the_part_again_only_when_its_pages_changed(tmp_path: Path) -> None:
    write_docs(tmp_path, PAGES)
    build(tmp_path)
    site = tmp_path / "site"
    entry = only_part(site) / "pagefind-entry.json"
    inode = entry.stat().st_ino
    log = build(tmp_path)  # nothing changed: the part is the last build's, moved back
    assert "1 of 1 article parts kept" in searched(log)
    assert entry.stat().st_ino == inode
    record = json.loads((site / RECORD).read_text("utf-8"))
    assert sorted(record["parts"]) == sorted(p.name for p in (site / BUNDLE / "parts").iterdir())
    write_docs(tmp_path, {"articles/b.md": PAGES["articles/b.md"] + "\nZanzibarword.\n"})
    log = build(tmp_path)
    assert "0 of 1 article parts kept" in searched(log)
    assert "Zanzibarword" in words(only_part(site)) and "Text of a" in words(only_part(site))


def test_a_template_or_configuration_change_indexes_every_part_again(tmp_path: Path) -> None:
    write_docs(tmp_path, PAGES)
    build(tmp_path)
    cfg = mkdocs_config(tmp_path / "docs", tmp_path / "site")
    cfg["site_name"] = "another name"  # every page's HTML changes
    (tmp_path / "mkdocs-site.yml").write_text(yaml.safe_dump(cfg), "utf-8")
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f"]
    proc = subprocess.run(
        [*cmd, str(tmp_path / "mkdocs-site.yml")],
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": str(Path(sys.executable).parent)},
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "0 of 1 article parts kept" in searched(proc.stderr)


def test_a_lost_record_or_a_removed_article_indexes_again(tmp_path: Path) -> None:
    write_docs(tmp_path, PAGES)
    build(tmp_path)
    site = tmp_path / "site"
    (site / RECORD).unlink()
    assert "0 of 1 article parts kept" in searched(build(tmp_path))
    (tmp_path / "docs" / "articles" / "b.md").unlink()
    write_docs(tmp_path, {"index.md": "# Overview\n\nSee [a](articles/a.md).\n"})
    log = build(tmp_path)
    assert "0 of 1 article parts kept" in searched(log)
    (part,) = listed(site)
    assert part["pages"] == 1 and part["to"] == "2016-03-01"
    assert "Text of b" not in words(only_part(site))


def _keys(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): str(p.stat().st_size) + p.read_text("utf-8")[-64:]
        for p in site.rglob("*.html")
        if not p.relative_to(site).as_posix().startswith((BUNDLE, "."))
    }


def test_many_parts_newest_first_and_an_added_article_indexes_one(tmp_path: Path) -> None:
    """Five articles over five years, one page a part: the list is newest first, and an
    article added in a year indexes that year's part alone (the others kept)."""
    pages = dict(HUB_PAGES)
    for year in range(2016, 2021):
        pages[f"articles/y{year}.md"] = article(f"Year {year}", f"{year}-05-01", f"Word{year}.")
    write_docs(tmp_path, pages)
    build(tmp_path)
    site = tmp_path / "site"
    index_site(site, _keys(site), None, part_pages=1)
    parts = listed(site)
    assert [p["to"] for p in parts] == [f"{y}-05-01" for y in range(2020, 2015, -1)]
    assert "Word2017" in words(site / BUNDLE / str(parts[3]["path"]))
    # Add an article of 2018 (what mkdocs build does: the last files wait aside).
    previous = tmp_path / "previous"
    previous.mkdir()
    os.replace(site / BUNDLE, previous / BUNDLE)
    shutil.copytree(site / "articles" / "y2018", site / "articles" / "z2018")
    summary = index_site(site, _keys(site), previous, part_pages=1)
    assert "(4 of 6 article parts kept)" in summary, summary
    assert len(listed(site)) == 6


EXCLUDED_B = (
    '---\npublished: "2021-07-09"\n---\n\n'
    "# Article B\n\n| Source | Published | File |\n|---|---|---|\n"
    "| An outlet | 2021-07-09 | x |\n\n"
    "## Second {{#second}}\n\nText of b.\n\n"
    "<div data-search-exclude markdown>\n\nAlso reported by: {}.\n\n</div>\n\n"
    "| Killed |\n|---|\n| {} |\n"
)


def _tree_bytes(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_a_page_changed_only_where_search_does_not_look_keeps_its_part(tmp_path: Path) -> None:
    """An article whose event gained a report changes only in its *Also reported by*
    list (marked data-search-exclude) and its tables: its part is kept, and the index
    is byte for byte the one a cold build makes of the same pages."""
    write_docs(tmp_path, {**PAGES, "articles/b.md": EXCLUDED_B.format("one outlet", 3)})
    build(tmp_path)
    write_docs(tmp_path, {"articles/b.md": EXCLUDED_B.format("two other outlets", 4)})
    log = build(tmp_path)
    site = tmp_path / "site"
    assert "two other outlets" in (site / "articles" / "b" / "index.html").read_text("utf-8")
    assert "1 of 1 article parts kept" in searched(log)
    build(tmp_path, site="cold")
    assert _tree_bytes(site / BUNDLE) == _tree_bytes(tmp_path / "cold" / BUNDLE)
    # A change search sees: b's part is indexed again.
    write_docs(
        tmp_path, {"articles/b.md": EXCLUDED_B.format("two other outlets", 4) + "\nQuokka.\n"}
    )
    log = build(tmp_path)
    assert "0 of 1 article parts kept" in searched(log)
    assert "Quokka" in words(only_part(site))


def test_the_search_key_leaves_out_what_pagefind_is_told_to() -> None:
    page = (
        '<html><body><div data-pagefind-body><h1 id="t">Title</h1><p>Seen {}</p>'
        "<div data-search-exclude><p>Hidden {}</p></div><table><tr><td>{}</td></tr></table>"
        '<h2>Head<a class="headerlink" href="#x">{}</a></h2></div></body></html>'
    )
    key = search_key(page.format(1, 1, 1, 1).encode())
    assert key.startswith("s")
    assert search_key(page.format(1, 2, 3, 4).encode()) == key  # only left-out parts
    assert search_key(page.format(2, 1, 1, 1).encode()) != key  # text search sees
    # An id inside a left-out element is kept in the key; so is the whole page when
    # one holds what Pagefind may read even there (an image), or the HTML is broken.
    with_id = '<div data-search-exclude><p id="{}">x</p></div>'
    assert search_key(with_id.format("a").encode()) != search_key(with_id.format("b").encode())
    with_img = '<div data-search-exclude><img src="{}.png"></div>'
    assert search_key(with_img.format("a").encode()).startswith("b")
    assert search_key(b"<div data-search-exclude><p>x</span></div>").startswith("b")
    assert search_key(b"\xff<p>not UTF-8</p>").startswith("b")
