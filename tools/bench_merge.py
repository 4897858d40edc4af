#!/usr/bin/env python3
"""Time the merge into events (and its near misses) alone, on N extracted articles.

    .venv/bin/python tools/bench_merge.py ARTICLES --cache-dir CACHE [--limit N]
        [--pickle FILE] [--mode build|add|extract|dask] [--trace]
    .venv/bin/python tools/bench_merge.py --mode dense [--sizes 25000,100000] [--whole]

The articles are read and extracted through the cache (``sitrep extract
ARTICLES --cache-dir CACHE`` fills it; the first ``--limit`` files by name), and
kept in ``--pickle FILE`` so that the next run starts from them in seconds. Then
one merge is timed, wall and CPU:

- ``build``: as ``sitrep build`` merges, block by block through the merge memo
  (with no cache folder: every block merged);
- ``add``: as ``sitrep build`` merges after one article was added: the articles but
  the middle one (in publication order) merged through a memo in a temporary
  folder, then all of them through that memo; the second merge is timed (the
  first is printed beside it), with how many reports it decided afresh;
- ``extract``: as ``sitrep extract`` merges, ``merge_incidents`` over everything,
  then ``near_misses``;
- ``dask``: the merge task of ``sitrep extract --dask`` run in this process on
  the largest block (what one worker does), then handed back to the client;
- ``dense``: no articles: a synthetic governorate block of each of ``--sizes``
  reports (:func:`dense_sides`: six reports a day over years, one in twenty naming a
  day up to three years back, so that every date window chains into one block), merged
  as a cluster merges a block of more than ``SPILL_REPORTS`` reports: written to a
  file of a temporary storage, merged by a task in a process of its own that reads it
  and writes what it hands back a chunk at a time, in a working set of fixed size
  (``generator/cluster/spill.py``); the task's peak resident memory at each size.
  ``--whole``: the block handed to the task whole and merged in memory instead (as
  before the spill), for comparison.

``--trace`` adds the peak of ``tracemalloc`` above what was held before (about
three times slower); without it the peak resident memory of the process
(``ru_maxrss``) is given, which includes the loaded articles. Counts printed:
reports, blocks, verdicts computed (calls of ``judge``), events, near misses.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import pickle
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def load(articles: Path, cache_dir: Path, limit: int | None) -> list[Any]:
    """The coded articles of the first ``limit`` files of ``articles``, through the cache."""
    from generator.pipeline import Options, extract, ingest

    folder = articles
    if limit is not None:
        files = sorted(p for p in articles.iterdir() if p.suffix == ".md")[:limit]
        folder = Path(tempfile.mkdtemp(prefix="bench-merge-"))
        for p in files:  # copies: ingest reads no symbolic link
            shutil.copy2(p, folder / p.name)
    options = Options(jobs=1, cache_dir=cache_dir, progress=False)
    run = extract(ingest(folder, options, say=lambda _: None), options, say=lambda _: None)
    print(f"loaded: {run.cache_line}", file=sys.stderr)
    return run.coded


def work(folder: Path) -> None:
    """A merge task as a worker runs it: ``folder/task`` in, ``folder/sent`` out."""
    import generator.cluster.blocks as blocks_module

    ready = _hwm()
    cpu = time.process_time()
    task = (folder / "task").read_bytes()
    if (folder / "whole").exists():
        blocks_module.SPILL_REPORTS = 1 << 62
    done = blocks_module.merge_to_send(*pickle.loads(task))
    sent = pickle.dumps(done, protocol=pickle.HIGHEST_PROTOCOL)
    (folder / "sent").write_bytes(sent)
    took = time.process_time() - cpu
    (folder / "took").write_text(
        f"{took:.1f} s CPU, peak RSS {_hwm():.0f} MB ({ready:.0f} MB before the task)"
    )


def dense_sides(n: int, per_day: int = 6, seed: int = 1) -> list[Any]:
    """``n`` reports of one governorate, ``per_day`` a day from 2012 on (of 1 to 3 a
    made-up article): 55 % dated a day or two before publication, 35 % undated (the
    week before), 5 % a day up to three years back, 5 % a month; of 160 places, 8
    means, 8 perpetrators and 13 tolls, drawn from a seeded generator."""
    import random

    from generator.events.rules import side

    rng = random.Random(seed)
    places = ["Aleppo", "Azaz", "Al-Bab", "Manbij", "Jarablus", "Afrin", "Atareb", "Anadan"]
    places += ["Hayan", "Tal Rifaat"] + [f"Village {i}" for i in range(150)]
    means = ["airstrike", "shelling", "car-bomb", "ied", "clashes", "unknown", "drone-strike"]
    means.append("barrel-bomb")
    perpetrators = [None, "unidentified", "syrian-government", "russia", "isis", "hts", "sdf"]
    perpetrators.append("turkey")
    start = dt.date(2012, 1, 1)
    out: list[Any] = []
    article = 0
    while len(out) < n:
        published = start + dt.timedelta(days=article // per_day)
        article += 1
        for j in range(rng.choice((1, 1, 1, 2, 3))):
            r = rng.random()
            date: dt.date | None
            if r < 0.55:
                date, precision = published - dt.timedelta(rng.choice((0, 0, 1, 1, 2))), "day"
            elif r < 0.9:
                date, precision = None, "unknown"
            elif r < 0.95:
                date, precision = published - dt.timedelta(rng.randrange(1, 3 * 365)), "day"
            else:
                date, precision = published, "month"
            aid = f"a{article:07d}"
            out.append(
                side(
                    article_id=aid,
                    incident_id=f"{aid}-{j:02d}",
                    province="aleppo",
                    place_name=rng.choice(places),
                    means=rng.choice(means),
                    perpetrator=rng.choice(perpetrators),
                    toll=rng.choice((None, 1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 30)),
                    date=date,
                    precision=precision,
                    published=published,
                )
            )
    return out[:n]


def dense(sizes: list[int], whole: bool) -> None:
    """``--mode dense``: the merge task's peak on a synthetic block of each size."""
    from generator.cluster.blocks import Block, spill_block
    from generator.cluster.shardfile import storage
    from generator.knowledge.factions import load_factions

    factions = load_factions()
    for n in sizes:
        sides = tuple(dense_sides(n))
        block = Block("aleppo (synthetic)", sides, len(sides))
        with tempfile.TemporaryDirectory() as tmp:
            store = storage(str(Path(tmp) / "shards"))
            sent = block if whole else spill_block(store, block, 0)
            task = pickle.dumps(([sent], factions, store), protocol=pickle.HIGHEST_PROTOCOL)
            (Path(tmp) / "task").write_bytes(task)
            if whole:
                (Path(tmp) / "whole").touch()
            wall = time.perf_counter()
            subprocess.run([sys.executable, __file__, "--worker", tmp], check=True)
            wall = time.perf_counter() - wall
            worker = (Path(tmp) / "took").read_text()
            back = sum(p.stat().st_size for p in Path(tmp).rglob("*sent"))
        how = "whole, in memory" if whole else "spilled"
        print(
            f"dense ({how}): {n} reports, task {len(task) >> 10} KB in, {back >> 10} KB back; "
            f"worker {worker}; {wall:.1f} s wall",
            flush=True,
        )


def _hwm() -> float:
    """This process's peak resident memory in MB (``VmHWM``: since its exec, unlike
    ``ru_maxrss``, which keeps the peak of the process it was forked from)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("articles", type=Path, nargs="?")
    ap.add_argument("--cache-dir", type=Path)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--pickle", type=Path)
    ap.add_argument("--mode", choices=("build", "add", "extract", "dask", "dense"), default="build")
    ap.add_argument("--sizes", default="25000,100000", help="--mode dense: block sizes")
    ap.add_argument("--whole", action="store_true", help="--mode dense: merged in memory")
    ap.add_argument("--trace", action="store_true")
    ap.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker is not None:
        work(args.worker)
        return
    if args.mode == "dense":
        dense([int(n) for n in args.sizes.split(",")], args.whole)
        return

    sys.setrecursionlimit(100_000)
    if args.pickle is not None and args.pickle.exists():
        coded = pickle.loads(args.pickle.read_bytes())
    else:
        if args.articles is None or args.cache_dir is None:
            ap.error("ARTICLES and --cache-dir are needed unless --pickle FILE exists")
        coded = load(args.articles, args.cache_dir, args.limit)
        if args.pickle is not None:
            args.pickle.write_bytes(pickle.dumps(coded, protocol=pickle.HIGHEST_PROTOCOL))

    import generator.events.merge as merge_module
    from generator.knowledge.factions import load_factions

    factions = load_factions()
    calls = [0]
    judge = merge_module.judge

    def counted(*a: Any, **k: Any) -> Any:
        calls[0] += 1
        return judge(*a, **k)

    merge_module.judge = counted  # type: ignore[assignment]
    reports = sum(1 for c in coded for i in c.incidents if not i.aggregate)
    gc.collect()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if args.trace:
        tracemalloc.start()
    wall, cpu = time.perf_counter(), time.process_time()
    extra = ""
    if args.mode == "build":
        from generator.events.memo import MergeMemo

        memo = MergeMemo(None, "bench")
        events = memo.merge(coded, factions)
        misses = memo.near_misses or ()
        extra = f", {memo.groups} blocks"
    elif args.mode == "add":
        from generator.events.memo import MergeMemo

        # The article added: the middle one in publication order that has a report.
        ordered = sorted(
            (c for c in coded if any(not i.aggregate for i in c.incidents)),
            key=lambda c: (c.article.published or dt.date.max, c.article.id),
        )
        pick = ordered[len(ordered) // 2]
        rest = [c for c in coded if c is not pick]
        with tempfile.TemporaryDirectory() as tmp:
            memo = MergeMemo(Path(tmp), "bench")
            memo.merge(rest, factions)
            memo.save()
            first, verdicts = time.process_time() - cpu, calls[0]
            calls[0] = 0
            gc.collect()
            wall, cpu = time.perf_counter(), time.process_time()
            memo = MergeMemo(Path(tmp), "bench")
            events = memo.merge(coded, factions)
            misses = memo.near_misses or ()
            memo.save()
        extra = (
            f", one article added ({pick.article.id}, published {pick.article.published}) "
            f"to a memo of the others (their merge: {first:.1f} s CPU, {verdicts} verdicts): "
            f"{memo.merged} of {memo.groups} blocks merged again, {memo.decided} reports "
            "decided afresh"
        )
    elif args.mode == "extract":
        events = merge_module.merge_incidents(coded, factions)
        misses = merge_module.near_misses(coded, events, factions)
    else:
        from generator.cluster.blocks import blocks_of, received
        from generator.events.merge import report_items, report_key

        items = report_items(coded)
        biggest = max(blocks_of(items), key=lambda b: b.reports)
        task = pickle.dumps(([biggest], factions), protocol=pickle.HIGHEST_PROTOCOL)
        del items
        # What a worker does, in a process of its own (its peak RSS is the worker's):
        # unpickle its blocks, merge, pickle what it hands back.
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / "task").write_bytes(task)
            subprocess.run([sys.executable, __file__, "--worker", tmp], check=True)
            sent = (Path(tmp) / "sent").read_bytes()
            worker = (Path(tmp) / "took").read_text()
        by_key = {report_key(it.side): it for it in report_items(coded)}
        events, misses = received(pickle.loads(sent), by_key)
        extra = (
            f", biggest block {biggest.name}: {biggest.reports} reports, task "
            f"{len(task) >> 10} KB in, {len(sent) >> 10} KB back, worker {worker}{extra}"
        )
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = ""
    if args.trace:
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        peak = f", tracemalloc peak {top / 2**20:.0f} MB"
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{args.mode}: {len(coded)} articles, {reports} reports{extra}: {len(events)} events, "
        f"{len(misses)} near misses, {calls[0]} verdicts; {wall:.1f} s wall, {cpu:.1f} s CPU"
        f"{peak}; max RSS {rss:.0f} MB (before the merge {rss_before:.0f} MB)"
    )


if __name__ == "__main__":
    main()
