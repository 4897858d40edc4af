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

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

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
    """In report order."""
    reports: int


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
    first into the lightest batch), for one Dask task each."""
    bins: list[tuple[int, int, list[Block]]] = [(0, k, []) for k in range(max(1, n))]
    for b in sorted(groups, key=lambda b: -b.reports):
        load, k, held = min(bins)
        held.append(b)
        bins[k] = (load + b.reports, k, held)
    return [held for _, _, held in bins if held]


SPILL_REPORTS = 10_000
"""A block of more reports is merged through :class:`~generator.cluster.spill.
SpilledMerge`, in a working set of fixed size (the same events and near misses, on
disk beside; about 1.8 times the CPU); a smaller one in memory, where it takes less
than a worker's fixed 40 MB or so."""

Sent = tuple[list[Grouping], list[NearMiss]]
"""What a merge task hands back: which reports make each event and why
(:class:`~generator.events.merge.Grouping`), and the near misses."""


def merge_block(
    batch: Sequence[Block],
    factions: Mapping[str, Faction] | None,
    alone: Collection[str] = frozenset(),
) -> Sent:
    """The events (as groupings) and near misses of each block of ``batch``, merged
    alone; ``alone``: incident ids an analyst split out of their events."""
    groupings: list[Grouping] = []
    misses: list[NearMiss] = []
    for b in batch:
        if b.reports > SPILL_REPORTS:
            with SpilledMerge(factions, alone) as spilled:
                groupings.extend(spilled.groupings(b.sides))
                misses.extend(m for m, _ in spilled.near_misses(b.sides))
            continue
        found = group_reports(b.sides, factions, alone)
        event_of = {key[1]: g.id for g in found for key in g.reports}
        misses.extend(near_miss_pairs(b.sides, event_of, factions))
        groupings.extend(found)
    return groupings, misses


def merge_to_send(batch: Sequence[Block], factions: Mapping[str, Faction] | None) -> Sent:
    """The merge task of a cluster: :func:`merge_block`. A task receives the reports'
    sides and hands back which reports make each event (their keys) and why, never an
    incident: the client holds every incident and builds the events (:func:`received`).
    A task holds its sides, the clustering's index and each event's few closest near
    misses: tens of MB for a block of 90,000 reports, whatever the corpus."""
    return merge_block(batch, factions)


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
