"""MkDocs rebuilds only the pages that changed (generator.publish.reuse), and the
site it leaves is the one a build from scratch makes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

from generator.publish.reuse import RECORD
from tests.helpers import mkdocs_config

PAGES = {
    "index.md": "# Overview\n\nSee [a](articles/a.md) and [b](articles/b.md#second).\n",
    "governorates/index.md": "# Governorates\n",
    "factions/index.md": "# Factions\n",
    "articles/index.md": "# Articles\n\n[a](a.md)\n",
    "methodology.md": "# Methodology\n",
    "possible-duplicates/index.md": "# Possible duplicates\n",
    "build-report.md": "# Build report\n",
    "data.md": "# Data\n",
    "articles/a.md": "# Article A\n\nText of a, [back](../index.md).\n",
    "articles/b.md": "# Article B\n\n## Second {#second}\n\nText of b.\n",
}


def build(work: Path, site: str = "site") -> str:
    """``mkdocs build --strict`` of ``work/docs`` into ``work/<site>``; its log."""
    cfg = work / f"mkdocs-{site}.yml"
    cfg.write_text(yaml.safe_dump(mkdocs_config(work / "docs", work / site)), "utf-8")
    return build_with(cfg)


def build_with(cfg: Path) -> str:
    """``mkdocs build --strict -f cfg``; its log."""
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(cfg)],
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": str(Path(sys.executable).parent)},
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stderr


def html_of(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in site.rglob("*.html")
        if p.relative_to(site).parts[0] != "pagefind"
    }


def kept(log: str) -> int:
    line = next(ln for ln in log.splitlines() if "unchanged pages kept" in ln)
    return int(line.split("sitrep: ")[1].split()[0])


def write_docs(work: Path, pages: dict[str, str]) -> None:
    for rel, text in pages.items():
        path = work / "docs" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")


def test_unchanged_pages_are_kept_and_the_site_is_what_a_full_build_makes(tmp_path):
    write_docs(tmp_path, PAGES)
    assert kept(build(tmp_path)) == 0  # nothing to reuse yet
    log = build(tmp_path)
    assert kept(log) == 2  # the two article pages: the nav pages are always built
    assert "Page skipped" not in log  # reused pages are not announced one by one
    # One article changes: it is built again, the other is kept.
    write_docs(tmp_path, {"articles/b.md": PAGES["articles/b.md"] + "\nMore text.\n"})
    assert kept(build(tmp_path)) == 1
    # The result is byte for byte the site a build from scratch makes.
    build(tmp_path, "fresh")
    assert html_of(tmp_path / "site") == html_of(tmp_path / "fresh")
    assert b"More text." in (tmp_path / "site" / "articles" / "b" / "index.html").read_bytes()
    # The record lists every page with its key, and the search index covers them.
    record = json.loads((tmp_path / "site" / RECORD).read_text("utf-8"))
    assert set(record["pages"]) == set(PAGES)
    assert (tmp_path / "site" / "pagefind" / "pagefind.js").is_file()


def test_a_page_deleted_from_the_site_is_built_again(tmp_path):
    write_docs(tmp_path, PAGES)
    build(tmp_path)
    (tmp_path / "site" / "articles" / "a" / "index.html").unlink()
    assert kept(build(tmp_path)) == 1
    assert (tmp_path / "site" / "articles" / "a" / "index.html").is_file()


def test_a_change_of_configuration_builds_every_page(tmp_path):
    write_docs(tmp_path, PAGES)
    build(tmp_path)
    cfg = mkdocs_config(tmp_path / "docs", tmp_path / "site")
    cfg["site_name"] = "another name"  # shown on every page
    (tmp_path / "mkdocs-site.yml").write_text(yaml.safe_dump(cfg), "utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-f",
            str(tmp_path / "mkdocs-site.yml"),
        ],
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": str(Path(sys.executable).parent)},
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert kept(proc.stderr) == 0
    assert b"another name" in (tmp_path / "site" / "articles" / "a" / "index.html").read_bytes()


class _Theme:
    def __init__(self, custom: Path, installed: Path) -> None:
        self.custom_dir = str(custom)
        self.dirs = [str(custom), str(installed)]


def _theme_folders(tmp_path: Path) -> tuple[dict[str, object], Path, Path]:
    custom, installed = tmp_path / "overrides", tmp_path / "site-packages" / "theme"
    for folder in (custom, installed / "sub"):
        folder.mkdir(parents=True)
    (custom / "main.html").write_text("{{ super() }}", "utf-8")
    (installed / "sub" / "icon.svg").write_text("<svg/>", "utf-8")
    return {"theme": _Theme(custom, installed)}, custom, installed


def test_the_context_key_reads_the_custom_templates_bytes(tmp_path):
    """An edit to the project's own templates that keeps size and time rebuilds every page."""
    import os

    from generator.publish.reuse import context_key

    config, custom, _ = _theme_folders(tmp_path)
    before = context_key(config)
    page = custom / "main.html"
    st = page.stat()
    page.write_text("{{ SUPER() }}", "utf-8")  # same size
    os.utime(page, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert context_key(config) != before


def test_the_context_key_sees_an_edit_to_the_installed_theme(tmp_path):
    import os

    from generator.publish.reuse import context_key

    config, _, installed = _theme_folders(tmp_path)
    before = context_key(config)
    assert context_key(config) == before
    icon = installed / "sub" / "icon.svg"
    st = icon.stat()
    os.utime(icon, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    assert context_key(config) != before
    (installed / "sub" / "new.svg").write_text("<svg/>", "utf-8")
    assert len({before, context_key(config)}) == 2


def test_an_edited_template_shows_on_every_page_kept_or_not(tmp_path):
    """The project's templates are read by MkDocs through Jinja's compiled-template cache
    and are in the reuse key: an edit, even one that keeps the file's size and time,
    shows on every page at the next build (and is indexed by search)."""
    import os
    import shutil

    from tests.helpers import ROOT

    custom = tmp_path / "overrides"
    shutil.copytree(ROOT / "overrides", custom)
    cfg = mkdocs_config(tmp_path / "docs", tmp_path / "site")
    cfg["theme"]["custom_dir"] = str(custom)
    config_file = tmp_path / "mkdocs-site.yml"
    write_docs(tmp_path, PAGES)

    def build_with_theme() -> str:
        config_file.write_text(yaml.safe_dump(cfg), "utf-8")
        return build_with(config_file)

    build_with_theme()
    main = custom / "main.html"
    text = main.read_text("utf-8")
    st = main.stat()
    cut = " Everywhere else the theme"  # from a comment: the same size as before
    marker = "<p>Yzqxmarker</p>".ljust(len(cut))
    edited = text.replace(cut, "", 1)
    edited = edited.replace("<div data-pagefind-body>", "<div data-pagefind-body>" + marker, 1)
    assert len(edited) == len(text) and marker in edited
    marker = marker.strip()
    main.write_text(edited, "utf-8")
    os.utime(main, ns=(st.st_atime_ns, st.st_mtime_ns))
    log = build_with_theme()
    assert kept(log) == 0
    for page in ("index.html", "articles/a/index.html", "articles/b/index.html"):
        assert marker.encode() in (tmp_path / "site" / page).read_bytes(), page
    assert "0 of 0 article parts kept" in log  # no Published table: a and b are in the main bundle


def test_a_kept_page_is_left_out_of_mkdocs_build(tmp_path):
    """MkDocs neither reads a kept page nor renders a template for it, says nothing of the
    links to it, and the site is still the one a full build makes (a link to an anchor
    of a kept page included)."""
    write_docs(tmp_path, PAGES)
    seen = tmp_path / "seen.txt"
    hook = tmp_path / "seen_hook.py"
    hook.write_text(
        "def on_page_context(context, page, **kwargs):\n"
        f"    open({str(seen)!r}, 'a').write(page.file.src_uri + '\\n')\n"
        "    return context\n",
        "utf-8",
    )
    cfg = mkdocs_config(tmp_path / "docs", tmp_path / "site")
    cfg["hooks"] = [*cfg["hooks"], str(hook)]
    config_file = tmp_path / "mkdocs-seen.yml"
    config_file.write_text(yaml.safe_dump(cfg), "utf-8")

    def build_seen() -> tuple[str, list[str]]:
        seen.unlink(missing_ok=True)
        log = build_with(config_file)
        return log, seen.read_text("utf-8").split()

    _, first = build_seen()
    assert {"articles/a.md", "articles/b.md"} <= set(first)
    log, second = build_seen()
    assert kept(log) == 2
    assert "articles/a.md" not in second and "articles/b.md" not in second
    assert "index.md" in second  # the pages in the nav are built
    assert "excluded" not in log and "Page skipped" not in log
    build(tmp_path, "fresh")
    assert html_of(tmp_path / "site") == html_of(tmp_path / "fresh")


def test_with_a_site_url_the_sitemap_still_lists_the_kept_pages(tmp_path):
    """A sitemap lists the pages MkDocs builds: with a site_url, the kept pages go
    through MkDocs' build (an empty template each), so they stay in it."""
    write_docs(tmp_path, PAGES)
    for site in ("site", "fresh"):
        cfg = mkdocs_config(tmp_path / "docs", tmp_path / site)
        cfg["site_url"] = "https://example.org/"
        (tmp_path / f"mkdocs-{site}.yml").write_text(yaml.safe_dump(cfg), "utf-8")

    def build_with_url(site: str) -> str:
        return build_with(tmp_path / f"mkdocs-{site}.yml")

    build_with_url("site")
    assert kept(build_with_url("site")) == 2
    build_with_url("fresh")
    sitemap = (tmp_path / "site" / "sitemap.xml").read_text("utf-8")
    assert "https://example.org/articles/a/" in sitemap
    assert sitemap == (tmp_path / "fresh" / "sitemap.xml").read_text("utf-8")
    assert html_of(tmp_path / "site") == html_of(tmp_path / "fresh")


class _File:
    """The few fields of an MkDocs File that Reuse.choose reads."""

    def __init__(self, docs: Path, src: str) -> None:
        self.src_uri = src
        self.dest_uri = src.removesuffix(".md") + "/index.html"
        self.abs_src_path = str(docs / src)


def test_a_page_whose_file_is_the_one_read_last_build_is_not_read_again(tmp_path, monkeypatch):
    """At 100,000 pages, reading and hashing every page's Markdown on every build was
    seconds of an add-one build: a file with the stamp (size, times, inode) it had when
    read keeps its key unread; an edit that puts size and modification time back is
    still seen (its change time moved)."""
    import os
    import time

    from generator.publish import reuse as reuse_module

    monkeypatch.setattr(reuse_module, "RACY_NS", 0)
    docs, site = tmp_path / "docs", tmp_path / "site"
    write_docs(tmp_path, {"a.md": "# A\n", "b.md": "# B\n"})
    site.mkdir()
    config = {"site_dir": str(site)}
    monkeypatch.setattr(reuse_module, "context_key", lambda config: "ctx")
    files = [_File(docs, "a.md"), _File(docs, "b.md")]

    def choose() -> reuse_module.Reuse:
        r = reuse_module.Reuse()
        r.start(config)
        r.choose(files, in_nav=set())
        r.finish()
        return r

    first = choose()
    assert first.read == 2
    second = choose()
    assert second.read == 0 and second.new == first.new
    stat = os.stat(docs / "b.md")
    time.sleep(0.02)
    (docs / "b.md").write_text("# C\n", "utf-8")  # same size
    os.utime(docs / "b.md", ns=(stat.st_atime_ns, stat.st_mtime_ns))
    third = choose()
    assert third.read == 1
    assert third.new["b.md"][0] != second.new["b.md"][0]
    assert third.new["a.md"] == second.new["a.md"]


def test_a_page_written_just_before_the_build_is_read_again_next_time(tmp_path, monkeypatch):
    """Within RACY_NS of its last change a file's times may not move on a write in the
    same clock tick: no stamp is recorded for it, so the next build reads it."""
    from generator.publish import reuse as reuse_module

    docs, site = tmp_path / "docs", tmp_path / "site"
    write_docs(tmp_path, {"a.md": "# A\n"})
    site.mkdir()
    monkeypatch.setattr(reuse_module, "context_key", lambda config: "ctx")
    for _ in range(2):
        r = reuse_module.Reuse()
        r.start({"site_dir": str(site)})
        r.choose([_File(docs, "a.md")], in_nav=set())
        r.finish()
        assert r.read == 1 and len(r.new["a.md"]) == 2


def test_the_context_key_does_not_follow_a_folder_link_in_the_theme(tmp_path):
    """A link to a folder (a loop here) is not descended into, as ``os.walk`` did not."""
    from generator.publish.reuse import context_key

    config, _, installed = _theme_folders(tmp_path)
    before = context_key(config)
    (installed / "sub" / "loop").symlink_to(installed)
    assert context_key(config) == before
