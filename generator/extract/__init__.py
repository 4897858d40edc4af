"""The extractor: a spaCy pipeline (``pipeline.make_nlp``) that reads articles into
incidents.

``extract_articles`` is the entry point. The pipeline is built once per process
and shared with the workers a pool forks; everything it knows about places,
factions, means and trigger words comes from ``generator/data``.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Sequence
from functools import cache
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc

from generator.extract.clauses import article_doc, article_parts
from generator.extract.gazetteer import load_factions
from generator.extract.incidents import EXTRACTION_FAILED
from generator.extract.pipeline import get_nlp
from generator.extract.rules.places import place_for_province
from generator.extract.summary import summarise
from generator.extract.tokens import text_of
from generator.model import Article, CodedArticle

__all__ = [
    "EXTRACTION_FAILED",
    "EXTRACTOR_VERSION",
    "extract_article",
    "extract_articles",
    "load_factions",
    "place_for_province",
]

NOT_READ_BY_RULES = {"accuracy.json", "governorate_labels.yaml", "boilerplate.yaml"}
"""Data files the extractor does not read: changing them must not empty the cache."""
BATCH = 64


def _version() -> str:
    """A hash of the rules and the data they read, so a cache never serves incidents
    read by older rules."""
    digest = hashlib.sha256()
    for package in ("generator.extract", "generator.extract.rules", "generator.data"):
        root = resources.files(package)
        for entry in sorted(_files(root), key=lambda p: p[0]):
            name, data = entry
            if name in NOT_READ_BY_RULES:
                continue
            digest.update(name.encode())
            digest.update(data)
    return digest.hexdigest()[:16]


def _files(root):  # type: ignore[no-untyped-def]
    """(name, bytes) of the code and data files under ``root``, one folder down."""
    for entry in root.iterdir():
        if entry.is_dir() and entry.name == "vocab":
            for sub in entry.iterdir():
                if sub.name.endswith(".yaml"):
                    yield f"vocab/{sub.name}", sub.read_bytes()
        elif entry.is_file() and entry.name.endswith((".py", ".jsonl", ".yaml", ".json")):
            yield entry.name, entry.read_bytes()


EXTRACTOR_VERSION = _version()


def pipeline() -> Language:
    """The pipeline of this process (built once; forked workers share it)."""
    return get_nlp()


@cache
def _settle() -> None:
    """Move the loaded pipeline (hundreds of thousands of long-lived objects) out of
    the garbage collector's sight: every full collection would walk them again, for
    nothing."""
    gc.freeze()


def _code(article: Article, doc: Doc) -> CodedArticle:
    if doc._.error is not None:
        return CodedArticle(article, "", (), error=doc._.error)
    sentences = [text_of(s).strip() for s in article_parts(doc).body]
    incidents = list(doc._.incidents)
    return CodedArticle(article, summarise(sentences, incidents), tuple(incidents))


def extract_article(article: Article) -> CodedArticle:
    nlp = pipeline()
    return _code_or_report(article, nlp(article_doc(nlp, article)))


def extract_articles(articles: Sequence[Article]) -> list[CodedArticle]:
    nlp = pipeline()
    _settle()
    docs = (article_doc(nlp, a) for a in articles)
    return [
        _code_or_report(a, doc)
        for a, doc in zip(articles, nlp.pipe(docs, batch_size=BATCH), strict=True)
    ]


def _code_or_report(article: Article, doc: Doc) -> CodedArticle:
    """One article the rules cannot read must not stop a run of thousands: it is kept
    with no incidents and the error, which the Build report shows."""
    try:
        return _code(article, doc)
    except Exception as exc:  # noqa: BLE001 - reported, never swallowed
        reason = f"{EXTRACTION_FAILED}: {type(exc).__name__}: {exc}"
        return CodedArticle(article, "", (), error=reason[:300])
