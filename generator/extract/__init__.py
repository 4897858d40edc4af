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

import spacy
from spacy.language import Language

import generator.safety.budget
from generator.extract.bounds import SENTENCE_COMPONENT, bound_text
from generator.extract.incidents import extract_incidents
from generator.extract.lexicon import load_lexicon
from generator.extract.places import place_for_province
from generator.extract.summary import summarise
from generator.model import Article, CodedArticle, Faction
from generator.safety.budget import OverBudget, cpu_budget

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


@cache
def pipeline() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe(SENTENCE_COMPONENT)  # right after the sentencizer: see bounds.py
    nlp.max_length = 20_000_000
    return nlp


@cache
def _settle() -> None:
    """Move the loaded pipeline and lexicon (hundreds of thousands of long-lived
    objects) out of the garbage collector's sight: every full collection would
    walk them again, for nothing (about 3 % of extraction time)."""
    gc.freeze()


def load_factions() -> dict[str, Faction]:
    return dict(sorted(load_lexicon().faction_records.items()))


GLUED_SENTENCES = re.compile(r"\b([a-z]{3,})(?=[A-Z][a-z]{2})")
""""... devastated by February's earthquakeRegime attacks were ...": a line break lost
when the page was copied; the two sentences are read apart."""


def _sentences(article: Article, doc) -> list[str]:
    """Body sentences; the title, when the text repeats it, is not read for incidents
    (a headline restates the body)."""
    out = []
    title = article.title.strip().lower()
    markers = _end_markers()
    for line_sent in doc.sents:
        for piece in GLUED_SENTENCES.sub("\\1\n", line_sent.text).split("\n"):
            piece = piece.strip()
            if not piece or piece.lower() == title:
                continue
            cut = _end_marker(piece, markers)
            if cut is not None:
                # "Related News Death toll rises to 70 ...": links to other stories
                if piece[:cut].strip():
                    out.append(piece[:cut].strip())
                return out
            out.append(piece)
    return out


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


def _code(article: Article, doc) -> CodedArticle:
    sentences = _sentences(article, doc)
    incidents = extract_incidents(article, sentences)
    return CodedArticle(article, summarise(sentences, incidents), tuple(incidents))


def extract_article(article: Article) -> CodedArticle:
    return _code(article, pipeline()(bound_text(article.text)))


def extract_articles(
    articles: Sequence[Article], *, budget: float | None = None
) -> list[CodedArticle]:
    """One ``CodedArticle`` per article, in order. Each article gets ``budget``
    seconds of CPU time (default ``budget.ARTICLE_SECONDS``), from its raw text to
    its incidents; one that runs past it is kept without incidents and the reason,
    like one the rules fail on."""
    nlp = pipeline()
    load_lexicon()
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
        return _code(article, nlp(bound_text(article.text)))
    except Exception as exc:  # noqa: BLE001 - reported, never swallowed
        reason = f"{EXTRACTION_FAILED}: {type(exc).__name__}: {exc}"
        return CodedArticle(article, "", (), error=reason[:300])


EXTRACTION_FAILED = "extraction failed (please report)"
EXTRACTION_STOPPED = "extraction stopped"
