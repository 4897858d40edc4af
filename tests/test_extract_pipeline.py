"""The extractor's pipeline is built once per process: with ``--jobs``, the parent
builds it and the forked workers read with it; none builds its own."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

import generator.extract.pipeline as pipeline_module
from generator.cache.run import _pool_context, extract_cached
from generator.extract import extract_articles
from generator.model import Article
from tests.helpers import article


def _articles(n: int) -> list[Article]:
    text = "Regime shelling killed {} civilians in Idlib on Friday."
    return [
        article(text.format(i + 2), id=f"p{i:03d}", published=dt.date(2020, 7, 3)) for i in range(n)
    ]


def test_workers_read_with_the_pipeline_the_parent_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if _pool_context(extract_articles).get_start_method() != "fork":
        pytest.skip("workers are forked only where fork is safe (one thread, not macOS)")
    builds = tmp_path / "builds"
    make_nlp = pipeline_module.make_nlp

    def counted_make_nlp():  # type: ignore[no-untyped-def]
        with builds.open("a") as out:
            out.write(f"{os.getpid()}\n")
        return make_nlp()

    monkeypatch.setattr(pipeline_module, "make_nlp", counted_make_nlp)
    pipeline_module.get_nlp.cache_clear()
    coded, stats = extract_cached(
        _articles(40),
        extract=extract_articles,
        version="t",
        cache_dir=None,
        jobs=2,
        pool_threshold=2,
    )
    assert stats.jobs == 2
    assert all(c.error is None and c.incidents for c in coded)
    extract_articles(_articles(1))  # and this process reads on with it
    assert builds.read_text().split() == [str(os.getpid())]


def test_a_pipeline_built_after_another_was_freed_reads_its_own_strings() -> None:
    """The token lists are read through a table per StringStore, keyed by the id of
    the store the entry keeps alive: a pipeline built after another was freed may
    get the freed vocab's id (it did, in a test run), never the old strings."""
    import gc

    from generator.extract import tokens
    from generator.extract.clauses import article_doc

    for _ in range(4):
        nlp = pipeline_module.make_nlp()
        tokens.norms(nlp("Regime shelling killed 5 civilians in Idlib."))
        del nlp
        gc.collect()
    assert all(key == id(table.store) for key, table in tokens._STRINGS.items())
    nlp = pipeline_module.make_nlp()
    doc = nlp(article_doc(nlp, _articles(1)[0]))
    assert doc._.error is None and list(doc._.incidents)
