"""The sentences read for incidents and their clauses, as the ``sitrep_clauses`` component.

``doc.spans["body"]`` are the article's body sentences: a sentence equal to the
title is left out (a headline restates the body), and nothing is read after a
list of links to other stories ("Related News ..."). ``doc.spans["clauses"]``
cuts each into clauses where it joins two events ("... came after regime
bombardment hit Idlib"): each clause may be an incident of its own. A clause's
label is the joint that opened it ("as well as in": it lists one more place of
the same attack), "" for a sentence's first.

An article's doc holds its title, then its text (``article_doc``): the title is
``doc.spans["title"]``, read for what the headline says of the article; a test's
one-sentence doc has none and is all body.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Callable
from typing import Any, NamedTuple

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from generator.extract.bounds import bound_text
from generator.extract.cues import Cue, cues, has_cue
from generator.extract.sentences import credit_before
from generator.extract.tokens import (
    keep_text,
    memo,
    norms,
    remember,
    sentences,
    span_text,
    text_of,
    texts,
)
from generator.extract.vocab import table
from generator.ingest.dates import Dateline, find_dateline
from generator.model import Article

BODY_KEY = "body"
SPANS_KEY = "clauses"
TITLE_KEY = "title"
TITLE_BREAK = "\n\n"
FIRST = ""
"""The label of a sentence's first clause."""

for _name, _default in (
    ("title", None),
    ("published", None),
    ("article_id", "doc"),
    ("dateline", None),
    ("written", None),
):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


def article_doc(nlp: Language, article: Article) -> Doc:
    """An article's doc, not yet through the pipeline's components: its title, a blank
    line, its text; the title and the publication date in ``doc._``."""
    title = bound_text(article.title.strip())
    body = bound_text(article.text)  # bounds.py: before the tokenizer
    text = f"{title}{TITLE_BREAK}{body}" if title else body
    doc = keep_text(nlp.make_doc(text), text)
    doc._.title = title or None
    doc._.published = article.published
    doc._.article_id = article.id
    found = find_dateline(body, title or None, near=article.published)
    if found is not None and found.end > found.start:
        offset = len(text) - len(body)
        doc._.dateline = (offset + found.start, offset + found.end)
    doc._.written = written_on(article.published, found)
    return doc


def written_on(published: dt.date | None, found: Dateline | None) -> dt.date | None:
    """The day the text was written, which its "on Thursday" counts back from: the
    date line the text carries ("Sun 10 Jul 2016 ...", found as ingest finds it,
    ``find_dateline``), else the publication date. The date line also marks where
    the text names the page's day, never an event's (``doc._.dateline``, characters:
    a later component may join tokens; ``rules.dates.read_date`` skips it). Front
    matter may give another publication date (a feed's date, days off): the text's
    weekdays still count from its own date line, an update stamp ("Last updated at
    Apr 152017") too: the text is the version of that day."""
    if found is not None and found.date is not None:
        return found.date
    return published


def title_span(doc: Doc) -> Span | None:
    """The title's tokens (the doc's first characters, see ``article_doc``)."""
    title = doc._.title
    if not title or not len(doc) or not text_of(doc[:]).startswith(title):
        return None
    return doc.char_span(0, len(title), alignment_mode="expand")


def trimmed(doc: Doc, start: int, end: int, label: str = FIRST) -> Span | None:
    """Tokens ``start`` to ``end`` without white space at either end, nor an opening
    bracket at the end ("... on July 21 2015. (" before a photo credit: the
    sentencizer keeps the bracket with the sentence before it); None if nothing else."""
    ts = texts(doc)
    while start < end and ts[start].isspace():
        start += 1
    while end > start and (ts[end - 1].isspace() or ts[end - 1] == "("):
        end -= 1
    return Span(doc, start, end, label=label) if end > start else None


def repeats_the_title(sentence: Span, title: str | None) -> bool:
    """ "Seven soldiers killed in Idlib" as the text's first line: the headline. Never
    a sentence ("Seven soldiers were killed in Idlib on Monday."): a plain text
    without a headline line has its lead taken for its title, and the lead is read."""
    return (
        bool(title)
        and not (title or "").rstrip().endswith(SENTENCE_ENDS)
        and sentence.end_char - sentence.start_char == len(title or "")
        and text_of(sentence).lower() == (title or "").lower()
    )


def is_credited(sentence: Span) -> bool:
    """ "In this photo taken on June 8 ... warplanes attacked a street in Aleppo (AP
    photo)": a photo's caption, ended by its credit, describes a picture; the story
    tells the attack, so the caption is no incident of its own."""
    return credit_before(sentence.doc, sentence.end)


SENTENCE_ENDS = (".", "!", "?")
"""A title ending on one of these is a sentence of the text, not a headline."""


def ends_the_article(sentence: Span) -> Cue | None:
    """ "Related News Death toll rises to 70 ...": where links to other stories start."""
    found = cues(sentence, "end_of_article_markers")
    return found[0] if found else None


def body_sentences(doc: Doc, after: int = 0) -> list[Span]:
    """The sentences read for incidents, from token ``after`` on (see the module's
    docstring)."""
    out: list[Span] = []
    title = (doc._.title or "").strip() or None
    markers = has_cue(doc[:], "end_of_article_markers")
    for lo, hi in sentences(doc):
        if lo < after:
            continue
        sentence = trimmed(doc, lo, hi)
        if sentence is None or repeats_the_title(sentence, title) or is_credited(sentence):
            continue
        end = ends_the_article(sentence) if markers else None
        if end is not None:
            head = trimmed(doc, sentence.start, end.start)
            if head is not None:
                out.append(head)
            break
        out.append(sentence)
    return out


def _joints(
    sentence: Span, matcher: Matcher, openers: frozenset[str]
) -> list[tuple[int, int, str]]:
    """Where ``sentence`` joins two events: (first token of the joint, first token of
    the next clause, the joint's words)."""
    doc = sentence.doc
    found = [
        (c.start, c.end, span_text(doc, c.start, c.end).lower()) for c in cues(sentence, "splits")
    ]
    found += [(c.start, c.start, FIRST) for c in cues(sentence, "splits_before")]
    if openers.intersection(norms(doc)[sentence.start : sentence.end]):
        for _, start, _ in matcher(sentence):  # span-relative
            at = sentence.start + start
            found.append((at, at + 1, texts(doc)[at].lower()))
    return sorted(set(found))


def clauses_of(sentence: Span, matcher: Matcher, openers: frozenset[str]) -> list[Span]:
    """The clauses of a sentence, each labelled with the joint before it."""
    doc = sentence.doc
    out: list[Span] = []
    start, label = sentence.start, FIRST
    for cut, resume, joint in _joints(sentence, matcher, openers):
        if cut < start:
            continue
        piece = trimmed(doc, start, cut, label)
        if piece is not None:
            out.append(piece)
        start, label = resume, joint
    piece = trimmed(doc, start, sentence.end, label)
    if piece is not None:
        out.append(piece)
    return out or [sentence]


@Language.factory("sitrep_clauses")
def make_clauses(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """The clause component (see the module's docstring)."""
    matcher = Matcher(nlp.vocab)
    patterns: list[Any] = table("clauses", "split_patterns")
    matcher.add("split", patterns)
    # the patterns' first words: a sentence without any is not matched (the Matcher
    # reads every token of what it is given)
    openers = frozenset(str(p[0]["LOWER"]) for p in patterns)

    def clauses(doc: Doc) -> Doc:
        title = title_span(doc)
        body = body_sentences(doc, title.end if title is not None else 0)
        whole = doc[:]
        if (
            has_cue(whole, "splits")
            or has_cue(whole, "splits_before")
            or openers.intersection(norms(doc))
        ):
            by_sentence = [clauses_of(sentence, matcher, openers) for sentence in body]
        else:  # no joint anywhere: a clause per sentence
            by_sentence = [[sentence] for sentence in body]
        doc.spans[TITLE_KEY] = [title] if title is not None else []
        doc.spans[BODY_KEY] = body
        doc.spans[SPANS_KEY] = [clause for group in by_sentence for clause in group]
        remember(doc, READING_KEY, Reading(title, body, by_sentence))
        return doc

    return clauses


class Reading(NamedTuple):
    """What the component found, kept as it made it (the rules read these spans many
    times; ``doc.spans`` would make them anew at each read)."""

    title: Span | None
    body: list[Span]
    clauses: list[list[Span]]
    """The clauses of each body sentence."""


READING_KEY = "sitrep.clauses"


def article_parts(doc: Doc) -> Reading:
    """The title, the body sentences and their clauses (see the module's docstring)."""
    return memo(doc, READING_KEY, _read_back)


def _read_back(doc: Doc) -> Reading:
    """The component's spans read back (a doc it made, saved and loaded)."""
    title = list(doc.spans.get(TITLE_KEY, []))
    body = list(doc.spans.get(BODY_KEY, []))
    starts = [s.start for s in body]
    by_sentence: list[list[Span]] = [[] for _ in body]
    for clause in doc.spans.get(SPANS_KEY, []):
        by_sentence[bisect_right(starts, clause.start) - 1].append(clause)
    return Reading(title[0] if title else None, body, by_sentence)
