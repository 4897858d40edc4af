"""The distributed rows of ``tools/bench.py``: what it reads off the summary line of
``sitrep extract --dask`` (the wall time of the shard phase, the merge phase and the
rest)."""

from __future__ import annotations

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
