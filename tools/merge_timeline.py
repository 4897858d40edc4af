#!/usr/bin/env python3
"""Each merge task of ``sitrep extract --dask local``: when it ran, on which worker,
its CPU; and the same tasks replayed on more workers.

    .venv/bin/python tools/merge_timeline.py ARTICLES --json OUT [--shards DIR]
        [--workers 1,2,4,8] [--spill-reports N] [--whole]

Runs ``sitrep extract ARTICLES --json OUT --dask local`` in this process (``--shards
DIR`` already written by an earlier run of the same articles: only the merge runs),
each merge task (a batch of blocks, or a part of a block's near misses,
``generator/cluster/blocks.py``) timed on its worker (thread CPU, start and end).
It prints the tasks of a second or more, each worker's CPU and when its last task
ended, then a replay: the measured CPU of every task handed out as the client hands
them out (one a worker, in the order sent; a block's near-miss parts sent ahead of
the rest as soon as its own task is done), on each number of ``--workers``, each
with a core of its own. The replay is a projection from one run's tasks, not a run.
"""

from __future__ import annotations

import argparse
import collections
import heapq
import json
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(log: str) -> tuple[Any, Any]:
    """The two merge tasks, each appending a line of JSON to ``log`` when done."""
    import generator.cluster.blocks as blocks

    merge_packed, near_part = blocks.merge_packed, blocks.near_part

    def note(start: float, cpu: float, **what: Any) -> None:
        done = {"pid": os.getpid(), "start": start, "end": time.time(), "cpu": cpu, **what}
        with open(log, "a", encoding="utf-8") as f:
            f.write(json.dumps(done) + "\n")

    def batch(packed: bytes, factions: Any, store: Any = None) -> bytes:
        start, cpu = time.time(), time.thread_time()
        sent = merge_packed(packed, factions, store)
        part = pickle.loads(packed)
        names = [b.name for b in part if b.near]
        note(
            start,
            time.thread_time() - cpu,
            kind="batch",
            name=part[0].name,
            split=names,
            reports=sum(b.reports for b in part),
            blocks=len(part),
        )
        return sent

    def part(block: Any, n: int, factions: Any, store: Any) -> None:
        start, cpu = time.time(), time.thread_time()
        near_part(block, n, factions, store)
        note(
            start,
            time.thread_time() - cpu,
            kind="part",
            name=block.name,
            part=n,
            reports=block.near[n][1] - block.near[n][0],
        )

    return batch, part


def replay(tasks: list[dict[str, Any]], workers: int) -> float:
    """When the last task would end on ``workers``, each task taking its measured CPU."""
    parts: dict[str, list[float]] = collections.defaultdict(list)
    for t in sorted((t for t in tasks if t["kind"] == "part"), key=lambda t: t["part"]):
        parts[t["name"]].append(t["cpu"])
    batches = sorted((t for t in tasks if t["kind"] == "batch"), key=lambda t: t["start"])
    queue = collections.deque((t["cpu"], t["split"]) for t in batches)
    running: list[tuple[float, int, list[str]]] = []
    now = last = 0.0
    n = 0
    while queue or running:
        while queue and len(running) < workers:
            cpu, split = queue.popleft()
            n += 1
            heapq.heappush(running, (now + cpu, n, split))
        now, _, split = heapq.heappop(running)
        last = max(last, now)
        follow = [(cpu, []) for name in split for cpu in parts[name]]
        queue.extendleft(reversed(follow))
    return last


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("articles", type=Path)
    ap.add_argument("--json", type=Path, required=True)
    ap.add_argument("--shards", default=None)
    ap.add_argument("--workers", default="1,2,4,8")
    ap.add_argument(
        "--spill-reports",
        type=int,
        default=None,
        help="send blocks of more reports than this in a file, their near misses in parts "
        "(default: SPILL_REPORTS); the workers merge them as they would anyway",
    )
    ap.add_argument(
        "--whole", action="store_true", help="every block's near misses searched by its own task"
    )
    args = ap.parse_args()

    import generator.cluster.blocks as blocks
    import generator.cluster.run as run

    if args.spill_reports is not None:
        run.SPILL_REPORTS = blocks.SPILL_REPORTS = args.spill_reports  # type: ignore[misc]
    if args.whole:
        run.near_parts = lambda block, workers: 1  # type: ignore[assignment]
    from generator.cli import main as sitrep

    with tempfile.TemporaryDirectory(prefix="merge-timeline-") as folder:
        log = Path(folder) / "tasks.jsonl"
        log.touch()
        run.merge_packed, run.near_part = timed(str(log))  # type: ignore[assignment]
        command = ["extract", str(args.articles), "--json", str(args.json), "--dask", "local"]
        if args.shards:
            command += ["--shards", args.shards]
        code = sitrep(command)
        tasks = [json.loads(line) for line in log.read_text().splitlines()]
    if code or not tasks:
        return code or 1
    zero = min(t["start"] for t in tasks)
    print(f"{'start s':>8} {'end s':>8} {'worker':>7} {'CPU s':>7}  task")
    for t in sorted(tasks, key=lambda t: t["start"]):
        if t["cpu"] >= 1:
            what = f"part {t['part']} of {t['name']}" if t["kind"] == "part" else t["name"]
            print(
                f"{t['start'] - zero:8.1f} {t['end'] - zero:8.1f} {t['pid']:>7} "
                f"{t['cpu']:7.1f}  {what} ({t['reports']} reports)"
            )
    cpu: dict[int, float] = collections.defaultdict(float)
    end: dict[int, float] = collections.defaultdict(float)
    for t in tasks:
        cpu[t["pid"]] += t["cpu"]
        end[t["pid"]] = max(end[t["pid"]], t["end"] - zero)
    total = sum(cpu.values())
    longest = max(tasks, key=lambda t: t["cpu"])
    print(f"{len(tasks)} tasks, {total:.0f} CPU s, the longest {longest['cpu']:.0f} s")
    for pid in sorted(cpu):
        print(f"worker {pid}: {cpu[pid]:.0f} CPU s, its last task ended at {end[pid]:.1f} s")
    for w in (int(x) for x in args.workers.split(",")):
        print(f"replayed on {w} workers: {replay(tasks, w):.0f} s (CPU / {w}: {total / w:.0f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
