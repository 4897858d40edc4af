"""The gazetteer's patterns, tokenized once per extractor version and kept on disk.

A phrase pattern is matched by the NORMs of its tokens. Tokenizing the ~11,000
spellings of the gazetteer (``gazetteer.patterns``) to get them cost more than a
second of every process that builds the pipeline, for a result that changes only
when the extractor's code or data do. So the first build writes, for every
pattern, its label, text, id and NORM hashes to one JSON file in the user's
cache folder (``$XDG_CACHE_HOME/sitrep``, else ``~/.cache/sitrep``), named after
``EXTRACTOR_VERSION`` (a hash of the extractor's code and data), spaCy's and
Python's versions; later builds add those hashes to the ruler's ``PhraseMatcher``
directly, which is what ``SpanRuler.add_patterns`` does after tokenizing. The
file is written atomically; one that cannot be written, read or that does not
hold what it should is ignored (the patterns are tokenized as before), so the
cache can only make a build faster, never different.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import spacy
from spacy.attrs import NORM
from spacy.language import Language
from spacy.pipeline import SpanRuler

from generator.safety import safeio

Entry = tuple[str, str, str, list[int]]
"""(label, pattern text, id, NORM hash of each token)."""
PREFIX = "gazetteer-"
MAX_HASH = 2**64
KEEP = 8
"""Files of other versions kept (the newest): several checkouts of sitrep on one
machine each have their own."""


def cache_dir() -> Path:
    """Where the tokenized patterns are kept: ``$XDG_CACHE_HOME/sitrep`` or ``~/.cache/sitrep``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sitrep"


def cache_file(version: str) -> Path:
    """The file of an extractor version, spaCy version (its tokenizer) and Python
    version (its Unicode tables: what ``isalnum``, ``casefold`` and ``\\w`` say)."""
    python = "{}.{}".format(*sys.version_info[:2])
    return cache_dir() / f"{PREFIX}{version}-spacy{spacy.__version__}-py{python}.json"


def add_patterns(
    ruler: SpanRuler, nlp: Language, patterns: Callable[[], list[dict[str, Any]]], version: str
) -> None:
    """Add the phrase ``patterns`` to ``ruler`` as ``ruler.add_patterns(patterns())``
    would, from the cache when it holds them for ``version``."""
    try:
        path: Path | None = cache_file(version)
    except RuntimeError:  # no home folder to find a cache folder in
        path = None
    entries = _read(path) if path is not None else None
    if entries is None:
        entries = tokenized(nlp, ruler, patterns())
        if path is not None:
            _write(path, entries)
    _add(ruler, nlp, entries)


def tokenized(nlp: Language, ruler: SpanRuler, patterns: list[dict[str, Any]]) -> list[Entry]:
    """Each pattern with the NORMs of its tokens, through the components before the
    ruler (as ``SpanRuler.add_patterns`` tokenizes them)."""
    if any(not isinstance(p["pattern"], str) for p in patterns):
        raise ValueError("the gazetteer's patterns are phrases (strings)")
    before = nlp.pipe_names[: nlp.pipe_names.index(ruler.name)]
    with nlp.select_pipes(enable=before):
        docs = nlp.pipe([p["pattern"] for p in patterns])
        return [
            (p["label"], p["pattern"], p.get("id", ""), doc.to_array(NORM).tolist())
            for p, doc in zip(patterns, docs, strict=True)
        ]


def _add(ruler: SpanRuler, nlp: Language, entries: list[Entry]) -> None:
    """What ``SpanRuler.add_patterns`` does with tokenized phrase patterns (the
    spellings of one place or faction under one key, in one call)."""
    strings = nlp.vocab.strings
    by_key: dict[str, list[list[int]]] = {}
    for label, text, ident, keys in entries:
        key = repr((label, ident))
        ruler._match_label_id_map[strings.as_int(key)] = {"label": label, "id": ident}
        ruler._patterns.append({"label": label, "pattern": text, "id": ident})
        by_key.setdefault(key, []).append(keys)
    for key, patterns in by_key.items():
        # a sequence of hashes is a pattern as a Doc is (PhraseMatcher.add takes either;
        # spaCy's type stubs name only Doc)
        ruler.phrase_matcher.add(key, patterns)  # type: ignore[arg-type]


def _read(path: Path) -> list[Entry] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, list) or not all(_is_entry(e) for e in data):
        return None
    return [(e[0], e[1], e[2], e[3]) for e in data]


def _is_entry(e: object) -> bool:
    return (
        isinstance(e, list)
        and len(e) == 4
        and all(isinstance(x, str) for x in e[:3])
        and isinstance(e[3], list)
        and all(isinstance(k, int) and 0 <= k < MAX_HASH for k in e[3])
    )


def _write(path: Path, entries: list[Entry]) -> None:
    """Write atomically (:func:`safeio.write_quietly`), and remove the files of other
    versions but the KEEP newest; a folder that cannot be written is no error."""
    safeio.write_quietly(path, json.dumps([list(e) for e in entries], separators=(",", ":")))
    try:
        others = sorted(
            (p.stat().st_mtime, p) for p in path.parent.glob(f"{PREFIX}*.json") if p != path
        )
        for _, old in others[: max(0, len(others) - KEEP)]:
            old.unlink(missing_ok=True)
    except OSError:
        return
