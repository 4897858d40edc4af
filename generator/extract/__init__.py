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

# first, before spaCy is imported: no garbage collection while the extractor loads,
# spaCy's command line loaded only if asked for
from generator.extract import loading, spacy_cli  # noqa: F401

# isort: split

# The collector back on once the imports are done, or have failed: an import that
# fails midway (a broken install, a missing model file) must not leave it off.
try:
    import gc
    from collections.abc import Sequence
    from functools import cache

    from spacy.language import Language
    from spacy.tokens import Doc

    import generator.safety.budget
    from generator.cache.version import EXTRACTOR_VERSION
    from generator.extract.clauses import article_doc, article_parts
    from generator.extract.incidents import EXTRACTION_FAILED
    from generator.extract.pipeline import get_nlp
    from generator.extract.rules.places import place_for_province
    from generator.extract.summary import summarise
    from generator.extract.tokens import release, text_of
    from generator.knowledge.factions import load_factions
    from generator.model import Article, CodedArticle
    from generator.safety.budget import OverBudget, cpu_budget
finally:
    loading.resume()

__all__ = [
    "EXTRACTION_FAILED",
    "EXTRACTION_STOPPED",
    "EXTRACTOR_VERSION",
    "extract_article",
    "extract_articles",
    "load_factions",
    "place_for_province",
]

EXTRACTION_STOPPED = "extraction stopped"


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
