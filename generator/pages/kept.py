"""Records of the large downloads kept between builds, as the bytes last written.

The downloads (``incidents.json``, the three CSVs, the GeoJSON) are made whole on
every build that changes anything (224 MB at 20,000 articles, ``incidents.json`` 146
MB of it), and encoding them was about a fifth of an add-one ``sitrep build`` at
2,000 articles, for records that did not change. So a build notes where each keyed
record (a record of ``incidents.json``, a row of a CSV, a feature) lies in the file
it wrote, its byte range under a key of what the record is made of, and the next
build copies the bytes of a record whose key is the same from that file instead of
encoding it again: an added article encodes its own records and its events', and
the rest is read back.

The ranges are kept in the cache folder (``CACHE/downloads/``, one file per docs
folder) with the mode, size, times and inode of the file they describe, compared
on the open file: a download edited, replaced or removed since (even with its size
and time put back: the change time moves) is no source, and each of its records is
encoded again. Like every cache of sitrep's, the index is only a hint: one that is
missing, too large, or does not decode is no index. The index holds the code
fingerprint of the build (every file of the ``generator`` package, the templates,
the corrections): a change of the extractor or of the pages' code encodes
everything again.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import sys
from array import array
from collections.abc import Callable, Iterable, Iterator
from itertools import count
from pathlib import Path
from typing import Any

from generator.safety.safeio import read_regular, stat_row, write_quietly

__all__ = ["FOLDER", "KeptRecords"]

FOLDER = "downloads"
"""Under the cache folder."""
_FORMAT = 2
_INDEX_LIMIT = 256 << 20


_OPEN = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def _open_as(path: Path, row: list[int]) -> int | None:
    """The file at ``path`` opened (no link followed), if it is the one ``row``
    describes (any write since moves its change time, a new file has another inode)."""
    try:
        fd = os.open(path, _OPEN)
    except OSError:
        return None
    try:
        if stat_row(os.fstat(fd)) == row:
            return fd
    except OSError:
        pass
    os.close(fd)
    return None


class KeptRecords:
    """One build's downloads through the index: :meth:`text` gives a record's text
    (the last build's bytes when its key is the same, else ``make()``), and
    :meth:`track` wraps a download's pieces to note where each record lands;
    :meth:`save` keeps the new ranges once the files are written."""

    def __init__(self, cache_dir: Path | None, docs: Path, code: str) -> None:
        self.docs = docs
        self.code = code
        self.path: Path | None = None
        self.asked = 0
        """Records asked for through :meth:`text` (for tests and profiles)."""
        self.reused = 0
        """Of them, copied from the last build's files."""
        self._old: dict[str, tuple[list[int], dict[str, int], array[int]]] = {}
        """File -> (its stat when written, key -> record number, the records' byte
        ranges: start, end, start, ...)."""
        self._fd: int | None = None
        self._new: dict[str, tuple[list[str], array[int]]] = {}
        """File -> the keys of its records, in order, and their byte ranges (start,
        end, start, ...): an array, not a list per record (at 20,000 articles the
        downloads hold 316,000 records; as [key, start, end] lists the ranges were
        ~134 bytes a record more)."""
        self._current: str | None = None
        self._pending: tuple[str, str] | None = None
        if cache_dir is None:
            return
        digest = hashlib.sha256(str(docs.resolve()).encode("utf-8", "surrogateescape"))
        self.path = cache_dir / FOLDER / f"{digest.hexdigest()[:32]}.json"
        self._old = self._load()

    def _load(self) -> dict[str, tuple[list[int], dict[str, int], array[int]]]:
        assert self.path is not None
        try:
            doc = json.loads(read_regular(self.path, _INDEX_LIMIT))
            if not isinstance(doc, dict) or doc.get("format") != _FORMAT:
                return {}
            if doc.get("code") != self.code:
                return {}
            out = {}
            for rel, entry in doc["files"].items():
                keys = entry["keys"]
                spans = array("q", base64.b64decode(entry["spans"], validate=True))
                if sys.byteorder != "little":
                    spans.byteswap()
                if type(keys) is not list or len(spans) != 2 * len(keys):
                    return {}
                # key -> its record's number (made in C: a dict of tuples, one a
                # record, took most of reading the index)
                out[rel] = ([int(n) for n in entry["stat"]], dict(zip(keys, count())), spans)
            return out
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            return {}

    def track(self, rel: str, pieces: Iterable[str]) -> Iterator[str]:
        """``pieces`` (the download at ``rel`` under docs/, as written), noting the byte
        range of each piece that is a record :meth:`text` gave while they were made."""
        self._current = rel
        keys: list[str] = []
        spans = array("q")
        self._new[rel] = (keys, spans)
        offset = 0
        old = self._old.get(rel)
        self._fd = _open_as(self.docs / rel, old[0]) if old is not None else None
        try:
            for piece in pieces:
                size = len(piece.encode("utf-8"))
                pending = self._pending
                if pending is not None and pending[1] is piece:
                    keys.append(pending[0])
                    spans.append(offset)
                    spans.append(offset + size)
                self._pending = None
                offset += size
                yield piece
        finally:
            if self._fd is not None:
                os.close(self._fd)
            self._fd = None
            self._current = None
            self._pending = None
            # This file's old ranges are read no more: not held while the rest is
            # written and the new index saved (at 100,000 articles the old index
            # decoded is some hundred MB).
            self._old.pop(rel, None)

    def text(self, key: str, make: Callable[[], str]) -> str:
        """A record's text: the bytes the last build wrote under ``key`` in the same
        file, or ``make()``. The caller yields it as one piece of :meth:`track`."""
        rel = self._current
        self.asked += 1
        fd = self._fd
        n = self._old[rel][1].get(key) if fd is not None and rel is not None else None
        text: str | None = None
        if n is not None and fd is not None and rel is not None:
            spans = self._old[rel][2]
            start, end = spans[2 * n], spans[2 * n + 1]
            try:
                data = os.pread(fd, end - start, start)
                if len(data) == end - start:
                    text = data.decode("utf-8")
                    self.reused += 1
            except (OSError, ValueError):  # a negative range, or bytes not UTF-8
                text = None
        if text is None:
            text = make()
        if rel is not None:
            self._pending = (key, text)
        return text

    def save(self) -> None:
        """Keep the ranges of the files just written (their stat as they are now)."""
        if self.path is not None:
            write_quietly(self.path, self._index())

    def _index(self) -> Iterator[str]:
        """The index as JSON, a file's entry at a time (written as made, never joined
        whole: at 100,000 articles the index is tens of MB)."""
        yield _dumps({"format": _FORMAT, "code": self.code})[:-1] + ', "files": {'
        first = True
        for rel, (keys, spans) in self._new.items():
            try:
                stat = stat_row(os.lstat(self.docs / rel))
            except OSError:
                continue
            # The keys as a JSON list, the ranges as the array's bytes (base64): both
            # made in C. Written record by record as [key, start, end] lists, the
            # index took about as long to write as the downloads it describes.
            data = spans.tobytes() if sys.byteorder == "little" else _swapped(spans)
            ranges = base64.b64encode(data).decode("ascii")
            yield (
                f'{"" if first else ", "}{_dumps(rel)}: {{"stat": {_dumps(stat)}, '
                f'"keys": {_dumps(keys)}, "spans": "{ranges}"}}'
            )
            first = False
        yield "}}"


def _swapped(spans: array[int]) -> bytes:
    little = array("q", spans)
    little.byteswap()
    return little.tobytes()


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
