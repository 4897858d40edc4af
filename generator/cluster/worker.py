"""What runs on a Dask worker: the extractor, loaded once, and one task per shard.

A worker is any machine with sitrep installed (``dask worker tcp://HOST:8786``).
:class:`ExtractorPlugin` builds the extractor's spaCy pipeline when the worker
joins (``generator.extract.pipeline.get_nlp``, which keeps the one
``make_nlp()`` it built for the life of the process), so it is built once per
worker process, not once per shard; every task reports how many times its
worker built it, and the client shows the count. Extraction itself goes through
``generator.extract.extract_articles`` and the cache's
:func:`~generator.cache.run.extract_cached`.

One extraction at a time per worker process: the extractor keeps what it made
for the doc being read in module state (``generator.extract.tokens``), which two
threads reading two docs would mix up, and it holds the GIL, so a second thread
would gain nothing. A worker started with ``--nthreads 4`` still extracts
correctly, one shard after another.

A worker running other rules than the client's would write other incidents under
the client's name: each task checks the worker's extractor version against the
client's first, and fails naming both.
"""

from __future__ import annotations

import datetime as dt
import resource
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from distributed import WorkerPlugin

from generator.cache.codec import MODEL_FINGERPRINT
from generator.cluster.plan import Shard
from generator.cluster.shardfile import Entry, Storage, entries, input_hash, is_done, shard_lines
from generator.ingest import Read, collect, read_entry
from generator.model import SitrepError

__all__ = ["ExtractorPlugin", "ShardDone", "ShardTask", "extract_shard", "pipeline_builds"]

EXTRACTING = threading.Lock()
"""Held while a task of this process extracts (module docstring)."""


class ExtractorPlugin(WorkerPlugin):
    """Builds the extractor's pipeline when a worker starts (an empty batch builds
    it, and settles it out of the garbage collector's sight as a real batch would)."""

    name = "sitrep-extractor"

    def setup(self, worker: object) -> None:
        from generator.extract import extract_articles

        with EXTRACTING:
            extract_articles([])


def pipeline_builds() -> int:
    """How many times this process has built the extractor's pipeline."""
    from generator.extract.pipeline import get_nlp

    return get_nlp.cache_info().misses


@dataclass(frozen=True)
class ShardTask:
    shard: Shard
    store: Storage
    version: str
    """The client's extractor version: the worker's must be the same."""
    model: str
    cache_dir: str | None
    """The per-article extraction cache on the worker (None: ``--no-cache``)."""
    reuse: bool = True
    """Leave a shard whose output is already done as it is (False: ``--no-cache``)."""
    today: dt.date | None = None


@dataclass(frozen=True)
class ShardDone:
    name: str
    articles: int
    extracted: int
    """Articles the extractor ran on (0 when the shard's output was already done)."""
    from_cache: int
    reused: bool
    seconds: float
    cpu_seconds: float
    """CPU time of the task's thread: reading, extracting and writing the shard."""
    worker: str
    peak_mb: float
    """The worker process's peak resident memory so far."""
    builds: int = 1
    """How many times the worker process built the pipeline so far (1: once per worker)."""
    entries: tuple[Entry, ...] | None = None
    """What the client would read back from the shard's file (None when the task
    wrote none: the shard was done); the client takes these instead of decoding
    the file (:func:`~generator.cluster.shardfile.entries`)."""


def _check_version(task: ShardTask) -> None:
    from generator.cache.version import EXTRACTOR_VERSION

    if (task.version, task.model) != (EXTRACTOR_VERSION, MODEL_FINGERPRINT):
        raise SitrepError(
            f"worker {socket.gethostname()} runs extractor {EXTRACTOR_VERSION} "
            f"(model {MODEL_FINGERPRINT}), this client {task.version} (model {task.model}): "
            "install the same sitrep on every worker"
        )


def extract_shard(task: ShardTask) -> ShardDone:
    """Read the shard's files through ingest, extract its articles, write its output.

    Idempotent: when the output already holds what this extractor makes of these
    files (same version, model and input hash), nothing is extracted or written.
    """
    from generator.cache.run import extract_cached
    from generator.extract import extract_articles

    started, cpu = time.perf_counter(), time.thread_time()
    _check_version(task)
    shard = task.shard
    reads = [
        Read(e.rel, article_id, read_entry(e, today=task.today))
        for e, article_id in zip(shard.entries, shard.ids, strict=True)
    ]
    header = {
        "extractor": task.version,
        "model": task.model,
        "input": input_hash(reads, task.version),
    }
    name = f"{shard.name}.jsonl"
    # The articles of this shard, copies within it left out (ids and copies across
    # shards are settled when the shards are put together).
    articles = collect(reads, {}, seen=len(reads)).articles
    if task.reuse and is_done(task.store, name, header):
        return _done(task, len(articles), 0, 0, True, started, cpu)
    with EXTRACTING:
        coded, stats = extract_cached(
            articles,
            extract=extract_articles,
            version=task.version,
            cache_dir=Path(task.cache_dir) if task.cache_dir is not None else None,
            jobs=1,
        )
    task.store.write(name, shard_lines(reads, coded, header))
    kept = tuple(entries(reads, coded))
    return _done(task, len(articles), stats.misses, stats.hits, False, started, cpu, kept)


def _done(
    task: ShardTask,
    articles: int,
    extracted: int,
    hits: int,
    reused: bool,
    started: float,
    cpu: float,
    kept: tuple[Entry, ...] | None = None,
) -> ShardDone:
    try:
        from distributed import get_worker

        where = get_worker().address
    except ValueError:  # called outside a worker (tests)
        where = "local"
    return ShardDone(
        name=task.shard.name,
        articles=articles,
        extracted=extracted,
        from_cache=hits,
        reused=reused,
        seconds=time.perf_counter() - started,
        cpu_seconds=time.thread_time() - cpu,
        worker=where,
        peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        builds=pipeline_builds(),
        entries=kept,
    )
