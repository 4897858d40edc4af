"""The client side of a cluster extraction: plan, submit, watch, put back together.

1. Plan: list the articles folder and cut it into shards (:mod:`.plan`).
2. Extract: one task per shard on the cluster (:func:`.worker.extract_shard`),
   sent the largest first (:func:`.plan.largest_first`);
   each writes its own output shard, so the scheduler and this process never hold
   the incidents of more than one shard's summary. Progress is a bar over the
   articles on a terminal, and the dashboard's address when it has one.
   A shard that fails (its task raised, or its worker died as often as Dask
   allows) is reported with its files and the error; every other shard runs on,
   is written, and is found done when the same command is run again.
3. Put together: every output shard read back in path order, and ingest's
   :func:`~generator.ingest.collect` settles duplicates and id warnings across
   the folder exactly as a local run does.
4. Merge: the incidents cut into blocks that merge alone, by governorate and
   date window (:mod:`.blocks`), merged into events on the cluster (one task per
   batch of blocks) and put back together in the order of one merge of
   everything: the same events and near misses, so the JSON is byte-identical.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import logging
import os
import pickle
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from queue import SimpleQueue
from typing import Any

from generator.cache.codec import MODEL_FINGERPRINT
from generator.cluster.blocks import (
    SPILL_PREFIX,
    SPILL_REPORTS,
    Block,
    batches,
    blocks_of,
    merge_packed,
    near_part,
    near_parts,
    packed,
    put_together,
    received,
    received_file,
    spill_block,
)
from generator.cluster.plan import SHARD_BYTES, Plan, Shard, largest_first, plan
from generator.cluster.settle import settled
from generator.cluster.shardfile import (
    INDEX,
    Damaged,
    Entry,
    Storage,
    load_shard,
    read_index,
    storage,
    write_index,
)
from generator.events.merge import Event, NearMiss, ReportItem, report_items, report_key
from generator.ingest import Read, collect
from generator.model import CodedArticle, Faction, IngestResult, SitrepError

__all__ = [
    "LOCAL",
    "MERGE_REPORTS",
    "ClusterStats",
    "Merged",
    "Phases",
    "extract_on_cluster",
    "from_extract",
    "merge_tasks",
    "shards_of",
]

LOCAL = "local"
"""The address that starts a ``LocalCluster`` of this machine's cores."""
CONNECT_SECONDS = 30
WORKER_WAIT_SECONDS = 120
"""How long a scheduler with no worker is waited on before giving up."""

Say = Callable[[str], None]

QUIET = {
    "distributed.admin.tick.interval": "2s",
    "distributed.admin.tick.cycle": "10s",
    "distributed.admin.system-monitor.interval": "10s",
    "distributed.admin.system-monitor.disk": False,
    "distributed.worker.memory.monitor-interval": "10s",
    "distributed.worker.profile.enabled": False,
    "distributed.client.scheduler-info-interval": "10s",
    "distributed.scheduler.work-stealing": False,
    "distributed.scheduler.worker-saturation": 1.0,
    "distributed.scheduler.active-memory-manager.start": False,
}
"""Dask settings of a local cluster (its scheduler, nannies, workers and this client).

Dask's defaults suit short tasks watched on a dashboard: every server (scheduler,
nanny, worker, client) checks its event loop every 20 ms, samples the process
every 500 ms, a nanny reads its worker's memory every 100 ms, and a worker
samples the stack of the task it runs every 10 ms for the profile page. A shard
task is seconds of one core holding the GIL, so all of this is CPU the
extraction does not get, and more of it the longer a loaded machine makes the
run: ``sitrep extract --dask local --jobs 1`` on 1,000 distinct articles
(``tools/corpus.py``), CPU of the whole process tree, took 34.9 s with Dask's
defaults and 25.3 s with these (minutes apart, load 9).

Each setting, and why:

- ``tick.interval`` 2 s (20 ms): how often a server checks its event loop is
  not blocked; it warns past ``tick.limit`` (3 s), so it stays under that (the
  limit counts the interval in, and Dask reads it once, when ``distributed`` is
  imported, so it cannot be raised here);
- ``tick.cycle`` 10 s (1 s): how often a server averages those checks, a
  figure only the dashboard shows;
- ``system-monitor`` every 10 s (500 ms) and without ``disk`` counters (every
  disk of the machine, read each time): the dashboard's graphs;
- ``memory.monitor-interval`` 10 s (100 ms): a nanny reading its worker's
  memory, to stop one past its limit (the machine's memory over the workers),
  and the worker its own, to pause: soon enough for a worker that grows by one
  shard or one merge task at a time (tens of MB);
- ``profile.enabled`` False: a worker sampling its task's stack every 10 ms for
  the dashboard's profile page, which stays empty;
- ``scheduler-info-interval`` 10 s (2 s): this client asking the scheduler for
  its state;
- ``work-stealing`` False and ``worker-saturation`` 1.0 (1.1): a worker is given
  a shard only when it has a free thread, the rest wait on the scheduler, so no
  worker holds a queue another could steal from and the stealing extension's
  balancing every second has nothing to do (with 1.1, a worker of one thread
  held two shards, and the last one could wait behind the other while a second
  worker stood idle);
- ``active-memory-manager.start`` False: it balances copies of results kept on
  the workers every 2 s; a shard's result is taken by this client and let go.

What an idle local cluster of one worker cost with only the tick, memory and
profiler settings above, sampled (py-spy) and measured (CPU of each process over
30 s): 4.3 ms of CPU a second in the worker and 7.3 ms in this process
(scheduler, nanny, client), most of it a worker's heartbeat every 0.5 s, then
the system monitor reading every disk's counters (``disk``) and the client
asking for the scheduler's state every 2 s. With those and a heartbeat every
:data:`HEARTBEAT_SECONDS`: 0.7 ms and 3.7 ms. Two workers, idle, 30 s, this
process then the workers: 3.6 ms and 0.75 ms each; with the scheduler's unset
checks stopped (:func:`_stop_unset_checks`) 2.2 ms; with the tick and memory
every 2 s and the tick cycle 10 s, 1.7 ms and 0.55 ms each (one worker: 1.2 ms
and 0.5 ms); with memory every 10 s, two idle clusters of two workers side by
side for 90 s: 1.44 ms in this process where memory every 2 s took 1.67 ms
(the workers: 0.55 and 0.50 ms each, within the noise). A run on a loaded
machine pays these for all its wall time (2,000 articles: 15 minutes). What it
costs: the dashboard's profile page stays empty and its graphs are drawn every
10 s without disk I/O. A scheduler and workers started by hand keep their own
settings: README (*On N machines*) says how to give them these."""


HEARTBEAT_SECONDS = 5.0
"""How often a worker of a local cluster tells its scheduler it is alive (Dask:
every 0.5 s). A heartbeat packs the worker's metrics, and each cost both sides
about a millisecond; a lost worker is still seen at once (its connection
closes), and Dask counts a worker silent only after 5 minutes."""
SYNC_SECONDS = 30
"""How often a local cluster sends its description to its scheduler (Dask: every
second), for a dashboard's cluster widget."""


@dataclass(frozen=True)
class Phases:
    """The wall time of a run's two phases on the cluster, as offsets in seconds from
    its start (``time.perf_counter``: monotonic; only ever printed on stderr, never
    in an output file).

    Only the shard phase divides between workers; the merge phase divides as far as
    its tasks do (the biggest block is one task); the rest is this process's own
    work and the cluster's start and stop, serial whatever the workers. Apart, they
    say how far throughput can grow with workers."""

    shards_from: float
    """The first shard task submitted."""
    shards_to: float
    """The last shard task's result in this process."""
    merge_from: float
    """The merge tasks submitted (a big block's file already written)."""
    merge_to: float
    """The last merge task's result in this process: the results are taken as the
    tasks finish, each task's events built as it comes, so a result that waited on
    the building of another task's events is counted in when it was taken."""

    @property
    def shards(self) -> float:
        return self.shards_to - self.shards_from

    @property
    def merge(self) -> float:
        return self.merge_to - self.merge_from

    def line(self, whole: float, lead: float = 0.0) -> str:
        """The phases of a command of ``whole`` seconds whose run began ``lead`` seconds
        in: *the rest*, and its parts, before the shards (what the command did first,
        planning, starting or reaching the cluster), between the phases (putting the
        shards together, cutting blocks) and after the merge (the last events,
        stopping the cluster, and what the command did next)."""
        before = lead + self.shards_from
        between = self.merge_from - self.shards_to
        after = whole - lead - self.merge_to
        return (
            f"wall time: shards {self.shards:.1f} s, merge {self.merge:.1f} s, the rest "
            f"{before + between + after:.1f} s (before the shards {before:.1f}, between "
            f"{between:.1f}, after the merge {after:.1f})"
        )


@dataclass(frozen=True)
class ClusterStats:
    shards: int
    reused: int
    """Shards whose output was already done (nothing extracted)."""
    articles: int
    extracted: int
    from_cache: int
    workers: int
    seconds: float
    cpu_seconds: float
    """CPU time of the shard tasks, summed over the workers."""
    phases: Phases
    """When the shard and merge phases began and ended, within :attr:`seconds`."""
    started: float
    """When the run began, on ``time.perf_counter``'s clock: readings of it from the
    command say how long what it did before and after the run took."""
    peak_mb: dict[str, float] = field(default_factory=dict)
    """Each worker's peak resident memory, as its tasks reported it."""
    builds: dict[str, int] = field(default_factory=dict)
    """How many times each worker built the extractor's pipeline (1 each)."""
    blocks: int = 0
    """Blocks (governorate and date window) the merge into events was cut into."""
    merge_tasks: int = 0
    near_tasks: int = 0
    """Of the merge tasks, those searching part of a large block's near misses
    (:func:`.blocks.near_parts`)."""

    def line(self, since: float | None = None, until: float | None = None) -> str:
        """The summary line; its wall times from ``since`` to ``until``
        (``time.perf_counter`` readings: the command's start, and its JSON made and
        written, both counted in *the rest*), or the run's start and end."""
        since = self.started if since is None else since
        until = self.started + self.seconds if until is None else until
        return (
            f"{self.shards} shards on {self.workers} Dask worker"
            f"{'s' if self.workers != 1 else ''}: {self.reused} already done, "
            f"{self.shards - self.reused} run ({self.extracted} articles extracted, "
            f"{self.from_cache} from cache); {self.cpu_seconds:.1f} CPU s, peak memory of a "
            f"worker {max(self.peak_mb.values(), default=0):.0f} MB, pipeline built "
            f"{_times(max(self.builds.values(), default=0))} per worker; events merged in "
            f"{self.blocks} blocks by governorate and date window ({self.merge_tasks} tasks"
            + (f", {self.near_tasks} of them near-miss parts" if self.near_tasks else "")
            + "); "
            + self.phases.line(until - since, self.started - since)
        )


@dataclass(frozen=True)
class Merged:
    """What step 4 made: the events and near misses of the whole extraction."""

    events: tuple[Event, ...]
    """Sorted as ``merge_incidents`` sorts them."""
    near_misses: tuple[NearMiss, ...]


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


@contextlib.contextmanager
def connect(address: str, workers: int) -> Iterator[Any]:
    """A Dask client: to the scheduler at ``address``, or to a new ``LocalCluster``
    of ``workers`` processes (one thread each: extraction holds the GIL)."""
    import dask
    from distributed import Client, LocalCluster

    if address == LOCAL:
        with contextlib.ExitStack() as stack:
            # Set for the cluster's life: its nannies hand this config to the
            # worker processes they start (again if one dies), and every server
            # reads it at its start.
            stack.enter_context(dask.config.set(local_config()))
            if _forks_workers():
                # Registered first, so run last: once the workers are gone.
                stack.callback(_stop_fork_server)
            cluster = stack.enter_context(
                LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=":0" if _has_dashboard() else None,
                    silence_logs=logging.ERROR,
                    scheduler_sync_interval=SYNC_SECONDS,
                )
            )
            _slow_heartbeats(cluster.scheduler)
            _stop_unset_checks(cluster.scheduler)
            yield stack.enter_context(Client(cluster))
        return
    try:
        client = Client(address, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError, ValueError) as exc:
        raise SitrepError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
    with client:
        try:
            client.wait_for_workers(1, timeout=WORKER_WAIT_SECONDS)
        except (TimeoutError, OSError) as exc:
            raise SitrepError(
                f"no Dask worker joined the scheduler at {address} within "
                f"{WORKER_WAIT_SECONDS} s: start one with `dask worker {address} --nthreads 1`"
            ) from exc
        yield client


FORK_SERVER_PRELOAD = ("generator.cluster.warm",)
"""What the fork server of a local cluster imports before forking its workers:
Dask's worker and the extractor, and the pipeline built (:mod:`.warm`)."""


def local_config() -> dict[str, Any]:
    """:data:`QUIET`, and the workers forked from a fork server where there is one
    (Linux, macOS; Windows has none: there they are spawned, Dask's default)."""
    import multiprocessing

    config: dict[str, Any] = dict(QUIET)
    if "forkserver" in multiprocessing.get_all_start_methods():
        config["distributed.worker.multiprocessing-method"] = "forkserver"
    return config


def _forks_workers() -> bool:
    """With :func:`local_config` set: have the fork server preload :mod:`.warm`
    (True), or say the workers are spawned (False).

    Dask gives the fork server a preload list of its own once, the first time it
    asks for the context (``distributed`` and every optional package it knows,
    pandas among them); it is asked here first and the list replaced by ours,
    which Dask then leaves as it is. A fork server this process left running
    (a ``--jobs`` pool's, which preloads the extractor alone) is stopped first, so
    that the next one starts with this list."""
    import dask
    from distributed.utils import get_mp_context

    if dask.config.get("distributed.worker.multiprocessing-method") != "forkserver":
        return False
    _stop_fork_server()
    get_mp_context().set_forkserver_preload(list(FORK_SERVER_PRELOAD))
    return True


def _stop_fork_server() -> None:
    """Stop the fork server once the cluster's workers are gone, and wait for it.

    It would otherwise outlive the cluster until this process exits, and, as it
    is the parent of the workers it forked (and reaps them), their CPU would then
    not count among this process's children: ``/usr/bin/time`` and ``make
    bench`` would miss it. A later cluster starts a new one. Python has no public
    call for this; where its private one is missing, the server stays until
    this process exits."""
    from multiprocessing import forkserver

    stop = getattr(getattr(forkserver, "_forkserver", None), "_stop", None)
    if stop is not None:
        stop()


def _stop_unset_checks(scheduler: Any) -> None:
    """Stop the scheduler's two checks that run every 250 ms (no setting changes
    that) for limits this cluster does not set: closing when idle for
    ``idle-timeout``, and failing tasks that waited ``no-workers-timeout`` for a
    worker. Unset, each call does nothing, but a local cluster of two workers
    woke for them 8 times a second: 1.4 of the 3.6 ms of CPU a second that
    this process spent while the cluster was idle."""
    for name, limit in (
        ("idle-timeout", scheduler.idle_timeout),
        ("no-workers-timeout", scheduler.no_workers_timeout),
    ):
        callback = scheduler.periodic_callbacks.get(name)
        if limit is None and callback is not None:
            callback.stop()


def _slow_heartbeats(scheduler: Any, seconds: float = HEARTBEAT_SECONDS) -> None:
    """Have the workers of this (in-process) scheduler beat every ``seconds``.

    A worker heartbeats at the interval its scheduler's last reply asked for,
    which Dask fixes by the number of workers (every 0.5 s up to 10) and no
    setting changes; so the reply of the scheduler's handler is stretched here."""
    handler = scheduler.handlers["heartbeat_worker"]

    @functools.wraps(handler)
    def heartbeat_worker(**msg: Any) -> Any:
        reply = handler(**msg)
        if isinstance(reply, dict) and "heartbeat-interval" in reply:
            reply["heartbeat-interval"] = max(reply["heartbeat-interval"], seconds)
        return reply

    scheduler.handlers["heartbeat_worker"] = heartbeat_worker


def _has_dashboard() -> bool:
    try:
        import bokeh  # noqa: F401
    except ImportError:
        return False
    return True


def _bar(total: int, enabled: bool) -> Any:
    if not (enabled and sys.stderr.isatty()):
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="article", desc="extracting on dask", leave=False)


def extract_on_cluster(
    articles: Path,
    *,
    address: str,
    shards_url: str,
    jobs: int = 0,
    cache_dir: Path | None = None,
    reuse: bool = True,
    progress: bool = False,
    say: Say = print,
    shard_bytes: int = SHARD_BYTES,
    today: dt.date | None = None,
) -> tuple[IngestResult, list[CodedArticle], Merged, ClusterStats]:
    """Extract every article under ``articles`` on the cluster at ``address``
    (``local``: ``jobs`` processes of this machine, 0 = one per core), writing the
    output shards and their index to ``shards_url``, and merge the incidents into
    events there; return what a local run of ingest and extraction returns, the
    events, and what the cluster did."""
    from generator.cache.version import EXTRACTOR_VERSION
    from generator.cluster.worker import ExtractorPlugin, ShardTask, extract_shard
    from generator.knowledge.factions import load_factions

    started = time.perf_counter()
    the_plan = plan(articles, shard_bytes)
    store = storage(_absolute(shards_url))
    cache = os.path.abspath(cache_dir) if cache_dir is not None else None
    tasks = [
        ShardTask(s, store, EXTRACTOR_VERSION, MODEL_FINGERPRINT, cache, reuse, today)
        for s in largest_first(the_plan.shards)
    ]
    done: list[Any] = []
    failed: list[tuple[Shard, BaseException]] = []
    # What comes back is held to the end of the run: out of the collector's sight.
    with settled() as settle, connect(address, jobs or os.cpu_count() or 1) as client:
        client.register_plugin(ExtractorPlugin())
        workers = len(client.scheduler_info().get("workers", {}))
        if progress:
            say(_where(client, address, workers))
        # One submission per shard: each task carries its shard's entries, a few
        # hundred KB, where one map() over them all would send one large graph.
        shards_from = shards_to = time.perf_counter()
        futures = [client.submit(extract_shard, t, pure=False, retries=1) for t in tasks]
        shard_of = {f.key: t.shard for f, t in zip(futures, tasks, strict=True)}
        pending = _as_done(futures)
        del futures  # each result is let go on the worker once it is here
        bar = _bar(sum(len(s.entries) for s in the_plan.shards), progress)
        try:
            for future in pending:
                shard = shard_of[future.key]
                try:
                    done.append(future.result())
                    shards_to = time.perf_counter()
                    settle()
                except Exception as exc:  # noqa: BLE001 - reported with its files below
                    failed.append((shard, exc))
                    say(f"failed: {shard.name}: {shard.describe()}: {type(exc).__name__}: {exc}")
                future.release()
                if bar is not None:
                    bar.update(len(shard.entries))
        finally:
            if bar is not None:
                bar.close()
        workers = max(workers, len({d.worker for d in done}))
        if failed:
            first, error = failed[0]
            raise SitrepError(
                f"{len(failed)} of {len(tasks)} shards failed (the first: {first.describe()}: "
                f"{type(error).__name__}: {error}); the other {len(tasks) - len(failed)} are "
                f"written to {shards_url}: run the same command again to extract only the "
                "failed ones"
            )
        names = [f"{s.name}.jsonl" for s in the_plan.shards]
        write_index(store, names, EXTRACTOR_VERSION, the_plan.entries)
        _prune(store, set(names))
        extracted = {d.name: d.entries for d in done if d.entries is not None}
        result, coded = _put_together(store, the_plan.shards, the_plan, extracted)
        reports = report_items(coded)
        groups = blocks_of(reports)
        settle()
        parts = batches(groups, merge_tasks(groups, workers), MERGE_REPORTS)
        merged, merge_from, merge_to, near_tasks = _merge(
            client, parts, load_factions(), reports, store, settle, workers
        )
    peaks: dict[str, float] = {}
    builds: dict[str, int] = {}
    for d in done:
        peaks[d.worker] = max(peaks.get(d.worker, 0.0), d.peak_mb)
        builds[d.worker] = max(builds.get(d.worker, 0), d.builds)
    stats = ClusterStats(
        shards=len(tasks),
        reused=sum(d.reused for d in done),
        articles=sum(d.articles for d in done),
        extracted=sum(d.extracted for d in done),
        from_cache=sum(d.from_cache for d in done),
        workers=workers,
        seconds=time.perf_counter() - started,
        cpu_seconds=sum(d.cpu_seconds for d in done),
        peak_mb=peaks,
        builds=builds,
        blocks=len(groups),
        merge_tasks=len(parts) + near_tasks,
        near_tasks=near_tasks,
        phases=Phases(
            shards_from - started, shards_to - started, merge_from - started, merge_to - started
        ),
        started=started,
    )
    return result, coded, merged, stats


def _as_done(futures: list[Any]) -> Iterator[Any]:
    """``futures`` as they finish (those that finish together in submission order),
    the list emptied so that each is let go once it is handed out. Dask's
    ``as_completed`` wakes this process every 100 ms to look, for the whole run;
    each ``wait`` here sleeps until one is done."""
    from distributed import wait

    pending = set(futures)
    order = {f.key: n for n, f in enumerate(futures)}
    futures.clear()
    while pending:
        done, pending = wait(pending, return_when="FIRST_COMPLETED")
        yield from sorted(done, key=lambda f: order[f.key])


MERGE_REPORTS = 10_000
"""Most reports one merge task is handed, unless one block holds more (a block
merges alone, whole). A task holds its reports' sides, the clustering and each
event's closest near misses: about 4 KB a report at its peak (the largest block of
20,000 distinct articles, 17,902 reports: 75 MB over the 23 MB of a process that
imported sitrep, ``tools/bench_merge.py --mode dask``; 257 MB when a task was
handed the reports' articles and built the events), so 10,000 add about 40 MB to a
worker, whatever the corpus size. Without a bound, a fixed number of tasks a
worker would each hold more reports as the corpus grows (2 a worker at 100,000
articles: some 70,000 each). A block of more than
:data:`~generator.cluster.blocks.SPILL_REPORTS` is not handed whole: it is read from
a file a chunk at a time and merged in a working set of fixed size
(:mod:`generator.cluster.spill`)."""


MERGE_TASKS_A_WORKER = 4
"""Merge tasks a worker (batches of about the same cost, :func:`.blocks.batches`):
sent the costliest first, one a worker at a time, so the last ones are the cheapest
and fill in while the worker with the biggest block finishes it. With 2 a worker
the last task could cost a second or more. At 20,000 distinct articles on 2
workers the merge phase takes 15 to 16 s with 4 or 8 a worker: the biggest block
alone is one task of 13.3 to 14 CPU s, which bounds it."""


def merge_tasks(groups: Sequence[Block], workers: int) -> int:
    """How many tasks merge ``groups``: :data:`MERGE_TASKS_A_WORKER` a worker, more
    when that would hand a task over :data:`MERGE_REPORTS` reports."""
    reports = sum(b.reports for b in groups)
    return max(MERGE_TASKS_A_WORKER * max(workers, 1), -(-reports // MERGE_REPORTS))


def _merge(
    client: Any,
    parts: list[list[Block]],
    factions: dict[str, Faction],
    reports: Sequence[ReportItem],
    store: Storage,
    settle: Callable[[], None] = lambda: None,
    workers: int = 1,
) -> tuple[Merged, float, float, int]:
    """Step 4: each batch of blocks merged by a task, which hands back which reports
    make each event; the events are built here, from this process's own incidents,
    and put back together. A block of more than :data:`SPILL_REPORTS` reports goes to
    its task in a file of the shards' storage and comes back in another
    (:func:`~generator.cluster.blocks.spill_block`), a chunk at a time, and has its
    near misses searched in parts (:func:`.blocks.near_parts`), by tasks of their
    own once its task has clustered it. ``settle`` is called after each
    task's events are built (:func:`.settle.settled`). With the events: when the
    tasks were submitted and when the last one's result was in
    (``time.perf_counter``, :class:`Phases`), and how many tasks searched parts."""
    numbered = iter(range(len(reports) + 1))
    parts = [
        [
            spill_block(store, b, next(numbered), near_parts(b, workers))
            if b.reports > SPILL_REPORTS
            else b
            for b in part
        ]
        for part in parts
    ]
    submitted = last_in = time.perf_counter()
    finished = _one_a_worker(client, parts, factions, store, workers)
    by_key = {report_key(it.side): it for it in reports}  # while the first tasks run
    done: list[list[tuple[list[Event], list[NearMiss]]]] = [[] for _ in parts]
    for k, futures in finished:
        part = parts[k]
        try:
            sent = pickle.loads(futures[0].result())
            for future in futures[1:]:
                future.result()  # a part of the near misses: written to its file
            last_in = time.perf_counter()
            got = [received(sent, by_key)]
            got.extend(received_file(store, b, by_key) for b in part if b.file is not None)
            done[k] = got  # in its task's place: what is put together is in task order
            settle()
        except Exception as exc:
            shown = ", ".join(b.name for b in part[:3]) + (" …" if len(part) > 3 else "")
            raise SitrepError(
                f"merging the events of {shown} failed: {type(exc).__name__}: {exc}; the "
                "shards are written: run the same command again to merge without extracting"
            ) from exc
        for future in futures:
            future.release()
    events, near = put_together([p for got in done for p in got])
    near_tasks = sum(len(b.near) for part in parts for b in part)
    return Merged(events, near), submitted, last_in, near_tasks


def _one_a_worker(
    client: Any,
    parts: list[list[Block]],
    factions: dict[str, Faction],
    store: Storage,
    workers: int,
) -> Iterator[tuple[int, list[Any]]]:
    """The merge tasks of ``parts``, sent in their order (the costliest first:
    :func:`.blocks.batches`) as many at a time as there are ``workers``, the first
    ones at once, the next as soon as one is done; each batch (its index, its
    futures: its own task's first) once all its tasks are done, or one has failed.
    A batch holding a block whose near misses are searched in parts
    (:attr:`.blocks.Block.near`) has a task a part, sent as soon as the batch's own
    task is done, ahead of the other batches: they are what the merge phase waits
    for, and the other batches fill in beside them.

    Sent all at once (even with priorities), they were handed to the workers as they
    arrived, and with work stealing off (:data:`QUIET`) a worker kept what it was
    given: at 20,000 distinct articles, the worker that merged the biggest block
    (12.4 CPU s) then ran a task of 3.5 s it had been given at the start, 4 s after
    the other was done (merge phase 18.1 s; sent one a worker, 16.3 s). Sent one a
    worker, a task goes to the worker that is free. The next is sent by the done
    task's callback (Dask runs it in a thread of its own), not by this thread, which
    may be building the events of the biggest block meanwhile (0.7 s)."""
    # (batch, -1, -1): a batch's own task; (batch, block, part): a part of the near
    # misses of one of its blocks
    queue: deque[tuple[int, int, int]] = deque((k, -1, -1) for k in range(len(parts)))
    lock = threading.Lock()
    finished: SimpleQueue[tuple[int, Any]] = SimpleQueue()
    futures: list[list[Any]] = [[] for _ in parts]
    running = [1] * len(parts)
    told: set[int] = set()

    def send() -> None:
        with lock:
            k, j, near = queue.popleft() if queue else (-1, -1, -1)
        if k < 0:
            return
        try:
            if j < 0:
                future = client.submit(merge_packed, packed(parts[k]), factions, store, pure=False)
            else:
                block = parts[k][j]
                future = client.submit(near_part, block, near, factions, store, pure=False)
        except Exception as exc:  # noqa: BLE001 - raised by this thread, below
            with lock:
                told.add(k)
            finished.put((k, exc))
            return
        future.add_done_callback(functools.partial(done, k, j))

    def done(k: int, j: int, future: Any) -> None:
        try:
            follow(k, j, future)
        except Exception as exc:  # noqa: BLE001 - raised by this thread, in each()
            finished.put((k, exc))

    def follow(k: int, j: int, future: Any) -> None:
        with lock:
            futures[k].append(future)
            ok = future.status == "finished"
            if ok and j < 0:
                then = [(k, i, p) for i, b in enumerate(parts[k]) for p in range(len(b.near))]
                queue.extendleft(reversed(then))
                running[k] += len(then)
            running[k] -= 1
            tell = (not ok or running[k] == 0) and k not in told
            if tell:
                told.add(k)
        if tell:
            finished.put((k, list(futures[k])))
        send()

    def each() -> Iterator[tuple[int, list[Any]]]:
        for _ in parts:
            k, got = finished.get()
            if isinstance(got, BaseException):
                raise got
            yield k, got

    for _ in range(min(max(workers, 1), len(parts))):
        send()  # now, not at the first next(): the caller has work of its own meanwhile
    return each()


def _absolute(url: str) -> str:
    """A local path made absolute: workers elsewhere resolve it from another folder."""
    return url if "://" in url else os.path.abspath(url)


def _where(client: Any, address: str, workers: int) -> str:
    """Where the work goes, and the dashboard's address: a scheduler always serves
    one over HTTP (its page says when bokeh is missing there); a local cluster
    started here without bokeh has none."""
    line = f"dask: {workers} worker{'s' if workers != 1 else ''} at {client.scheduler.address}"
    if address == LOCAL and not _has_dashboard():
        return line + " (a local cluster; no dashboard: bokeh is not installed)"
    return line + f"; dashboard: {client.dashboard_link}"


def _prune(store: Storage, keep: set[str]) -> None:
    """Remove output shards of earlier runs that this run's plan no longer has (and
    files left by a write that was cut off): only names sitrep writes, nothing else."""
    try:
        listing = store.fs.ls(store.root, detail=False)
    except OSError:
        return
    for path in listing:
        name = str(path).rstrip("/").rsplit("/", 1)[-1]
        stale = name.startswith("shard-") and name.endswith(".jsonl") and name not in keep
        leftover = name.startswith(".shard-") and ".jsonl.tmp-" in name
        merge = name.startswith(SPILL_PREFIX) and ".sides" in name
        if stale or leftover or merge:
            with contextlib.suppress(OSError):
                store.fs.rm_file(path)


def _put_together(
    store: Storage,
    shards: Sequence[Shard] | None,
    the_plan: Plan | None,
    extracted: dict[str, tuple[Entry, ...]] | None = None,
) -> tuple[IngestResult, list[CodedArticle]]:
    """Every output shard read back in order (or, for a shard ``extracted`` by this
    run, what its task handed back: the same entries); duplicates and ids settled
    as ingest settles them for a local run (:func:`generator.ingest.collect`)."""
    reads: list[Read] = []
    coded_by_id: dict[str, CodedArticle] = {}
    names = [f"{s.name}.jsonl" for s in shards] if shards is not None else read_index(store)
    for i, name in enumerate(names):
        kept = (extracted or {}).get(name.removesuffix(".jsonl"))
        entries = list(kept) if kept is not None else load_shard(store, name)
        if shards is not None:
            want = [(e.rel, a) for e, a in zip(shards[i].entries, shards[i].ids, strict=True)]
            if [(r.rel, r.article_id) for r, _ in entries] != want:
                raise Damaged(f"{store.url}/{name}: its entries are not the shard's files")
        for read, record in entries:
            reads.append(read)
            if record is not None:
                coded_by_id.setdefault(read.article_id, record)
    if the_plan is not None:
        ids = the_plan.ids
    else:  # read back: every entry kept its id
        ids = {r.rel: r.article_id for r in reads if r.article_id}
    result = collect(reads, ids, seen=len(reads))
    try:
        coded = [replace(coded_by_id[a.id], article=a) for a in result.articles]
    except KeyError as exc:
        raise Damaged(f"{store.url}: no extracted record for article {exc}") from exc
    return result, coded


def shards_of(out: str) -> str:
    """Where the output shards of ``--json OUT`` go when ``--shards`` is not given."""
    return f"{out}.shards"


def from_extract(out: str) -> tuple[IngestResult, list[CodedArticle]]:
    """What a cluster extraction wrote, read back: ``out`` is its ``--json`` file (the
    shards beside it) or its shards folder or URL."""
    candidates = [out] if "://" in out else [out, shards_of(out)]
    for url in candidates:
        store = storage(_absolute(url))
        if store.exists(INDEX):
            return _put_together(store, None, None)
    raise SitrepError(
        f"not the output of `sitrep extract --dask`: no {INDEX} in {' or '.join(candidates)}"
    )
