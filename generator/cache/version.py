"""The extractor's version: a hash of its rules, the knowledge modules they ask and
the data they read, so a cache entry or an output shard is never taken for what
older rules made.

Computed from the files alone, without importing the extractor: the client of
``sitrep extract --dask`` needs the version (every shard task carries it, and a
worker with other rules refuses the shard) but extracts nothing, and importing
``generator.extract`` imports spaCy (about 1 CPU s it would spend for nothing).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from importlib import resources
from importlib.resources.abc import Traversable

__all__ = ["EXTRACTOR_VERSION", "NOT_READ_BY_RULES", "RULE_FOLDERS", "extractor_version"]

RULE_FOLDERS = (
    ("extract",),
    ("extract", "rules"),
    ("knowledge",),
    ("data",),
)
"""The folders of ``generator`` whose code and data make the rules (folders, not
packages: ``resources.files("generator.extract")`` would import the extractor)."""

NOT_READ_BY_RULES = {
    "accuracy.json",
    "governorate_labels.yaml",
    "boilerplate.yaml",
}
"""Data files the extractor does not read: changing them must not empty the cache.
(``datelines.yaml`` it reads: the article's own date line dates no event.)"""


def extractor_version() -> str:
    """sha256 (16 hex digits) of every code and data file of :data:`RULE_FOLDERS`,
    and of ``ingest/dates.py`` (the dates the rules resolve)."""
    digest = hashlib.sha256()
    generator = resources.files("generator")
    for folder in RULE_FOLDERS:
        for name, data in sorted(_files(generator.joinpath(*folder))):
            if name in NOT_READ_BY_RULES:
                continue
            digest.update(name.encode())
            digest.update(data)
    digest.update(generator.joinpath("ingest", "dates.py").read_bytes())
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


EXTRACTOR_VERSION = extractor_version()
