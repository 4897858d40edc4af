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

Kept in ``CACHE/events/``: one JSON file per governorate block (its groups' events,
each incident named by its article id and id, and near misses), so a build rewrites
only the files of the governorates whose groups changed. Like every cache of
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
from generator.events.merge import Event, NearMiss, merge_incidents, near_misses
from generator.model import CodedArticle, Faction, Incident
from generator.safety.safeio import read_regular, write_quietly

__all__ = ["FOLDER", "MergeMemo"]

FOLDER = "events"
"""Under the cache folder."""
_FORMAT = 1
_FILE_LIMIT = 512 << 20

_Entry = dict[str, Any]


def _is_hex(text: str) -> bool:
    return all(ch in string.hexdigits for ch in text)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


class MergeMemo:
    """One build's merge through the memo: :meth:`merge` stands for
    :func:`~generator.events.merge.merge_incidents` (same arguments, same events);
    :attr:`near_misses` then holds what
    :func:`~generator.events.merge.near_misses` gives for those events;
    :meth:`save` keeps this build's groups for the next one."""

    def __init__(self, cache_dir: Path | None, code: str) -> None:
        self.folder = cache_dir / FOLDER if cache_dir is not None else None
        self.code = code
        self.near_misses: tuple[NearMiss, ...] | None = None
        self.groups = 0
        """Groups of the last :meth:`merge`."""
        self.merged = 0
        """Of them, merged afresh (not in the memo)."""
        self._old: dict[str, dict[str, _Entry]] = {}
        self._new: dict[str, dict[str, _Entry]] = {}

    # ------------------------------------------------------------------ the files
    def _path(self, shard: str) -> Path:
        assert self.folder is not None
        return self.folder / f"{_digest(shard)[:20]}.json"

    def _load(self, shard: str) -> dict[str, _Entry]:
        if shard in self._old:
            return self._old[shard]
        entries: dict[str, _Entry] = {}
        if self.folder is not None:
            try:
                doc = json.loads(read_regular(self._path(shard), _FILE_LIMIT))
                if isinstance(doc, dict) and doc.get("format") == _FORMAT:
                    groups = doc.get("groups")
                    if isinstance(groups, dict):
                        entries = groups
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
            doc = {"format": _FORMAT, "groups": groups}
            write_quietly(self._path(shard), json.dumps(doc, ensure_ascii=False, sort_keys=True))
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
        from generator.cluster.blocks import NO_GOVERNORATE, blocks, put_together

        coded = list(coded)
        incidents = {(i.article_id, i.id): i for c in coded for i in c.incidents}
        kept_apart = frozenset(alone)
        factions_key = _digest(repr(sorted((factions or {}).items())))
        parts: list[tuple[list[Event], list[NearMiss]]] = []
        self._new = {}
        self.groups = self.merged = 0
        for block in blocks(coded):
            ids = sorted(i.id for c in block.articles for i in c.incidents if i.id in kept_apart)
            key = _digest(repr((_FORMAT, self.code, factions_key, ids, block.articles)))
            shard = NO_GOVERNORATE if block.name == NO_GOVERNORATE else block.name.split()[0]
            entry = self._load(shard).get(key)
            got = _decode(entry, incidents) if entry is not None else None
            if got is None or entry is None:
                events = merge_incidents(block.articles, factions, alone=ids)
                got = (list(events), list(near_misses(block.articles, events, factions)))
                entry = _encode(*got)
                self.merged += 1
            self.groups += 1
            self._new.setdefault(shard, {})[key] = entry
            parts.append(got)
        events, misses = put_together(parts)
        self.near_misses = misses
        return events


def _encode(events: list[Event], misses: list[NearMiss]) -> _Entry:
    out = []
    for event in events:
        data = to_json(replace(event, incidents=()))
        data["incidents"] = [[i.article_id, i.id] for i in event.incidents]
        out.append(data)
    return {"events": out, "misses": [to_json(m) for m in misses]}


def _decode(
    entry: Any, incidents: Mapping[tuple[str, str], Incident]
) -> tuple[list[Event], list[NearMiss]] | None:
    """The events and near misses of a memo entry, each event's incidents the objects
    of this build; None when the entry does not decode."""
    try:
        events = []
        for data in entry["events"]:
            members = tuple(incidents[(a, i)] for a, i in data["incidents"])
            event = from_json(Event, {**data, "incidents": []})
            events.append(replace(event, incidents=members))
        misses = [from_json(NearMiss, m) for m in entry["misses"]]
    except (CodecError, KeyError, TypeError, ValueError):
        return None
    return events, misses
