"""The extractor: a spaCy pipeline (blank English + sentencizer) and rules.

``extract_articles`` is the entry point; everything it knows about places,
factions, means and trigger words comes from ``generator/data``.
"""

from __future__ import annotations

import gc
import hashlib
import re
from collections.abc import Sequence
from functools import cache
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc, Span

from generator.extract.incidents import extract_incidents
from generator.extract.lexicon import load_lexicon
from generator.extract.pipeline import get_nlp
from generator.extract.places import place_for_province
from generator.extract.summary import summarise
from generator.model import Article, CodedArticle, Faction

__all__ = [
    "EXTRACTOR_VERSION",
    "extract_article",
    "extract_articles",
    "load_factions",
    "place_for_province",
]


NOT_READ_BY_RULES = {"accuracy.json", "governorate_labels.yaml", "boilerplate.yaml"}
"""Data files the extractor does not read: changing them must not empty the cache."""


def _version() -> str:
    """A hash of the rules and the data they read, so a cache never serves
    incidents read by older rules."""
    digest = hashlib.sha256()
    for package in ("generator.extract", "generator.data"):
        root = resources.files(package)
        for entry in sorted(root.iterdir(), key=lambda p: p.name):
            if entry.name in NOT_READ_BY_RULES:
                continue
            if entry.name.endswith((".py", ".jsonl", ".yaml", ".json")) and entry.is_file():
                digest.update(entry.name.encode())
                digest.update(entry.read_bytes())
    return digest.hexdigest()[:16]


EXTRACTOR_VERSION = _version()


def pipeline() -> Language:
    """The pipeline of this process (built once; forked workers share it)."""
    return get_nlp()


@cache
def _settle() -> None:
    """Move the loaded pipeline and lexicon (hundreds of thousands of long-lived
    objects) out of the garbage collector's sight: every full collection would
    walk them again, for nothing (about 3 % of extraction time)."""
    gc.freeze()


def load_factions() -> dict[str, Faction]:
    return dict(sorted(load_lexicon().faction_records.items()))


def _sentences(article: Article, doc: Doc) -> list[Span]:
    """Body sentences; the title, when the text repeats it, is not read for incidents
    (a headline restates the body)."""
    out: list[Span] = []
    title = article.title.strip().lower()
    markers = _end_markers()
    for sent in doc.sents:
        piece = _trimmed(sent)
        if piece is None or piece.text.lower() == title:
            continue
        cut = _end_marker(piece.text, markers)
        if cut is not None:
            # "Related News Death toll rises to 70 ...": links to other stories
            head = doc.char_span(
                piece.start_char, piece.start_char + cut, alignment_mode="contract"
            )
            head = _trimmed(head) if head is not None else None
            if head is not None:
                out.append(head)
            return out
        out.append(piece)
    return out


def _trimmed(span: Span) -> Span | None:
    """``span`` without white space at either end, None if nothing else."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].is_space:
        start += 1
    while end > start and doc[end - 1].is_space:
        end -= 1
    return doc[start:end] if end > start else None


def _end_marker(piece: str, markers: re.Pattern[str]) -> int | None:
    """Where a list of links to other stories starts in ``piece``, or None."""
    found = markers.search(piece)
    return found.start() if found else None


@cache
def _end_markers() -> re.Pattern[str]:
    """The lexicon's end-of-article markers as one case-blind pattern (one scan per
    sentence, not one per marker)."""
    words = load_lexicon().config["end_of_article_markers"]
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)


def _code(article: Article, doc: Doc) -> CodedArticle:
    sentences = _sentences(article, doc)
    incidents = extract_incidents(article, sentences)
    texts = [s.text.strip() for s in sentences]
    return CodedArticle(article, summarise(texts, incidents), tuple(incidents))


def extract_article(article: Article) -> CodedArticle:
    return _code(article, pipeline()(article.text))


def extract_articles(articles: Sequence[Article]) -> list[CodedArticle]:
    nlp = pipeline()
    load_lexicon()
    _settle()
    texts = (a.text for a in articles)
    return [
        _code_or_report(a, doc)
        for a, doc in zip(articles, nlp.pipe(texts, batch_size=64), strict=True)
    ]


def _code_or_report(article: Article, doc) -> CodedArticle:
    """One article the rules cannot read must not stop a run of thousands: it is kept
    with no incidents and the error, which the Build report shows."""
    try:
        return _code(article, doc)
    except Exception as exc:  # noqa: BLE001 - reported, never swallowed
        reason = f"{EXTRACTION_FAILED}: {type(exc).__name__}: {exc}"
        return CodedArticle(article, "", (), error=reason[:300])


EXTRACTION_FAILED = "extraction failed (please report)"
