"""Step 2 of a cluster extraction: the merge into events, cut into blocks that
merge alone, governorate by governorate and date window by date window.

:func:`generator.events.merge.merge_incidents` compares a report only with the
events of its governorate block (``province_block``) whose reports' windows lie
within its lookup slack, or, for a report with no window at all, with the events
of its block that name its place word. So the reports fall into groups no
comparison ever crosses:

- a report with no governorate is compared with nothing (its own event);
- within a governorate block, two reports whose windows widened by their lookup
  slack do not overlap are never compared; overlapping spans chain into one
  date window (a sweep over the spans sorted by start);
- a report with no window joins every date window of its block holding a report
  that names one of its place words.

Each group is merged on its own (:func:`merge_block`, one Dask task per batch of
groups) and the events and near misses put back together and sorted as
``merge_incidents`` and ``near_misses`` sort them: the same events, ids, links
and near misses as one merge of everything, so the JSON is byte-identical
(``tests/test_cluster_blocks.py`` checks it on every test corpus). Inside a
group the reports keep their global order, which is all the greedy clustering
and its tie-breaks look at.

This reads the merge's own keys (:func:`generator.events.merge.report_keys`:
each report's block, window, lookup days and place words), so that the blocks
follow whatever the merge compares.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import pickle
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from generator.cluster.shardfile import Storage
from generator.cluster.spill import SpilledMerge
from generator.events.merge import (
    Event,
    Grouping,
    IncidentKey,
    NearMiss,
    ReportItem,
    ReportKey,
    events_of,
    group_reports,
    near_miss_pairs,
    report_items,
    report_key_of,
)
from generator.events.rules import Side
from generator.model import CodedArticle, Faction

__all__ = [
    "Block",
    "batches",
    "blocks",
    "blocks_of",
    "merge_block",
    "merge_to_send",
    "put_together",
    "received",
    "received_file",
    "sent_file",
    "spill_block",
]

NO_GOVERNORATE = "(no governorate)"


@dataclass(frozen=True)
class Block:
    """Reports that merge among themselves and with no other, as the merge reads
    them: each report's :class:`~generator.events.rules.Side` (a few hundred bytes),
    not its incident or article. The events are built from the incidents where they
    are held (:func:`received`)."""

    name: str
    """Governorate block and date window, for messages: ``Idlib 2017-03-01..2017-03-20``."""
    sides: tuple[Side, ...]
    """In report order (empty when they are in ``file``)."""
    reports: int
    file: str | None = None
    """For a block of more than :data:`SPILL_REPORTS` reports on a cluster: the file of
    the shards' storage its sides are in (:func:`spill_block`), which the task reads a
    chunk at a time, and beside which it writes what it hands back
    (:func:`sent_file`), so that neither is ever whole in a worker's memory."""


class _Groups:
    """Union-find over report indexes."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def blocks(coded: Sequence[CodedArticle]) -> list[Block]:
    """The groups of reports of ``coded`` that merge alone (module docstring), in the
    order of their first report."""
    return blocks_of(report_items(coded))


def blocks_of(reports: Sequence[ReportItem]) -> list[Block]:
    """:func:`blocks` of the merge's reports (:func:`~generator.events.merge.report_items`)."""
    items = [report_key_of(it) for it in reports]
    groups = _Groups(len(items))
    by_block: dict[str | None, list[int]] = defaultdict(list)
    for i, item in enumerate(items):
        by_block[item.block].append(i)
    for block, members in by_block.items():
        if block is None:
            continue
        spans = []
        for i in members:
            days = items[i].lookup
            if days is not None:
                spans.append((days.start, days.stop - 1, i))
        spans.sort()
        end, first = None, -1
        for lo, hi, i in spans:
            if end is not None and lo <= end:
                groups.join(first, i)
                end = max(end, hi)
            else:
                end, first = hi, i
        # A report with no window is compared with the events naming its place word:
        # every report of the block naming that word is in its group.
        words = {w for i in members if items[i].window is None for w in items[i].place_words}
        holder: dict[str, int] = {}
        for i in members:
            for word in items[i].place_words:
                if word in words:
                    groups.join(holder.setdefault(word, i), i)
    return _made(reports, items, groups)


def _made(reports: Sequence[ReportItem], items: list[ReportKey], groups: _Groups) -> list[Block]:
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(items)):
        root = groups.find(i)
        if items[i].block is None:
            root = -1  # reports with no governorate: compared with nothing, one block
        members[root].append(i)
    out = []
    for root in sorted(members, key=lambda r: (r != -1, members[r][0])):
        idx = members[root]
        sides = tuple(reports[i].side for i in idx)
        out.append(Block(_name([items[i] for i in idx]), sides, len(idx)))
    return out


def _name(items: list[ReportKey]) -> str:
    block = items[0].block
    if block is None:
        return NO_GOVERNORATE
    windows = [it.window for it in items if it.window is not None]
    if not windows:
        return f"{block} (undated)"
    lo = dt.date.fromordinal(min(w[0] for w in windows))
    hi = dt.date.fromordinal(max(w[1] for w in windows))
    return f"{block} {lo.isoformat()}..{hi.isoformat()}"


def batches(groups: Sequence[Block], n: int) -> list[list[Block]]:
    """``groups`` in at most ``n`` batches of about as many reports each (the largest
    first into the lightest batch), for one Dask task each; the batch that costs most
    first (:func:`merge_cost`): :func:`generator.cluster.run._one_a_worker` sends
    them in that order.

    Reports bound a task's memory, not its time: the merge compares each report with
    the others of its date window, so a dense block costs far more a report than many
    small ones. At 20,000 distinct articles, a worker that had merged the biggest
    block (12.4 CPU s) then took a batch of 7,060 reports (3.5 s), while the other
    had spent its time on batches of 6,000 reports and 1 to 1.5 s each: the merge
    phase ended 4 s after the others were done."""
    bins: list[tuple[int, int, list[Block]]] = [(0, k, []) for k in range(max(1, n))]
    for b in sorted(groups, key=lambda b: -b.reports):
        load, k, held = min(bins)
        held.append(b)
        bins[k] = (load + b.reports, k, held)
    made = [held for _, _, held in bins if held]
    return sorted(made, key=merge_cost, reverse=True)  # stable: ties keep their order


def merge_cost(batch: Sequence[Block]) -> int:
    """What merging ``batch`` costs, as a number to order tasks by: the square of each
    block's reports, summed (at 20,000 distinct articles, 17,902 reports alone: 12.4
    CPU s; 10,637 reports in a few blocks: 6.4 s; 6,038 in many small ones: 1 s)."""
    return sum(b.reports * b.reports for b in batch)


SPILL_REPORTS = 30_000
"""A block of more reports is merged through :class:`~generator.cluster.spill.
SpilledMerge`, in a working set of fixed size (the same events and near misses, on
disk beside; about 1.6 to 1.8 times the CPU); a smaller one in memory. Why 30,000:
merged whole, a block costs its task about 4.5 KB a report (a real block of 89,440
reports took a worker to 423-440 MB), so at most about 135 MB here, and a worker
stays well under 500 MB; the blocks of a 20,000-article archive (17,902 reports at
most) keep the faster merge in memory, whose one serial task is what limits the
speed-up from one worker to two (at 10,000 the spilled block of that archive
brought 2 workers' throughput from 1.8 to 1.6 times one's)."""

Sent = tuple[list[Grouping], list[NearMiss]]
"""What a merge task hands back: which reports make each event and why
(:class:`~generator.events.merge.Grouping`), and the near misses."""


def merge_block(
    batch: Sequence[Block],
    factions: Mapping[str, Faction] | None,
    alone: Collection[str] = frozenset(),
    store: Storage | None = None,
) -> Sent:
    """The events (as groupings) and near misses of each block of ``batch``, merged
    alone; ``alone``: incident ids an analyst split out of their events. A block in a
    file of ``store`` (:attr:`Block.file`) hands back its own in :func:`sent_file`."""
    groupings: list[Grouping] = []
    misses: list[NearMiss] = []
    for b in batch:
        if b.file is not None:
            assert store is not None
            _merge_file(store, b.file, factions, alone)
        elif b.reports > SPILL_REPORTS:
            with SpilledMerge(factions, alone) as spilled:
                groupings.extend(spilled.groupings(b.sides))
                misses.extend(m for m, _ in spilled.near_misses(b.sides))
        else:
            found = group_reports(b.sides, factions, alone)
            event_of = {key[1]: g.id for g in found for key in g.reports}
            misses.extend(near_miss_pairs(b.sides, event_of, factions))
            groupings.extend(found)
    return groupings, misses


def merge_to_send(
    batch: Sequence[Block], factions: Mapping[str, Faction] | None, store: Storage | None = None
) -> Sent:
    """The merge task of a cluster: :func:`merge_block`. A task receives the reports'
    sides and hands back which reports make each event (their keys) and why, never an
    incident: the client holds every incident and builds the events (:func:`received`).
    A task holds its sides, the clustering's index and each event's few closest near
    misses: tens of MB for a batch of 10,000 reports; a block of more than
    :data:`SPILL_REPORTS` is read from and
    written to ``store`` a chunk at a time and merged in a working set of fixed size
    (:mod:`generator.cluster.spill`), whatever the corpus."""
    return merge_block(batch, factions, store=store)


# Files of a block spilled to the shards' storage: frames of pickles (the transport Dask
# itself uses between this process and its workers), written and deleted by one run.
SPILL_PREFIX = "merge-"
_CHUNK = 1_000


def sent_file(file: str) -> str:
    """Where the task merging the block in ``file`` writes what it hands back."""
    return f"{file}.sent"


def spill_block(store: Storage, block: Block, n: int) -> Block:
    """``block`` with its sides written to a file of ``store`` (named by ``n``, unique
    in the run) instead of held: what a task is handed for a block too large to send."""
    name = f"{SPILL_PREFIX}{n:05d}.sides"
    store.fs.makedirs(store.root, exist_ok=True)
    with store.fs.open(store.path(name), "wb") as f:
        for i in range(0, len(block.sides), _CHUNK):
            pickle.dump(block.sides[i : i + _CHUNK], f, protocol=pickle.HIGHEST_PROTOCOL)
    return replace(block, sides=(), file=name)


def _frames(store: Storage, name: str) -> Iterator[Any]:
    with store.fs.open(store.path(name), "rb") as f:
        while True:
            try:
                yield pickle.load(f)
            except EOFError:
                return


def _sides(store: Storage, name: str) -> Iterator[Side]:
    for chunk in _frames(store, name):
        yield from chunk


def _merge_file(
    store: Storage, name: str, factions: Mapping[str, Faction] | None, alone: Collection[str]
) -> None:
    with (
        SpilledMerge(factions, alone) as spilled,
        store.fs.open(store.path(sent_file(name)), "wb") as out,
    ):
        for kind, found in (
            ("groupings", spilled.groupings(_sides(store, name))),
            ("misses", (m for m, _ in spilled.near_misses(_sides(store, name)))),
        ):
            for chunk in _chunks(found):
                pickle.dump((kind, chunk), out, protocol=pickle.HIGHEST_PROTOCOL)


def _chunks(items: Iterable[Any]) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for it in items:
        chunk.append(it)
        if len(chunk) == _CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def received_file(
    store: Storage, file: str, items: Mapping[IncidentKey, ReportItem]
) -> tuple[list[Event], list[NearMiss]]:
    """What the task merging the block in ``file`` wrote back, made events with the
    reports held here, a chunk at a time; both files are removed."""
    events: list[Event] = []
    misses: list[NearMiss] = []
    for kind, chunk in _frames(store, sent_file(file)):
        if kind == "groupings":
            events.extend(events_of(chunk, items))
        else:
            misses.extend(chunk)
    for name in (file, sent_file(file)):
        with contextlib.suppress(OSError):
            store.fs.rm_file(store.path(name))
    return events, misses


def received(
    sent: Sent, items: Mapping[IncidentKey, ReportItem]
) -> tuple[list[Event], list[NearMiss]]:
    """What :func:`merge_to_send` handed back, made events with the reports held here
    (``items``: :func:`~generator.events.merge.report_items` by
    :func:`~generator.events.merge.report_key`)."""
    groupings, misses = sent
    return list(events_of(groupings, items)), misses


def put_together(
    parts: Sequence[tuple[Sequence[Event], Sequence[NearMiss]]],
) -> tuple[tuple[Event, ...], tuple[NearMiss, ...]]:
    """Every block's events and near misses, sorted as ``merge_incidents`` sorts its
    events (date, undated last, then id) and ``near_misses`` its pairs (by event ids)."""
    events = [e for part in parts for e in part[0]]
    misses = [m for part in parts for m in part[1]]
    events.sort(key=lambda e: (e.date is None, e.date or dt.date.min, e.id))
    misses.sort(key=lambda m: (m.first, m.second))
    return tuple(events), tuple(misses)
