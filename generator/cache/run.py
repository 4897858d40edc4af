"""Extraction cache and parallel extraction.

Extraction is the only stage whose cost grows with the text of every article,
and almost every build re-reads articles that have not changed. So each
article's result is stored as one small JSON file, keyed by a hash of
everything extraction reads; a rebuild with no change extracts nothing, and
adding one article extracts only that one. The misses are extracted in worker
processes when there are enough of them to repay the start-up.

Layout: ``<cache_dir>/<key[:2]>/<key>.json`` (sharded so no directory holds
tens of thousands of files), each written atomically (temp file + rename), so
an interrupted build leaves whole entries or none. Every entry repeats its
key; a file that cannot be read, parsed, decoded or does not match its key is
a miss and is overwritten, never an error; so is anything in an entry's place
that is not a regular file of at most :data:`ENTRY_LIMIT` bytes (a FIFO, a
link to ``/dev/zero``: read with :func:`generator.safety.safeio.read_regular`, which
never follows, blocks or overflows). So is an entry holding anything the
extractor could not have written (a province, means, event type or faction
outside its vocabulary, a negative count: :mod:`generator.cache.vocabulary`): the
cache is a folder anyone with write access can edit, and its values reach the
pages.

Determinism: results come back in input order whatever ``jobs`` is, and a hit
returns the cached incidents with the *current* ``Article`` (so a moved file
shows its new path), which is exactly what a fresh extraction would return,
because the key covers every field the extractor reads.
"""

from __future__ import annotations

import hashlib
import json
import math
import multiprocessing
import os
import pickle
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from generator.cache.codec import MODEL_FINGERPRINT, CodecError, coded_from_dict, coded_to_dict
from generator.cache.vocabulary import coded_problem
from generator.model import Article, CodedArticle, SitrepError
from generator.safety.safeio import read_regular

__all__ = [
    "DEFAULT_CACHE_DIR",
    "POOL_THRESHOLD",
    "CacheStats",
    "cache_key",
    "extract_cached",
    "prune",
]

DEFAULT_CACHE_DIR = Path(".sitrep-cache")
"""Where the CLI keeps the cache, relative to the current directory (git-ignored)."""

POOL_THRESHOLD = 50
"""Fewer misses than this are extracted in-process: starting worker processes
(and loading spaCy in each) costs more than extracting a few dozen articles."""

CHUNK_MAX = 64
"""Upper bound on articles per task sent to a worker: large enough to amortise
pickling, small enough to balance the load and move the progress bar."""

ENTRY_LIMIT = 32 << 20
"""Largest cache entry read back (one for a 1 MB article with its incidents is
about 2 MB); anything larger is a miss."""

_FORMAT = 1
"""Version of the on-disk entry layout (bump if the wrapper around the codec changes)."""

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
    """The cache keys of this run's articles, for :func:`prune`."""


def cache_key(article: Article, version: str) -> str:
    """sha256 of the extractor version and every Article field extraction reads.

    ``path`` and ``content_hash`` are left out on purpose: moving a file does not
    change what the extractor reads (the hit returns the new path anyway).
    The model fingerprint is in too, so a change to the dataclasses invalidates
    entries even if nobody bumped the extractor version.
    """
    fields = [
        f"format={_FORMAT}",
        f"model={MODEL_FINGERPRINT}",
        f"version={version}",
        article.id,
        article.title,
        article.published.isoformat() if article.published else "",
        article.source if article.source is not None else "\x00",
        article.url if article.url is not None else "\x00",
        article.text,
    ]
    h = hashlib.sha256()
    for part in fields:
        data = part.encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "big"))  # length-prefixed: no ambiguity between fields
        h.update(data)
    return h.hexdigest()


def _entry_path(cache_dir: Path, key: str) -> Path:
    return cache_dir / key[:2] / f"{key}.json"


def _load(cache_dir: Path, key: str, article: Article) -> CodedArticle | None:
    """The cached result for ``key``, or None for a missing or unusable entry."""
    try:
        raw = read_regular(_entry_path(cache_dir, key), ENTRY_LIMIT)
        doc = json.loads(raw)
        if not isinstance(doc, dict) or doc.get("key") != key:
            return None
        coded = coded_from_dict(doc["coded"])
    except (OSError, ValueError, KeyError, TypeError, RecursionError, CodecError):
        return None
    if coded.article.id != article.id or coded_problem(coded) is not None:
        return None  # a field out of its vocabulary: an edited entry, extracted again
    return replace(coded, article=article)


def _store(cache_dir: Path, key: str, coded: CodedArticle) -> None:
    """Write one entry atomically. A cache that cannot be written only costs speed."""
    text = json.dumps({"key": key, "coded": coded_to_dict(coded)}, ensure_ascii=False)
    write_quietly(_entry_path(cache_dir, key), text)


def write_quietly(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically (aside, then renamed), or not at all: for
    caches, which only cost speed when they cannot be written."""
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".part")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def prune(cache_dir: Path, keep: Iterable[str]) -> int:
    """Delete cache entries whose key is not in ``keep``; returns how many.

    Safe on a mistaken ``cache_dir`` (say, the home folder): only regular files
    named ``<64 hex>.json`` inside a two-hex-digit shard folder directly under
    ``cache_dir`` are candidates, symlinks are never followed or deleted, and
    nothing else (no folder, no other file) is ever removed.
    Leftover ``.tmp-*.part`` files from a killed build are removed too.
    """
    keep = set(keep)
    removed = 0
    try:
        shards = list(os.scandir(cache_dir))
    except OSError:
        return 0
    for shard in shards:
        if not (_is_hex(shard.name, 2) and shard.is_dir(follow_symlinks=False)):
            continue
        try:
            entries = list(os.scandir(shard.path))
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            is_entry = (
                name.endswith(".json") and _is_hex(name[:-5], 64) and name.startswith(shard.name)
            )
            is_leftover = name.startswith(".tmp-") and name.endswith(".part")
            if not (is_entry or is_leftover) or not entry.is_file(follow_symlinks=False):
                continue
            if is_entry and name[:-5] in keep:
                continue
            try:
                os.unlink(entry.path)
            except OSError:
                continue
            removed += is_entry
    return removed


def _is_hex(s: str, length: int) -> bool:
    return len(s) == length and all(c in "0123456789abcdef" for c in s)


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
    """
    started = time.perf_counter()
    if jobs < 0:
        raise ValueError(f"jobs must be >= 0, got {jobs}")
    jobs = jobs or os.cpu_count() or 1

    keys = [cache_key(a, version) for a in articles] if cache_dir is not None else []
    results: list[CodedArticle | None] = [None] * len(articles)
    miss_index: list[int] = []
    for i, article in enumerate(articles):
        cached = _load(cache_dir, keys[i], article) if cache_dir is not None else None
        if cached is None:
            miss_index.append(i)
        else:
            results[i] = cached
    misses = [articles[i] for i in miss_index]
    hits = len(articles) - len(misses)

    bar: Any = None

    def start_bar() -> None:
        nonlocal bar
        bar = _progress_bar(len(articles), hits, progress)

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
                _store(cache_dir, keys[i], c)
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
    )
    done = [r for r in results if r is not None]
    assert len(done) == len(articles), "every article has a result"
    return done, stats
