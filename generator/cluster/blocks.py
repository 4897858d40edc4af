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

import bisect
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
    closest_of,
    event_of_reports,
    events_of,
    group_reports,
    lookup_days,
    near_miss_pairs,
    rated_near_misses,
    report_items,
    report_key_of,
    window_days,
)
from generator.events.rules import Side, province_block
from generator.model import CodedArticle, Faction

__all__ = [
    "Block",
    "batches",
    "blocks",
    "blocks_of",
    "merge_block",
    "merge_packed",
    "merge_to_send",
    "near_cuts",
    "near_file",
    "near_part",
    "near_parts",
    "packed",
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
    near: tuple[tuple[int, int], ...] = ()
    """For a block in a file whose near misses are searched in parts (:func:`near_parts`):
    each part's positions in report order. The block's own task then hands back its
    groupings only, and a task a part (:func:`near_part`) searches that part's pairs."""


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


def batches(groups: Sequence[Block], n: int, most: int) -> list[list[Block]]:
    """``groups`` in about ``n`` batches of about the same cost (:func:`merge_cost`),
    for one Dask task each, none holding more than ``most`` reports unless one block
    does (a block merges whole): the costliest block first into the cheapest batch
    that has room for it, a new batch when none has. Returned the costliest batch
    first: :func:`generator.cluster.run._one_a_worker` sends them in that order, so
    the cheap ones fill in at the end.

    Balanced by reports, as before, a batch of a dense block (10,637 reports, 7 CPU
    s at 20,000 distinct articles) weighed as much as one of a thousand small blocks
    (5,171 reports, 0.4 s); with about as many tasks as workers, the worker that
    merged the biggest block (17,902 reports, 13.5 s) then took another task of
    seconds while the other had nothing left."""
    bins: list[tuple[int, int, int, list[Block]]] = [(0, k, 0, []) for k in range(max(1, n))]
    for b in sorted(groups, key=lambda b: -b.reports):
        roomy = [x for x in bins if not x[3] or x[2] + b.reports <= most]
        cost, k, reports, held = min(roomy) if roomy else (0, len(bins), 0, [])
        if k == len(bins):
            bins.append((0, k, 0, held))
        held.append(b)
        bins[k] = (cost + block_cost(b), k, reports + b.reports, held)
    made = [held for *_, held in bins if held]
    return sorted(made, key=merge_cost, reverse=True)  # stable: ties keep their order


def merge_cost(batch: Sequence[Block]) -> int:
    """What merging ``batch`` costs, as a number to order and balance tasks by: the
    sum of its blocks' :func:`block_cost`."""
    return sum(block_cost(b) for b in batch)


def block_cost(block: Block) -> int:
    """What merging ``block`` costs, in units of about 38 ns of one core: the square
    of its reports (the merge compares the reports of a date window with each other)
    and :data:`REPORT_COST` a report (sides read, events and near misses handed
    back). At 20,000 distinct articles: 17,902 reports alone, 13.5 CPU s (356
    million); 2,741 reports, 0.6 s (13 million); 1,205 small blocks of 5,171 reports
    in all, 0.4 s (10 million; by the square alone, nothing)."""
    return block.reports * (block.reports + REPORT_COST)


REPORT_COST = 2000
"""The part of a block's cost that grows with its reports alone (:func:`block_cost`)."""


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

NEAR_PARTS_A_WORKER = 2
"""Parts a worker, for a block whose near misses are searched in parts."""


def near_parts(block: Block, workers: int) -> int:
    """In how many parts the near misses of ``block`` are searched on ``workers``:
    :data:`NEAR_PARTS_A_WORKER` a worker for a block merged from a file (more than
    :data:`SPILL_REPORTS` reports) when there are two workers or more, else 1 (its own
    task searches them).

    Why: the clustering of a block is greedy over report order, one task, but most of
    a dense block's time is its near-miss search, and that divides by the position of
    each pair's earlier report (:func:`~generator.events.merge.closest_of`). Whole,
    such a block is one task the merge phase waits for, whatever the workers. At
    100,000 distinct articles on 2 workers, Aleppo's block (89,440 reports) took 660
    CPU s whole, of a merge of 1,372; in parts, 153 s to cluster, then 117, 118, 104
    and 105 s, and Damascus's and Idlib's blocks likewise, the longest task 153 s.
    Only blocks in a file: at 20,000 distinct articles (no such block) the largest,
    17,902 reports and about half of the merge's CPU, searched in 4 parts made the
    merge phase on 2 workers slower, 24.5 and 24.8 s against 22.3 and 22.8 s whole
    (alternated runs): its parts each read the block and index it again, and the
    other worker was busy all along either way."""
    if workers < 2 or block.reports <= SPILL_REPORTS:
        return 1
    return NEAR_PARTS_A_WORKER * workers


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
            _merge_file(store, b, factions, alone)
        elif b.reports > SPILL_REPORTS:
            with SpilledMerge(factions, alone) as spilled:
                groupings.extend(spilled.groupings(b.sides))
                misses.extend(m for m, _ in spilled.near_misses(b.sides))
        else:
            found = group_reports(b.sides, factions, alone)
            misses.extend(near_miss_pairs(b.sides, event_of_reports(found), factions))
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


def packed(batch: Sequence[Block]) -> bytes:
    """``batch`` as one pickle, to hand to :func:`merge_packed`."""
    return pickle.dumps(list(batch), protocol=pickle.HIGHEST_PROTOCOL)


def merge_packed(
    batch: bytes, factions: Mapping[str, Faction] | None, store: Storage | None = None
) -> bytes:
    """:func:`merge_to_send` of a :func:`packed` batch, what it hands back one pickle
    too (``pickle.loads`` it). Handed a batch's blocks as objects, Dask pickled them
    on the client, unpickled them in the scheduler (which runs in the client's
    process with ``--dask local``) and again on the worker: the biggest block of
    20,000 distinct articles (17,902 reports, 1.5 MB) took 0.8 s from submit to a
    trivial task's result, where as one pickle of bytes it took 0.2 s."""
    sent = merge_to_send(pickle.loads(batch), factions, store)
    return pickle.dumps(sent, protocol=pickle.HIGHEST_PROTOCOL)


# Files of a block spilled to the shards' storage: frames of pickles (the transport Dask
# itself uses between this process and its workers), written and deleted by one run.
SPILL_PREFIX = "merge-"
_CHUNK = 1_000


def sent_file(file: str) -> str:
    """Where the task merging the block in ``file`` writes what it hands back."""
    return f"{file}.sent"


def near_file(file: str, part: int) -> str:
    """Where the task searching part ``part`` of the near misses of the block in
    ``file`` writes what it found."""
    return f"{file}.near{part:03d}"


def spill_block(store: Storage, block: Block, n: int, parts: int = 1) -> Block:
    """``block`` with its sides written to a file of ``store`` (named by ``n``, unique
    in the run) instead of held: what a task is handed for a block too large to send,
    or whose near misses are searched in ``parts`` parts (:attr:`Block.near`,
    :func:`near_cuts`)."""
    name = f"{SPILL_PREFIX}{n:05d}.sides"
    store.fs.makedirs(store.root, exist_ok=True)
    with store.fs.open(store.path(name), "wb") as f:
        for i in range(0, len(block.sides), _CHUNK):
            pickle.dump(block.sides[i : i + _CHUNK], f, protocol=pickle.HIGHEST_PROTOCOL)
    near = near_cuts(block.sides, parts) if parts > 1 else ()
    return replace(block, sides=(), file=name, near=near)


def near_cuts(sides: Sequence[Side], parts: int) -> tuple[tuple[int, int], ...]:
    """``range(len(sides))`` cut into at most ``parts`` parts of about as many pairs to
    compare each: a pair is searched from its earlier report, which looks up the later
    reports on its lookup days (:func:`~generator.events.merge.rated_near_misses`),
    so a report weighs one and the later reports on those days. Cut by reports
    alone, the four parts of the largest block of 20,000 distinct articles took 4.4,
    3.8, 2.3 and 1.2 CPU s (a later report naming a day years back is a partner of
    the earlier reports of that day, never the other way round); cut so, 2.8, 3.2,
    3.0 and 2.7 s. The cut itself: 0.06 s for that block, 0.3 s for Aleppo's of
    100,000 articles (89,440 reports)."""
    by_day: dict[tuple[str, int], list[int]] = defaultdict(list)
    for n, s in enumerate(sides):
        block = province_block(s.province)
        if block is not None and s.window is not None:
            for day in window_days(s):
                by_day[(block, day)].append(n)  # ascending
    weights = []
    for n, s in enumerate(sides):
        weight = 1
        block = province_block(s.province)
        if block is not None and s.window is not None:
            for day in lookup_days(s):
                later = by_day.get((block, day))
                if later:
                    weight += len(later) - bisect.bisect_right(later, n)
        weights.append(weight)
    total = sum(weights)
    cuts = [0]
    reached = 0
    for n, weight in enumerate(weights):
        reached += weight
        if len(cuts) < parts and reached * parts >= total * len(cuts) and n + 1 < len(sides):
            cuts.append(n + 1)
    cuts.append(len(sides))
    return tuple(zip(cuts, cuts[1:], strict=False))


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
    store: Storage, block: Block, factions: Mapping[str, Faction] | None, alone: Collection[str]
) -> None:
    """Merge the block in ``block.file``: in memory if it holds no more than
    :data:`SPILL_REPORTS` reports, else through :class:`SpilledMerge`; its near
    misses too, unless they are searched in parts (:attr:`Block.near`)."""
    assert block.file is not None
    name = block.file
    with store.fs.open(store.path(sent_file(name)), "wb") as out:

        def write(kind: str, found: Iterable[Any]) -> None:
            for chunk in _chunks(found):
                pickle.dump((kind, chunk), out, protocol=pickle.HIGHEST_PROTOCOL)

        if block.reports <= SPILL_REPORTS:
            sides = list(_sides(store, name))
            groupings = group_reports(sides, factions, alone)
            write("groupings", groupings)
            if not block.near:
                write("misses", near_miss_pairs(sides, event_of_reports(groupings), factions))
            return
        with SpilledMerge(factions, alone) as spilled:
            write("groupings", spilled.groupings(_sides(store, name)))
            if not block.near:
                write("misses", (m for m, _ in spilled.near_misses(_sides(store, name))))


def near_part(
    block: Block, part: int, factions: Mapping[str, Faction] | None, store: Storage
) -> None:
    """The task searching part ``part`` of the near misses of the block in
    ``block.file`` (:attr:`Block.near`), once the block's own task has written its
    groupings: writes each event's closest partners among the part's pairs, with the
    strength of their agreement, to :func:`near_file` (what
    :func:`~generator.events.merge.closest_of` puts together with the other parts')."""
    assert block.file is not None
    name = block.file
    span = block.near[part]
    frames = _frames(store, sent_file(name))
    groupings = (g for kind, chunk in frames if kind == "groupings" for g in chunk)
    with contextlib.ExitStack() as stack:
        found: Iterable[tuple[NearMiss, int]]
        if block.reports <= SPILL_REPORTS:
            sides = list(_sides(store, name))
            found = rated_near_misses(sides, event_of_reports(groupings), factions, span)
        else:
            spilled = stack.enter_context(SpilledMerge(factions))
            spilled.take(groupings)
            found = spilled.near_misses(_sides(store, name), span)
        out = stack.enter_context(store.fs.open(store.path(near_file(name, part)), "wb"))
        for chunk in _chunks(found):
            pickle.dump(chunk, out, protocol=pickle.HIGHEST_PROTOCOL)


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
    store: Storage, block: Block, items: Mapping[IncidentKey, ReportItem]
) -> tuple[list[Event], list[NearMiss]]:
    """What the tasks merging the block in ``block.file`` wrote back, made events with
    the reports held here, a chunk at a time (the near misses of its parts, if any,
    put together: :func:`~generator.events.merge.closest_of`); its files are removed."""
    assert block.file is not None
    file = block.file
    events: list[Event] = []
    misses: list[NearMiss] = []
    for kind, chunk in _frames(store, sent_file(file)):
        if kind == "groupings":
            events.extend(events_of(chunk, items))
        else:
            misses.extend(chunk)
    parts = [near_file(file, k) for k in range(len(block.near))]
    if parts:
        found = (m for name in parts for chunk in _frames(store, name) for m in chunk)
        misses.extend(m for m, _ in closest_of(found))
    for name in (file, sent_file(file), *parts):
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
