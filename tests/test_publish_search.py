"""The search index in parts (generator/publish/search.py): the article pages are
split into bundles by a hash of their path; a rebuild indexes again only the parts
whose pages changed (and the main bundle), keeps the others from the last build, and
every page stays findable."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import yaml

from generator.publish.search import BUNDLE, PARTS_LIST, RECORD, part_of, search_key
from tests.helpers import mkdocs_config
from tests.test_publish_reuse import PAGES, build, write_docs

# Two article pages in two different parts (a: part 2, b: part 0).
assert part_of("articles/a/index.html") != part_of("articles/b/index.html")


def searched(log: str) -> str:
    return next(ln for ln in log.splitlines() if "sitrep search:" in ln)


def words(bundle: Path) -> str:
    """The text of every page fragment of a bundle (Pagefind writes them gzipped)."""
    out = []
    for frag in sorted((bundle / "fragment").glob("*.pf_fragment")):
        out.append(gzip.decompress(frag.read_bytes()).decode("utf-8", "replace"))
    return "\n".join(out)


def part_dir(site: Path, article: str) -> Path:
    return site / BUNDLE / "parts" / str(part_of(f"articles/{article}/index.html"))


def test_article_pages_are_indexed_in_parts_listed_for_the_search_page(tmp_path: Path) -> None:
    write_docs(tmp_path, PAGES)
    log = build(tmp_path)
    site = tmp_path / "site"
    listed = json.loads((site / BUNDLE / PARTS_LIST).read_text("utf-8"))
    assert sorted(listed) == sorted(
        f"parts/{part_of(f'articles/{a}/index.html')}/" for a in ("a", "b")
    )
    for part in listed:
        assert (site / BUNDLE / part / "pagefind-entry.json").is_file()
    assert "Text of a" in words(part_dir(site, "a")) and "Text of a" not in words(site / BUNDLE)
    assert "Text of b" in words(part_dir(site, "b"))
    assert "Methodology" in words(site / BUNDLE)  # the other pages: the main bundle
    assert "0 of 2 article parts kept" in searched(log)


def test_a_rebuild_indexes_again_only_the_parts_whose_pages_changed(tmp_path: Path) -> None:
    write_docs(tmp_path, PAGES)
    build(tmp_path)
    site = tmp_path / "site"
    a_entry = part_dir(site, "a") / "pagefind-entry.json"
    a_inode = a_entry.stat().st_ino
    write_docs(tmp_path, {"articles/b.md": PAGES["articles/b.md"] + "\nZanzibarword.\n"})
    log = build(tmp_path)
    assert "1 of 2 article parts kept" in searched(log)
    assert a_entry.stat().st_ino == a_inode  # a's part: the last build's, moved back
    assert "Zanzibarword" in words(part_dir(site, "b"))
    assert "Text of a" in words(part_dir(site, "a"))
    # Nothing changed: every part kept; the record names each part's key.
    log = build(tmp_path)
    assert "2 of 2 article parts kept" in searched(log)
    record = json.loads((site / RECORD).read_text("utf-8"))
    assert sorted(record["parts"]) == sorted(p.name for p in (site / BUNDLE / "parts").iterdir())


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
    assert "0 of 2 article parts kept" in searched(proc.stderr)


def test_a_removed_part_or_a_lost_record_is_indexed_again(tmp_path: Path) -> None:
    write_docs(tmp_path, PAGES)
    build(tmp_path)
    site = tmp_path / "site"
    (site / RECORD).unlink()
    assert "0 of 2 article parts kept" in searched(build(tmp_path))
    # An article removed: its part goes from the list.
    (tmp_path / "docs" / "articles" / "b.md").unlink()
    write_docs(tmp_path, {"index.md": "# Overview\n\nSee [a](articles/a.md).\n"})
    log = build(tmp_path)
    assert "1 of 1 article parts kept" in searched(log)
    assert json.loads((site / BUNDLE / PARTS_LIST).read_text("utf-8")) == [
        f"parts/{part_of('articles/a/index.html')}/"
    ]
    assert not part_dir(site, "b").exists()


EXCLUDED_B = (
    "# Article B\n\n## Second {{#second}}\n\nText of b.\n\n"
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
    assert "2 of 2 article parts kept" in searched(log)
    build(tmp_path, site="cold")
    assert _tree_bytes(site / BUNDLE) == _tree_bytes(tmp_path / "cold" / BUNDLE)
    # A change search sees: b's part is indexed again.
    write_docs(
        tmp_path, {"articles/b.md": EXCLUDED_B.format("two other outlets", 4) + "\nQuokka.\n"}
    )
    log = build(tmp_path)
    assert "1 of 2 article parts kept" in searched(log)
    assert "Quokka" in words(part_dir(site, "b"))


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
