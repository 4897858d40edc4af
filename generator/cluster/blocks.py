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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from generator.events.merge import (
    Event,
    NearMiss,
    ReportKey,
    merge_incidents,
    near_misses,
    report_keys,
)
from generator.model import CodedArticle, Faction, Incident

__all__ = [
    "Block",
    "batches",
    "blocks",
    "merge_block",
    "merge_to_send",
    "put_together",
    "received",
]

NO_GOVERNORATE = "(no governorate)"


@dataclass(frozen=True)
class Block:
    """Reports that merge among themselves and with no other: the articles they come
    from, each with only its incidents of this block (and no text: the merge does
    not read it)."""

    name: str
    """Governorate block and date window, for messages: ``Idlib 2017-03-01..2017-03-20``."""
    articles: tuple[CodedArticle, ...]
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
    items = report_keys(coded)
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
    return _made(coded, items, groups)


def _made(coded: Sequence[CodedArticle], items: list[ReportKey], groups: _Groups) -> list[Block]:
    by_article = {c.article.id: c for c in coded}
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(items)):
        root = groups.find(i)
        if items[i].block is None:
            root = -1  # reports with no governorate: compared with nothing, one block
        members[root].append(i)
    out = []
    for root in sorted(members, key=lambda r: (r != -1, members[r][0])):
        idx = members[root]
        incidents: dict[str, list[Incident]] = defaultdict(list)
        for i in idx:
            incidents[items[i].incident.article_id].append(items[i].incident)
        articles = tuple(
            replace(
                by_article[a],
                article=replace(by_article[a].article, text=""),
                incidents=tuple(incs),
            )
            for a, incs in sorted(incidents.items())
        )
        out.append(Block(_name([items[i] for i in idx]), articles, len(idx)))
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


def merge_block(
    batch: Sequence[Block], factions: Mapping[str, Faction] | None
) -> tuple[list[Event], list[NearMiss]]:
    """The events and near misses of each block of ``batch``, merged alone."""
    events: list[Event] = []
    misses: list[NearMiss] = []
    for b in batch:
        merged = merge_incidents(b.articles, factions)
        events.extend(merged)
        misses.extend(near_misses(b.articles, merged, factions))
    return events, misses


IncidentKey = tuple[str, str]
"""(article id, incident id): an incident across the whole extraction."""
Sent = tuple[list[Event], list[tuple[IncidentKey, ...]], list[NearMiss]]
"""What a merge task hands back: :func:`merge_block`'s events without their
incidents, the keys of each event's incidents, and the near misses."""


def merge_to_send(batch: Sequence[Block], factions: Mapping[str, Faction] | None) -> Sent:
    """:func:`merge_block`, its events handed back without their incidents, which the
    client holds already (their keys instead). The incidents were most of what a
    task sent back: 2.7 MB pickled of 1,000 distinct articles' events, 0.95 MB
    without, and unpickling them cost the client 0.19 CPU s where 0.14 s is left."""
    events, misses = merge_block(batch, factions)
    keys = [tuple((i.article_id, i.id) for i in e.incidents) for e in events]
    return [replace(e, incidents=()) for e in events], keys, misses


def received(
    sent: Sent, incidents: Mapping[IncidentKey, Incident]
) -> tuple[list[Event], list[NearMiss]]:
    """What :func:`merge_to_send` handed back, each event given its incidents again."""
    events, keys, misses = sent
    whole = [
        replace(e, incidents=tuple(incidents[k] for k in ks))
        for e, ks in zip(events, keys, strict=True)
    ]
    return whole, misses


def put_together(
    parts: Sequence[tuple[list[Event], list[NearMiss]]],
) -> tuple[tuple[Event, ...], tuple[NearMiss, ...]]:
    """Every block's events and near misses, sorted as ``merge_incidents`` sorts its
    events (date, undated last, then id) and ``near_misses`` its pairs (by event ids)."""
    events = [e for part in parts for e in part[0]]
    misses = [m for part in parts for m in part[1]]
    events.sort(key=lambda e: (e.date is None, e.date or dt.date.min, e.id))
    misses.sort(key=lambda m: (m.first, m.second))
    return tuple(events), tuple(misses)
