#!/usr/bin/env python3
"""The client's own CPU in ``sitrep extract --dask local``, phase by phase.

    nice -n 19 .venv/bin/python tools/bench_client.py ARTICLES --cache-dir CACHE
        [--workers 2] [--out DIR]

On 2 cores busy with 2 workers, every CPU second of the client's process is a
second no worker gets: the client's work is the serial part of a cluster run.
This runs ``sitrep extract ARTICLES --json DIR/out.json --dask local`` in this
process, the shards written afresh each time (the workers' extraction cache
``--cache-dir`` kept, so that a second run extracts nothing and is quick: what the
client does is the same) and prints, for each phase of the client, its process CPU
(every thread of this process: the client, the scheduler, Dask's comms), its wall
time and the CPU the garbage collector took in it (``gc.callbacks``), then the
CPU of each merge task and of the shard tasks. The JSON is written to
``DIR/out.json``: compare it with ``cmp`` between commits.
"""

from __future__ import annotations

import argparse
import functools
import gc
import pickle
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PHASES = (
    ("generator.cluster.run", "plan", "plan the shards"),
    ("generator.cluster.run", "_put_together", "put the shards together"),
    ("generator.cluster.run", "report_items", "the reports"),
    ("generator.cluster.run", "blocks_of", "cut into blocks"),
    ("generator.cluster.run", "_merge", "merge tasks (submit, wait, build events)"),
    ("generator.cluster.run", "received", "  of which: build the events"),
    ("generator.pipeline", "contract_pieces", "the JSON: corrections, grades"),
    ("generator.pipeline", "extract_on_cluster", "everything before the JSON"),
)


class Clock:
    """CPU, wall and collector CPU, summed per phase."""

    def __init__(self) -> None:
        self.phases: dict[str, list[float]] = {}
        self.gc_cpu = 0.0
        self._gc_start = 0.0
        gc.callbacks.append(self._collected)

    def _collected(self, phase: str, _info: dict[str, Any]) -> None:
        if phase == "start":
            self._gc_start = time.thread_time()
        else:
            self.gc_cpu += time.thread_time() - self._gc_start

    def wrap(self, module: Any, attr: str, label: str) -> None:
        f: Callable[..., Any] = getattr(module, attr)

        @functools.wraps(f)
        def timed(*a: Any, **k: Any) -> Any:
            cpu, wall, collector = time.process_time(), time.perf_counter(), self.gc_cpu
            try:
                return f(*a, **k)
            finally:
                row = self.phases.setdefault(label, [0.0, 0.0, 0.0])
                row[0] += time.process_time() - cpu
                row[1] += time.perf_counter() - wall
                row[2] += self.gc_cpu - collector

        setattr(module, attr, timed)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("articles", type=Path)
    ap.add_argument("--cache-dir", type=Path, required=True)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()

    import importlib

    import generator.cluster.blocks as blocks
    import generator.cluster.run as run
    import generator.pipeline as pipeline
    from generator.safety.safeio import write_whole

    clock = Clock()
    for module, attr, label in PHASES:
        clock.wrap(importlib.import_module(module), attr, label)
    merge_cpu: list[tuple[float, int]] = []
    merge_packed = blocks.merge_packed

    def timed_merge(batch: bytes, factions: Any, store: Any = None) -> bytes:
        cpu = time.thread_time()
        sent = pickle.loads(merge_packed(batch, factions, store))
        reports = sum(b.reports for b in pickle.loads(batch))
        return pickle.dumps((sent, time.thread_time() - cpu, reports))

    received = run.received

    def unpacked(sent: Any, items: Any) -> Any:
        sent, cpu, reports = sent
        merge_cpu.append((cpu, reports))
        return received(sent, items)

    run.merge_packed = timed_merge  # type: ignore[assignment]
    run.received = unpacked  # type: ignore[assignment]

    out = args.out or Path(tempfile.mkdtemp(prefix="bench-client-"))
    shutil.rmtree(out / "out.json.shards", ignore_errors=True)
    lines: list[str] = []
    options = pipeline.Options(jobs=args.workers, cache_dir=args.cache_dir, progress=False)
    cpu, wall = time.process_time(), time.perf_counter()
    written: list[float] = []

    def write(text: str | Iterable[str]) -> None:
        started = time.process_time()
        write_whole(out / "out.json", text)
        written.append(time.process_time() - started)

    pipeline.extract_json(
        args.articles,
        write,
        options,
        say=lines.append,
        cluster=pipeline.Cluster("local", str(out / "out.json.shards")),
    )
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(*(line for line in lines if not line.startswith("warning")), sep="\n")
    print(f"{'phase':45} {'CPU s':>7} {'wall s':>7} {'gc CPU s':>8}")
    for label, (c, w, g) in clock.phases.items():
        print(f"{label:45} {c:7.2f} {w:7.2f} {g:8.2f}")
    print(f"{'the JSON: its records made and written':45} {sum(written):7.2f}")
    print(f"{'the client, in all':45} {cpu:7.2f} {wall:7.2f} {clock.gc_cpu:8.2f}")
    tasks = sorted(merge_cpu, reverse=True)
    print(
        f"merge tasks: {len(tasks)}, {sum(c for c, _ in tasks):.1f} CPU s, the longest "
        + ", ".join(f"{c:.1f} s ({n} reports)" for c, n in tasks[:3])
    )
    print(f"JSON: {out / 'out.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
