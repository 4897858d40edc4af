"""Ingest: files under the articles folder -> :class:`Article` or :class:`Problem`.

Nothing is dropped silently: every entry under the folder ends up as an
article, a ``skipped`` problem (not an article: other file types, hidden or
backup files, symlinks out of the folder, empty files, duplicates, text that
is not English) or a ``failed`` problem (could not be read). Recoverable
trouble in an article that *was* read is a ``warning`` problem.

Reading is streamed: one file at a time, at most :data:`MAX_BYTES` of it (the
rest is cut off with a warning), raw bytes dropped once decoded. Only the
cleaned articles and one content hash per article stay in memory.

Article ids are file names without their extension. When several article
files share a name (in different folders, or ``x.txt`` beside ``x.md``), the
first in path order keeps it and each other gets ``-`` and 8 hex digits of the
sha256 of its own path (``report-1ef4c2d3``), with a warning: an id depends on
the file's path, not on how many files came before it, so adding a file never
renumbers the others. Ids are compared case-insensitively so that the pages
rendered from them cannot collide on macOS or Windows.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.model import Article, IngestResult, Problem, SitrepError
from generator.safety.slugs import disambiguate

from .article import MAX_BYTES, Outcome, read_file
from .csv_import import import_csv
from .files import HIDDEN_OR_BACKUP, Entry, discover, listed, printable_name
from .jsonl import entries as jsonl_entries
from .jsonl import is_jsonl, read_record

if TYPE_CHECKING:
    from .memo import ReadMemo

__all__ = [
    "MAX_BYTES",
    "Read",
    "article_ids",
    "collect",
    "import_csv",
    "list_entries",
    "read_articles",
    "read_entry",
]

#: Prefix of the reason for a file that raised: a bug in sitrep, reported as a
#: failed file so that one hostile file does not stop a run of thousands.
UNEXPECTED = "unexpected error (please report)"


def _stem(rel: str) -> str:
    return os.path.splitext(os.path.basename(rel))[0] or rel


def article_ids(entries: list[Entry]) -> dict[str, str]:
    """Path -> article id for every entry that may become an article (see the module
    docstring). Settled before any file is read, from the names alone: a file that
    turns out empty or unreadable still holds its id, so fixing it later renames
    nothing."""
    return disambiguate((e.rel, _stem(e.rel)) for e in entries if e.kind != "skip")


def _progress(items: Iterator[Read], total: int, enabled: bool) -> Iterator[Read]:
    if not (enabled and sys.stderr.isatty()):
        return items
    from tqdm import tqdm

    return iter(tqdm(items, total=total, unit="file", desc="reading articles", leave=False))


def read_articles(
    root: Path,
    *,
    progress: bool = False,
    today: dt.date | None = None,
    memo: ReadMemo | None = None,
) -> IngestResult:
    """Read every article under ``root`` (recursively, in path order); ``root`` may
    also be a manifest, a file listing article files (:func:`listed`), or a JSONL
    file of articles, one a line (:mod:`.jsonl`).

    ``today`` is for tests: dates after it are reported as in the future. With
    ``memo``, a file unchanged since the last build is not read (:mod:`.memo`): its
    article comes without its text.
    Raises :class:`SitrepError` when ``root`` is missing, not a folder, cannot be
    listed, or holds nothing but hidden files.
    """
    entries = list_entries(root)
    ids = article_ids(entries)

    def read(entry: Entry) -> Outcome:
        return read_entry(entry, today=today)

    def outcome(entry: Entry) -> Outcome:
        return memo.read(entry, read) if memo is not None else read(entry)

    reads = (Read(e.rel, ids.get(e.rel, ""), outcome(e)) for e in entries)
    return collect(_progress(reads, len(entries), progress), ids, seen=len(entries))


def list_entries(root: Path) -> list[Entry]:
    """Every entry under ``root`` in path order, nothing read yet (see :func:`read_articles`
    for the errors). Listing and reading are apart so that the files can be read
    elsewhere, a share each (:mod:`generator.cluster`), and put back together by
    :func:`collect`."""
    root = Path(root)
    if not os.path.lexists(root):
        raise SitrepError(f"articles folder not found: {root}")
    if root.is_file():
        return _jsonl(root) if is_jsonl(root) else _manifest(root)
    if not root.is_dir():
        raise SitrepError(f"not a folder: {root}")
    try:
        entries = discover(root)
    except OSError as exc:
        raise SitrepError(f"cannot read articles folder: {root}: {exc.strerror or exc}") from exc
    if all(e.skip == HIDDEN_OR_BACKUP for e in entries):
        raise SitrepError(f"articles folder is empty: {root}")
    return entries


def _manifest(path: Path) -> list[Entry]:
    """ARTICLES given as a file: a manifest listing article files (:func:`listed`)."""
    try:
        entries = listed(path, jsonl_entries)
    except OSError as exc:
        raise SitrepError(f"cannot read the manifest {path}: {exc.strerror or exc}") from exc
    except ValueError as exc:
        raise SitrepError(f"the manifest {path} is not UTF-8 text: {exc}") from exc
    if not entries:
        raise SitrepError(f"the manifest {path} lists no file")
    return entries


def _jsonl(path: Path) -> list[Entry]:
    """ARTICLES given as a JSONL file: one article a line (:mod:`.jsonl`)."""
    try:
        entries = jsonl_entries(path, printable_name(path.name), path.parent)
    except OSError as exc:
        raise SitrepError(f"cannot read the JSONL file {path}: {exc.strerror or exc}") from exc
    if not entries:
        raise SitrepError(f"the JSONL file {path} holds no article")
    return entries


@dataclass(frozen=True)
class Read:
    """What one entry became, before ids and duplicates are settled across the folder."""

    rel: str
    article_id: str
    """Its id from :func:`article_ids` ("" for an entry that is skipped by its name)."""
    outcome: Outcome


def read_entry(entry: Entry, *, today: dt.date | None = None) -> Outcome:
    """One entry read into a draft, or why not; never raises for a hostile file."""
    if entry.kind == "skip":
        if entry.skip.startswith("failed: "):
            return Outcome(status="failed", reason=entry.skip.removeprefix("failed: "))
        return Outcome(status="skipped", reason=entry.skip)
    try:
        if entry.kind == "jsonl":
            return read_record(entry, today=today)
        return read_file(entry, today=today)
    except RecursionError:
        return Outcome(status="failed", reason="too deeply nested to parse")
    except Exception as exc:  # noqa: BLE001 - one hostile file must not stop 10,000
        return Outcome(status="failed", reason=f"{UNEXPECTED}: {type(exc).__name__}: {exc}")


def collect(reads: Iterable[Read], ids: Mapping[str, str], *, seen: int) -> IngestResult:
    """The articles and problems of ``reads`` (every entry, in path order): a text seen
    before is a duplicate of the first file that holds it, and a file whose name's
    id another file owns is told so. ``ids`` is :func:`article_ids` of every entry."""
    articles: list[Article] = []
    problems: list[Problem] = []
    by_hash: dict[str, tuple[str, str]] = {}  # content hash -> (path, article id)
    duplicates: list[tuple[Article, str]] = []
    id_owner = {article_id.casefold(): rel for rel, article_id in ids.items()}
    for read in reads:
        outcome, rel = read.outcome, read.rel
        draft = outcome.draft
        if draft is None:
            problems.append(Problem(rel, outcome.status, outcome.reason))  # type: ignore[arg-type]
            continue
        stem, article_id = _stem(rel), read.article_id
        original = by_hash.get(draft.content_hash)
        if original is not None:
            problems.append(Problem(rel, "skipped", f"duplicate of {original[0]}"))
            duplicates.append((draft.article(article_id, rel), original[1]))
            continue
        by_hash[draft.content_hash] = (rel, article_id)
        warnings = list(draft.warnings)
        if article_id != stem:
            first = id_owner.get(stem.casefold(), "another file")
            warnings.append(f"id {stem!r} is already used by {first}; this one is {article_id!r}")
        problems.extend(Problem(rel, "warning", w) for w in warnings)
        articles.append(draft.article(article_id, rel))
    return IngestResult(
        tuple(articles), tuple(problems), seen=seen, duplicates=tuple(duplicates)
    )


