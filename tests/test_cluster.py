"""``sitrep extract --dask``: the same JSON as ``--jobs 1``, shards that a rerun finds
done, failures that name their files and lose no other shard, ``build --from-extract``.

The cluster tests start real Dask processes: a ``LocalCluster`` of two workers
(``--dask local``, :func:`test_dask_local_gives_the_local_json`), and once for the
module a ``dask scheduler`` with two ``dask worker`` processes on 127.0.0.1
(:func:`scheduler_and_two_workers`), which every other cluster test runs on:
starting workers (an interpreter, sitrep, the pipeline) is what costs, so they
are started once. Each start is bounded in time, and the processes are stopped
when the module's tests are done."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.cluster.plan import MAX_FACTOR, Shard, cut, largest_first
from generator.cluster.run import from_extract
from generator.cluster.shardfile import Damaged, storage
from tests.helpers import ROOT, bench_tool, sitrep, tree

DASK = Path(sys.executable).parent / "dask"
START_SECONDS = 120
"""Longest a scheduler or worker may take to start on a loaded machine."""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample articles and what makes ingest settle things across the folder: a
    copy of an article (a duplicate), two files with one stem (ids), a skipped file
    and an empty one, spread over several shards (small shards)."""
    root = tmp_path_factory.mktemp("corpus") / "articles"
    shutil.copytree(ROOT / "articles", root)
    first = sorted(root.glob("*.txt"))[0]
    (root / "sub").mkdir()
    shutil.copy(first, root / "sub" / "zz-copy.txt")  # a duplicate, in another shard
    (root / "sub" / first.name).write_text(
        "Clashes in Idlib\n\nTwo soldiers were killed in clashes in Idlib on Monday, "
        "activists said.\n",
        encoding="utf-8",
    )  # the same stem as `first`: gets its own id, with a warning
    (root / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / "empty.txt").write_text("", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def local_json(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    from generator.cli import main

    out = tmp_path_factory.mktemp("local") / "local.json"
    argv = ["extract", str(corpus), "--json", str(out), "--jobs", "1", "--no-cache", "-q"]
    assert main(argv) == 0
    return out.read_bytes()


def test_dask_local_gives_the_local_json(
    corpus: Path, local_json: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.json"
    argv = ["extract", str(corpus), "--json", str(out), "--dask", "local", "--jobs", "2"]
    run = sitrep(capsys, *argv, "--shard-kb", "8", "--cache-dir", str(tmp_path / "cache"))
    assert run.code == 0, run.err
    assert out.read_bytes() == local_json
    shards = sorted(p.name for p in (tmp_path / "out.json.shards").glob("shard-*.jsonl"))
    assert len(shards) >= 3, "the corpus is spread over several shards"
    assert f"{len(shards)} shards on 2 Dask workers: 0 already done" in run.err
    assert "pipeline built once per worker" in run.err
    assert re.search(r"events merged in [1-9]\d* blocks by governorate and date window", run.err)
    assert "duplicate of" in run.err and "already used by" in run.err  # as ingest says
    # the wall time of each phase, as tools/bench.py reads it off the line
    line = bench_tool().cluster_fields(run.err)
    assert (line["shards"], line["workers"]) == (len(shards), 2)
    assert line["shard_seconds"] > 0 and line["merge_seconds"] >= 0
    parts = ("before_shards_seconds", "between_seconds", "after_merge_seconds")
    assert abs(sum(line[p] for p in parts) - line["rest_seconds"]) <= 0.2  # each to 0.1 s
    # the phases and the rest are the command's time, the JSON written included
    whole = float(re.findall(r" in ([\d.]+)s$", run.err, re.M)[-1])
    phases = line["shard_seconds"] + line["merge_seconds"] + line["rest_seconds"]
    assert whole - 0.3 <= phases <= whole + 0.2  # each to 0.1 s; counted just after


def test_a_rerun_extracts_nothing_and_one_changed_article_runs_its_shard_only(
    scheduler_and_two_workers: str,
    corpus: Path,
    local_json: bytes,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out, cache = tmp_path / "out.json", tmp_path / "cache"
    argv = ["extract", str(corpus), "--json", str(out), "--dask", scheduler_and_two_workers]
    argv += ["--shard-kb", "8", "--cache-dir", str(cache)]
    first = sitrep(capsys, *argv)
    assert first.code == 0, first.err
    shards = sorted(p.name for p in (tmp_path / "out.json.shards").glob("shard-*.jsonl"))
    assert f"{len(shards)} shards on 2 Dask workers: 0 already done" in first.err

    out.unlink()
    again = sitrep(capsys, *argv)
    assert again.code == 0, again.err
    assert out.read_bytes() == local_json
    assert f"{len(shards)} already done, 0 run (0 articles extracted" in again.err

    # One article changed: its shard runs again, the others are left as they are.
    changed = corpus / "sub" / sorted(p.name for p in corpus.glob("*.txt"))[0]
    before = {n: (tmp_path / "out.json.shards" / n).stat().st_mtime_ns for n in shards}
    original = changed.read_text(encoding="utf-8")
    try:
        changed.write_text(original.replace("Two soldiers", "Three soldiers"), encoding="utf-8")
        third = sitrep(capsys, *argv)
        assert third.code == 0, third.err
        assert f"{len(shards) - 1} already done, 1 run (1 articles extracted" in third.err
        after = {n: (tmp_path / "out.json.shards" / n).stat().st_mtime_ns for n in shards}
        assert sum(before[n] != after[n] for n in shards) == 1
        assert '"total": 3' in out.read_text(encoding="utf-8")
    finally:
        changed.write_text(original, encoding="utf-8")


def test_build_from_extract_renders_the_pages_a_build_from_articles_renders(
    scheduler_and_two_workers: str, corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.json"
    run = sitrep(
        capsys,
        "extract",
        str(corpus),
        "--json",
        str(out),
        "--dask",
        scheduler_and_two_workers,
        "--shard-kb",
        "8",
        "--no-cache",
    )
    assert run.code == 0, run.err
    direct = sitrep(capsys, "build", str(corpus), "--docs", str(tmp_path / "a"), "--no-cache")
    assert direct.code == 0, direct.err
    shutil.rmtree(corpus.parent / "moved", ignore_errors=True)
    corpus.rename(corpus.parent / "moved")  # not one article is read
    try:
        back = sitrep(capsys, "build", "--from-extract", str(out), "--docs", str(tmp_path / "b"))
    finally:
        (corpus.parent / "moved").rename(corpus)
    assert back.code == 0, back.err
    assert tree(tmp_path / "a") == tree(tmp_path / "b")
    assert "read from the extract output" in back.err


def test_a_failed_shard_names_its_files_and_the_others_are_kept(
    scheduler_and_two_workers: str,
    corpus: Path,
    local_json: bytes,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out, shards = tmp_path / "out.json", tmp_path / "shards"
    argv = ["extract", str(corpus), "--json", str(out), "--dask", scheduler_and_two_workers]
    argv += ["--shard-kb", "8", "--no-cache", "--shards", str(shards)]
    assert sitrep(capsys, *argv).code == 0
    names = sorted(p.name for p in shards.glob("shard-*.jsonl"))
    blocked = shards / names[0]
    blocked.unlink()
    blocked.mkdir()  # a folder in the output's place: that shard cannot be written
    (blocked / "keep").write_text("x", encoding="utf-8")
    out.unlink()
    failed = sitrep(capsys, *[a for a in argv if a != "--no-cache"])
    assert failed.code == 1
    assert "Error: 1 of" in failed.err and "shards failed (the first: " in failed.err
    first_file = json.loads((shards / names[1]).read_text().splitlines()[1])["rel"]
    assert first_file not in failed.err.splitlines()[-1]  # only the failed shard's files
    assert "run the same command again" in failed.err
    assert not out.exists()
    assert all((shards / n).is_file() for n in names[1:])  # every other shard written

    shutil.rmtree(blocked)
    retried = sitrep(capsys, *[a for a in argv if a != "--no-cache"])
    assert retried.code == 0, retried.err
    assert f"{len(names) - 1} already done, 1 run" in retried.err
    assert out.read_bytes() == local_json


def test_a_damaged_shard_is_an_error_naming_it(
    scheduler_and_two_workers: str, corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.json"
    argv = ["extract", str(corpus), "--json", str(out), "--dask", scheduler_and_two_workers]
    assert sitrep(capsys, *argv, "--no-cache").code == 0
    folder = tmp_path / "out.json.shards"
    name = sorted(p.name for p in folder.glob("shard-*.jsonl"))[0]
    lines = (folder / name).read_text(encoding="utf-8").splitlines()
    i = next(i for i, line in enumerate(lines) if '"coded"' in line)
    record = json.loads(lines[i])
    incident = record["coded"]["incidents"][0]
    place = {**incident["place"], "province": "<b>"}
    record["coded"]["incidents"][0] = {**incident, "place": place}
    lines[i] = json.dumps(record)
    (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(Damaged, match=f"{name}: entry {i} is damaged"):
        from_extract(str(out))
    (folder / name).write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")  # cut short
    run = sitrep(capsys, "build", "--from-extract", str(out), "--docs", str(tmp_path / "d"))
    assert run.code == 1 and f"{name}: cut short" in run.err


def _timers(dask_worker: object = None, dask_scheduler: object = None) -> dict[str, float]:
    """A worker's (or the scheduler's) running periodic callbacks and how often each
    runs (ms)."""
    server = dask_worker if dask_worker is not None else dask_scheduler
    pcs = server.periodic_callbacks  # type: ignore[attr-defined]
    return {name: pc.callback_time for name, pc in pcs.items() if pc.is_running()}


def test_a_local_cluster_spares_the_cpu_dasks_timers_take() -> None:
    """Dask's default timers (event-loop checks every 20 ms, the profiler sampling
    the task's stack every 10 ms) took a third more CPU than the extraction on a
    loaded machine; the local cluster's workers run without the profiler and check
    their loop every second."""
    from generator.cluster.run import HEARTBEAT_SECONDS, LOCAL, connect

    with connect(LOCAL, 1) as client:
        deadline = time.monotonic() + 30
        while True:  # a worker takes the heartbeat interval from its scheduler's reply
            timers = list(client.run(_timers).values())
            if timers[0]["heartbeat"] >= 1000 * HEARTBEAT_SECONDS or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        scheduler = client.run_on_scheduler(_timers)
    assert len(timers) == 1
    assert "profile" not in timers[0] and "profile-cycle" not in timers[0]
    assert timers[0]["tick"] >= 2000 and timers[0]["monitor"] >= 1000
    assert timers[0]["memory_monitor"] >= 10_000  # idle, 2 workers: 2.9 -> 2.0 ms of CPU a second
    # Dask's heartbeat every 0.5 s was most of what an idle local cluster cost
    # (its worker 4.3 ms of CPU a second, 0.7 ms with a heartbeat every 5 s)
    assert timers[0]["heartbeat"] >= 1000 * HEARTBEAT_SECONDS
    assert scheduler["monitor"] >= 1000
    assert timers[0]["ticks"] >= 10_000 and scheduler["ticks"] >= 10_000


def test_a_local_scheduler_runs_no_timer_its_cluster_has_no_use_for() -> None:
    """Its checks every 250 ms for an idle timeout and a no-worker timeout that are
    not set, work stealing (a worker holds no shard it is not running) and the
    active memory manager (results are not kept on the workers): none runs."""
    from generator.cluster.run import LOCAL, connect

    with connect(LOCAL, 1) as client:
        scheduler = client.run_on_scheduler(_timers)
        saturation = client.run_on_scheduler(
            lambda dask_scheduler: dask_scheduler.WORKER_SATURATION
        )
    assert "idle-timeout" not in scheduler and "no-workers-timeout" not in scheduler
    assert "stealing" not in scheduler
    assert not [name for name in scheduler if name.startswith("amm")]
    assert saturation == 1.0
    assert scheduler  # the timers are read: the ones kept are there


def _pipeline_where() -> tuple[int, int, int]:
    """In a worker: the process that built its pipeline, its own, and how many
    times it built the pipeline itself."""
    from generator.cluster import warm
    from generator.cluster.worker import pipeline_builds

    return warm.BUILT_IN, os.getpid(), pipeline_builds()


def test_local_workers_are_forked_with_the_pipeline_built_once_for_all() -> None:
    """Every worker of a local cluster is forked from one fork server that built the
    pipeline (as --jobs forks from the process that built it), not started as a
    new interpreter that imports spaCy and builds its own; the fork server is
    stopped with the cluster (its CPU, and its workers', is then counted)."""
    import psutil

    from generator.cluster.run import LOCAL, connect

    with connect(LOCAL, 2) as client:
        seen = list(client.run(_pipeline_where).values())
    assert len(seen) == 2
    assert len({built for built, _, _ in seen}) == 1  # built in one process ...
    assert all(built != pid for built, pid, _ in seen)  # ... and not in a worker
    assert all(builds == 1 for _, _, builds in seen)
    left = []
    for child in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.NoSuchProcess):
            left += [child.pid] if "forkserver" in " ".join(child.cmdline()) else []
    assert not left


def test_shard_boundaries_follow_names_so_one_new_file_changes_one_shard() -> None:
    rels = [f"a/{i:05d}.md" for i in range(5000)]
    sizes = [4096] * len(rels)
    before = [tuple(rels[i] for i in r) for r in cut(rels, sizes, target=64 * 4096)]
    added = sorted([*rels, "a/02500x.md"])
    after = [tuple(added[i] for i in r) for r in cut(added, [4096] * len(added), 64 * 4096)]
    assert 40 < len(before) < 160  # about 5000 / 64
    assert len(set(before) - set(after)) == 1 and len(set(after) - set(before)) == 1
    assert sum(len(s) for s in after) == len(added)


def test_shards_are_cut_at_a_few_times_the_target_whatever_the_names() -> None:
    rels = [f"{i}.md" for i in range(1000)]
    ranges = cut(rels, [1 << 20] * len(rels), target=2 << 20)
    assert max(len(r) for r in ranges) == MAX_FACTOR * 2  # 1 MB files, 2 MB target


def test_the_largest_shards_are_sent_first_ties_in_path_order() -> None:
    """Shards cut by names differ in size; sent largest first, no worker is left
    running a large one alone at the end."""
    sizes = {"a": 10, "b": 300, "c": 20, "d": 300, "e": 5}
    shards = [Shard(name, (), (), size) for name, size in sizes.items()]
    assert [s.name for s in largest_first(shards)] == ["b", "d", "c", "a", "e"]
    assert [s.name for s in shards] == list(sizes)  # the plan's own order is kept


def test_extract_options_that_need_dask(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    run = sitrep(capsys, "extract", str(ROOT / "articles"), "--json", "-", "--dask", "local")
    assert run.code == 2 and "--json - with --dask needs --shards URL" in run.err
    run = sitrep(capsys, "extract", str(ROOT / "articles"), "--json", "x", "--shards", "y")
    assert run.code == 2 and "--shards and --shard-kb go with --dask" in run.err
    run = sitrep(capsys, "build", "--docs", str(tmp_path / "d"))
    assert run.code == 2 and "one of the arguments ARTICLES --from-extract is required" in run.err
    run = sitrep(capsys, "build", "articles", "--from-extract", "x", "--docs", str(tmp_path))
    assert run.code == 2 and "--from-extract: not allowed with argument ARTICLES" in run.err
    run = sitrep(capsys, "build", "--from-extract", str(tmp_path / "nothing.json"))
    assert run.code == 1 and "not the output of `sitrep extract --dask`" in run.err


def test_storage_writes_whole_files_through_fsspec(tmp_path: Path) -> None:
    store = storage(f"file://{tmp_path}/s")
    store.write("a.jsonl", b"one\n")
    store.write("a.jsonl", b"two\n")
    assert store.read("a.jsonl") == b"two\n"
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == ["a.jsonl"]  # nothing aside


# ------------------------------------------------------------------ real processes


def _start(argv: list[str], log: Path) -> subprocess.Popen[bytes]:
    """A process in a session of its own, so that stopping it stops its children."""
    with log.open("wb") as f:
        return subprocess.Popen(
            argv, stdout=f, stderr=subprocess.STDOUT, start_new_session=True, cwd=log.parent
        )


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=20)


@pytest.fixture(scope="module")
def scheduler_and_two_workers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``dask scheduler`` and two ``dask worker`` processes on 127.0.0.1, on ports the
    system picks (the scheduler writes its address to a file), each start bounded by
    :data:`START_SECONDS`; stopped when the module's tests are done."""
    if not DASK.exists():
        pytest.fail(f"{DASK} missing: dask is a dependency of sitrep")
    tmp_path = tmp_path_factory.mktemp("dask")
    info = tmp_path / "scheduler.json"
    procs: list[subprocess.Popen[bytes]] = []
    try:
        procs.append(
            _start(
                [
                    str(DASK),
                    "scheduler",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    "0",
                    "--no-dashboard",
                    "--scheduler-file",
                    str(info),
                ],
                tmp_path / "scheduler.log",
            )
        )
        deadline = time.monotonic() + START_SECONDS
        while not info.exists() and time.monotonic() < deadline:
            assert procs[0].poll() is None, (tmp_path / "scheduler.log").read_text()
            time.sleep(0.2)
        time.sleep(0.2)  # the file is written whole before the scheduler listens
        address = json.loads(info.read_text())["address"]
        for n in (1, 2):
            procs.append(
                _start(
                    [
                        str(DASK),
                        "worker",
                        address,
                        "--nthreads",
                        "1",
                        "--no-dashboard",
                        "--host",
                        "127.0.0.1",
                        "--name",
                        f"w{n}",
                        "--no-nanny",
                    ],
                    tmp_path / f"worker{n}.log",
                )
            )
        from distributed import Client

        with Client(address, timeout=START_SECONDS) as client:
            client.wait_for_workers(2, timeout=START_SECONDS)
        yield address
    finally:
        for proc in reversed(procs):
            _stop(proc)


def test_real_scheduler_and_two_workers_give_the_local_json(
    scheduler_and_two_workers: str,
    corpus: Path,
    local_json: bytes,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import generator.cluster.blocks
    import generator.cluster.run

    # every block goes to its worker in a file of the shards' storage and comes back
    # in another, as a dense governorate's does (generator/cluster/spill.py)
    monkeypatch.setattr(generator.cluster.run, "SPILL_REPORTS", 0)
    # and has its near misses searched in parts, by tasks of their own
    monkeypatch.setattr(generator.cluster.blocks, "SPILL_REPORTS", 0)
    out = tmp_path / "out.json"
    run = sitrep(
        capsys,
        "extract",
        str(corpus),
        "--json",
        str(out),
        "--dask",
        scheduler_and_two_workers,
        "--shard-kb",
        "8",
        "--no-cache",
    )
    assert run.code == 0, run.err
    assert out.read_bytes() == local_json
    assert "on 2 Dask workers" in run.err
    assert re.search(r"\(\d+ tasks, [1-9]\d* of them near-miss parts\)", run.err), run.err
    assert "pipeline built once per worker" in run.err  # not once per shard, nor per run
    done = [json.loads(p.read_text().splitlines()[0]) for p in out.parent.glob("*.shards/s*")]
    assert len(done) >= 3
    assert not list(out.parent.glob("*.shards/merge-*")), "the merge's files are removed"


CLIENT_IMPORTS = """
import sys
from generator.cli import main
code = main(sys.argv[1:])
print(sorted(m for m in sys.modules if m.split(".")[0] == "spacy" or m == "generator.extract"))
sys.exit(code)
"""


def test_the_client_of_a_cluster_imports_no_spacy(
    scheduler_and_two_workers: str, corpus: Path, local_json: bytes, tmp_path: Path
) -> None:
    """The client extracts nothing: the extractor's version, the factions and the JSON
    need no spaCy, whose import cost it about 1 CPU s (and the fork server of a
    local cluster imports it again for its workers)."""
    out = tmp_path / "out.json"
    argv = ["extract", str(corpus), "--json", str(out), "-q", "--no-cache"]
    run = subprocess.run(
        [sys.executable, "-c", CLIENT_IMPORTS, *argv, "--dask", scheduler_and_two_workers],
        capture_output=True,
        text=True,
        timeout=START_SECONDS,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"
    assert out.read_bytes() == local_json


def test_a_manifest_on_dask_gives_the_local_json(
    scheduler_and_two_workers: str, corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = corpus / "run.lst"
    files = sorted(p.relative_to(corpus).as_posix() for p in corpus.rglob("*.txt"))
    manifest.write_text("\n".join([*files, "../outside.txt"]) + "\n", encoding="utf-8")
    try:
        local, on_dask = _local_and_dask(
            capsys,
            manifest,
            scheduler_and_two_workers,
            tmp_path,
            "skipped: ../outside.txt: listed path leaves the manifest's folder",
        )
    finally:
        manifest.unlink()
    assert local == on_dask
    assert len(json.loads(local)["articles"]) == len(files) - 1  # empty.txt is skipped


def _local_and_dask(
    capsys: pytest.CaptureFixture[str], articles: Path, address: str, tmp_path: Path, said: str
) -> tuple[bytes, bytes]:
    """The JSON of ``sitrep extract ARTICLES`` with --jobs 1 (0.json) and on the
    cluster in small shards (1.json); each run must say ``said``."""
    outs = []
    for extra in (["--jobs", "1"], ["--dask", address, "--shard-kb", "8"]):
        out = tmp_path / f"{len(outs)}.json"
        run = sitrep(capsys, "extract", str(articles), "--json", str(out), "--no-cache", *extra)
        assert run.code == 0, run.err
        assert said in run.err
        outs.append(out.read_bytes())
    return outs[0], outs[1]


def test_a_jsonl_file_on_dask_gives_the_local_json(
    scheduler_and_two_workers: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": p.stem, "text": p.read_text(encoding="utf-8"), "source": "x"})
        for p in sorted((ROOT / "articles").glob("*.txt"))
    ]
    feed.write_text("\n".join([*lines, "not json"]) + "\n", encoding="utf-8")
    local, on_dask = _local_and_dask(
        capsys, feed, scheduler_and_two_workers, tmp_path, "failed: feed.jsonl/line-"
    )
    assert local == on_dask
    assert len(json.loads(local)["articles"]) == len(lines)
    assert len(list(tmp_path.glob("1.json.shards/shard-*.jsonl"))) >= 2  # records cut into shards


# ------------------------------------------------------------------ one task, in process


def _task(corpus: Path, store_at: Path, **changes: object):  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from generator.cache.codec import MODEL_FINGERPRINT
    from generator.cluster.plan import plan
    from generator.cluster.worker import ShardTask
    from generator.extract import EXTRACTOR_VERSION

    shard = plan(corpus).shards[0]
    task = ShardTask(shard, storage(str(store_at)), EXTRACTOR_VERSION, MODEL_FINGERPRINT, None)
    return replace(task, **changes)


def test_a_shard_task_is_idempotent(corpus: Path, tmp_path: Path) -> None:
    from generator.cluster.worker import extract_shard

    first = extract_shard(_task(corpus, tmp_path))
    written = (tmp_path / f"{first.name}.jsonl").read_bytes()
    again = extract_shard(_task(corpus, tmp_path))
    assert (first.reused, first.extracted) == (False, first.articles)
    assert (again.reused, again.extracted) == (True, 0)
    assert (tmp_path / f"{first.name}.jsonl").read_bytes() == written
    redo = extract_shard(_task(corpus, tmp_path, reuse=False))  # --no-cache
    assert not redo.reused and redo.extracted == first.articles


def test_a_worker_with_other_rules_refuses_the_shard(corpus: Path, tmp_path: Path) -> None:
    from generator.cluster.worker import extract_shard
    from generator.extract import EXTRACTOR_VERSION
    from generator.model import SitrepError

    with pytest.raises(SitrepError, match=f"runs extractor {EXTRACTOR_VERSION} .* this client 0ld"):
        extract_shard(_task(corpus, tmp_path, version="0ld"))
    assert not list(tmp_path.iterdir())


def test_a_worker_extracts_one_shard_at_a_time_whatever_its_threads(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The extractor keeps the doc being read in module state: two threads of one
    worker (``dask worker --nthreads 2``) must not extract at once."""
    import threading

    import generator.extract
    from generator.cluster.worker import extract_shard

    real = generator.extract.extract_articles
    guard, active, most = threading.Lock(), [0], [0]

    def counting(articles, **kw):  # type: ignore[no-untyped-def]
        with guard:
            active[0] += 1
            most[0] = max(most[0], active[0])
        try:
            time.sleep(0.3)
            return real(articles, **kw)
        finally:
            with guard:
                active[0] -= 1

    monkeypatch.setattr(generator.extract, "extract_articles", counting)
    threads = [
        threading.Thread(target=extract_shard, args=(_task(corpus, tmp_path / str(n)),))
        for n in range(2)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert most[0] == 1
    assert all((tmp_path / str(n)).is_dir() for n in range(2))


def test_progress_on_a_terminal(
    scheduler_and_two_workers: str, corpus: Path, tmp_path: Path
) -> None:
    """On a terminal: where the work goes, the dashboard or why there is none, and a
    progress bar over the articles."""
    import fcntl
    import pty
    import struct
    import termios

    main_fd, child_fd = pty.openpty()
    fcntl.ioctl(child_fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # 0x0: no bar
    argv = [sys.executable, "-m", "generator.cli", "extract", str(corpus), "--json"]
    argv += [str(tmp_path / "out.json"), "--dask", scheduler_and_two_workers, "--no-cache"]
    proc = subprocess.Popen(
        [*argv, "--shard-kb", "8"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=child_fd,
        cwd=ROOT,
    )
    os.close(child_fd)
    seen = b""
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        try:
            chunk = os.read(main_fd, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    os.close(main_fd)
    assert proc.wait(timeout=START_SECONDS) == 0, seen.decode(errors="replace")
    text = seen.decode(errors="replace")
    assert f"dask: 2 workers at {scheduler_and_two_workers}" in text
    assert "; dashboard: http://127.0.0.1:" in text
    assert "extracting on dask" in text and "article" in text  # the bar


def test_corrections_on_dask_give_the_local_json(
    scheduler_and_two_workers: str,
    corpus: Path,
    local_json: bytes,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """With corrections to apply, the events are merged again around them (here): the
    JSON is still --jobs 1's with the same corrections."""
    doc = json.loads(local_json)
    first = next(i for a in doc["articles"] for i in a.get("incidents", []))["id"]
    fixes = tmp_path / "fixes.yaml"
    fixes.write_text(f"- id: {first}\n  split: true\n  reason: two attacks\n", encoding="utf-8")
    outs = []
    for extra in (["--jobs", "1"], ["--dask", scheduler_and_two_workers, "--shard-kb", "8"]):
        out = tmp_path / f"{len(outs)}.json"
        argv = ["extract", str(corpus), "--json", str(out), "--no-cache", "--corrections"]
        run = sitrep(capsys, *argv, str(fixes), *extra)
        assert run.code == 0, run.err
        assert "1 corrections applied" in run.err
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] != local_json


def test_a_task_hands_back_what_its_shard_file_reads_back_as(corpus: Path, tmp_path: Path) -> None:
    """The client takes a task's entries instead of decoding the file it wrote: they
    must be the same, for an article, a copy of one, and a skipped file."""
    from dataclasses import replace

    from generator.cluster.plan import plan
    from generator.cluster.shardfile import load_shard
    from generator.cluster.worker import extract_shard

    kinds = set()
    for shard in plan(corpus).shards:
        done = extract_shard(replace(_task(corpus, tmp_path), shard=shard))
        assert done.entries is not None
        read_back = load_shard(storage(str(tmp_path)), f"{done.name}.jsonl")
        assert list(done.entries) == read_back
        for read, record in read_back:
            kinds.add("skipped" if read.outcome.draft is None else type(record).__name__)
    assert kinds == {"skipped", "CodedArticle", "NoneType"}
    again = extract_shard(_task(corpus, tmp_path))
    assert again.reused and again.entries is None  # done: the client reads the file


class Future:
    """What the merge's dispatcher reads of a Dask future: its key, its status, and
    the callbacks run when it is done (``finish``)."""

    def __init__(self, key: str, status: str = "finished") -> None:
        self.key, self.status, self.callbacks = key, status, []

    def add_done_callback(self, fn: Any) -> None:
        self.callbacks.append(fn)

    def finish(self) -> None:
        for fn in self.callbacks:
            fn(self)


def test_merge_tasks_are_sent_one_a_worker_the_costliest_first() -> None:
    """Sent all at once, merge tasks were handed to workers as they arrived, and a
    worker kept a task while the other stood idle; now one a worker is running, in
    the order given (the costliest first), the next sent as soon as one is done,
    from the done task's callback thread. The first ones are sent at the call, so
    the caller's own work overlaps them; each batch goes as one pickle."""
    import pickle
    import threading

    from generator.cluster.blocks import Block
    from generator.cluster.run import _one_a_worker

    class Client:
        def __init__(self) -> None:
            self.sent: list[Future] = []
            self.done = 0
            self.most_running = 0
            self.lock = threading.Lock()

        def submit(self, fn: Any, part: Any, *args: Any, **kwargs: Any) -> Future:
            with self.lock:
                future = Future(pickle.loads(part)[0].name)
                self.sent.append(future)
                self.most_running = max(self.most_running, len(self.sent) - self.done)
                return future

    client = Client()
    parts: list[Any] = [[Block(f"part-{k}", (), 1)] for k in range(7)]

    def workers_finish() -> None:
        """Each task finishes once sent, on a thread of its own, in the order sent."""
        finished = 0
        while finished < len(parts):
            with client.lock:
                ready = client.sent[finished:]
            if not ready:
                time.sleep(0.001)
                continue
            with client.lock:
                client.done += 1
            ready[0].finish()
            finished += 1

    finished = _one_a_worker(client, parts, {}, None, workers=2)  # type: ignore[arg-type]
    assert [f.key for f in client.sent] == ["part-0", "part-1"]  # before the first next()
    thread = threading.Thread(target=workers_finish)
    thread.start()
    got = list(finished)
    thread.join(5)
    assert [k for k, _ in got] == list(range(7))
    assert [f.key for f in client.sent] == [p[0].name for p in parts]
    assert client.most_running == 2


def test_the_parts_of_a_blocks_near_misses_are_sent_once_it_is_merged_ahead_of_the_rest() -> None:
    """A block whose near misses are searched in parts: its task first, then its parts
    before the other batches (the merge waits for them), still one a worker; the
    batch is handed over once all its tasks are done, its own task's future first."""
    import threading

    from generator.cluster.blocks import Block
    from generator.cluster.run import _one_a_worker

    class Client:
        def __init__(self) -> None:
            self.sent: list[Future] = []
            self.lock = threading.Lock()

        def submit(self, fn: Any, what: Any, *args: Any, **kwargs: Any) -> Future:
            with self.lock:
                key = f"{what.name} part {args[0]}" if fn.__name__ == "near_part" else fn.__name__
                future = Future(key)
                self.sent.append(future)
                return future

    client = Client()
    big = Block("aleppo", (), 9, file="merge-00000.sides", near=((0, 3), (3, 6), (6, 9)))
    parts: list[Any] = [[big], [Block("homs", (), 2)], [Block("idlib", (), 1)]]
    finished = _one_a_worker(client, parts, {}, None, workers=2)  # type: ignore[arg-type]
    assert [f.key for f in client.sent] == ["merge_packed", "merge_packed"]

    def finish(n: int) -> None:
        client.sent[n].finish()

    finish(0)  # the big block merged: its first part is sent, not the third batch
    assert [f.key for f in client.sent[2:]] == ["aleppo part 0"]
    for n in (1, 2, 3, 4):
        finish(n)
    keys = [f.key for f in client.sent]
    assert keys == [
        "merge_packed",
        "merge_packed",
        "aleppo part 0",
        "aleppo part 1",
        "aleppo part 2",
        "merge_packed",
    ]
    finish(5)
    got = dict(finished)
    assert sorted(got) == [0, 1, 2]
    assert [f.key for f in got[0]] == ["merge_packed", "aleppo part 0", "aleppo part 1",
                                       "aleppo part 2"]


def test_a_failed_part_of_the_near_misses_is_told_at_once() -> None:
    import threading

    from generator.cluster.blocks import Block
    from generator.cluster.run import _one_a_worker

    class Client:
        sent: list[Future] = []
        lock = threading.Lock()

        def submit(self, fn: Any, what: Any, *args: Any, **kwargs: Any) -> Future:
            status = "error" if fn.__name__ == "near_part" and args[0] == 1 else "finished"
            self.sent.append(Future(fn.__name__, status))
            return self.sent[-1]

    client = Client()
    big = Block("aleppo", (), 9, file="merge-00000.sides", near=((0, 5), (5, 9)))
    finished = _one_a_worker(client, [[big]], {}, None, workers=2)  # type: ignore[arg-type]
    for n in range(3):
        client.sent[n].finish()
    k, futures = next(finished)
    assert k == 0 and [f.status for f in futures] == ["finished", "finished", "error"]
