"""Skip a ``sitrep build`` that has nothing to do.

The extraction cache (:mod:`generator.cache`) makes a rebuild extract only new
or changed articles, but a rebuild still reads every article, loads every
cached result and renders every page to find that none changed: about 15 s
at 5,000 articles. Most rebuilds (``make site`` after ``make site``, ``make
serve``) change nothing at all, so a successful build leaves a record, and the
next build with the same inputs and untouched pages stops after comparing:

- the *inputs*: the path, type, mode and size of every entry under the
  articles folder (``lstat``, links not followed; a link's target string
  too) and the sha256 of every file's content, and the articles folder's own
  path. Content, not modification times: an edit that keeps a file's size
  and time (``cp -p``, ``rsync -t``, a clock step) is seen, and a file
  touched or copied without change is not a change. Reading costs little
  next to extraction (413 FA-KES articles, 1.8 MB: ~5 ms of CPU). Two exceptions keep
  the work bounded: a file larger than :data:`HASH_LIMIT` is hashed up to it
  and its modification and change times (``st_ctime`` cannot be set back by
  anyone) stand for the rest; inside hidden folders (``.git``), which
  ingest never reads, the times stand for the content;
- the analyst's *corrections* (``corrections.yaml``, or the file ``--corrections``
  names): its path, and its content's hash, or that there is none;
- the *code*: the bytes of every file of the ``generator`` package (rules,
  lexicon, renderer) and of the templates folder, and the versions of Python
  and Jinja;
- the *output*: the size, modification and change times and inode of every
  page the build wrote, and of the manifest; a page deleted or edited by
  hand since (or a ``git checkout``), even with its size and time put back,
  means a full build, which puts it back.

Anything else, or any doubt (no record, an unreadable one, a different
format, a record that is not a regular file), is a full build: the record
only ever saves time. Folders are walked without recursion, so no depth of
nesting stops a build. The record lives in the cache folder, one per docs
folder; ``--no-cache`` neither reads nor writes it. What the build printed
about its input (skipped files, the summary) is kept in the record and
printed again, and ``--strict`` still fails on the same problems.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.safety.safeio import read_regular, stat_row, walk, write_quietly

__all__ = [
    "BuildRecord",
    "code_fingerprint",
    "fingerprint",
    "load_if_current",
    "load_page_keys",
    "save",
]

_FORMAT = 3
_PACKAGE = Path(__file__).resolve().parents[1]
"""The ``generator`` package (this file is ``generator/publish/record.py``)."""

HASH_LIMIT = 1 << 20
"""Bytes of an input file hashed; past them its times stand for the rest (1 MiB:
every article ingest reads in full is hashed in full)."""

RECORD_LIMIT = 64 << 20
"""A record larger than this is no record (one for 20,000 articles is ~3 MB)."""

_CODE_LIMIT = 64 << 20


@dataclass(frozen=True)
class BuildRecord:
    """What a successful build wrote and said, for the next one to reuse."""

    fingerprint: str
    pages: tuple[str, ...]
    """Paths under docs/ of every page written (the manifest's list)."""
    problem_lines: tuple[str, ...]
    """The ``skipped: ...``/``failed: ...`` lines the build printed."""
    summary_lines: tuple[str, ...]
    """The summary lines (articles, incidents), without the seconds."""
    page_keys: tuple[tuple[str, str], ...] = ()
    """(page, key) of every page that has a key (:class:`generator.pages.render.PageJob`):
    the next build renders such a page only if its key changed or the page was
    touched since (:func:`load_page_keys`)."""


def _tree_lines(root: Path) -> Iterable[str]:
    """One line per entry under ``root``: path, mode, size, and for a file the hash
    of its content (see the module docstring), for a link its target."""
    hidden: set[str] = set()  # hidden folders and every folder below them
    for folder, dirs, others in walk(root):
        rel_folder = os.path.relpath(folder, root)
        in_hidden = folder in hidden
        hidden.update(d.path for d in dirs if in_hidden or d.name.startswith("."))
        for entry in (*others, *dirs):
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError as exc:
                yield f"{rel_folder}/{entry.name}\terror {exc.errno}"
                continue
            yield f"{rel_folder}/{entry.name}\t{st.st_mode}\t{_entry_state(entry, st, in_hidden)}"


def _entry_state(entry: os.DirEntry[str], st: os.stat_result, in_hidden: bool) -> str:
    """What stands for an entry's content in the fingerprint."""
    if stat.S_ISLNK(st.st_mode):
        try:
            return os.readlink(entry.path)
        except OSError:
            return "?"
    if not stat.S_ISREG(st.st_mode):
        return ""  # a folder is its entries; a FIFO or device is never read
    times = f"{st.st_size}\t{st.st_mtime_ns}\t{st.st_ctime_ns}"
    if in_hidden or entry.name.startswith("."):
        return times
    try:
        data = read_regular(entry.path, HASH_LIMIT, head=True)
    except OSError as exc:  # replaced by something else since the listing
        return f"{times}\terror {exc.errno}"
    digest = hashlib.sha256(data).hexdigest()
    return f"{st.st_size}\t{digest}" if st.st_size <= HASH_LIMIT else f"{times}\t{digest}"


def _code_lines(templates: Path) -> Iterable[str]:
    for base in (_PACKAGE, templates):
        for _folder, dirs, others in walk(base):
            dirs[:] = [d for d in dirs if d.name != "__pycache__"]
            for entry in others:
                if entry.name.endswith((".pyc", ".pyo")):
                    continue
                try:
                    data = read_regular(entry.path, _CODE_LIMIT)
                except OSError as exc:
                    data = f"\x00unreadable {exc.errno}".encode()
                yield f"{entry.path}\t{hashlib.sha256(data).hexdigest()}"


def code_fingerprint(templates: Path) -> str:
    """A hash of the code and templates alone: part of every page's key."""
    import jinja2

    h = hashlib.sha256(f"format={_FORMAT}\njinja2={jinja2.__version__}\n".encode())
    for line in _code_lines(templates):
        h.update(line.encode("utf-8", "surrogateescape"))
        h.update(b"\n")
    return h.hexdigest()[:32]


def _file_line(path: Path) -> str:
    """One line for a single input file outside the articles folder: its path and the
    hash of its content, or why it cannot be read (missing, a link, a folder)."""
    try:
        data = read_regular(path, HASH_LIMIT, head=True)
        st = os.lstat(path)
    except OSError as exc:
        return f"file={path.absolute()}\terror {exc.errno}"
    times = f"\t{st.st_mtime_ns}\t{st.st_ctime_ns}" if st.st_size > HASH_LIMIT else ""
    return f"file={path.absolute()}\t{st.st_size}{times}\t{hashlib.sha256(data).hexdigest()}"


def fingerprint(
    articles: Path, templates: Path, options: Sequence[str] = (), files: Sequence[Path] = ()
) -> str:
    """A hash of everything a build's pages depend on (see the module docstring);
    ``files``: single files the build reads besides the articles (the corrections)."""
    import jinja2

    h = hashlib.sha256()
    header = [
        f"format={_FORMAT}",
        f"python={platform.python_version()}",
        f"jinja2={jinja2.__version__}",
        f"articles={articles.resolve()}",
        f"templates={templates.resolve()}",
        *options,
        *(_file_line(f) for f in files),
    ]
    for line in (*header, *_code_lines(templates), *_tree_lines(articles)):
        h.update(line.encode("utf-8", "surrogateescape"))
        h.update(b"\n")
    return h.hexdigest()


def _record_path(cache_dir: Path, docs: Path) -> Path:
    key = hashlib.sha256(str(docs.resolve()).encode("utf-8", "surrogateescape")).hexdigest()
    return cache_dir / "builds" / f"{key[:32]}.json"


def _output_stats(docs: Path, pages: Iterable[str], manifest: str) -> list[list[Any]]:
    """Size, times and inode of each page: any write since (even one that puts the size
    and modification time back) changes the change time, a replaced file its inode."""
    out: list[list[Any]] = []
    for rel in (*pages, manifest):
        st = os.lstat(docs / rel)  # OSError: a page is missing, so no skip
        out.append([rel, *stat_row(st)])
    return out


def load_if_current(cache_dir: Path, docs: Path, fp: str, manifest: str) -> BuildRecord | None:
    """The last build's record if its fingerprint is ``fp`` and every page it
    wrote is still there untouched; else None (a full build is needed)."""
    try:
        doc = json.loads(read_regular(_record_path(cache_dir, docs), RECORD_LIMIT))
        if doc.get("format") != _FORMAT or doc.get("fingerprint") != fp:
            return None
        record = BuildRecord(
            fingerprint=fp,
            pages=tuple(doc["pages"]),
            problem_lines=tuple(doc["problem_lines"]),
            summary_lines=tuple(doc["summary_lines"]),
        )
        if _output_stats(docs, record.pages, manifest) != doc["outputs"]:
            return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None
    return record


def load_page_keys(cache_dir: Path, docs: Path) -> dict[str, str]:
    """Page -> key, for the pages of the last build into ``docs`` that are still as it
    wrote them (size, times and inode unchanged): a page whose key is the same again
    need not be rendered. Empty when there is no usable record."""
    try:
        doc = json.loads(read_regular(_record_path(cache_dir, docs), RECORD_LIMIT))
        if doc.get("format") != _FORMAT:
            return {}
        stats = {row[0]: row for row in doc["outputs"]}
        keys = {}
        for rel, key in doc["page_keys"]:
            row = stats.get(rel)
            if row is None:
                continue
            try:
                st = os.lstat(docs / rel)
            except OSError:
                continue
            if [rel, *stat_row(st)] == row:
                keys[rel] = key
        return keys
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError, IndexError):
        return {}


def save(cache_dir: Path, docs: Path, record: BuildRecord, manifest: str) -> None:
    """Write the record (atomically). A record that cannot be written only costs speed."""
    try:
        doc = {
            "format": _FORMAT,
            "docs": str(docs.resolve()),
            "fingerprint": record.fingerprint,
            "pages": list(record.pages),
            "problem_lines": list(record.problem_lines),
            "summary_lines": list(record.summary_lines),
            "page_keys": [list(pk) for pk in record.page_keys],
            "outputs": _output_stats(docs, record.pages, manifest),
        }
    except OSError:
        return
    write_quietly(_record_path(cache_dir, docs), json.dumps(doc, ensure_ascii=False))
