"""The extractor: a spaCy pipeline (``pipeline.make_nlp``) that reads articles into
incidents.

``extract_articles`` is the entry point. The pipeline is built once per process
and shared with the workers a pool forks; everything it knows about places,
factions, means and trigger words comes from ``generator/data``. The work one
article can cause is bounded (``bounds.py``: the text before the tokenizer, the
sentences after the sentencizer) and timed (``generator/safety/budget.py``: CPU seconds
per article).
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterator, Sequence
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

from spacy.language import Language
from spacy.tokens import Doc

import generator.safety.budget
from generator.extract.clauses import article_doc, article_parts
from generator.extract.gazetteer import load_factions
from generator.extract.incidents import EXTRACTION_FAILED
from generator.extract.pipeline import get_nlp
from generator.extract.rules.places import place_for_province
from generator.extract.summary import summarise
from generator.extract.tokens import release, text_of
from generator.model import Article, CodedArticle
from generator.safety.budget import OverBudget, cpu_budget

__all__ = [
    "EXTRACTION_FAILED",
    "EXTRACTION_STOPPED",
    "EXTRACTOR_VERSION",
    "extract_article",
    "extract_articles",
    "load_factions",
    "place_for_province",
]

NOT_READ_BY_RULES = {
    "accuracy.json",
    "governorate_labels.yaml",
    "boilerplate.yaml",
}
"""Data files the extractor does not read: changing them must not empty the cache.
(``datelines.yaml`` it reads: the article's own date line dates no event.)"""
EXTRACTION_STOPPED = "extraction stopped"


def _version() -> str:
    """A hash of the rules, the knowledge modules they ask (place keys, factions) and
    the data they read, so a cache never serves incidents read by older rules."""
    digest = hashlib.sha256()
    for package in (
        "generator.extract",
        "generator.extract.rules",
        "generator.knowledge",
        "generator.data",
    ):
        for name, data in sorted(_files(resources.files(package))):
            if name in NOT_READ_BY_RULES:
                continue
            digest.update(name.encode())
            digest.update(data)
    digest.update(resources.files("generator.ingest").joinpath("dates.py").read_bytes())
    return digest.hexdigest()[:16]


def _files(root: Traversable) -> Iterator[tuple[str, bytes]]:
    """(name, bytes) of the code and data files under ``root`` and its ``vocab`` folder."""
    for entry in root.iterdir():
        if entry.is_dir() and entry.name == "vocab":
            for sub in entry.iterdir():
                if sub.name.endswith(".yaml"):
                    yield f"vocab/{sub.name}", sub.read_bytes()
        elif entry.is_file() and entry.name.endswith((".py", ".jsonl", ".yaml", ".json")):
            yield entry.name, entry.read_bytes()


EXTRACTOR_VERSION = _version()


@cache
def _settle() -> None:
    """Move the loaded pipeline (hundreds of thousands of long-lived objects) out of
    the garbage collector's sight: every full collection would walk them again, for
    nothing."""
    gc.freeze()


def _code(article: Article, doc: Doc) -> CodedArticle:
    """What the pipeline read from an article's doc."""
    if doc._.error is not None:
        return CodedArticle(article, "", (), error=doc._.error)
    sentences = [text_of(s).strip() for s in article_parts(doc).body]
    incidents = list(doc._.incidents)
    summary = summarise(sentences, incidents, article.title)
    return CodedArticle(article, summary, tuple(incidents))


def extract_article(article: Article) -> CodedArticle:
    return _code_or_report(article, get_nlp())


def extract_articles(
    articles: Sequence[Article], *, budget: float | None = None
) -> list[CodedArticle]:
    """One ``CodedArticle`` per article, in order. Each article gets ``budget``
    seconds of CPU time (default ``budget.ARTICLE_SECONDS``), from its raw text to
    its incidents; one that runs past it is kept without incidents and the reason,
    like one the rules fail on."""
    nlp = get_nlp()  # built once per process; forked workers share it
    _settle()
    seconds = generator.safety.budget.ARTICLE_SECONDS if budget is None else budget
    return [_extract_within(a, nlp, seconds) for a in articles]


def _extract_within(article: Article, nlp: Language, budget: float) -> CodedArticle:
    try:
        with cpu_budget(budget):
            return _code_or_report(article, nlp)
    except OverBudget as over:
        reason = (
            f"{EXTRACTION_STOPPED}: over the limit of {over.seconds:g} s of CPU time"
            " per article; kept without incidents"
        )
        return CodedArticle(article, "", (), error=reason)


def _code_or_report(article: Article, nlp: Language) -> CodedArticle:
    """One article the rules cannot read must not stop a run of thousands: it is kept
    with no incidents and the error, which the Build report shows."""
    try:
        # the text is bounded where it enters the pipeline: see bounds.py
        doc = nlp(article_doc(nlp, article))
        try:
            return _code(article, doc)
        finally:
            release(doc)
    except Exception as exc:  # noqa: BLE001 - reported, never swallowed
        reason = f"{EXTRACTION_FAILED}: {type(exc).__name__}: {exc}"
        return CodedArticle(article, "", (), error=reason[:300])
