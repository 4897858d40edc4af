"""The flow as a library: sitrep build and sitrep extract without the command line."""

from __future__ import annotations

import json

from generator import pipeline
from generator.pipeline import Options
from tests.helpers import ROOT

QUIET = Options(cache_dir=None, progress=False)


def test_build_then_check_then_extract(tmp_path):
    said: list[str] = []
    docs = tmp_path / "docs"
    pipeline.build(ROOT / "articles", docs, options=QUIET, say=said.append)
    pages = sorted(p for p in docs.rglob("*") if p.is_file() and not p.name.startswith("."))
    assert (docs / "index.md").is_file() and len(pages) > 14
    assert said[-1] == f"{len(pages)} pages in {docs}: {len(pages)} written, 0 removed, 0 unchanged"
    assert said[-3].startswith("0 from cache, 5 extracted on 1 process")

    said.clear()
    pipeline.build(ROOT / "articles", docs, options=QUIET, check=True, say=said.append)
    assert said[-1] == f"{docs} is up to date ({len(pages)} pages)"

    written: list[list[str]] = []
    pipeline.extract_json(
        ROOT / "articles", lambda text: written.append(list(text)), QUIET, say=said.append
    )
    (pieces,) = written
    doc = json.loads("".join(pieces))
    assert doc["schema"] == "sitrep.incidents/1" and len(doc["articles"]) == 5
    # handed over a record at a time, as each is made, never joined whole first
    assert len(pieces) > len(doc["articles"]) + len(doc["events"])


def _docs_of(docs):
    return {
        p.relative_to(docs).as_posix(): p.read_bytes()
        for p in docs.rglob("*")
        if p.is_file() and not p.name.startswith(".")
    }


def test_a_rebuild_renders_only_the_pages_whose_inputs_changed(tmp_path, monkeypatch):
    """One article added: its page and the pages it appears on are rendered again,
    the others kept as the last build wrote them; docs/ is what a fresh build makes."""
    articles, docs, opts = _copy_build(tmp_path)
    rendered = _counting_renders(monkeypatch)
    (articles / "zz-new.txt").write_text(
        "Title: Shelling in Daraa\nDate: 2016-03-04\n\n"
        "Government shelling killed three civilians in Daraa on 3 March 2016.\n",
        "utf-8",
    )
    # A page edited by hand since the last build is rendered again even if its key is not.
    touched = docs / "methodology.md"
    touched.write_text("edited by hand\n", "utf-8")
    said: list[str] = []
    pipeline.build(articles, docs, options=opts, say=said.append)
    total = int(said[-1].split()[0])
    assert "methodology.md" in rendered
    # Pages made of one article or one month are keyed: only the new one is rendered.
    # (Hub pages -- home, governorates, factions -- are bounded and rendered each time.)
    assert [p for p in rendered if p.startswith("articles/") and p != "articles/index.md"] == [
        "articles/zz-new.md"
    ]
    assert len(rendered) < total
    assert _docs_of(docs) == _fresh(tmp_path, articles)


def test_extraction_keeps_no_article_text(tmp_path):
    """What the pages need is the incidents and the metadata: the texts are dropped
    after extraction, so a build's memory does not grow with the words read."""
    result = pipeline.ingest(ROOT / "articles", QUIET, say=lambda _: None)
    run = pipeline.extract(result, QUIET, say=lambda _: None)
    assert run.coded and all(c.article.text == "" for c in run.coded)
    # nor does the ingest result a build keeps to its end (its counts, its problems)
    assert len(run.result.articles) == len(result.articles)
    assert all(a.text == "" for a in run.result.articles)


def test_extraction_in_slices_is_extraction_at_once(tmp_path, monkeypatch):
    """The articles go through the cache a slice at a time (so each slice's results
    are compacted before the next is read): the same articles, incidents and line."""
    opts = Options(cache_dir=tmp_path / "cache", progress=False, jobs=1)
    result = pipeline.ingest(ROOT / "articles", opts, say=lambda _: None)
    pipeline.extract(result, opts, say=lambda _: None)  # fills the cache
    whole = pipeline.extract(result, opts, say=lambda _: None)
    monkeypatch.setattr(pipeline, "EXTRACT_SLICE", 2)
    sliced = pipeline.extract(result, opts, say=lambda _: None)
    assert sliced.coded == whole.coded and sliced.result == whole.result
    assert sliced.cache_line == whole.cache_line == "5 from cache, 0 extracted on 1 process"


def test_a_build_whose_articles_are_all_in_the_cache_does_not_import_spacy(tmp_path):
    """spaCy is ~80 MB of a build's memory, for nothing when no article is extracted.
    The pipeline imports the extractor only to extract, and the cache's check of an
    entry's event types reads them from generator/knowledge/means.py, and the
    methodology page its word lists and thresholds from generator/knowledge."""
    import subprocess
    import sys

    articles, docs, opts = _copy_build(tmp_path)
    (articles / "004_9d805a9b2de263d3.txt").unlink()  # something changed: the build runs
    code = (
        "import sys; from pathlib import Path; from generator import pipeline; "
        f"pipeline.build(Path({str(articles)!r}), Path({str(docs)!r}), "
        f"options=pipeline.Options(cache_dir=Path({str(opts.cache_dir)!r}), progress=False, "
        "jobs=1), say=lambda _: None); print(sorted(m for m in sys.modules if m == 'spacy'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]", out.stderr


def _counting_renders(monkeypatch) -> list[str]:
    from generator.pages import render

    rendered: list[str] = []
    real = render._render

    def counting(env, template, path, **context):
        rendered.append(path)
        return real(env, template, path, **context)

    monkeypatch.setattr(render, "_render", counting)
    return rendered


def _copy_build(tmp_path):
    import shutil

    articles, docs = tmp_path / "articles", tmp_path / "docs"
    shutil.copytree(ROOT / "articles", articles)
    opts = Options(cache_dir=tmp_path / "cache", progress=False, jobs=1)
    pipeline.build(articles, docs, options=opts, say=lambda _: None)
    return articles, docs, opts


def _fresh(tmp_path, articles, **kw):
    fresh = tmp_path / "fresh"
    pipeline.build(articles, fresh, options=QUIET, say=lambda _: None, **kw)
    return _docs_of(fresh)


def test_an_edited_article_is_extracted_merged_and_rendered_again(tmp_path, monkeypatch):
    """A changed toll: the article is extracted again, its events merged again (not read
    from the events kept between builds), and its page shows the new figure."""
    from generator.events import memo

    articles, docs, opts = _copy_build(tmp_path)
    path = next(p for p in sorted(articles.iterdir()) if b"killed" in p.read_bytes())
    text = path.read_text("utf-8")
    path.write_text(text.replace("killed", "killed 917 people and", 1), "utf-8")
    merged: list[int] = []
    real_save = memo.MergeMemo.save
    monkeypatch.setattr(memo.MergeMemo, "save", lambda m: (merged.append(m.merged), real_save(m)))
    rendered = _counting_renders(monkeypatch)
    said: list[str] = []
    pipeline.build(articles, docs, options=opts, say=said.append)
    assert any(line.startswith("4 from cache, 1 extracted") for line in said), said
    assert merged and merged[0] > 0
    assert any(p.startswith("articles/") and p != "articles/index.md" for p in rendered)
    assert _docs_of(docs) == _fresh(tmp_path, articles)
    assert any(b"917" in body for rel, body in _docs_of(docs).items() if rel.endswith(".md"))


def test_new_code_or_a_new_extractor_version_extracts_merges_and_renders_everything(
    tmp_path, monkeypatch
):
    """The extractor's version is in its code: a change to the code is seen by the build
    record, the extraction cache, the events kept between builds and every page key."""
    import generator.extract
    from generator.events import memo
    from generator.publish import record

    articles, docs, opts = _copy_build(tmp_path)
    real_lines = record._code_lines
    monkeypatch.setattr(record, "_code_lines", lambda *a: [*real_lines(*a), "a new line of code"])
    monkeypatch.setattr(generator.extract, "EXTRACTOR_VERSION", "test-version-2")
    merged: list[tuple[int, int]] = []
    real_save = memo.MergeMemo.save
    monkeypatch.setattr(
        memo.MergeMemo, "save", lambda m: (merged.append((m.merged, m.groups)), real_save(m))
    )
    rendered = _counting_renders(monkeypatch)
    said: list[str] = []
    pipeline.build(articles, docs, options=opts, say=said.append)
    assert any(line.startswith("0 from cache, 5 extracted") for line in said), said
    assert merged and merged[0][0] == merged[0][1] > 0  # every group merged afresh
    assert "articles/index.md" in rendered and len(rendered) > 10
    assert all(f"articles/{p.stem}.md" in rendered for p in docs.glob("articles/*.md")
               if p.name != "index.md")  # fmt: skip


def test_an_edited_template_renders_every_page_made_with_it(tmp_path, monkeypatch):
    import shutil

    from generator.pipeline import DEFAULT_TEMPLATES

    templates = tmp_path / "templates"
    shutil.copytree(DEFAULT_TEMPLATES, templates)
    articles, docs = tmp_path / "articles", tmp_path / "docs"
    shutil.copytree(ROOT / "articles", articles)
    opts = Options(cache_dir=tmp_path / "cache", progress=False, jobs=1)
    pipeline.build(articles, docs, templates=templates, options=opts, say=lambda _: None)
    article_template = templates / "article.md.j2"
    article_template.write_text(article_template.read_text("utf-8") + "\nXqzmarker\n", "utf-8")
    rendered = _counting_renders(monkeypatch)
    pipeline.build(articles, docs, templates=templates, options=opts, say=lambda _: None)
    pages = [p for p in docs.glob("articles/*.md") if p.name != "index.md"]
    assert pages and all(f"articles/{p.name}" in rendered for p in pages)
    assert all(p.read_text("utf-8").endswith("Xqzmarker\n") for p in pages)
    assert _docs_of(docs) == _fresh(tmp_path, articles, templates=templates)


def test_the_pages_are_written_without_the_merge_memo_or_the_extracted_run(tmp_path, monkeypatch):
    """What the pages do not need is let go before they are written: the merge's memo
    holds every event again, encoded for its file."""
    import weakref

    from generator.events import memo
    from generator.publish import swap

    alive: list[weakref.ref] = []
    real_init, real_write = memo.MergeMemo.__init__, swap.write_pages

    def init(self, *args, **kw):  # type: ignore[no-untyped-def]
        real_init(self, *args, **kw)
        alive.append(weakref.ref(self))

    def write(*args, **kw):  # type: ignore[no-untyped-def]
        assert alive and all(ref() is None for ref in alive)
        return real_write(*args, **kw)

    monkeypatch.setattr(memo.MergeMemo, "__init__", init)
    monkeypatch.setattr(swap, "write_pages", write)
    opts = Options(cache_dir=tmp_path / "cache", progress=False, jobs=1)
    pipeline.build(ROOT / "articles", tmp_path / "docs", options=opts, say=lambda _: None)
