"""Extraction through the cache, on several processes.

Extraction is the only stage whose cost grows with the text of every article,
and almost every build re-reads articles that have not changed. So each
article's result is stored (:mod:`generator.cache.store`); a rebuild with no
change extracts nothing, and adding one article extracts only that one. The
misses are extracted in worker processes when there are enough of them to repay
the start-up.

Determinism: results come back in input order whatever ``jobs`` is, and a hit is
exactly what a fresh extraction would return (see :mod:`generator.cache.store`).
"""

from __future__ import annotations

import math
import multiprocessing
import os
import pickle
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.cache.store import cache_key, load, prune, store
from generator.model import Article, CodedArticle, SitrepError

if TYPE_CHECKING:
    from generator.cache.pack import Pack

__all__ = [
    "DEFAULT_CACHE_DIR",
    "POOL_THRESHOLD",
    "CacheStats",
    "extract_cached",
]

DEFAULT_CACHE_DIR = Path(".sitrep-cache")
"""Where the CLI keeps the cache, relative to the current directory (git-ignored)."""

POOL_THRESHOLD = 50
"""Fewer misses than this are extracted in-process: starting worker processes
(and loading spaCy in each) costs more than extracting a few dozen articles."""

CHUNK_MAX = 64
"""Upper bound on articles per task sent to a worker: large enough to amortise
pickling, small enough to balance the load and move the progress bar."""

ExtractFn = Callable[[Sequence[Article]], list[CodedArticle]]


@dataclass(frozen=True)
class CacheStats:
    """What one :func:`extract_cached` call did, for the build summary."""

    hits: int
    misses: int
    """Articles extracted in this run (every article when there is no cache)."""
    seconds: float
    """Wall time of the whole call: lookups, extraction and cache writes."""
    jobs: int = 1
    """Processes that extracted the misses (1 = in-process)."""
    pruned: int = 0
    """Stale cache entries deleted (only with ``prune_stale=True``)."""
    keys: frozenset[str] = frozenset()
    """The cache keys of this run's articles, for :func:`~generator.cache.store.prune`."""
    article_keys: tuple[str, ...] = ()
    """The cache key of each article, in input order (empty without a cache)."""


def _chunks(items: Sequence[Article], size: int) -> Iterator[Sequence[Article]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _progress_bar(total: int, initial: int, enabled: bool) -> Any:
    """A tqdm bar on stderr, only for a person watching a terminal (quiet in CI and pipes)."""
    if not (enabled and sys.stderr.isatty()):
        return None
    from tqdm import tqdm

    return tqdm(
        total=total,
        initial=initial,
        unit="article",
        desc="extracting",
        leave=False,
        file=sys.stderr,
    )


def _pool_context(extract: ExtractFn) -> multiprocessing.context.BaseContext:
    """``fork`` when this process runs a single thread, else ``forkserver``.

    Forked workers start at once with everything the parent has imported
    (spaCy takes 1-2 s to import; measured here, a forkserver pool delivers its
    first results ~3 s later than a forked one). But forking a process that has
    other threads (tqdm's monitor, an I/O pool) can deadlock a child on a lock
    held at fork time, so then the fork server is used, with the extractor's
    module preloaded so spaCy is imported once, not once per worker. Where
    neither exists (Windows, macOS' default), ``spawn``.
    """
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1 and sys.platform != "darwin":
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        module = getattr(extract, "__module__", None)
        if module and module != "__main__":
            ctx.set_forkserver_preload([module])
        return ctx
    return multiprocessing.get_context("spawn")


def _extract_parallel(
    misses: Sequence[Article],
    extract: ExtractFn,
    jobs: int,
    on_done: Callable[[int, Sequence[Article], list[CodedArticle]], None],
    on_started: Callable[[], None],
) -> None:
    """Extract ``misses`` in ``jobs`` processes; ``on_done(start, batch, results)``
    is called in input order, in this process (so only it writes the cache).
    ``on_started`` runs once the workers exist: the progress bar is made then,
    because its monitor thread would otherwise rule out ``fork``."""
    try:
        pickle.dumps(extract)
    except (pickle.PicklingError, AttributeError, TypeError) as exc:
        raise TypeError(
            f"extract must be a picklable top-level function to run in worker processes: {exc}"
        ) from exc
    size = max(1, min(CHUNK_MAX, math.ceil(len(misses) / (jobs * 4))))
    chunks = list(_chunks(misses, size))
    context = _pool_context(extract)
    if context.get_start_method() == "fork":
        # Let the extractor load its pipeline here, once: the forked workers
        # inherit it instead of each loading their own (a no-op for an
        # extractor that loads nothing on an empty batch).
        extract([])
    executor = ProcessPoolExecutor(max_workers=jobs, mp_context=context)
    try:
        # map() submits every chunk now (with fork, that starts the workers) and
        # yields in submission order: output identical to jobs=1.
        ordered = executor.map(extract, chunks)
        on_started()
        for n, results in enumerate(ordered):
            on_done(n * size, chunks[n], results)
    except BrokenProcessPool as exc:
        raise SitrepError(
            f"an extraction worker died ({exc}); out of memory? try fewer --jobs"
        ) from exc
    finally:
        # On an error or Ctrl-C, do not wait for the remaining chunks.
        executor.shutdown(wait=True, cancel_futures=True)


def extract_cached(
    articles: Sequence[Article],
    *,
    extract: ExtractFn,
    version: str,
    cache_dir: Path | None,
    jobs: int = 0,
    progress: bool = False,
    prune_stale: bool = False,
    pool_threshold: int = POOL_THRESHOLD,
    known_keys: Sequence[str | None] | None = None,
    fill: Callable[[Article], Article] | None = None,
    slice_of: tuple[int, int] | None = None,
    pack: Pack | None = None,
    compact: Callable[[CodedArticle, bool], CodedArticle] | None = None,
) -> tuple[list[CodedArticle], CacheStats]:
    """Extract ``articles``, reusing cached results; results in input order.

    ``extract`` takes a batch of articles and returns one ``CodedArticle`` per
    article, in order. To run in worker processes it must be picklable (a
    top-level function); it may be called once with an empty batch, to load its
    pipeline before the workers are forked.

    ``version`` identifies the extractor's rules and data: change it and every
    entry is a miss. ``cache_dir=None`` disables the cache.

    ``jobs``: worker processes for the misses, 0 = ``os.cpu_count()``. With
    ``jobs=1``, or fewer than ``pool_threshold`` misses, extraction runs
    in-process.

    ``prune_stale`` deletes, after a successful run, every entry the run did
    not use: only for a cache that serves a single articles folder.

    ``known_keys`` and ``fill`` are for articles that come without their text
    (:mod:`generator.ingest.memo`): an article's key where it is known (None where
    not), and the article with its text, asked for an article whose key is not known
    (the key is of its text) or that must be extracted.

    ``slice_of``: (articles before these, articles in all) when ``articles`` is one
    slice of a larger run, so its progress bar counts the whole run, not the slice.

    ``pack``: the last build's extractions in one file (:mod:`generator.cache.pack`),
    asked first for each key. ``compact(coded, shared)`` is applied to every result
    (``shared``: it came from the pack, its incidents made of shared values already).
    """
    started = time.perf_counter()
    if jobs < 0:
        raise ValueError(f"jobs must be >= 0, got {jobs}")
    jobs = jobs or os.cpu_count() or 1

    filled = fill or (lambda a: a)
    articles = list(articles)
    keys: list[str] = []
    if cache_dir is not None:
        known = known_keys or [None] * len(articles)
        for i, article in enumerate(articles):
            key = known[i]
            if key is None:
                articles[i] = article = filled(article)
                key = cache_key(article, version)
            keys.append(key)
    results: list[CodedArticle | None] = [None] * len(articles)
    miss_index: list[int] = []
    packed: set[int] = set()
    for i, article in enumerate(articles):
        cached = None
        if cache_dir is not None:
            cached = pack.load(keys[i], article) if pack is not None else None
            if cached is not None:
                packed.add(i)
            else:
                cached = load(cache_dir, keys[i], article)
        if cached is None:
            miss_index.append(i)
            articles[i] = filled(article)
        else:
            results[i] = cached
    misses = [articles[i] for i in miss_index]
    hits = len(articles) - len(misses)

    bar: Any = None

    def start_bar() -> None:
        nonlocal bar
        before, total = slice_of or (0, len(articles))
        bar = _progress_bar(total, before + hits, progress)

    def on_done(start: int, batch: Sequence[Article], coded: list[CodedArticle]) -> None:
        if len(coded) != len(batch):
            raise SitrepError(f"extractor returned {len(coded)} results for {len(batch)} articles")
        for offset, c in enumerate(coded):
            i = miss_index[start + offset]
            if c.article.id != articles[i].id:
                raise SitrepError(
                    f"extractor returned article {c.article.id!r} in place of {articles[i].id!r}"
                )
            results[i] = c
            if cache_dir is not None and c.error is None:  # a failure is retried next run
                store(cache_dir, keys[i], c)
        if bar is not None:
            bar.update(len(coded))

    use_pool = jobs > 1 and len(misses) >= max(pool_threshold, 2)
    workers = min(jobs, len(misses)) if use_pool else 1
    try:
        if use_pool:
            _extract_parallel(misses, extract, workers, on_done, start_bar)
        elif misses:
            start_bar()
            # One batch per chunk, so the bar moves and entries are written as we go.
            for start in range(0, len(misses), CHUNK_MAX):
                batch = misses[start : start + CHUNK_MAX]
                on_done(start, batch, list(extract(batch)))
    finally:
        if bar is not None:
            bar.close()

    pruned = prune(cache_dir, keys) if (prune_stale and cache_dir is not None) else 0
    stats = CacheStats(
        hits=hits,
        misses=len(misses),
        seconds=time.perf_counter() - started,
        jobs=workers,
        pruned=pruned,
        keys=frozenset(keys),
        article_keys=tuple(keys),
    )
    done = [r for r in results if r is not None]
    assert len(done) == len(articles), "every article has a result"
    if compact is not None:
        done = [compact(r, i in packed) for i, r in enumerate(done)]
    return done, stats
