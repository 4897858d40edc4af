"""Ingest: files under the articles folder -> :class:`Article` or :class:`Problem`.

Nothing is dropped silently: every entry under the folder ends up as an
article, a ``skipped`` problem (not an article: other file types, hidden or
backup files, symlinks out of the folder, empty files, duplicates, text that
is not English) or a ``failed`` problem (could not be read). Recoverable
trouble in an article that *was* read is a ``warning`` problem.

Reading is streamed: one file at a time, at most :data:`MAX_BYTES` of it (the
rest is cut off with a warning), raw bytes dropped once decoded. Only the
cleaned articles and one content hash per article stay in memory.

Article ids are file names without their extension. When two files in
different folders share a name, the one later in path order gets ``-2``
(``-3``...) and a warning; ids are compared case-insensitively so that the
pages rendered from them cannot collide on macOS or Windows.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

from generator.model import Article, IngestResult, Problem, SitrepError

from .article import MAX_BYTES, Draft, Outcome, read_file
from .csv_import import import_csv
from .files import HIDDEN_OR_BACKUP, discover

__all__ = ["MAX_BYTES", "import_csv", "read_articles"]

#: Prefix of the reason for a file that raised: a bug in sitrep, reported as a
#: failed file so that one hostile file does not stop a run of thousands.
UNEXPECTED = "unexpected error (please report)"


def _unique_id(stem: str, taken: set[str]) -> str:
    candidate, n = stem, 1
    while candidate.casefold() in taken:
        n += 1
        candidate = f"{stem}-{n}"
    taken.add(candidate.casefold())
    return candidate


def _progress(items: list, enabled: bool):  # type: ignore[no-untyped-def]
    if not (enabled and sys.stderr.isatty()):
        return items
    from tqdm import tqdm

    return tqdm(items, unit="file", desc="reading articles", leave=False)


def read_articles(
    root: Path, *, progress: bool = False, today: dt.date | None = None
) -> IngestResult:
    """Read every article under ``root`` (recursively, in path order).

    ``today`` is for tests: dates after it are reported as in the future.
    Raises :class:`SitrepError` when ``root`` is missing, not a folder, cannot be
    listed, or holds nothing but hidden files.
    """
    root = Path(root)
    if not os.path.lexists(root):
        raise SitrepError(f"articles folder not found: {root}")
    if not root.is_dir():
        raise SitrepError(f"not a folder: {root}")
    try:
        entries = discover(root)
    except OSError as exc:
        raise SitrepError(f"cannot read articles folder: {root}: {exc.strerror or exc}") from exc
    if all(e.skip == HIDDEN_OR_BACKUP for e in entries):
        raise SitrepError(f"articles folder is empty: {root}")

    articles: list[Article] = []
    problems: list[Problem] = []
    by_hash: dict[str, tuple[str, str]] = {}  # content hash -> (path, article id)
    duplicates: list[tuple[Article, str]] = []
    id_owner: dict[str, str] = {}
    taken: set[str] = set()
    for entry in _progress(entries, progress):
        if entry.kind == "skip":
            if entry.skip.startswith("failed: "):
                problems.append(Problem(entry.rel, "failed", entry.skip.removeprefix("failed: ")))
            else:
                problems.append(Problem(entry.rel, "skipped", entry.skip))
            continue
        try:
            outcome = read_file(entry, today=today)
        except RecursionError:
            outcome = Outcome(status="failed", reason="too deeply nested to parse")
        except Exception as exc:  # noqa: BLE001 - one hostile file must not stop 10,000
            outcome = Outcome(status="failed", reason=f"{UNEXPECTED}: {type(exc).__name__}: {exc}")
        draft = outcome.draft
        if draft is None:
            problems.append(Problem(entry.rel, outcome.status, outcome.reason))  # type: ignore[arg-type]
            continue
        stem = os.path.splitext(os.path.basename(entry.rel))[0] or entry.rel
        original = by_hash.get(draft.content_hash)
        if original is not None:
            problems.append(Problem(entry.rel, "skipped", f"duplicate of {original[0]}"))
            duplicates.append((_article(_unique_id(stem, taken), entry.rel, draft), original[1]))
            continue
        article_id = _unique_id(stem, taken)
        by_hash[draft.content_hash] = (entry.rel, article_id)
        id_owner[article_id.casefold()] = entry.rel
        if article_id != stem:
            first = id_owner.get(stem.casefold(), "another file")
            draft.warnings.append(
                f"id {stem!r} is already used by {first}; this one is {article_id!r}"
            )
        problems.extend(Problem(entry.rel, "warning", w) for w in draft.warnings)
        articles.append(_article(article_id, entry.rel, draft))
    return IngestResult(
        tuple(articles), tuple(problems), seen=len(entries), duplicates=tuple(duplicates)
    )


def _article(article_id: str, rel: str, draft: Draft) -> Article:
    return Article(
        id=article_id,
        path=rel,
        title=draft.title,
        text=draft.text,
        published=draft.published,
        source=draft.source,
        url=draft.url,
        content_hash=draft.content_hash,
    )
