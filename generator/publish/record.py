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
  ingest never reads, the times stand for the content. A file whose mode,
  size, modification and change times and inode are those it had when the
  last build hashed it is not read again: its hash is taken from the last
  record (:class:`InputMemo`). That is the content still, not a guess from the
  times: any write moves the change time, which no one can set back, and a
  file written within :data:`RACY_NS` of being hashed is not remembered (a
  write in the same clock tick would leave its times as they were). Without
  it an add-one build read every article of the archive once more here, for
  a fingerprint that differs anyway;
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
folder, and a build reads it once (:func:`read`) and hands it to what needs it:
the input hashes (:meth:`InputMemo.load`), the check that nothing changed
(:func:`load_if_current`) and the page keys (:func:`load_page_keys`); at 100,000
articles it is tens of MB of JSON. ``--no-cache`` neither reads nor writes it.
What the build printed about its input (skipped files, the summary) is kept in
the record and printed again, and ``--strict`` still fails on the same problems.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import stat
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.safety.safeio import json_pieces, read_regular, stat_row, walk, write_quietly

__all__ = [
    "BuildRecord",
    "InputMemo",
    "LastBuild",
    "code_fingerprint",
    "fingerprint",
    "load_if_current",
    "load_page_keys",
    "read",
    "reading_fingerprint",
    "save",
]

_FORMAT = 3
_PACKAGE = Path(__file__).resolve().parents[1]
"""The ``generator`` package (this file is ``generator/publish/record.py``)."""

HASH_LIMIT = 1 << 20
"""Bytes of an input file hashed; past them its times stand for the rest (1 MiB:
every article ingest reads in full is hashed in full)."""

RECORD_LIMIT = 1 << 30
"""A record larger than this is no record (read whole, so bounded; measured: 64 MB at
100,000 articles and 107,000 pages, about 0.6 KB a page; at 64 MB, the bound this had
before, an archive of about 105,000 articles lost its incremental builds)."""

_CODE_LIMIT = 64 << 20

RACY_NS = 2_000_000_000
"""An input file changed this close to the moment it is hashed is not remembered:
a write in the same clock tick would leave its times as they were."""


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
    articles: str = ""
    """The articles folder, resolved: the paths of :attr:`inputs` are under it."""
    inputs: tuple[tuple[str, tuple[int, ...], str], ...] = ()
    """(path, stat row, what stands for its content) of each input file hashed
    (:class:`InputMemo`): the next build does not read such a file again while its
    stat row is the same."""


class InputMemo:
    """The hashes of the input files of the last build, by path and stat row: what
    :func:`fingerprint` reads instead of a file whose stat row did not change, and
    what it noted for the next build (see the module docstring)."""

    def __init__(self, known: dict[str, tuple[list[int], str]] | None = None) -> None:
        self.known = known or {}
        self.noted: dict[str, tuple[list[int], str]] = {}
        self.read = 0
        """Files read and hashed (for tests and profiles): the others were known."""
        self._fresh = time.time_ns() - RACY_NS

    @classmethod
    def load(cls, last: LastBuild | None, articles: Path) -> InputMemo:
        """The hashes of the last build (:func:`read`) when it read ``articles``; none
        when there is no usable record (every file is then read, as before)."""
        if last is None or last.record.articles != str(articles.resolve()):
            return cls()
        return cls({path: (list(row), state) for path, row, state in last.record.inputs})

    def state(self, path: str, st: os.stat_result, hash_it: Callable[[], str | None]) -> str:
        """What stands for the content of the regular file at ``path``: the last build's
        when its stat row is the same, else ``hash_it()`` (None: it could not be read,
        and its state is not remembered)."""
        row = stat_row(st)
        last = self.known.get(path)
        if last is not None and last[0] == row:
            state: str | None = last[1]
        else:
            self.read += 1
            state = hash_it()
        if state is None:
            return f"{st.st_size}\t{st.st_mtime_ns}\t{st.st_ctime_ns}\terror"
        if max(st.st_mtime_ns, st.st_ctime_ns) < self._fresh:
            self.noted[path] = (row, state)
        return state

    def rows(self) -> tuple[tuple[str, tuple[int, ...], str], ...]:
        return tuple((p, tuple(r), s) for p, (r, s) in sorted(self.noted.items()))


def _tree_lines(root: Path, memo: InputMemo) -> Iterable[str]:
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
            state = _entry_state(entry, st, in_hidden, memo)
            yield f"{rel_folder}/{entry.name}\t{st.st_mode}\t{state}"


def _entry_state(
    entry: os.DirEntry[str], st: os.stat_result, in_hidden: bool, memo: InputMemo
) -> str:
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

    def hash_it() -> str | None:
        try:
            data = read_regular(entry.path, HASH_LIMIT, head=True)
        except OSError:  # replaced by something else since the listing
            return None
        digest = hashlib.sha256(data).hexdigest()
        return f"{st.st_size}\t{digest}" if st.st_size <= HASH_LIMIT else f"{times}\t{digest}"

    return memo.state(entry.path, st, hash_it)


RENDERERS = ("pages", "publish")
"""The package's folders that only render and write pages: the code of what a build
reads and merges (:func:`reading_fingerprint`) leaves them out. Nothing the
readers, the extractor or the merge import lives there (a test holds it)."""


def _code_lines(templates: Path | None, leave_out: Sequence[str] = ()) -> Iterable[str]:
    skip = {_PACKAGE / name for name in leave_out}
    for base in (_PACKAGE,) if templates is None else (_PACKAGE, templates):
        for _folder, dirs, others in walk(base):
            dirs[:] = [d for d in dirs if d.name != "__pycache__" and Path(d.path) not in skip]
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

    head = f"format={_FORMAT}\njinja2={jinja2.__version__}\n"
    return _hash_lines(head, _code_lines(templates))


def reading_fingerprint() -> str:
    """A hash of the code that decides what a build reads and merges: the package but
    its :data:`RENDERERS`, without the templates. The memos of the articles read and
    of the merge are keyed by it, so that a change to a template or a page's code
    renders the pages again without reading or merging 100,000 articles again
    (20 minutes at 100,000 articles, against the 2 of an added article)."""
    return _hash_lines(f"format={_FORMAT}\nreading\n", _code_lines(None, RENDERERS))


def _hash_lines(head: str, lines: Iterable[str]) -> str:
    """The short sha256 of ``head`` and then each line, newline-ended."""
    h = hashlib.sha256(head.encode())
    for line in lines:
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
    articles: Path,
    templates: Path,
    options: Sequence[str] = (),
    files: Sequence[Path] = (),
    memo: InputMemo | None = None,
) -> str:
    """A hash of everything a build's pages depend on (see the module docstring);
    ``files``: single files the build reads besides the articles (the corrections);
    ``memo``: the last build's hashes of the articles' files, and where this one's
    are noted."""
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
    tree = _tree_lines(articles, memo if memo is not None else InputMemo())
    for line in (*header, *_code_lines(templates), *tree):
        h.update(line.encode("utf-8", "surrogateescape"))
        h.update(b"\n")
    if memo is not None:
        memo.known = {}  # used: what the build holds to its end is what it noted
    return h.hexdigest()


def _record_path(cache_dir: Path, docs: Path) -> Path:
    key = hashlib.sha256(str(docs.resolve()).encode("utf-8", "surrogateescape")).hexdigest()
    return cache_dir / "builds" / f"{key[:32]}.json"


@dataclass(frozen=True)
class LastBuild:
    """The record of the last build into a docs folder, as :func:`read` parsed it: what
    that build wrote and said (:attr:`record`) and the stat rows of its pages."""

    record: BuildRecord
    outputs: tuple[tuple[str, tuple[int, ...]], ...]
    """(page, stat row) of every page it wrote, and of the manifest."""

    def for_pages(self) -> PageRows:
        """Only what :func:`load_page_keys` reads, held while the build extracts and
        merges: neither the input hashes (one row per article file) nor a second copy
        of each page's path."""
        stats = dict(self.outputs)
        return PageRows(
            {rel: (key, row) for rel, key in self.record.page_keys if (row := stats.get(rel))}
        )


@dataclass(frozen=True)
class PageRows:
    """Each page the last build wrote with a key: page -> (its key, the stat row it had
    when written). One entry a page: about 40 MB at 100,000 articles (107,000 pages),
    against about 75 MB for the record's page keys and stat rows as parsed."""

    rows: dict[str, tuple[str, tuple[int, ...]]]


def _str(value: Any) -> str:
    if type(value) is not str:
        raise TypeError("not a string")
    return value


def _strings(value: Any) -> tuple[str, ...]:
    if type(value) is not list or any(type(x) is not str for x in value):
        raise TypeError("not a list of strings")
    return tuple(value)


def _row(value: Any) -> tuple[int, ...]:
    if type(value) is not list or any(type(n) is not int for n in value):
        raise TypeError("not a stat row")
    return tuple(value)


def read(cache_dir: Path, docs: Path) -> LastBuild | None:
    """The record of the last build into ``docs``, parsed once for the whole build;
    None when there is none or any doubt about it (another format, a malformed entry,
    not a regular file): a full build, as if there had been no record."""
    try:
        doc = json.loads(read_regular(_record_path(cache_dir, docs), RECORD_LIMIT))
        if type(doc) is not dict or doc.get("format") != _FORMAT:
            return None
        record = BuildRecord(
            fingerprint=_str(doc["fingerprint"]),
            pages=_strings(doc["pages"]),
            problem_lines=_strings(doc["problem_lines"]),
            summary_lines=_strings(doc["summary_lines"]),
            page_keys=tuple((rel, key) for rel, key in map(_strings, doc["page_keys"])),
            articles=_str(doc["articles"]),
            inputs=tuple(
                (_str(path), _row(row), _str(state)) for path, row, state in doc["inputs"]
            ),
        )
        outputs = tuple((_str(row[0]), _row(row[1:])) for row in doc["outputs"])
        return LastBuild(record, outputs)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError, IndexError):
        return None


def _output_stats(docs: Path, pages: Iterable[str], manifest: str) -> list[list[Any]]:
    """Size, times and inode of each page: any write since (even one that puts the size
    and modification time back) changes the change time, a replaced file its inode."""
    out: list[list[Any]] = []
    for rel in (*pages, manifest):
        st = os.lstat(docs / rel)  # OSError: a page is missing, so no skip
        out.append([rel, *stat_row(st)])
    return out


def load_if_current(
    last: LastBuild | None, docs: Path, fp: str, manifest: str
) -> BuildRecord | None:
    """The last build's record (:func:`read`) if its fingerprint is ``fp`` and every
    page it wrote is still there untouched; else None (a full build is needed)."""
    if last is None or last.record.fingerprint != fp:
        return None
    try:
        now = _output_stats(docs, last.record.pages, manifest)
    except OSError:
        return None
    if [(rel, tuple(row)) for rel, *row in now] != list(last.outputs):
        return None
    return last.record


def load_page_keys(last: LastBuild | PageRows | None, docs: Path) -> dict[str, str]:
    """Page -> key, for the pages of the last build (:func:`read`) into ``docs`` that
    are still as it wrote them (size, times and inode unchanged): a page whose key is
    the same again need not be rendered. Empty when there is no usable record."""
    if last is None:
        return {}
    pages = last if isinstance(last, PageRows) else last.for_pages()
    keys = {}
    for rel, (key, row) in pages.rows.items():
        try:
            st = os.lstat(docs / rel)
        except OSError:
            continue
        if tuple(stat_row(st)) == row:
            keys[rel] = key
    return keys


def save(cache_dir: Path, docs: Path, record: BuildRecord, manifest: str) -> None:
    """Write the record (atomically). A record that cannot be written only costs speed."""
    try:
        doc = {
            "format": _FORMAT,
            "docs": str(docs.resolve()),
            "fingerprint": record.fingerprint,
            "pages": record.pages,
            "problem_lines": record.problem_lines,
            "summary_lines": record.summary_lines,
            "page_keys": record.page_keys,
            "outputs": _output_stats(docs, record.pages, manifest),
            "articles": record.articles,
            "inputs": [(path, list(row), state) for path, row, state in record.inputs],
        }
    except OSError:
        return
    write_quietly(_record_path(cache_dir, docs), json_pieces(doc))
