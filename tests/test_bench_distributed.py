"""The distributed rows of ``tools/bench.py``: what it reads off the summary line of
``sitrep extract --dask`` (the wall time of the shard phase, the merge phase and the
rest), and the table that sets the shard phase's throughput beside the whole
command's."""

from __future__ import annotations

import re
from typing import Any

from generator.cluster.run import ClusterStats, Phases
from tests.helpers import bench_tool

OLD_LINE = (
    "40 shards on 2 Dask workers: 0 already done, 40 run (20000 articles extracted, 0 from "
    "cache); 103.3 CPU s, peak memory of a worker 208 MB, pipeline built once per worker; "
    "events merged in 2193 blocks by governorate and date window (6 tasks)"
)


def stats(phases: Phases, seconds: float, started: float = 1000.0) -> ClusterStats:
    return ClusterStats(
        shards=40,
        reused=0,
        articles=20000,
        extracted=20000,
        from_cache=0,
        workers=2,
        seconds=seconds,
        cpu_seconds=103.3,
        phases=phases,
        started=started,
        peak_mb={"w1": 208.4, "w2": 190.0},
        builds={"w1": 1, "w2": 1},
        blocks=2193,
        merge_tasks=6,
    )


def test_the_line_gives_each_phase_and_the_rest_up_to_the_json_written() -> None:
    run = stats(Phases(2.0, 62.0, 65.5, 85.0), seconds=88.0)
    assert run.line().endswith(
        "(6 tasks); wall time: shards 60.0 s, merge 19.5 s, the rest 8.5 s "
        "(before the shards 2.0, between 3.5, after the merge 3.0)"
    )
    # timed as the command (started 0.5 s earlier, its JSON written 7 s after the
    # run): the phases stay, the rest grows before the shards and after the merge
    assert run.line(since=999.5, until=1000.0 + 95.0).endswith(
        "wall time: shards 60.0 s, merge 19.5 s, the rest 16.0 s "
        "(before the shards 2.5, between 3.5, after the merge 10.0)"
    )


def test_the_bench_reads_the_phases_and_still_reads_a_line_without_them() -> None:
    bench = bench_tool()
    line = stats(Phases(2.0, 62.0, 65.5, 85.0), seconds=88.0).line()
    fields = bench.cluster_fields(f"warning: x\n{line}\n20000 articles read in 90.1s\n")
    assert fields == {
        "shards": 40,
        "workers": 2,
        "worker_peak_mb": 208.0,
        "task_cpu_seconds": 103.3,
        "shard_seconds": 60.0,
        "merge_seconds": 19.5,
        "rest_seconds": 8.5,
        "before_shards_seconds": 2.0,
        "between_seconds": 3.5,
        "after_merge_seconds": 3.0,
    }
    assert bench.cluster_fields(OLD_LINE) == {
        "shards": 40,
        "workers": 2,
        "worker_peak_mb": 208.0,
        "task_cpu_seconds": 103.3,
    }
    assert bench.cluster_fields("20000 from cache, 0 extracted on 2 processes") == {}


def ok(seconds: float, **fields: Any) -> dict[str, Any]:
    return {"status": "ok", "seconds": seconds, "cpu_seconds": 170.0, "load": [1.0, 1.5], **fields}


def cells_of(row: str) -> list[str]:
    return [c.strip() for c in row.strip("|").split("|")]


def test_the_table_sets_the_shard_phase_beside_the_whole_command() -> None:
    bench = bench_tool()
    steps = {
        "dist-jobs": ok(120.0, workers=2, worker_peak_mb=1196.0),
        "dist-dask-1": ok(
            177.4,
            workers=1,
            shard_seconds=150.0,
            merge_seconds=20.0,
            rest_seconds=6.0,
            task_cpu_seconds=105.7,
            identical_to_jobs=True,
        ),
        "dist-dask-2": ok(
            107.8,
            workers=2,
            shard_seconds=80.0,
            merge_seconds=20.5,
            rest_seconds=6.5,
            task_cpu_seconds=103.3,
            identical_to_jobs=True,
        ),
    }
    table = bench.distributed_markdown({"n": 20000, "cores": 2, "together": False, "steps": steps})
    rows = [line for line in table.splitlines() if line.startswith("|")]
    header = cells_of(rows[0])
    assert header[8:14] == [
        "÷ 1 worker (articles/s)",
        "shards s",
        "shards articles/s",
        "÷ 1 worker (shards)",
        "merge s",
        "rest s",
    ]
    cells = {r.split("|")[1].strip(): cells_of(r) for r in rows[2:]}
    assert all(len(c) == len(header) for c in cells.values())
    two = dict(zip(header, cells["--dask local, 2 workers"], strict=True))
    assert two["÷ 1 worker (articles/s)"] == "1.65"  # 177.4 / 107.8
    assert (two["shards s"], two["shards articles/s"]) == ("80.0", "250")
    assert two["÷ 1 worker (shards)"] == "1.88"  # 150 / 80
    assert (two["merge s"], two["rest s"]) == ("20.5", "6.5")
    one = dict(zip(header, cells["--dask local, 1 worker"], strict=True))
    assert (one["shards articles/s"], one["÷ 1 worker (shards)"]) == ("133", "–")
    jobs = dict(zip(header, cells["--jobs 2"], strict=True))
    assert jobs["shards s"] == jobs["÷ 1 worker (shards)"] == "–"
    assert bench.worker_speedups(steps) == {"whole": 177.4 / 107.8, "shards": 150.0 / 80.0}


def test_a_failed_run_keeps_the_table_square() -> None:
    bench = bench_tool()
    steps = {
        "dist-jobs": ok(120.0, workers=2),
        "dist-dask-1": {"status": "failed", "reason": "exit 1: boom"},
        "dist-dask-2": ok(107.8, workers=2, shard_seconds=80.0),
    }
    table = bench.distributed_markdown({"n": 20000, "cores": 2, "steps": steps})
    rows = [line for line in table.splitlines() if line.startswith("|")]
    widths = {len(r.strip("|").split("|")) for r in rows}
    assert len(widths) == 1
    assert re.search(r"\| --dask local, 1 worker \|( – \|){14} exit 1: boom \| – \|", table)
    assert bench.worker_speedups(steps) == {"whole": None, "shards": None}
    two = cells_of(next(r for r in rows if "2 workers" in r))
    assert two[9:12] == ["80.0", "250", "–"]
