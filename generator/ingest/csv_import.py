"""A CSV export -> one Markdown article file per row, with YAML front matter.

Columns are found by name, case-insensitively. Defaults recognise FA-KES
(``unit_id, article_title, article_content, source, date`` as m/d/yy) and
generic exports (``id, title, text|content|body, date|published, source,
url``). ``mapping`` overrides them: ``{"text": "story", "title": "headline"}``.

Each file is ``DEST/<id>.md``. The id is the row's id column when it is a safe
file name, else a slug of it; without an id column, a slug of the title. A
repeated id gets ``-2``, ``-3``... (as the evaluation script names FA-KES
duplicates). Existing files of the same name are overwritten, so importing
again is idempotent. Front matter is written with ``yaml.safe_dump``, so any
title (quotes, colons, backslashes) round-trips.

The CSV is streamed row by row; its encoding is detected from the first
64 KB (a BOM, UTF-8, else cp1252).
"""

from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path

import yaml

from generator.model import Problem, SitrepError
from generator.safety.slugs import slugify_title

from .dates import parse_date
from .decode import clean_text, decode_bytes

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
    csv.field_size_limit(sys.maxsize)

    problems: list[Problem] = []
    written = 0
    taken: set[str] = set()
    name = csv_path.name
    try:
        with _open_text(csv_path) as f:
            sample = f.read(65536)
            f.seek(0)
            try:
                dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
                    sample, delimiters=",;\t|"
                )
            except csv.Error:
                dialect = csv.excel
            reader = csv.reader(f, dialect)
            header = next(reader, None)
            if not header:
                raise SitrepError(f"CSV file is empty: {csv_path}")
            cols = _columns(header, mapping, csv_path)

            def cell(row: list[str], field: str) -> str:
                i = cols.get(field)
                return row[i] if i is not None and i < len(row) else ""

            for n, row in enumerate(reader, start=2):
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
                file_id, k = stem, 1
                while file_id.lower() in taken:
                    k += 1
                    file_id = f"{stem}-{k}"
                if k > 1:
                    problems.append(
                        Problem(where, "warning", f"id {stem!r} repeats; written as {file_id!r}")
                    )
                taken.add(file_id.lower())

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
                    yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1_000_000)
                    if meta
                    else ""
                )
                content = f"---\n{front}---\n\n{text}\n"
                try:
                    (dest / f"{file_id}.md").write_text(content, encoding="utf-8")
                except OSError as exc:
                    problems.append(
                        Problem(where, "failed", f"cannot write {file_id}.md: {exc.strerror}")
                    )
                    continue
                written += 1
    except csv.Error as exc:
        raise SitrepError(f"cannot read CSV {csv_path}: {exc}") from exc
    except OSError as exc:
        raise SitrepError(f"cannot read CSV {csv_path}: {exc.strerror or exc}") from exc
    return written, problems
