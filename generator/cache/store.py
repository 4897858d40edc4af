"""The extraction cache on disk: one JSON file per article, keyed by a hash of
everything extraction reads.

Layout: ``<cache_dir>/<key[:2]>/<key>.json`` (sharded so no directory holds
tens of thousands of files), each written atomically (temp file + rename), so
an interrupted build leaves whole entries or none. Every entry repeats its
key; a file that cannot be read, parsed, decoded or does not match its key is
a miss and is overwritten, never an error; so is anything in an entry's place
that is not a regular file of at most :data:`ENTRY_LIMIT` bytes (a FIFO, a
link to ``/dev/zero``: read with :func:`generator.safety.safeio.read_regular`, which
never follows, blocks or overflows). So is an entry holding anything the
extractor could not have written (a province, means, event type or faction
outside its vocabulary, a negative count: :mod:`generator.cache.vocabulary`): the
cache is a folder anyone with write access can edit, and its values reach the
pages.

A hit returns the cached incidents with the *current* ``Article`` (so a moved
file shows its new path), which is exactly what a fresh extraction would return,
because the key covers every field the extractor reads.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from generator.cache.codec import MODEL_FINGERPRINT, CodecError, coded_from_dict, coded_to_dict
from generator.cache.vocabulary import coded_problem
from generator.model import Article, CodedArticle
from generator.safety.safeio import read_regular, write_quietly

__all__ = ["ENTRY_LIMIT", "cache_key", "load", "prune", "store"]

ENTRY_LIMIT = 32 << 20
"""Largest cache entry read back (one for a 1 MB article with its incidents is
about 2 MB); anything larger is a miss."""

_FORMAT = 1
"""Version of the on-disk entry layout (bump if the wrapper around the codec changes)."""


def cache_key(article: Article, version: str) -> str:
    """sha256 of the extractor version and every Article field extraction reads.

    ``path`` and ``content_hash`` are left out on purpose: moving a file does not
    change what the extractor reads (the hit returns the new path anyway).
    The model fingerprint is in too, so a change to the dataclasses invalidates
    entries even if nobody bumped the extractor version.
    """
    fields = [
        f"format={_FORMAT}",
        f"model={MODEL_FINGERPRINT}",
        f"version={version}",
        article.id,
        article.title,
        article.published.isoformat() if article.published else "",
        article.source if article.source is not None else "\x00",
        article.url if article.url is not None else "\x00",
        article.text,
    ]
    h = hashlib.sha256()
    for part in fields:
        data = part.encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "big"))  # length-prefixed: no ambiguity between fields
        h.update(data)
    return h.hexdigest()


def _entry_path(cache_dir: Path, key: str) -> Path:
    return cache_dir / key[:2] / f"{key}.json"


def load(cache_dir: Path, key: str, article: Article) -> CodedArticle | None:
    """The cached result for ``key``, or None for a missing or unusable entry."""
    try:
        raw = read_regular(_entry_path(cache_dir, key), ENTRY_LIMIT)
        doc = json.loads(raw)
        if not isinstance(doc, dict) or doc.get("key") != key:
            return None
        coded = coded_from_dict(doc["coded"])
    except (OSError, ValueError, KeyError, TypeError, RecursionError, CodecError):
        return None
    if coded.article.id != article.id or coded_problem(coded) is not None:
        return None  # a field out of its vocabulary: an edited entry, extracted again
    return replace(coded, article=article)


def store(cache_dir: Path, key: str, coded: CodedArticle) -> None:
    """Write one entry atomically. A cache that cannot be written only costs speed."""
    text = json.dumps({"key": key, "coded": coded_to_dict(coded)}, ensure_ascii=False)
    write_quietly(_entry_path(cache_dir, key), text)


def prune(cache_dir: Path, keep: Iterable[str]) -> int:
    """Delete cache entries whose key is not in ``keep``; returns how many.

    Safe on a mistaken ``cache_dir`` (say, the home folder): only regular files
    named ``<64 hex>.json`` inside a two-hex-digit shard folder directly under
    ``cache_dir`` are candidates, symlinks are never followed or deleted, and
    nothing else (no folder, no other file) is ever removed.
    Leftover ``.tmp-*.part`` files from a killed build are removed too.
    """
    keep = set(keep)
    removed = 0
    try:
        shards = list(os.scandir(cache_dir))
    except OSError:
        return 0
    for shard in shards:
        if not (is_hex(shard.name, 2) and shard.is_dir(follow_symlinks=False)):
            continue
        try:
            entries = list(os.scandir(shard.path))
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            is_entry = (
                name.endswith(".json") and is_hex(name[:-5], 64) and name.startswith(shard.name)
            )
            is_leftover = name.startswith(".tmp-") and name.endswith(".part")
            if not (is_entry or is_leftover) or not entry.is_file(follow_symlinks=False):
                continue
            if is_entry and name[:-5] in keep:
                continue
            try:
                os.unlink(entry.path)
            except OSError:
                continue
            removed += is_entry
    return removed


def is_hex(s: str, length: int) -> bool:
    """``s`` is ``length`` lower-case hex digits (a cache key, a segment's name)."""
    return len(s) == length and all(c in "0123456789abcdef" for c in s)
