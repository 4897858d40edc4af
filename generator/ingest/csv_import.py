"""A CSV export -> one Markdown article file per row, with YAML front matter.

Columns are found by name, case-insensitively. Defaults recognise FA-KES
(``unit_id, article_title, article_content, source, date`` as m/d/yy) and
generic exports (``id, title, text|content|body, date|published, source,
url``). ``mapping`` overrides them: ``{"text": "story", "title": "headline"}``.

Each file is ``DEST/<id>.md``. The id is the row's id column when it is a safe
file name, else a slug of it; without an id column, a slug of the title. A
repeated id gets ``-2``, ``-3``... (as the evaluation script names FA-KES
duplicates). Existing files of the same name are replaced, so importing
again is idempotent; each file is written aside and renamed into place, so a
symlink (or a hard link) already in DEST is never written through: a symlink
or anything else that is not a regular file is left alone and reported.
Front matter is written by YAML's safe dumper, so any title (quotes,
colons, backslashes) round-trips.

The CSV is streamed row by row, and no row may hold more than
:data:`MAX_ROW` characters: the lines of a row are read at most that far, so
a 300 MB cell costs no more memory than a 4 MB one (it took 2.1 GB). A
larger row stops the import with an error naming it: the rows before it are
written, and nothing after it can be told apart from the rest of that cell.
The encoding is detected from the first 64 KB (a BOM, UTF-8, else cp1252).
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import yaml

from generator.model import Problem, SitrepError
from generator.safety.slugs import slugify_title

from .dates import parse_date
from .decode import clean_text, decode_bytes
from .files import printable_name

FIELDS = ("id", "title", "text", "date", "source", "url")
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("unit_id", "id", "article_id", "uid"),
    "title": ("article_title", "title", "headline"),
    "text": ("article_content", "text", "content", "body", "article", "article_text"),
    "date": ("date", "published", "publication_date", "pubdate", "published_at"),
    "source": ("source", "publisher", "outlet", "sitename"),
    "url": ("url", "link", "source_url"),
}
_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")
_SPACE = re.compile(r"\s+")
#: Characters the delimiter is guessed from. ``csv.Sniffer`` is quadratic in
#: its sample: 64 KB of short quoted rows took 2.9 s, 16 KB take 0.15 s.
SNIFF_SAMPLE = 16 * 1024
#: libyaml's emitter when PyYAML has it (the pure-Python one was 40 % of an
#: import); the same safe representer either way.
_Dumper: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
#: The most characters one CSV row (all its cells) may hold: four times what
#: ingest reads of an article (1 MB, the rest cut with a warning).
MAX_ROW = 4 * 1024 * 1024


class _RowTooLarge(Exception):
    """The row being read has more than :data:`MAX_ROW` characters."""


class _RowBudget:
    """The characters the current row may still take; reset after each row."""

    def __init__(self) -> None:
        self.left = MAX_ROW

    def lines(self, f: io.TextIOWrapper) -> Iterator[str]:
        """The lines of ``f``, none read further than the budget allows.

        ``csv.reader`` reads whole lines: a 300 MB cell on one line would be
        read whole before any field limit applies. ``readline`` with a size
        stops at the budget (plus one character, to tell "exactly full" apart).
        """
        while True:
            line = f.readline(self.left + 1)
            if not line:
                return
            self.left -= len(line)
            if self.left < 0:
                raise _RowTooLarge
            yield line


class _Ids:
    """File ids as in :func:`generator.ingest._unique_id`, in linear time.

    Each stem remembers the next suffix to try: searching from ``-2`` every
    time made 20,000 rows with one id take minutes (quadratic)."""

    def __init__(self) -> None:
        self.taken: set[str] = set()
        self.next: dict[str, int] = {}

    def unique(self, stem: str) -> str:
        key = stem.lower()
        k = self.next.get(key, 1)
        file_id = stem if k == 1 else f"{stem}-{k}"
        while file_id.lower() in self.taken:
            k += 1
            file_id = f"{stem}-{k}"
        self.next[key] = k + 1
        self.taken.add(file_id.lower())
        return file_id


def _file_mode() -> int:
    """The mode a plain ``open(..., "w")`` would give a new file (0o666 less the umask)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def _write_article(dest: Path, name: str, content: str, mode: int) -> str | None:
    """Write ``dest/name``; return why not, or None.

    Written aside (a new file, ``O_EXCL``) and renamed over ``name``: a rename
    replaces a link, never writes through it, so whatever stands at ``name``
    cannot send the text elsewhere. What stands there and is not a regular
    file (a symlink, a FIFO, a folder) is left alone and reported.
    """
    target = dest / name
    try:
        there = os.lstat(target).st_mode
    except FileNotFoundError:
        there = None
    except OSError as exc:
        return f"cannot write {name}: {exc.strerror}"
    if there is not None and not stat.S_ISREG(there):
        what = "a symlink" if stat.S_ISLNK(there) else "not a regular file"
        return f"{name} in {dest} is {what}; left alone, not written"
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=dest)
    except OSError as exc:
        return f"cannot write {name}: {exc.strerror}"
    try:
        with open(fd, "w", encoding="utf-8", newline="") as f:
            f.write(content)
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return f"cannot write {name}: {exc.strerror}"
    return None


def _columns(header: list[str], mapping: dict[str, str] | None, csv_path: Path) -> dict[str, int]:
    lower = {h.strip().lstrip("\ufeff").lower(): i for i, h in reversed(list(enumerate(header)))}
    found: dict[str, int] = {}
    for field in FIELDS:
        if mapping and field in mapping:
            name = mapping[field].strip().lower()
            if name not in lower:
                raise SitrepError(
                    f"column {mapping[field]!r} (for {field}) not in {csv_path}: "
                    f"columns are {', '.join(header)}"
                )
            found[field] = lower[name]
            continue
        for name in DEFAULT_COLUMNS[field]:
            if name in lower:
                found[field] = lower[name]
                break
    if mapping:
        unknown = sorted(set(mapping) - set(FIELDS))
        if unknown:
            raise SitrepError(f"unknown field in column mapping: {', '.join(unknown)}")
    if "text" not in found:
        raise SitrepError(
            f"no text column in {csv_path}: expected one of "
            f"{', '.join(DEFAULT_COLUMNS['text'])}; columns are {', '.join(header)}"
        )
    return found


def _open_text(csv_path: Path) -> io.TextIOWrapper:
    with open(csv_path, "rb") as f:
        head = f.read(65536)
        more = f.read(1)
    if more and b"\n" in head[2:]:
        head = head[: head.rindex(b"\n")]  # do not judge UTF-8 by a character cut in half
    encoding = decode_bytes(head).encoding
    if head.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    elif head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        encoding = "utf-32"
    elif head.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    return open(csv_path, encoding=encoding, errors="replace", newline="")  # noqa: SIM115


def _one_line(value: str) -> str:
    return _SPACE.sub(" ", clean_text(value)).strip()


def import_csv(
    csv_path: Path, dest: Path, *, mapping: dict[str, str] | None = None
) -> tuple[int, list[Problem]]:
    """Write one ``.md`` article per CSV row into ``dest``; return (files written, problems)."""
    csv_path, dest = Path(csv_path), Path(dest)
    if not csv_path.is_file():
        raise SitrepError(f"CSV file not found: {csv_path}")
    if dest.exists() and not dest.is_dir():
        raise SitrepError(f"not a folder: {dest}")
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SitrepError(f"cannot create {dest}: {exc.strerror or exc}") from exc
    problems: list[Problem] = []
    written = 0
    ids = _Ids()
    name = printable_name(csv_path.name)
    budget = _RowBudget()
    n = 0  # the row being read is n + 1 (the header is row 1)
    mode = _file_mode()
    limit = csv.field_size_limit(MAX_ROW + 1)  # the budget is what stops a large row
    try:
        with _open_text(csv_path) as f:
            sample = f.read(SNIFF_SAMPLE)
            f.seek(0)
            try:
                dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
                    sample, delimiters=",;\t|"
                )
            except csv.Error:
                dialect = csv.excel
            reader = csv.reader(budget.lines(f), dialect)
            header = next(reader, None)
            budget.left, n = MAX_ROW, 1
            if not header:
                raise SitrepError(f"CSV file is empty: {csv_path}")
            cols = _columns(header, mapping, csv_path)

            def cell(row: list[str], field: str) -> str:
                i = cols.get(field)
                return row[i] if i is not None and i < len(row) else ""

            for n, row in enumerate(reader, start=2):
                budget.left = MAX_ROW
                where = f"{name}:{n}"
                if not any(c.strip() for c in row):
                    continue
                text = clean_text(cell(row, "text")).strip()
                if not text:
                    problems.append(Problem(where, "skipped", "row has no text"))
                    continue
                title = _one_line(cell(row, "title"))
                raw_id = _one_line(cell(row, "id"))
                if raw_id and _SAFE_ID.fullmatch(raw_id) and not raw_id.endswith("."):
                    stem = raw_id
                else:
                    stem = slugify_title(raw_id or title or text[:80], taken=set())
                file_id = ids.unique(stem)
                if file_id != stem:
                    problems.append(
                        Problem(where, "warning", f"id {stem!r} repeats; written as {file_id!r}")
                    )

                meta: dict[str, str] = {}
                if title:
                    meta["title"] = title
                raw_date = _one_line(cell(row, "date"))
                if raw_date:
                    parsed = parse_date(raw_date)
                    if parsed.date:
                        meta["date"] = parsed.date.isoformat()
                    else:
                        problems.append(
                            Problem(where, "warning", f"date {raw_date[:40]!r} not read; left out")
                        )
                for field in ("source", "url"):
                    value = _one_line(cell(row, field))
                    if value:
                        meta[field] = value
                front = (
                    yaml.dump(
                        meta, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1_000_000
                    )
                    if meta
                    else ""
                )
                content = f"---\n{front}---\n\n{text}\n"
                refused = _write_article(dest, f"{file_id}.md", content, mode)
                if refused:
                    problems.append(Problem(where, "failed", refused))
                    continue
                written += 1
    except _RowTooLarge:
        raise SitrepError(
            f"{name}:{n + 1}: row larger than {MAX_ROW // (1024 * 1024)} MB; the import stopped "
            f"there ({written} article files written from the rows before it)"
        ) from None
    except csv.Error as exc:
        raise SitrepError(f"cannot read CSV {csv_path}: {exc}") from exc
    except OSError as exc:
        raise SitrepError(f"cannot read CSV {csv_path}: {exc.strerror or exc}") from exc
    finally:
        csv.field_size_limit(limit)
    return written, problems
