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

    written: list[str] = []
    pipeline.extract_json(ROOT / "articles", written.append, QUIET, say=said.append)
    doc = json.loads(written[0])
    assert doc["schema"] == "sitrep.incidents/1" and len(doc["articles"]) == 5


def _docs_of(docs):
    return {
        p.relative_to(docs).as_posix(): p.read_bytes()
        for p in docs.rglob("*")
        if p.is_file() and not p.name.startswith(".")
    }


def test_a_rebuild_renders_only_the_pages_whose_inputs_changed(tmp_path, monkeypatch):
    """One article added: its page and the pages it appears on are rendered again,
    the others kept as the last build wrote them; docs/ is what a fresh build makes."""
    import shutil

    from generator.pages import render

    articles, docs = tmp_path / "articles", tmp_path / "docs"
    shutil.copytree(ROOT / "articles", articles)
    opts = Options(cache_dir=tmp_path / "cache", progress=False, jobs=1)
    pipeline.build(articles, docs, options=opts, say=lambda _: None)

    rendered: list[str] = []
    real = render._render

    def counting(env, template, path, **context):
        rendered.append(path)
        return real(env, template, path, **context)

    monkeypatch.setattr(render, "_render", counting)
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

    fresh = tmp_path / "fresh"
    pipeline.build(articles, fresh, options=QUIET, say=lambda _: None)
    assert _docs_of(docs) == _docs_of(fresh)


def test_extraction_keeps_no_article_text(tmp_path):
    """What the pages need is the incidents and the metadata: the texts are dropped
    after extraction, so a build's memory does not grow with the words read."""
    result = pipeline.ingest(ROOT / "articles", QUIET, say=lambda _: None)
    run = pipeline.extract(result, QUIET, say=lambda _: None)
    assert run.coded and all(c.article.text == "" for c in run.coded)
