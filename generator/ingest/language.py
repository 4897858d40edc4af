"""A cheap "is this English?" test: the share of common English function words.

English news prose runs at 35-50% function words; other languages, including
English-looking transliterations, stay under 5%. No model, no dependency.
"""

from __future__ import annotations

import re

STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "after",
        "against",
        "all",
        "also",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "could",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "his",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "more",
        "not",
        "of",
        "on",
        "or",
        "other",
        "over",
        "said",
        "she",
        "since",
        "than",
        "that",
        "the",
        "their",
        "them",
        "there",
        "these",
        "they",
        "this",
        "those",
        "to",
        "under",
        "was",
        "were",
        "which",
        "while",
        "who",
        "will",
        "with",
        "would",
    ]
)
_WORD = re.compile(r"[^\W\d_]+")
MIN_WORDS = 20
"""Texts shorter than this are not judged (a headline alone proves nothing)."""
THRESHOLD = 0.08


def english_ratio(text: str, *, sample_chars: int = 20_000) -> tuple[float, int]:
    """(share of English function words, number of words) in the first ``sample_chars``."""
    words = _WORD.findall(text[:sample_chars].lower())
    if not words:
        return 0.0, 0
    return sum(1 for w in words if w in STOP_WORDS) / len(words), len(words)


def not_english_reason(text: str) -> str | None:
    """A skip reason when the text is clearly not English, else None."""
    ratio, n = english_ratio(text)
    if n < MIN_WORDS or ratio >= THRESHOLD:
        return None
    return f"not English (only {ratio:.0%} of {n} words are common English words)"
