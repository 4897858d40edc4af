"""The output of a cluster extraction: one JSONL file per shard and an index.

Everything is written through fsspec, so ``--shards`` may be a local folder, a
folder every worker mounts, or an object store (``s3://bucket/run``, with its
fsspec package installed). A shard's file is written aside and moved into place,
so it is there whole or not at all; a worker lost mid-write leaves no output and
its shard runs again.

A shard file: a header line, one line per entry of the shard (in path order),
an end line. The header holds the extractor version, the model fingerprint and
the *input hash*: a hash of everything ingest made of the shard's files (each
entry's path, id, outcome, and every field of its draft the extractor or the
report reads). A rerun reads its files again (cheap next to extracting them), and
when the hash, the version and the fingerprint are the ones in an existing file
with its end line, the shard is done: nothing is extracted or written.

An entry's line holds its path, id, what ingest made of it (``status``,
``reason``, ``warnings``) and, for an article, the extracted record (the cache's
codec, :mod:`generator.cache.codec`) without the article's text, which nothing
after extraction reads: the merge, ``--from-extract`` and the pages need the rest.
Read back, every record is decoded strictly and checked against the extractor's
vocabularies (:mod:`generator.cache.vocabulary`), as cache entries are: a shard
file is data anyone with write access to its folder can edit, and its values
reach the pages.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import fsspec
from fsspec.implementations.local import LocalFileSystem

from generator.cache.codec import MODEL_FINGERPRINT, CodecError, coded_from_dict, coded_to_dict
from generator.cache.vocabulary import coded_problem
from generator.ingest import Read
from generator.ingest.article import Draft, Outcome
from generator.model import CodedArticle, SitrepError
from generator.safety.safeio import read_regular

__all__ = [
    "INDEX",
    "SCHEMA",
    "Damaged",
    "Entry",
    "Storage",
    "entries",
    "input_hash",
    "shard_lines",
    "storage",
]

SCHEMA = "sitrep.shard/1"
INDEX = "index.json"
INDEX_SCHEMA = "sitrep.extract/1"
FILE_LIMIT = 512 << 20
"""Largest shard file read back: a shard of a few MB of articles writes about as
much again; anything far larger is not one sitrep wrote."""


class Damaged(SitrepError):
    """A shard file or index that is not what sitrep writes (cut short, edited)."""


@dataclass(frozen=True)
class Storage:
    """Where the output shards live: an fsspec filesystem and a folder on it."""

    fs: Any
    root: str
    url: str
    """As the user gave it, for messages."""
    options: tuple[tuple[str, Any], ...] = ()

    def path(self, name: str) -> str:
        return f"{self.root.rstrip('/')}/{name}"

    def read(self, name: str) -> bytes:
        """The bytes of ``name``, at most :data:`FILE_LIMIT` (a local file: never a
        link, a FIFO or a device, as every file sitrep reads back)."""
        path = self.path(name)
        if isinstance(self.fs, LocalFileSystem):
            return read_regular(path, FILE_LIMIT)
        if self.fs.size(path) > FILE_LIMIT:
            raise Damaged(f"{self.url}/{name}: larger than {FILE_LIMIT >> 20} MB")
        data: bytes = self.fs.cat_file(path)
        return data

    def exists(self, name: str) -> bool:
        return bool(self.fs.exists(self.path(name)))

    def write(self, name: str, data: bytes) -> None:
        """``data`` into ``name``, whole or not at all (written aside, then moved)."""
        self.fs.makedirs(self.root, exist_ok=True)
        tmp = self.path(f".{name}.tmp-{uuid.uuid4().hex}")
        try:
            self.fs.pipe_file(tmp, data)
            if isinstance(self.fs, LocalFileSystem):  # a rename, never into a folder
                os.replace(tmp, self.path(name))
            else:
                self.fs.mv(tmp, self.path(name))
        except BaseException:
            with contextlib.suppress(OSError):
                self.fs.rm_file(tmp)
            raise


def storage(url: str, options: dict[str, Any] | None = None) -> Storage:
    """The storage at ``url`` (a path, or any URL fsspec knows)."""
    try:
        fs, root = fsspec.core.url_to_fs(url, **(options or {}))
    except (ImportError, ValueError) as exc:
        raise SitrepError(f"cannot use {url} for the shards: {exc}") from exc
    return Storage(fs, root, url, tuple(sorted((options or {}).items())))


# ----------------------------------------------------------------------------- records


def input_hash(reads: Sequence[Read], version: str) -> str:
    """sha256 of the extractor version, the model and what ingest made of every entry."""
    h = hashlib.sha256()
    for part in (SCHEMA, version, MODEL_FINGERPRINT):
        h.update(part.encode() + b"\0")
    for read in reads:
        o = read.outcome
        fields: list[Any] = [read.rel, read.article_id, o.status, o.reason]
        if o.draft is not None:
            d = o.draft
            fields += [d.title, d.text, d.published, d.source, d.url, d.content_hash, d.warnings]
        data = json.dumps(fields, default=str, ensure_ascii=False).encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "big") + data)
    return h.hexdigest()


def _record(read: Read, coded: CodedArticle | None) -> dict[str, Any]:
    o = read.outcome
    rec: dict[str, Any] = {"rel": read.rel, "id": read.article_id, "status": o.status}
    if o.draft is None:
        rec["reason"] = o.reason
        return rec
    rec["status"] = "article"
    rec["warnings"] = list(o.draft.warnings)
    rec["content_hash"] = o.draft.content_hash
    if coded is not None:
        rec["coded"] = coded_to_dict(replace(coded, article=replace(coded.article, text="")))
    else:  # a copy of an article earlier in the shard: its record is made from the original's
        rec["draft"] = {
            "title": o.draft.title,
            "published": o.draft.published.isoformat() if o.draft.published else None,
            "source": o.draft.source,
            "url": o.draft.url,
        }
    return rec


Entry = tuple[Read, CodedArticle | None]
"""One entry of a shard as :func:`load_shard` reads it back: what ingest made of
it and, for an article, its extracted record (None for a copy of an article
before it in the shard)."""


def _pairs(reads: Sequence[Read], coded: Iterable[CodedArticle]) -> list[Entry]:
    """Each entry with its extracted record, as both the file and :func:`entries` hold them."""
    by_id = {c.article.id: c for c in coded}
    return [(r, by_id.get(r.article_id) if r.outcome.draft else None) for r in reads]


def shard_lines(
    reads: Sequence[Read], coded: Iterable[CodedArticle], header: dict[str, Any]
) -> bytes:
    """The shard file: header, one line per entry, end line."""
    lines = [json.dumps({"schema": SCHEMA, **header}, sort_keys=True)]
    for read, record in _pairs(reads, coded):
        lines.append(json.dumps(_record(read, record), ensure_ascii=False, sort_keys=True))
    lines.append(json.dumps({"end": len(reads)}))
    return ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")


def entries(reads: Sequence[Read], coded: Iterable[CodedArticle]) -> list[Entry]:
    """What :func:`load_shard` reads back from the file :func:`shard_lines` makes of the
    same arguments, made without the file: the texts left out (as the file leaves
    them out), everything else as it is.

    A task hands these to the client with its result, so a shard extracted in this
    run is not decoded from its file again: decoding a record and checking it
    against the vocabularies costs about 1 ms an article, which was most of the
    client's work (pickled, they cost a third of that)."""
    out: list[Entry] = []
    for read, record in _pairs(reads, coded):
        o = read.outcome
        if o.draft is None:
            skipped = Outcome(status=o.status, reason=o.reason)
            out.append((Read(read.rel, read.article_id, skipped), None))
            continue
        d = o.draft
        fields = (d.title, d.published, d.source, d.url)
        if record is not None:  # the file keeps these of the record only (see _entry)
            a = record.article
            fields = (a.title, a.published, a.source, a.url)
            record = replace(record, article=replace(a, text=""))
        title, published, source, url = fields
        draft = Draft(title, "", published, source, url, d.content_hash, list(d.warnings))
        out.append((Read(read.rel, read.article_id, Outcome(draft=draft)), record))
    return out


def _lines(store: Storage, name: str) -> tuple[dict[str, Any], list[Any]]:
    """Header and entry lines of a complete shard file; raises Damaged or OSError."""
    try:
        text = store.read(name).decode("utf-8", "surrogatepass")
        lines = [json.loads(line) for line in text.splitlines()]
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise Damaged(f"{store.url}/{name}: not a shard file ({exc})") from exc
    if len(lines) < 2 or not all(isinstance(x, dict) for x in lines):
        raise Damaged(f"{store.url}/{name}: not a shard file")
    header, body, end = lines[0], lines[1:-1], lines[-1]
    if header.get("schema") != SCHEMA or end != {"end": len(body)}:
        raise Damaged(f"{store.url}/{name}: cut short or not a shard file")
    return header, body


def is_done(store: Storage, name: str, expected: dict[str, Any]) -> bool:
    """Whether ``name`` exists, is whole, and its header is ``expected`` (same
    extractor, model and input): then the shard need not run again."""
    try:
        header, _ = _lines(store, name)
    except (OSError, SitrepError):
        return False
    return header == {"schema": SCHEMA, **expected}


def load_shard(store: Storage, name: str) -> list[Entry]:
    """Every entry of a shard file: what ingest made of it and, for an article,
    its extracted record (None for a copy of an article before it in the shard).
    Raises :class:`Damaged` naming the file for anything sitrep could not have written."""
    try:
        _, body = _lines(store, name)
    except OSError as exc:
        raise Damaged(f"cannot read {store.url}/{name}: {exc.strerror or exc}") from exc
    out = []
    for n, rec in enumerate(body, start=1):
        try:
            out.append(_entry(rec))
        except (KeyError, TypeError, ValueError, CodecError) as exc:
            raise Damaged(f"{store.url}/{name}: entry {n} is damaged ({exc})") from exc
    return out


def _entry(rec: dict[str, Any]) -> tuple[Read, CodedArticle | None]:
    rel, article_id, status = rec["rel"], rec["id"], rec["status"]
    if not (isinstance(rel, str) and isinstance(article_id, str)):
        raise TypeError("rel and id must be text")
    if status != "article":
        if status not in ("skipped", "failed") or not isinstance(rec["reason"], str):
            raise ValueError(f"unknown status {status!r}")
        return Read(rel, article_id, Outcome(status=status, reason=rec["reason"])), None
    warnings = rec["warnings"]
    if not (isinstance(warnings, list) and all(isinstance(w, str) for w in warnings)):
        raise TypeError("warnings must be a list of text")
    coded: CodedArticle | None = None
    if "coded" in rec:
        coded = coded_from_dict(rec["coded"])
        problem = coded_problem(coded)
        if problem is not None or coded.article.id != article_id or coded.article.path != rel:
            raise ValueError(problem or "the record is not this entry's")
        a = coded.article
        fields = (a.title, a.published, a.source, a.url)
    else:
        d = rec["draft"]
        raw = d["published"]
        published = dt.date.fromisoformat(raw) if isinstance(raw, str) else None
        fields = (d["title"], published, d["source"], d["url"])
        if not all(isinstance(f, str | None) for f in (fields[0], fields[2], fields[3])):
            raise TypeError("draft fields must be text")
    content_hash = rec["content_hash"]
    if not isinstance(content_hash, str):
        raise TypeError("content_hash must be text")
    draft = Draft(fields[0], "", fields[1], fields[2], fields[3], content_hash, list(warnings))
    return Read(rel, article_id, Outcome(draft=draft)), coded


# ----------------------------------------------------------------------------- the index


def write_index(store: Storage, names: Sequence[str], version: str, seen: int) -> None:
    doc = {
        "schema": INDEX_SCHEMA,
        "extractor": version,
        "model": MODEL_FINGERPRINT,
        "entries": seen,
        "shards": list(names),
    }
    store.write(INDEX, (json.dumps(doc, indent=1) + "\n").encode())


def read_index(store: Storage) -> list[str]:
    """The shard names of a finished extraction, in path order."""
    try:
        doc = json.loads(store.read(INDEX))
    except OSError as exc:
        raise SitrepError(
            f"not the output of `sitrep extract --dask`: no readable {store.url}/{INDEX} "
            f"({exc.strerror or exc})"
        ) from exc
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise Damaged(f"{store.url}/{INDEX}: not an index ({exc})") from exc
    names = doc.get("shards") if isinstance(doc, dict) else None
    if doc.get("schema") != INDEX_SCHEMA or not isinstance(names, list):
        raise Damaged(f"{store.url}/{INDEX}: not an index of sitrep.extract/1")
    if doc.get("model") != MODEL_FINGERPRINT:
        raise SitrepError(
            f"{store.url} was written by another version of sitrep: run `sitrep extract` again"
        )
    if not all(isinstance(n, str) and _is_shard_name(n) for n in names):
        raise Damaged(f"{store.url}/{INDEX}: a shard name that sitrep does not write")
    return names


def _is_shard_name(name: str) -> bool:
    stem = name.removesuffix(".jsonl")
    return (
        name.endswith(".jsonl")
        and stem.startswith("shard-")
        and len(stem) == 22
        and all(c in "0123456789abcdef" for c in stem[6:])
    )
