"""Articles given as JSONL: one JSON object a line, as feeds and archives export them.

``ARTICLES`` may be a ``.jsonl`` file, or a manifest listing ``.jsonl`` files
(beside article files). Each line is one article::

    {"id": "sana-2017-0412", "title": "...", "text": "...", "published": "2017-04-12",
     "source": "SANA", "url": "https://..."}

The text is ``text`` (or ``body``, ``content``, ``article``); every other field
is read as front matter is (:data:`~generator.ingest.article.TITLE_KEYS`,
``DATE_KEYS``, ``SOURCE_KEYS``, ``URL_KEYS``), through the same checks
(:func:`~generator.ingest.article.draft_of`): titles shortened, dates checked
and compared with the text's date line, only http(s) URLs, a value that is not
text warned about and ignored.

Each record is one :class:`~generator.ingest.files.Entry` named ``FILE/ID``
(``feed.jsonl/sana-2017-0412``), holding its line's offset and length: a
cluster shard holds records, and a worker reads only its own lines
(:func:`generator.safety.safeio.read_range`). Listing reads the file once to
find the lines and their ids.

Hostile input, bounded as a file is: the file is opened without following a
link and read up to :data:`FILE_LIMIT`; a line longer than :data:`LINE_LIMIT`,
not JSON, nested too deep or not an object is a failed entry naming its line;
a text longer than :data:`~generator.ingest.article.MAX_BYTES` is cut with a
warning. An id is kept when it is a plain name (letters, digits, ``_``, ``-``;
at most 100), else replaced by its slug; a record with no id is ``FILE-LINE``
(``feed-000012``); a record repeating an id of its file is skipped, naming the
line that has it. Ids repeated across files are settled as for files of one
name (:func:`generator.ingest.article_ids`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path
from typing import Any

from generator.safety import safeio
from generator.safety.slugs import slugify_title

from .article import MAX_BYTES, Outcome, draft_of
from .decode import clean_text, truncate
from .files import Entry

__all__ = ["FILE_LIMIT", "LINE_LIMIT", "TEXT_KEYS", "entries", "is_jsonl", "read_record"]

FILE_LIMIT = 1 << 30
"""Largest JSONL file listed: shards of a few MB are the expected input; a file
past 1 GB is refused whole (split it) rather than read into memory."""
LINE_LIMIT = 4 * MAX_BYTES
"""Longest line read: JSON escapes a character in up to 6 bytes, so a line may hold
more bytes than the text ingest reads of an article (:data:`MAX_BYTES`)."""
TEXT_KEYS = ("text", "body", "content", "article")
ID_KEYS = ("id", "article_id", "uid")
_PLAIN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}")


def is_jsonl(path: Path | str) -> bool:
    return str(path).lower().endswith(".jsonl")


def _line_problem(raw: bytes) -> tuple[dict[str, Any] | None, str]:
    """The record on a line, or why it is none."""
    if len(raw) > LINE_LIMIT:
        return None, f"longer than {LINE_LIMIT >> 20} MB"
    try:
        record = json.loads(raw)
    except RecursionError:
        return None, "nested too deeply"
    except ValueError as exc:  # UnicodeDecodeError included
        return None, f"not JSON ({str(exc)[:80]})"
    if not isinstance(record, dict):
        return None, f"not a JSON object but {type(record).__name__}"
    return record, ""


def _id(record: dict[str, Any], stem: str, line: int) -> str:
    for key in ID_KEYS:
        value = record.get(key)
        if isinstance(value, bool) or not isinstance(value, str | int) or value == "":
            continue
        text = clean_text(str(value)).strip()
        if _PLAIN_ID.fullmatch(text):
            return text
        slug = slugify_title(text, taken=set())
        if slug:
            return slug
    return f"{stem}-{line:06d}"


def entries(path: Path, rel: str, root: Path | None = None) -> list[Entry]:
    """One entry a line of the JSONL file ``path`` (known as ``rel``), in line order.

    Raises ``OSError`` when the file cannot be read (a link, not a regular file,
    larger than :data:`FILE_LIMIT`)."""
    data = safeio.read_regular(path, FILE_LIMIT, root=root)
    stem = os.path.splitext(os.path.basename(rel))[0] or "records"
    out: list[Entry] = []
    first_line: dict[str, int] = {}
    start, line = 0, 0
    while start < len(data):
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end
        line += 1
        raw = data[start:end]
        offset, length = start, end - start
        start = end + 1
        if not raw.strip():
            continue
        record, problem = _line_problem(raw)
        if record is None:
            name = f"{rel}/line-{line:06d}"
            out.append(Entry(name, path, "skip", f"failed: line {line}: {problem}", root=root))
            continue
        ident = _id(record, stem, line)
        name = f"{rel}/{ident}"
        if ident.casefold() in first_line:
            reason = f"line {line} repeats the id {ident!r} of line {first_line[ident.casefold()]}"
            out.append(Entry(f"{name}~{line}", path, "skip", reason, root=root))
            continue
        first_line[ident.casefold()] = line
        out.append(Entry(name, path, "jsonl", root=root, offset=offset, length=length))
    return out


def read_record(entry: Entry, *, today: dt.date | None = None) -> Outcome:
    """One record read into a draft, or why not (its line read again, on its own)."""
    try:
        raw = safeio.read_range(entry.path, entry.offset, entry.length, root=entry.root)
    except safeio.NotRegularFile:
        return Outcome(status="failed", reason="changed since listed: not a regular file any more")
    except OSError as exc:
        return Outcome(status="failed", reason=f"cannot read: {exc.strerror or exc}")
    record, problem = _line_problem(raw) if len(raw) == entry.length else (None, "cut short")
    if record is None:
        return Outcome(status="failed", reason=f"changed since listed: {problem}")
    warnings: list[str] = []
    key = next((k for k in TEXT_KEYS if isinstance(record.get(k), str) and record[k].strip()), "")
    if not key:
        return Outcome(status="skipped", reason=f"no text in the record ({', '.join(TEXT_KEYS)})")
    data = record[key].encode("utf-8", "replace")
    if len(data) > MAX_BYTES:
        data = truncate(data, MAX_BYTES)
        warnings.append(f"text longer than {MAX_BYTES >> 20} MB; only the start was read")
    body = clean_text(data.decode("utf-8", "replace")).rstrip("\ufffd")
    meta = {k: v for k, v in record.items() if k not in TEXT_KEYS and k not in ID_KEYS}
    return draft_of(meta, body, warnings, today=today)
