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

from generator.publish.search import BUNDLE, PARTS_LIST, RECORD, part_of
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
