"""Skip a ``sitrep build`` that has nothing to do.

The extraction cache (:mod:`generator.cache`) makes a rebuild extract only new
or changed articles, but a rebuild still reads every article, loads every
cached result and renders every page to find that none changed: about 15 s
at 5,000 articles. Most rebuilds (``make site`` after ``make site``, ``make
serve``) change nothing at all, so a successful build leaves a record, and the
next build with the same inputs and untouched pages stops after comparing:

- the *inputs*: the path, type, size, modification time (ns) and mode of every
  entry under the articles folder, hidden files included (``lstat``, links
  not followed; a link's target string too), the articles folder's own path;
- the *code*: the bytes of every file of the ``generator`` package (rules,
  lexicon, renderer) and of the templates folder, and the versions of Python
  and Jinja;
- the *output*: the size and modification time of every page the build
  wrote, and of the manifest; a page deleted or edited by hand since (or a
  ``git checkout``) means a full build, which puts it back.

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

from generator.cache import write_quietly
from generator.safeio import read_regular, walk

__all__ = ["BuildRecord", "fingerprint", "load_if_current", "save"]

_FORMAT = 1
_PACKAGE = Path(__file__).resolve().parent

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


def _tree_lines(root: Path) -> Iterable[str]:
    """One line per entry under ``root``: path, kind, size, mtime_ns, mode."""
    for folder, dirs, others in walk(root):
        rel_folder = os.path.relpath(folder, root)
        for entry in (*others, *dirs):
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError as exc:
                yield f"{rel_folder}/{entry.name}\terror {exc.errno}"
                continue
            link = ""
            if stat.S_ISLNK(st.st_mode):
                try:
                    link = os.readlink(entry.path)
                except OSError:
                    link = "?"
            size = 0 if stat.S_ISDIR(st.st_mode) else st.st_size
            yield f"{rel_folder}/{entry.name}\t{st.st_mode}\t{size}\t{st.st_mtime_ns}\t{link}"


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


def fingerprint(articles: Path, templates: Path, options: Sequence[str] = ()) -> str:
    """A hash of everything a build's pages depend on (see the module docstring)."""
    import jinja2

    h = hashlib.sha256()
    header = [
        f"format={_FORMAT}",
        f"python={platform.python_version()}",
        f"jinja2={jinja2.__version__}",
        f"articles={articles.resolve()}",
        f"templates={templates.resolve()}",
        *options,
    ]
    for line in (*header, *_code_lines(templates), *_tree_lines(articles)):
        h.update(line.encode("utf-8", "surrogateescape"))
        h.update(b"\n")
    return h.hexdigest()


def _record_path(cache_dir: Path, docs: Path) -> Path:
    key = hashlib.sha256(str(docs.resolve()).encode("utf-8", "surrogateescape")).hexdigest()
    return cache_dir / "builds" / f"{key[:32]}.json"


def _output_stats(docs: Path, pages: Iterable[str], manifest: str) -> list[list[Any]]:
    out: list[list[Any]] = []
    for rel in (*pages, manifest):
        st = os.stat(docs / rel)  # OSError: a page is missing, so no skip
        out.append([rel, st.st_size, st.st_mtime_ns])
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
            "outputs": _output_stats(docs, record.pages, manifest),
        }
    except OSError:
        return
    write_quietly(_record_path(cache_dir, docs), json.dumps(doc, ensure_ascii=False))
