"""The last build's extractions in one file: loaded in one read, decoded cheaply.

A build whose articles are all in the cache still read one cache entry per article
(:mod:`generator.cache.store`: open, read, parse, decode every nested value, check
it against the vocabularies, then share its repeated values), about 0.4 CPU ms an
article, every build, for extractions that did not change. So a build keeps the
extractions of the articles it built in one file, the *pack*, and the next build
takes an article's extraction from there when its cache key is the same.

The pack holds each distinct place, toll and list of rule names once, in tables,
and each incident as a row of its fields in the model's order (a table's index
where the field is a place, a toll or rule names): a place shared by a thousand
incidents is decoded and checked once, and the rows decode straight into
``Incident`` without a dict per value. Every value is checked as the cache checks
an entry (:func:`generator.cache.vocabulary.coded_problem`): the pack is a file
in the cache folder, which anyone with write access can edit, and its values reach
the pages. A table value that fails its check makes the whole pack no pack; an
entry that fails is a miss (the per-article entry is read, or the article
extracted, as without a pack).

An entry is used only under its cache key (:func:`generator.cache.store.cache_key`:
the extractor version, the model and every field extraction reads) and for the
article id it was extracted for; the article itself is always the current one.
The pack is kept in the cache folder (``CACHE/pack/``, one folder of segments per
articles folder, each segment written aside, then renamed), written only by a build
whose keys differ from the ones it read, and only a hint: a segment that is missing,
too large or does not decode is none, and the per-article entries stay the cache of
record.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import sys
from collections.abc import Callable, Iterable
from contextlib import suppress
from pathlib import Path
from typing import Any

from generator.cache.codec import (
    MODEL_FINGERPRINT,
    CodecError,
    field_decoder,
    field_hints,
    from_json,
    to_json,
)
from generator.cache.store import is_hex
from generator.cache.vocabulary import coded_problem, shared_problem, vocabulary
from generator.compact import Compactor
from generator.model import Article, Casualties, CodedArticle, Incident, Place, Why
from generator.safety.safeio import json_pieces, read_regular, write_named

__all__ = ["FOLDER", "Pack"]

FOLDER = "pack"
"""Under the cache folder."""
_FORMAT = 1
_LIMIT = 4 << 30
"""Largest pack read (one for 100,000 articles is about 0.3 GB)."""

_TABLED: dict[Any, str] = {Place: "places", Casualties: "tolls", Why: "whys"}
"""The kinds of value kept once per distinct value, and the name of their table."""

_Spec = tuple[str, Callable[[Any], Any], "type | None", "str | None"]
"""A field of a row: name, decoder, the type that needs no decoding, its table."""


def _specs(cls: Any, leave_out: tuple[str, ...] = ()) -> list[_Spec]:
    hints = field_hints(cls)
    out: list[_Spec] = []
    for f in dataclasses.fields(cls):
        if f.name in leave_out:
            continue
        hint = hints[f.name]
        decode, exact = field_decoder(hint)
        out.append((f.name, decode, exact, _TABLED.get(hint)))
    return out


class _Layout:
    """The fields of an incident row and of an entry, from the model (a field added
    to it is carried without touching this file; the model's fingerprint is in
    the pack's header, so a pack of another model is none)."""

    def __init__(self) -> None:
        self.incident = _specs(Incident)
        self.entry = _specs(CodedArticle, leave_out=("article",))


_layout: _Layout | None = None


def _get_layout() -> _Layout:
    global _layout
    if _layout is None:
        _layout = _Layout()
    return _layout


def _folder(cache_dir: Path, root: Path) -> Path:
    digest = hashlib.sha256(str(Path(root).resolve()).encode("utf-8", "surrogateescape"))
    return cache_dir / FOLDER / digest.hexdigest()[:32]


SEGMENTS_MAX = 8
"""Segments a pack may have before a build writes it again as one."""
DEAD_SHARE = 0.25
"""Share of a pack's entries no longer any article's (removed or edited articles)
above which a build writes it again as one segment, without them."""


def _segment_name(name: str) -> bool:
    return name.endswith(".json") and is_hex(name[:-5], 32)


def _row_value(tables: dict[str, list[Any]], table: str, index: Any) -> Any:
    values = tables[table]
    if type(index) is not int or not 0 <= index < len(values):
        raise ValueError(f"no row {index!r} in the {table} table")
    return values[index]


class Pack:
    """The pack of one articles folder: :meth:`load` stands for
    :func:`generator.cache.store.load`; :meth:`note` and :meth:`save` keep this build's
    extractions for the next one. Values come out shared through ``compactor``
    (:mod:`generator.compact`), as the build holds them.

    A pack is a folder of *segments*, each a self-contained file (its tables and its
    entries): a build that added a few articles writes their entries as a new
    segment, not the whole pack again (encoding 20,000 articles' extractions is a few
    CPU seconds); a build whose pack has :data:`SEGMENTS_MAX` segments, or more than
    :data:`DEAD_SHARE` entries no article has any more, writes it again as one."""

    def __init__(
        self, cache_dir: Path | None, root: Path, version: str, compactor: Compactor | None = None
    ) -> None:
        self.version = version
        self.compactor = compactor or Compactor()
        self.folder = _folder(cache_dir, root) if cache_dir is not None else None
        self.hits = 0
        self._entries: dict[str, tuple[Any, dict[str, list[Any]]]] = {}
        """key -> (the entry as read, the tables of its segment)."""
        self._segments: list[Path] = []
        self._stored = 0
        """Entries in the segments read (a key in two counts twice)."""
        self._taken: set[str] = set()
        self._missed = False
        self._noted: list[tuple[str, CodedArticle]] = []
        self._vocab = vocabulary() if cache_dir is not None else None
        if self.folder is None:
            return
        try:
            names = sorted(n for n in os.listdir(self.folder) if _segment_name(n))
        except OSError:
            return
        for name in names:
            path = self.folder / name
            try:
                self._open(path, json.loads(read_regular(path, _LIMIT)))
            except (OSError, ValueError, TypeError, KeyError, RecursionError):
                self._missed = True  # written again as one, without it
            self._segments.append(path)

    def _open(self, path: Path, doc: Any) -> None:
        if not isinstance(doc, dict):
            raise ValueError("a segment is an object")
        head = (doc.get("format"), doc.get("model"), doc.get("version"))
        if head != (_FORMAT, MODEL_FINGERPRINT, self.version):
            raise ValueError("a segment of another pack")
        vocab = self._vocab
        share: dict[str, Callable[[Any], Any]] = {
            "places": self.compactor.place,
            "tolls": self.compactor.counts,
            "whys": self.compactor.why,
        }
        tables = {}
        for cls, name in _TABLED.items():
            values = []
            for data in doc["tables"][name]:
                value = from_json(cls, data)  # raises CodecError, a ValueError
                problem = shared_problem(value, vocab)
                if problem is not None:
                    raise ValueError(f"pack table {name}: {problem}")
                values.append(share[name](value))
            tables[name] = values
        entries = doc["entries"]
        if not isinstance(entries, dict):
            raise ValueError("pack entries are not an object")
        self._stored += len(entries)
        for key, raw in entries.items():
            self._entries[key] = (raw, tables)

    def __len__(self) -> int:
        """Entries not taken yet."""
        return len(self._entries)

    def load(self, key: str, article: Article) -> CodedArticle | None:
        """The extraction kept under ``key`` with ``article`` as its article, or None
        (no such entry, or one that does not decode or check)."""
        found = self._entries.pop(key, None)
        if found is None:
            return None
        raw, tables = found
        try:
            coded = self._decode(raw, tables, article)
        except (CodecError, ValueError, TypeError, IndexError, KeyError):
            coded = None
        assert self._vocab is not None
        if coded is None or coded_problem(coded, self._vocab, shared_checked=True) is not None:
            self._missed = True
            return None
        self.hits += 1
        self._taken.add(key)
        return coded

    def _decode(self, raw: Any, tables: dict[str, list[Any]], article: Article) -> CodedArticle:
        layout = _get_layout()
        if type(raw) is not list or len(raw) != len(layout.entry) + 1 or raw[0] != article.id:
            raise ValueError("not an entry of this article")
        aid = article.id
        fields: dict[str, Any] = {}
        for (name, decode, exact, table), value in zip(layout.entry, raw[1:], strict=True):
            if name == "incidents":
                if type(value) is not list:
                    raise ValueError("incidents are not a list")
                fields[name] = tuple(self._incident(row, tables, aid) for row in value)
            elif table is not None:
                fields[name] = _row_value(tables, table, value)
            elif exact is None or type(value) is not exact:
                fields[name] = decode(value)
            else:
                fields[name] = value
        return CodedArticle(article=article, **fields)

    def _incident(self, row: Any, tables: dict[str, list[Any]], aid: str) -> Incident:
        specs = _get_layout().incident
        if type(row) is not list or len(row) != len(specs):
            raise ValueError("an incident row of another length")
        text = sys.intern
        date = self.compactor.date
        args: list[Any] = []
        for (name, decode, exact, table), value in zip(specs, row, strict=True):
            if table is not None:
                value = _row_value(tables, table, value)
            elif exact is None or type(value) is not exact:
                value = decode(value)
            if type(value) is str:
                value = aid if name == "article_id" and value == aid else text(value)
            elif type(value) is dt.date:
                value = date(value)
            args.append(value)
        return Incident(*args)

    def note(self, keys: Iterable[str], coded: Iterable[CodedArticle]) -> None:
        """This build's extractions under their keys (failed ones are left out: never
        cached), for :meth:`save`."""
        self._noted += [(k, c) for k, c in zip(keys, coded, strict=True) if c.error is None]

    def save(self) -> None:
        """Keep the extractions noted: those the pack did not give as a new segment,
        or the whole pack again as one segment (see the class)."""
        if self.folder is None:
            return
        live = {k for k, _ in self._noted}
        dead = self._stored - len(self._taken)
        whole = (
            self._missed
            or not self._segments
            or len(self._segments) >= SEGMENTS_MAX
            or dead > DEAD_SHARE * max(1, len(live))
        )
        noted = self._noted if whole else [(k, c) for k, c in self._noted if k not in self._taken]
        if not noted and not whole:
            return
        # Written as it is encoded and named by its hash as written (the pack of a
        # 100,000-article archive made whole, hashed and encoded took the build's
        # peak from 1.6 to 2.25 GB).
        path = write_named(
            self.folder, json_pieces(self._encode(noted)), lambda digest: digest[:32] + ".json"
        )
        if whole and path is not None and path.is_file():
            for old in self._segments:
                if old != path:
                    with suppress(OSError):
                        old.unlink()

    def _encode(self, noted: list[tuple[str, CodedArticle]]) -> dict[str, Any]:
        layout = _get_layout()
        tables: dict[str, list[Any]] = {name: [] for name in _TABLED.values()}
        by_id: dict[int, int] = {}
        by_value: dict[tuple[str, str], int] = {}

        def index(table: str, value: Any) -> int:
            at = by_id.get(id(value))
            if at is None:
                data = to_json(value)
                # by the JSON a value is written as: 36 and 36.0 are equal, not the same
                seen = (table, json.dumps(data, sort_keys=True))
                at = by_value.get(seen)
                if at is None:
                    at = by_value[seen] = len(tables[table])
                    tables[table].append(data)
                by_id[id(value)] = at
            return at

        def row(value: Any, specs: list[_Spec]) -> list[Any]:
            out: list[Any] = []
            for name, _, _, table in specs:
                v = getattr(value, name)
                if table is not None:
                    out.append(index(table, v))
                elif name == "incidents":
                    out.append([row(i, layout.incident) for i in v])
                else:
                    out.append(to_json(v))
            return out

        entries = {k: [c.article.id, *row(c, layout.entry)] for k, c in noted}
        return {
            "format": _FORMAT,
            "model": MODEL_FINGERPRINT,
            "version": self.version,
            "tables": tables,
            "entries": entries,
        }
