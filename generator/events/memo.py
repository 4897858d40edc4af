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
that reads and merges (:func:`generator.publish.record.reading_fingerprint`: every
file of the ``generator`` package but the page renderers', not the templates).
Any change there gives another key, and the group is merged again.

At 2,000 articles the merge and the near misses were about a quarter of an add-one
``sitrep build`` (both recomputed for every report); with this, an added article
merges its own groups and the rest is read back. Where reports are dense (one
governorate over decades chains into one group of 89,000 reports at 100,000
articles), a group not in the memo takes up the last merge of the groups that
shared its reports (:func:`~generator.events.merge.regroup`), if that merge was made
by the same code and factions (each file names them in its first line: a merge taken
up keeps its decisions where the change cannot reach, decisions made by the rules of
the day): each entry keeps, besides
its events and near misses, what that needs (each report's print, each event's span
of days and whether it was founded as an echo, each near miss's strength), and only
the reports the change can reach are compared again.

Kept in ``CACHE/events/``: one file per governorate block, a line per group (its
key, a tab, and its events and near misses as JSON), so a build rewrites only the
files of the governorates whose groups changed, and holds an entry as its text
until its key is asked for. An event is kept as the grouping it was made from (its
id, its reports by article id and id, and the links that joined them) and made
again from the build's reports when read back: what the key was made of, so the
same event, made of the build's own objects (decoded from JSON, every event's
strings and dates were copies: 350 MB at 100,000 articles). Like every cache of
sitrep's it is only a hint: a file that is missing, not a regular file, too large,
or does not decode, or an event its grouping does not make again, is merged afresh.
"""

from __future__ import annotations

import hashlib
import json
import os
import string
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any

from generator.cache.codec import CodecError, from_json, to_json
from generator.events.merge import (
    Before,
    Event,
    EventLink,
    Grouping,
    IncidentKey,
    NearMiss,
    ReportItem,
    event_of,
    event_of_reports,
    events_of,
    group_reports,
    rated_near_misses,
    regroup,
    report_items,
    report_key,
    span,
)
from generator.events.rules import Side
from generator.model import CodedArticle, Faction
from generator.safety.safeio import read_regular, write_quietly

__all__ = ["FOLDER", "MergeMemo"]

FOLDER = "events"
"""Under the cache folder."""
_FORMAT = 6
_FILE_LIMIT = 512 << 20
_HEADER = f"sitrep events {_FORMAT} "
"""The first line of a file, followed by the digest of the code and factions its
groups were merged with; then one line a group: its key, a tab, its entry (JSON
texts, see :func:`_encode`)."""
_SEP = "\x1e"
"""Between the JSON texts of an entry: a control character, which ``json.dumps``
always escapes, so it never occurs inside one."""


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
        self.decided = 0
        """Reports of the last :meth:`merge` whose event was decided afresh (a group
        taken up again decides only those a change can reach)."""
        self._old: dict[str, dict[str, str]] = {}
        """Each governorate's entries as its file holds them, while its blocks are merged."""
        self._old_keys: dict[str, frozenset[str]] = {}
        """The keys of each governorate's file: what :meth:`save` compares."""
        self._new: dict[str, dict[str, Sequence[str]]] = {}
        """This build's entries by governorate and key, each as its JSON texts (one
        for an entry read from the file): written joined by :data:`_SEP`, never joined
        in memory (Aleppo's at 100,000 articles is 85 MB of text)."""
        self._unchanged: set[str] = set()
        """Governorates whose groups are those their file holds: nothing to write, and
        their entries' text let go once merged (``_new`` keeps none of it)."""
        self._owners: dict[str, dict[IncidentKey, str]] = {}
        """Per governorate, the key of the entry holding each report: a group not in the
        memo parses only the entries that share its reports, and lets them go once
        merged (Aleppo's file at 100,000 articles held whole as objects set an add-one
        build's peak)."""
        self._made_with = ""
        """The digest of the code and factions of this build's merge (:meth:`merge`):
        a file made with others is not read, neither for its keys nor to be taken
        up again."""

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
                lines = read_regular(self._path(shard), _FILE_LIMIT).decode("utf-8").split("\n")
                lines.reverse()  # each line let go as its entry is kept: two copies, not three
                if lines.pop() == _HEADER + self._made_with:
                    while lines:
                        key, tab, entry = lines.pop().partition("\t")
                        if tab:
                            entries[key] = entry
            except (OSError, ValueError):
                entries = {}
        self._old[shard] = entries
        self._old_keys[shard] = frozenset(entries)
        return entries

    def _done_with(self, shard: str) -> None:
        """Let go what only ``shard``'s blocks read: its file's entries (those this
        build kept are in ``_new``) and which of them holds each report. At 100,000
        articles an add-one build peaked decoding Aleppo's group with every old
        entry's text still held."""
        self._old.pop(shard, None)
        self._owners.pop(shard, None)
        if set(self._new.get(shard, ())) == self._old_keys.get(shard):
            self._new[shard] = {}  # the file stays as it is: its text is not needed
            self._unchanged.add(shard)

    def save(self) -> None:
        """Write the governorates whose groups changed since the last build, and remove
        the files of governorates no longer merged; nothing when no merge went
        through this memo (the cluster merged), which is no "no governorate"."""
        if self.folder is None or self.near_misses is None:
            return
        for shard, groups in self._new.items():
            if shard in self._unchanged:  # every merged governorate went through _done_with
                continue  # the same groups as the file holds
            write_quietly(self._path(shard), _lines(groups, self._made_with))
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
        from generator.cluster.blocks import NO_GOVERNORATE, blocks_of, put_together

        items = report_items(coded)
        by_key = {report_key(it.side): it for it in items}
        kept_apart = frozenset(alone)
        prints = {key: _print(it, it.incident.id in kept_apart) for key, it in by_key.items()}
        factions_key = _digest(repr(sorted((factions or {}).items())))
        made_with = _digest(repr((self.code, factions_key)))[:20]
        if made_with != self._made_with:  # files read with other factions: read again
            self._old.clear()
            self._old_keys.clear()
            self._made_with = made_with
        parts: list[tuple[list[Event], list[NearMiss]]] = []
        self._new = {}
        self._unchanged = set()
        self.groups = self.merged = self.decided = 0
        blocks = blocks_of(items)
        shards = [b.name if b.name == NO_GOVERNORATE else b.name.split()[0] for b in blocks]
        left = Counter(shards)
        for block, shard in zip(blocks, shards, strict=True):
            ids = sorted(s.incident_id for s in block.sides if s.incident_id in kept_apart)
            head = (_FORMAT, self.code, factions_key, ids)
            key = _key(head, (prints[report_key(s)] for s in block.sides))
            entry = self._load(shard).get(key)
            got = _decode(entry, by_key) if entry is not None else None
            texts: Sequence[str]
            if got is None or entry is None:
                texts, got = self._merge(shard, block.sides, prints, by_key, factions, ids)
                self.merged += 1
            else:
                texts = (entry,)
            self.groups += 1
            self._new.setdefault(shard, {})[key] = texts
            parts.append(got)
            left[shard] -= 1
            if not left[shard]:
                self._done_with(shard)
        events, near = put_together(parts)
        self.near_misses = near
        return events

    def _merge(
        self,
        shard: str,
        sides: Sequence[Side],
        prints: Mapping[IncidentKey, str],
        items: Mapping[IncidentKey, ReportItem],
        factions: Mapping[str, Faction] | None,
        alone: Collection[str],
    ) -> tuple[tuple[str, ...], tuple[list[Event], list[NearMiss]]]:
        """The entry of a group not in the memo: its last merge taken up again
        (:func:`~generator.events.merge.regroup`) when the memo holds groups sharing
        reports with it, else merged afresh."""
        before = self._before(shard, {report_key(s) for s in sides})
        events: list[Event] | None = None
        if before is not None:
            try:
                again = regroup(sides, prints, before, factions, alone)
            except (KeyError, TypeError, ValueError):
                pass  # a damaged memo: merged afresh
            else:
                self.decided += again.decided
                groupings, misses = again.groupings, again.misses
                events = list(events_of(groupings, items))
            del before  # the last merge: regrouped, not needed again
        if events is None:
            self.decided += len(sides)
            groupings = group_reports(sides, factions, alone)
            misses = rated_near_misses(sides, event_of_reports(groupings), factions)
            events = list(events_of(groupings, items))
        by_key = {report_key(s): s for s in sides}
        texts = _encode(events, groupings, misses, prints, by_key)
        return texts, (events, [m for m, _ in misses])

    def _before(self, shard: str, keys: Collection[IncidentKey]) -> Before | None:
        """The last merge of the memo's groups of ``shard`` that share a report with
        ``keys`` (groups never compared with each other: together, one merge); None
        when no group shares one. Parsed here and not kept: a group's entries are
        taken up once."""
        entries = self._load(shard)
        owner = self._owners.get(shard)
        if owner is None:  # which entry of the shard holds each report: heads only
            owner = self._owners[shard] = {}
            for key, text in entries.items():
                with suppress(KeyError, TypeError, ValueError):
                    head, _ = _parts(text)
                    owner.update(dict.fromkeys(((a, i) for a, i, _ in head["prints"]), key))
        groupings: list[Grouping] = []
        prints: dict[IncidentKey, str] = {}
        spans: dict[IncidentKey, tuple[int, int]] = {}
        misses: list[tuple[NearMiss, int]] = []
        for key in sorted({owner[k] for k in keys if k in owner}):
            try:
                doc = _Last.of(entries[key])
            except (CodecError, KeyError, TypeError, ValueError):
                continue
            groupings.extend(doc.groupings)
            prints.update(doc.prints)
            spans.update(doc.spans)
            misses.extend(doc.misses)
        if not groupings:
            return None
        return Before(groupings, prints, spans, misses)


class _Last:
    """A memo entry read back as the last merge of its group."""

    def __init__(self) -> None:
        self.groupings: list[Grouping] = []
        self.prints: dict[IncidentKey, str] = {}
        self.spans: dict[IncidentKey, tuple[int, int]] = {}
        self.misses: list[tuple[NearMiss, int]] = []

    @classmethod
    def of(cls, entry: str) -> _Last:
        doc, texts = _parts(entry)
        last = cls()
        echo = set(doc["echo"])
        for text, span_ in zip(texts, doc["spans"], strict=True):
            grouping = _grouping(json.loads(text), echo)
            last.groupings.append(grouping)
            reports = grouping.reports
            if span_ is not None:
                last.spans[reports[0]] = (int(span_[0]), int(span_[1]))
        last.prints = {(a, i): p for a, i, p in doc["prints"]}
        if sorted(last.prints) != sorted(k for g in last.groupings for k in g.reports):
            raise ValueError("the prints are not the events' reports")
        last.misses = [
            (from_json(NearMiss, m), int(strength))
            for m, strength in zip(doc["misses"], doc["strength"], strict=True)
        ]
        return last


def _print(it: ReportItem, apart: bool) -> str:
    """What a report's events are made of, hashed: every field of its incident, its
    article's publication date and source (in ``repr``), and whether an analyst
    keeps it apart."""
    text = repr((it.incident, it.published, it.source, apart))
    return _digest(text)[:20]


def _key(head: object, prints: Iterable[str]) -> str:
    """The memo key of a group: ``head`` and each report's :func:`_print`."""
    digest = hashlib.sha256(repr(head).encode("utf-8", "surrogateescape"))
    for p in prints:
        digest.update(p.encode())
    return digest.hexdigest()


def _grouping(data: Mapping[str, Any], echo: Collection[str] = frozenset()) -> Grouping:
    """An event of an entry as the grouping it was made from (its reports, by article id
    and id, and its links), checked: every report after the first linked, in order."""
    reports = tuple((a, i) for a, i in data["incidents"])
    links = tuple(from_json(EventLink, link) for link in data["links"])
    if not reports or [link.incident_id for link in links] != [i for _, i in reports[1:]]:
        raise ValueError("an event's links are not its reports'")
    return Grouping(reports, links, data["id"] in echo)


def _encode(
    events: Sequence[Event],
    groupings: Sequence[Grouping],
    misses: Sequence[tuple[NearMiss, int]],
    prints: Mapping[IncidentKey, str],
    sides: Mapping[IncidentKey, Side],
) -> tuple[str, ...]:
    """An entry's JSON texts: the events, each as the grouping it was made from (its
    id, its reports by article id and id, its links: the event is made again from
    this build's reports, :func:`_decode`), and what taking the merge up again
    needs: each event's span of days, the events founded as echoes, each report's
    print, each near miss's strength.

    A JSON text of all but the events, then one JSON text per event, joined by
    :data:`_SEP` only as the file is written (:func:`_lines`). Read back an event at
    a time (:func:`_parts`), Aleppo's group of 89,000 reports at 100,000 articles
    (85 MB) is never one Python object tree (an add-one build peaked at 2.08 GB
    decoding it whole)."""
    texts = [""]  # the head's place: it needs every event's span
    spans = []
    for event in events:  # each event's JSON text made as it is encoded, not held
        data = {
            "id": event.id,
            "incidents": [[i.article_id, i.id] for i in event.incidents],
            "links": [to_json(link) for link in event.links],
        }
        texts.append(json.dumps(data, ensure_ascii=False, sort_keys=True))
        found = span(sides[(i.article_id, i.id)] for i in event.incidents)
        spans.append(list(found) if found is not None else None)
    doc = {
        "spans": spans,
        "echo": sorted(g.id for g in groupings if g.echo),
        "prints": [[a, i, prints[(a, i)]] for a, i in sorted(sides)],
        "misses": [to_json(m) for m, _ in misses],
        "strength": [strength for _, strength in misses],
    }
    texts[0] = json.dumps(doc, ensure_ascii=False, sort_keys=True)
    return tuple(texts)


def _parts(entry: str) -> tuple[Any, Iterator[str]]:
    """An entry's first JSON text decoded (an object, else ValueError), and its
    events' JSON texts, one at a time as they are asked for."""
    end = entry.find(_SEP)
    doc: Any = json.loads(entry if end < 0 else entry[:end])
    if not isinstance(doc, dict):
        raise ValueError("a memo entry starts with an object")
    return doc, (entry[start:stop] for start, stop in _bounds(entry))


def _bounds(entry: str) -> Iterator[tuple[int, int]]:
    """Where each event's JSON text of an entry starts and stops."""
    start = entry.find(_SEP)
    while start >= 0:
        stop = entry.find(_SEP, start + 1)
        yield start + 1, stop if stop >= 0 else len(entry)
        start = stop


def _decode(
    entry: str, reports: Mapping[IncidentKey, ReportItem]
) -> tuple[list[Event], list[NearMiss]] | None:
    """The events and near misses of a memo entry; None when the entry does not decode.

    Each event is made again from its grouping and this build's reports (those the
    key was made of: the same incidents, dates and sources), as the merge made it:
    made of this build's objects, not copies decoded from JSON (an add-one build at
    100,000 articles that decoded every event peaked 350 MB above a build merging
    every group afresh)."""
    try:
        doc, texts = _parts(entry)
        raw_misses = doc["misses"]
        del doc  # the reports' prints and spans: not needed here
        events = []
        for text in texts:  # an event's JSON read as its Event is made
            data = json.loads(text)
            event = event_of(_grouping(data), reports)
            if event.id != data["id"]:
                raise ValueError("an event made again is not the one kept")
            events.append(event)
        misses = [from_json(NearMiss, m) for m in raw_misses]
    except (CodecError, KeyError, TypeError, ValueError):
        return None
    return events, misses


def _lines(groups: Mapping[str, Sequence[str]], made_with: str) -> Iterator[str]:
    """A governorate's file: the header, then a line per group (key, tab, its entry's
    JSON texts joined by :data:`_SEP`), written a piece at a time: Aleppo's at 100,000
    articles is hundreds of MB, which joined into one string and then encoded whole
    held three copies of itself."""
    yield _HEADER + made_with
    for key in sorted(groups):
        yield f"\n{key}\t"
        for n, text in enumerate(groups[key]):
            if n:
                yield _SEP
            yield text
