"""Events kept between builds: the merge into events, block by block, remembered in
the cache folder, so that adding an article merges again only the blocks it falls in.

:func:`~generator.events.merge.merge_incidents` compares a report only with reports
of its governorate block whose dates can overlap; :func:`generator.cluster.blocks.blocks`
cuts the reports into the groups no comparison crosses (the Dask merge runs one task
per batch of them, and its output is byte-identical to one merge of everything). A
group's events and near misses depend on nothing but its own reports (and the
factions, the reports an analyst keeps apart, and the code), so they are kept under a
key of exactly that: the group's articles (each with only its incidents of the group,
every field of them, in ``repr``), the factions, the reports kept apart and the code
fingerprint of the build (every file of the ``generator`` package and the templates).
Any change there gives another key, and the group is merged again.

At 2,000 articles the merge and the near misses were about a quarter of an add-one
``sitrep build`` (both recomputed for every report); with this, an added article
merges its own groups and the rest is read back.

Kept in ``CACHE/events/``: one file per governorate block, a line per group (its
key, a tab, and its events, each incident named by its article id and id, and near
misses, as JSON), so a build rewrites only the files of the governorates whose
groups changed, and holds an entry as its text until its key is asked for. Like every cache of
sitrep's it is only a hint: a file that is missing, not a regular file, too large, or
does not decode is merged afresh.
"""

from __future__ import annotations

import hashlib
import json
import os
import string
from collections.abc import Collection, Iterable, Mapping
from contextlib import suppress
from dataclasses import replace
from pathlib import Path
from typing import Any

from generator.cache.codec import CodecError, from_json, to_json
from generator.events.merge import (
    Event,
    IncidentKey,
    NearMiss,
    ReportItem,
    events_of,
    report_items,
    report_key,
)
from generator.model import CodedArticle, Faction
from generator.safety.safeio import read_regular, write_quietly

__all__ = ["FOLDER", "MergeMemo"]

FOLDER = "events"
"""Under the cache folder."""
_FORMAT = 2
_FILE_LIMIT = 512 << 20
_HEADER = f"sitrep events {_FORMAT}"
"""The first line of a file; then one line a group: its key, a tab, its entry (JSON)."""


def _is_hex(text: str) -> bool:
    return all(ch in string.hexdigits for ch in text)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


class MergeMemo:
    """One build's merge through the memo: :meth:`merge` stands for
    :func:`~generator.events.merge.merge_incidents` (same arguments, same events);
    :attr:`near_misses` then holds what
    :func:`~generator.events.merge.near_misses` gives for those events;
    :meth:`save` keeps this build's groups for the next one.

    A group's entry is held as its JSON text (a few hundred bytes an event), read
    back only when its key is this build's: the memo of 100,000 articles is not
    held as Python objects."""

    def __init__(self, cache_dir: Path | None, code: str) -> None:
        self.folder = cache_dir / FOLDER if cache_dir is not None else None
        self.code = code
        self.near_misses: tuple[NearMiss, ...] | None = None
        self.groups = 0
        """Groups of the last :meth:`merge`."""
        self.merged = 0
        """Of them, merged afresh (not in the memo)."""
        self._old: dict[str, dict[str, str]] = {}
        self._new: dict[str, dict[str, str]] = {}

    # ------------------------------------------------------------------ the files
    def _path(self, shard: str) -> Path:
        assert self.folder is not None
        return self.folder / f"{_digest(shard)[:20]}.json"

    def _load(self, shard: str) -> dict[str, str]:
        if shard in self._old:
            return self._old[shard]
        entries: dict[str, str] = {}
        if self.folder is not None:
            try:
                text = read_regular(self._path(shard), _FILE_LIMIT).decode("utf-8")
                lines = text.split("\n")
                if lines[0] == _HEADER:
                    for line in lines[1:]:
                        key, tab, entry = line.partition("\t")
                        if tab:
                            entries[key] = entry
            except (OSError, ValueError):
                entries = {}
        self._old[shard] = entries
        return entries

    def save(self) -> None:
        """Write the governorates whose groups changed since the last build, and remove
        the files of governorates no longer merged; nothing when no merge went
        through this memo (the cluster merged), which is no "no governorate"."""
        if self.folder is None or self.near_misses is None:
            return
        for shard, groups in self._new.items():
            if set(groups) == set(self._old.get(shard, {})):
                continue  # the same groups as the file holds
            lines = [_HEADER, *(f"{key}\t{groups[key]}" for key in sorted(groups))]
            write_quietly(self._path(shard), "\n".join(lines))
        keep = {self._path(s).name for s in self._new}
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return
        for entry in entries:  # only files named as this module names them, no link
            name = entry.name
            ours = name.endswith(".json") and len(name) == 25 and _is_hex(name[:20])
            if ours and name not in keep and entry.is_file(follow_symlinks=False):
                with suppress(OSError):
                    os.unlink(entry.path)

    # ------------------------------------------------------------------ the merge
    def merge(
        self,
        coded: Iterable[CodedArticle],
        factions: Mapping[str, Faction] | None = None,
        *,
        alone: Collection[str] = frozenset(),
    ) -> tuple[Event, ...]:
        from generator.cluster.blocks import NO_GOVERNORATE, blocks_of, merge_block, put_together

        items = report_items(coded)
        by_key = {report_key(it.side): it for it in items}
        kept_apart = frozenset(alone)
        factions_key = _digest(repr(sorted((factions or {}).items())))
        parts: list[tuple[list[Event], list[NearMiss]]] = []
        self._new = {}
        self.groups = self.merged = 0
        for block in blocks_of(items):
            ids = sorted(s.incident_id for s in block.sides if s.incident_id in kept_apart)
            key = _key(
                (_FORMAT, self.code, factions_key, ids),
                (by_key[report_key(s)] for s in block.sides),
            )
            shard = NO_GOVERNORATE if block.name == NO_GOVERNORATE else block.name.split()[0]
            entry = self._load(shard).get(key)
            got = _decode(entry, by_key) if entry is not None else None
            if got is None or entry is None:
                groupings, found = merge_block([block], factions, ids)
                got = (list(events_of(groupings, by_key)), found)
                entry = _encode(*got)
                self.merged += 1
            self.groups += 1
            self._new.setdefault(shard, {})[key] = entry
            parts.append(got)
        events, near = put_together(parts)
        self.near_misses = near
        return events


def _key(head: object, reports: Iterable[ReportItem]) -> str:
    """The memo key of a group: ``head`` and every field of each report's incident, its
    article's publication date and source (what its events are made of), in ``repr``,
    hashed as they come (the ``repr`` of a block of 90,000 reports is never built)."""
    digest = hashlib.sha256(repr(head).encode("utf-8", "surrogateescape"))
    for it in reports:
        text = repr((it.incident, it.published, it.source))
        digest.update(text.encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _encode(events: list[Event], misses: list[NearMiss]) -> str:
    out = []
    for event in events:
        data = to_json(replace(event, incidents=()))
        data["incidents"] = [[i.article_id, i.id] for i in event.incidents]
        out.append(data)
    doc = {"events": out, "misses": [to_json(m) for m in misses]}
    return json.dumps(doc, ensure_ascii=False, sort_keys=True)


def _decode(
    entry: str, reports: Mapping[IncidentKey, ReportItem]
) -> tuple[list[Event], list[NearMiss]] | None:
    """The events and near misses of a memo entry, each event's incidents the objects
    of this build; None when the entry does not decode."""
    try:
        doc: Any = json.loads(entry)
        events = []
        for data in doc["events"]:
            members = tuple(reports[(a, i)].incident for a, i in data["incidents"])
            event = from_json(Event, {**data, "incidents": []})
            events.append(replace(event, incidents=members))
        misses = [from_json(NearMiss, m) for m in doc["misses"]]
    except (CodecError, KeyError, TypeError, ValueError):
        return None
    return events, misses
