"""A merge group's events and near misses in a working set of fixed size, however
many reports the group holds: what a Dask merge task runs on a dense governorate.

:mod:`generator.cluster.blocks` cuts the merge into groups no comparison crosses, but
a governorate reported every day chains every date window into one group (Aleppo:
89,440 reports of 100,000 articles), and :func:`~generator.events.merge.group_reports`
holds all its events, their index and each event's near misses at once: about 1.2 KB
a report, growing with the corpus.

Why not retire the old events: a report looks up the events indexed on its window's
days, and although reports come in order of publication, a dated incident may name
any day before (an article of 2020 on a massacre of 2013), so no event is ever out of
reach. Instead the events live in an SQLite file (the standard library's), indexed by
(governorate block, day) and (block, place word) as the in-memory index is, and only
the recently used ones stay in memory (:data:`HELD_REPORTS` reports' sides); an
event is read back when a report's lookup reaches it.

Why this is exact: the clustering is :class:`~generator.events.merge.MergeState`'s
own ``decide`` and ``place``; this module only overrides where events are kept and
how the events on some days or under some words are found (all of them, in founding
order, as the dictionaries give them). An event written out and read back has the same
reports, links and flags, its per-facet groups rebuilt in the order its reports
joined. The near misses are found pair by pair as
:func:`~generator.events.merge.rated_near_misses` finds them (each later report with
every earlier one whose lookup days its window meets), every pair kept on disk, and
each event's :data:`~generator.events.merge.NEAR_MISSES_PER_EVENT` closest partners
chosen at the end: the ranks are unique (they end with the two reports' incident ids),
so the few closest are the same whatever order the pairs were found in. The search
divides by the position of each pair's earlier report (``near_misses(sides, part)``,
after :meth:`SpilledMerge.take` of the groupings another task made), so that a
cluster shares a large block's search between its workers
(:func:`generator.cluster.blocks.near_part`).
``tests/test_cluster_spill.py`` checks both against the in-memory merge.

Incident ids are unique in a corpus (article id and number); a group that repeats one
is refused, since the in-memory merge would let one of them stand for both.
"""

from __future__ import annotations

import pickle
import sqlite3
import tempfile
from collections import OrderedDict
from collections.abc import Collection, Iterable, Iterator, Mapping
from itertools import groupby
from pathlib import Path
from types import TracebackType

from generator.events.merge import (
    NEAR_MISSES_PER_EVENT,
    Cluster,
    Grouping,
    MergeState,
    NearMiss,
    grouping_of,
    near_rank,
    report_key,
    report_order,
    window_days,
    worded_pair,
)
from generator.events.rules import DAY_SLACK, RARE_MEANS_DAYS, Side, lookup_slack, province_block
from generator.model import Faction

__all__ = ["HELD_REPORTS", "SpilledMerge"]

HELD_REPORTS = 100_000
"""How many reports' sides the clustering keeps in memory (in its most recently used
events), and the near-miss pass besides: 1.1 to 1.7 KB a report, so at most about
170 MB whatever the group's size (``tools/bench_merge.py --mode dense``: 85 MB at
25,000 reports, 204 MB at 100,000, 214 MB at 200,000, over 37 MB before the task).
Fewer thrash: a report's lookup reaches events on
days years back (a 2020 article on a 2013 massacre), each read back from SQLite and
rebuilt report by report when it was let go. Aleppo's block of 100,000 distinct
articles (89,440 reports): held 20,000, the clustering alone took over 11 CPU
minutes (unfinished when stopped); held 100,000 (all of it), 150 s, and the near
misses 430 s, the process's peak 100 MB over the 113 MB it had before (merged
whole in memory, a worker reached 423 to 440 MB)."""

_WIDEST = max(RARE_MEANS_DAYS, DAY_SLACK)
"""The widest lookup slack (:func:`~generator.events.rules.lookup_slack`): a report
of a rare means; every other report's is :data:`DAY_SLACK`."""

_PAGE = 500

_SCHEMA = """
CREATE TABLE clusters (seq INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE days (block BLOB, day INTEGER, seq INTEGER, PRIMARY KEY (block, day, seq))
    WITHOUT ROWID;
CREATE TABLE words (block BLOB, word BLOB, seq INTEGER, PRIMARY KEY (block, word, seq))
    WITHOUT ROWID;
CREATE TABLE events (incident BLOB PRIMARY KEY, event TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE reports (n INTEGER PRIMARY KEY, data BLOB NOT NULL, event TEXT NOT NULL);
CREATE TABLE ndays (block BLOB, day INTEGER, n INTEGER, PRIMARY KEY (block, day, n))
    WITHOUT ROWID;
CREATE TABLE wide (block BLOB, day INTEGER, n INTEGER, PRIMARY KEY (block, day, n))
    WITHOUT ROWID;
CREATE TABLE found (event TEXT, partner TEXT, conflicts INTEGER, strength INTEGER,
    a BLOB, b BLOB, n INTEGER, k INTEGER);
CREATE TABLE kept (first TEXT, second TEXT, n INTEGER, k INTEGER,
    PRIMARY KEY (first, second)) WITHOUT ROWID;
"""


def _b(text: str) -> bytes:
    """Text as a key: UTF-8 (lone surrogates passed through, so any str goes in), whose
    byte order is the order of code points, Python's."""
    return text.encode("utf-8", "surrogatepass")


def _s(data: bytes) -> str:
    return data.decode("utf-8", "surrogatepass")


class _State(MergeState):
    """The clustering with its events in ``con``, the recently used in memory."""

    def __init__(self, con: sqlite3.Connection, held: int) -> None:
        super().__init__()
        self.con = con
        self.held = held
        self.count = 0
        self.cache: OrderedDict[int, Cluster] = OrderedDict()
        self.dirty: set[int] = set()
        self.members = 0

    def near(self, block: str, days: range) -> Iterator[Cluster]:
        rows = self.con.execute(
            "SELECT DISTINCT seq FROM days WHERE block = ? AND day BETWEEN ? AND ? ORDER BY seq",
            (_b(block), days.start, days.stop - 1),
        ).fetchall()
        for (seq,) in rows:
            yield self.load(seq)

    def named(self, block: str, words: Iterable[str]) -> Iterator[Cluster]:
        keys = [_b(w) for w in dict.fromkeys(words)]
        if not keys:
            return
        marks = ",".join("?" * len(keys))
        last = -1
        while True:  # a page at a time: a weekday names a seventh of the block's events
            rows = self.con.execute(
                f"SELECT DISTINCT seq FROM words WHERE block = ? AND word IN ({marks}) "
                "AND seq > ? ORDER BY seq LIMIT ?",
                (_b(block), *keys, last, _PAGE),
            ).fetchall()
            if not rows:
                return
            for (seq,) in rows:
                yield self.load(seq)
            last = rows[-1][0]

    def founded(self, echo: bool, closed: bool) -> Cluster:
        c = Cluster(self.count, [], set(), [], echo, closed=closed)
        self.count += 1
        return c

    def index_day(self, block: str, day: int, cluster: Cluster) -> None:
        self.con.execute(
            "INSERT OR IGNORE INTO days VALUES (?, ?, ?)", (_b(block), day, cluster.seq)
        )

    def index_word(self, block: str, word: str, cluster: Cluster) -> None:
        self.con.execute(
            "INSERT OR IGNORE INTO words VALUES (?, ?, ?)", (_b(block), _b(word), cluster.seq)
        )

    def touched(self, cluster: Cluster) -> None:
        # ``cluster`` may have been let go while ``decide`` still held it: it is the
        # only copy (nothing was read back since), so it is kept again, to be written.
        if self.cache.get(cluster.seq) is cluster:
            self.cache.move_to_end(cluster.seq)
            self.members += 1
        else:
            self.cache[cluster.seq] = cluster
            self.members += len(cluster.members)
        self.dirty.add(cluster.seq)
        self._trim()

    def load(self, seq: int) -> Cluster:
        c = self.cache.get(seq)
        if c is not None:
            self.cache.move_to_end(seq)
            return c
        (data,) = self.con.execute("SELECT data FROM clusters WHERE seq = ?", (seq,)).fetchone()
        members, links, echo, closed = pickle.loads(data)
        c = Cluster(seq, [], set(), list(links), echo, closed=closed)
        for m in members:  # the facet groups again, in the order the reports joined
            c.add(m)
        self.cache[seq] = c
        self.members += len(members)
        self._trim()
        return c

    def _trim(self) -> None:
        while self.members > self.held and len(self.cache) > 1:
            seq, c = self.cache.popitem(last=False)
            self.members -= len(c.members)
            if seq in self.dirty:
                self._write(c)

    def _write(self, c: Cluster) -> None:
        self.dirty.discard(c.seq)
        data = pickle.dumps((c.members, c.links, c.echo, c.closed), pickle.HIGHEST_PROTOCOL)
        self.con.execute("INSERT OR REPLACE INTO clusters VALUES (?, ?)", (c.seq, data))

    def flush(self) -> None:
        for seq in sorted(self.dirty):
            self._write(self.cache[seq])


class SpilledMerge:
    """One group's merge through a temporary SQLite file::

        with SpilledMerge(factions) as m:
            groupings = list(m.groupings(sides))       # as group_reports gives them
            misses = list(m.near_misses(sides))        # as rated_near_misses gives them

    ``sides`` in report order, each time (they are read twice, one at a time); the
    groupings must all be taken before the near misses."""

    def __init__(
        self,
        factions: Mapping[str, Faction] | None,
        alone: Collection[str] = frozenset(),
        *,
        held: int = HELD_REPORTS,
        folder: Path | None = None,
    ) -> None:
        self.factions = factions
        self.alone = frozenset(alone)
        self.held = max(1, held)
        self._tmp = tempfile.TemporaryDirectory(prefix="sitrep-merge-", dir=folder)
        self.con = sqlite3.connect(Path(self._tmp.name) / "merge.sqlite")
        for pragma in ("journal_mode = OFF", "synchronous = OFF", "cache_size = -8000"):
            self.con.execute(f"PRAGMA {pragma}")
        self.con.executescript(_SCHEMA)
        self._grouped = False

    def __enter__(self) -> SpilledMerge:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()
        self._tmp.cleanup()

    def groupings(self, sides: Iterable[Side]) -> Iterator[Grouping]:
        """:func:`~generator.events.merge.group_reports` of ``sides`` (in report
        order), in founding order."""
        state = _State(self.con, self.held)
        for item in _in_order(sides):
            closed = item.incident_id in self.alone
            state.place(item, *state.decide(item, self.factions, self.alone), closed=closed)
        state.flush()
        state.cache.clear()
        seq = -1
        while True:
            rows = self.con.execute(
                "SELECT seq, data FROM clusters WHERE seq > ? ORDER BY seq LIMIT ?", (seq, _PAGE)
            ).fetchall()
            if not rows:
                break
            for seq, data in rows:
                members, links, echo, closed = pickle.loads(data)
                g = grouping_of(Cluster(seq, members, set(), links, echo, closed=closed))
                self._event(g)
                yield g
        self._grouped = True

    def _event(self, g: Grouping) -> None:
        try:
            self.con.executemany(
                "INSERT INTO events VALUES (?, ?)", ((_b(k[1]), g.id) for k in g.reports)
            )
        except sqlite3.IntegrityError as exc:
            raise ValueError(f"an incident id is repeated in {g.reports}") from exc

    def take(self, groupings: Iterable[Grouping]) -> None:
        """Take the groupings of these sides as merged before (by another task), in
        place of :meth:`groupings`: what a task searching one part of the near misses
        starts from."""
        if self._grouped:
            raise RuntimeError("the groupings are already taken")
        for g in groupings:
            self._event(g)
        self._grouped = True

    def near_misses(
        self, sides: Iterable[Side], part: tuple[int, int] | None = None
    ) -> Iterator[tuple[NearMiss, int]]:
        """:func:`~generator.events.merge.rated_near_misses` of ``sides`` (the same, in
        report order) and their events, sorted by event ids; ``part``, as there: only
        the pairs whose earlier report's position is in ``range(*part)``. Only those
        reports are indexed for the later ones to find, and the reports before them
        are not even looked at, so the parts of a block share its search about evenly."""
        if not self._grouped:
            raise RuntimeError("the groupings are taken first")
        start, stop = part if part is not None else (0, None)
        cache = _Sides(self.con, self.held)
        for k, it in enumerate(_in_order(sides)):
            if k < start:
                continue  # pairs only with earlier reports, none in the part
            row = self.con.execute(
                "SELECT event FROM events WHERE incident = ?", (_b(it.incident_id),)
            ).fetchone()
            if row is None:
                raise ValueError(f"report {report_key(it)} was not merged")
            eb = row[0]
            cache.add(k, it, eb)  # a partner of the part's reports, if not one of them
            block = province_block(it.province)
            if block is None or it.window is None:
                continue
            lo, hi = it.window
            # the earlier reports whose lookup days may meet its window: those on the
            # days around it, and those of a wider slack (a rare means) further off
            prior = self.con.execute(
                "SELECT n FROM ndays WHERE block = ? AND day BETWEEN ? AND ? UNION "
                "SELECT n FROM wide WHERE block = ? AND day BETWEEN ? AND ? ORDER BY n",
                (_b(block), lo - DAY_SLACK, hi + DAY_SLACK, _b(block), lo - _WIDEST, hi + _WIDEST),
            ).fetchall()
            for (n,) in prior:
                other, ea = cache.get(n)
                assert other.window is not None
                slack = lookup_slack(other)
                if other.window[0] - slack > hi or other.window[1] + slack < lo:
                    continue  # its window is not on other's lookup days
                rank = near_rank(other, it, ea, eb, self.factions)
                if rank is not None:
                    c, s, a, b = rank
                    self.con.executemany(
                        "INSERT INTO found VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        [(ea, eb, c, s, _b(a), _b(b), n, k), (eb, ea, c, s, _b(a), _b(b), n, k)],
                    )
            if stop is not None and k >= stop:
                continue  # not indexed: a pair's earlier report is one of the part's
            slack = lookup_slack(it)
            assert slack <= _WIDEST
            table = "wide" if slack > DAY_SLACK else "ndays"
            self.con.executemany(
                f"INSERT INTO {table} VALUES (?, ?, ?)",
                ((_b(block), d, k) for d in window_days(it)),
            )
        self._closest()
        after = ("", "")
        while True:
            rows = self.con.execute(
                "SELECT first, second, n, k FROM kept WHERE (first, second) > (?, ?) "
                "ORDER BY first, second LIMIT ?",
                (*after, _PAGE),
            ).fetchall()
            if not rows:
                return
            for first, second, n, k in rows:
                earlier, ea = cache.get(n)
                later, _ = cache.get(k)
                yield worded_pair(first, second, earlier, later, ea, self.factions)
            after = (rows[-1][0], rows[-1][1])

    def _closest(self) -> None:
        """Each event's :data:`NEAR_MISSES_PER_EVENT` closest partners (by the best
        rank of their reports' pairs), each pair once (the closest pair of reports)."""
        rows = self.con.execute(
            "SELECT event, partner, conflicts, strength, a, b, n, k FROM found ORDER BY event"
        )
        kept: list[tuple[str, str, int, int]] = []
        for event, found in groupby(rows, key=lambda r: r[0]):
            best: dict[str, tuple[tuple[int, int, str, str], int, int]] = {}
            for _, partner, c, s, a, b, n, k in found:
                rank = (c, s, _s(a), _s(b))
                if partner not in best or rank < best[partner][0]:
                    best[partner] = (rank, n, k)
            closest = sorted(best.items(), key=lambda p: p[1][0])[:NEAR_MISSES_PER_EVENT]
            for partner, (_, n, k) in closest:
                pair = (event, partner) if event < partner else (partner, event)
                kept.append((*pair, n, k))
            if len(kept) >= _PAGE:
                self._keep(kept)
        self._keep(kept)

    def _keep(self, kept: list[tuple[str, str, int, int]]) -> None:
        self.con.executemany("INSERT OR IGNORE INTO kept VALUES (?, ?, ?, ?)", kept)
        kept.clear()


class _Sides:
    """The near-miss pass's reports (side and event, by position in report order):
    on disk, the recently used in memory."""

    def __init__(self, con: sqlite3.Connection, held: int) -> None:
        self.con = con
        self.held = held
        self.cache: OrderedDict[int, tuple[Side, str]] = OrderedDict()

    def add(self, n: int, side: Side, event: str) -> None:
        data = pickle.dumps(side, pickle.HIGHEST_PROTOCOL)
        self.con.execute("INSERT INTO reports VALUES (?, ?, ?)", (n, data, event))
        self._hold(n, (side, event))

    def get(self, n: int) -> tuple[Side, str]:
        found = self.cache.get(n)
        if found is not None:
            self.cache.move_to_end(n)
            return found
        data, event = self.con.execute(
            "SELECT data, event FROM reports WHERE n = ?", (n,)
        ).fetchone()
        found = (pickle.loads(data), event)
        self._hold(n, found)
        return found

    def _hold(self, n: int, found: tuple[Side, str]) -> None:
        self.cache[n] = found
        if len(self.cache) > self.held:
            self.cache.popitem(last=False)


def _in_order(sides: Iterable[Side]) -> Iterator[Side]:
    """``sides``, checked to come in report order (what the greedy merge reads them in)."""
    last = None
    for s in sides:
        order = report_order(s)
        if last is not None and order < last:
            raise ValueError(f"report {report_key(s)} is out of report order")
        last = order
        yield s
