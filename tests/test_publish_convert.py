"""The pages' Markdown converted in worker processes (generator.publish.convert): the
site is byte for byte the one MkDocs alone makes, and every way the workers' result
could be wrong falls back to converting in the build."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from generator.publish import convert
from generator.publish.convert import JOBS_ENV, Converter
from tests.helpers import mkdocs_config
from tests.test_publish_reuse import PAGES, html_of, write_docs


def build(work: Path, site: str, jobs: int, hooks: list[str] | None = None) -> tuple[int, str]:
    """``mkdocs build --strict`` of ``work/docs`` into ``work/<site>`` with ``jobs``
    workers; its exit code and log."""
    cfg = mkdocs_config(work / "docs", work / site)
    cfg["hooks"] = [*cfg["hooks"], *(hooks or [])]
    path = work / f"mkdocs-{site}.yml"
    path.write_text(yaml.safe_dump(cfg), "utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(path)],
        capture_output=True,
        text=True,
        env={
            "NO_MKDOCS_2_WARNING": "1",
            "PATH": str(Path(sys.executable).parent),
            JOBS_ENV: str(jobs),
        },
    )
    return proc.returncode, proc.stderr


def converted(log: str) -> int:
    lines = [ln for ln in log.splitlines() if "pages converted by" in ln]
    return int(lines[0].split("sitrep: ")[1].split()[0]) if lines else 0


def test_the_workers_make_the_site_mkdocs_alone_makes(tmp_path):
    write_docs(tmp_path, PAGES)
    code, log = build(tmp_path, "site", jobs=2)
    assert code == 0, log[-3000:]
    assert converted(log) == len(PAGES)
    code, log = build(tmp_path, "alone", jobs=1)
    assert code == 0, log[-3000:]
    assert converted(log) == 0
    assert html_of(tmp_path / "site") == html_of(tmp_path / "alone")


def test_a_page_whose_markdown_a_plugin_changes_is_converted_in_the_build(tmp_path):
    """The workers convert the page's file; a plugin's on_page_markdown changes what MkDocs
    converts: the page is converted again from the changed Markdown."""
    write_docs(tmp_path, PAGES)
    hook = tmp_path / "extra_hook.py"
    hook.write_text(
        "def on_page_markdown(markdown, page, **kwargs):\n"
        "    if page.file.src_uri == 'articles/b.md':\n"
        "        return markdown + '\\nAdded by a plugin.\\n'\n"
        "    return markdown\n",
        "utf-8",
    )
    code, log = build(tmp_path, "site", jobs=2, hooks=[str(hook)])
    assert code == 0, log[-3000:]
    assert converted(log) == len(PAGES) - 1
    page = (tmp_path / "site" / "articles" / "b" / "index.html").read_bytes()
    assert b"Added by a plugin." in page


def test_a_warning_raised_in_a_worker_fails_the_strict_build(tmp_path):
    """A broken link found while a worker converts the page is logged by the build, once,
    so --strict stops it as it does without workers."""
    write_docs(tmp_path, {**PAGES, "articles/a.md": "# Article A\n\n[gone](missing.md)\n"})
    logs = {}
    for jobs in (2, 1):
        code, log = build(tmp_path, f"site{jobs}", jobs=jobs)
        assert code == 1
        logs[jobs] = [ln for ln in log.splitlines() if "missing.md" in ln]
    assert len(logs[2]) == 1 and "articles/a.md" in logs[2][0]
    assert logs[2] == logs[1]


def _dies(uri: str) -> None:
    os._exit(3)


def test_a_worker_that_dies_leaves_its_pages_to_the_build(monkeypatch):
    monkeypatch.setenv(JOBS_ENV, "2")
    monkeypatch.setattr(convert, "_convert_one", _dies)
    converter = Converter()
    uris = [f"page-{n}.md" for n in range(20)]
    converter.start(object(), object(), uris)
    assert converter.pool is not None
    assert converter.take("page-0.md") is None  # converted in the build instead
    assert converter.pool is None and not converter.expected
    assert converter.take("page-1.md") is None


def test_no_page_holds_its_html_or_markdown_while_the_others_are_converted(tmp_path):
    """generator.publish.spill: once every page is converted (on_env), none holds its
    HTML or Markdown in memory; each page is still written whole."""
    write_docs(tmp_path, {**PAGES, "articles/a.md": "# Article A\n\nÀ Ḩalab, « 10 » 🙂.\n"})
    hook = tmp_path / "count_hook.py"
    out = tmp_path / "held.txt"
    hook.write_text(
        "def on_env(env, config, files, **kwargs):\n"
        "    held = [f.src_uri for f in files.documentation_pages()\n"
        "            if f.page is not None and (f.page.content or f.page.markdown)]\n"
        f"    open({str(out)!r}, 'w').write(repr(held))\n"
        "    return env\n",
        "utf-8",
    )
    code, log = build(tmp_path, "site", jobs=2, hooks=[str(hook)])
    assert code == 0, log[-3000:]
    assert out.read_text("utf-8") == "[]"
    page = (tmp_path / "site" / "articles" / "a" / "index.html").read_text("utf-8")
    assert "À Ḩalab, « 10 » 🙂." in page
    assert "<title>Article A" in page


def test_the_spill_gives_back_each_page_as_it_was(tmp_path):
    from types import SimpleNamespace

    from generator.publish.spill import Spill

    spill = Spill()
    spill.start(str(tmp_path / "site"))
    from mkdocs.structure.toc import get_toc

    def toc(title: str) -> Any:
        return get_toc([{"level": 2, "id": "x", "name": title, "children": []}])

    pages = {
        name: SimpleNamespace(
            file=SimpleNamespace(src_uri=name), markdown="md", content=None, toc=toc(name)
        )
        for name in ("a.md", "b.md")
    }
    texts = {"a.md": "<p>À « x » 🙂 \ud800</p>", "b.md": "<p>b</p>" * 10_000}
    for name, page in pages.items():
        page.content = spill.put(page, texts[name])
        assert page.content == "" and page.markdown == "" and list(page.toc) == []
    for name in ("b.md", "a.md"):
        spill.restore(pages[name])
        assert pages[name].content == texts[name]
        assert [(t.title, t.id, t.active) for t in pages[name].toc] == [(name, "x", True)]
        spill.release(pages[name])
        assert pages[name].content == "" and list(pages[name].toc) == []
    spill.close()
    assert list(tmp_path.iterdir()) == []  # nothing left beside the site


def test_a_worker_puts_back_each_page_as_it_found_it(tmp_path, monkeypatch):
    """MkDocs makes the Page objects with the nav, before the workers are forked: a worker
    that kept what it left on them would hold every page of the site by its end."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    from mkdocs.structure.nav import get_navigation

    write_docs(tmp_path, PAGES)
    path = tmp_path / "mkdocs.yml"
    path.write_text(yaml.safe_dump(mkdocs_config(tmp_path / "docs", tmp_path / "site")), "utf-8")
    config = load_config(str(path))
    files = get_files(config)
    get_navigation(files, config)
    monkeypatch.setattr(convert, "_state", (config, files))
    page = files.get_file_from_path("articles/b.md").page
    assert page is not None
    before = dict(vars(page))
    result = convert._convert_one("articles/b.md")
    assert result is not None and "second" in (result.anchors or set())
    assert [t.id for t in result.toc] == ["article-b"]
    assert vars(page) == before
